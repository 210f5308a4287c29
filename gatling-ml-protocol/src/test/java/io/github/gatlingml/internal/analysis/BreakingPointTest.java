/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The knee, the maximum sustainable load and the saturation on hand-made steps. */
class BreakingPointTest {

  /** An open step of 10 s: offered rate, delivered rate, errors, p99 in µs. */
  static LoadReport.StepSummary open(
      int index, double offered, double delivered, long ko, long p99Us) {
    long sent = Math.round(offered * 10);
    long ok = sent - ko;
    return new LoadReport.StepSummary(
        index,
        index * 10_000L,
        (index + 1) * 10_000L,
        offered,
        null,
        sent,
        ok,
        ko,
        100.0 * ko / sent,
        sent / 10.0,
        delivered,
        latency(p99Us),
        latency(p99Us),
        null,
        null,
        null,
        null,
        null);
  }

  /** A closed step of 10 s. */
  static LoadReport.StepSummary closed(int index, int users, double delivered, long p99Us) {
    long sent = Math.round(delivered * 10);
    return new LoadReport.StepSummary(
        index,
        index * 10_000L,
        (index + 1) * 10_000L,
        null,
        users,
        sent,
        sent,
        0,
        0.0,
        delivered,
        delivered,
        latency(p99Us),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Stats whose every percentile is {@code p99Us} except p50, half of it. */
  static RunSummary.LatencyStats latency(long p99Us) {
    return new RunSummary.LatencyStats(
        100, p99Us / 4, p99Us / 2.0, 1, p99Us / 2, p99Us, p99Us, p99Us, p99Us, p99Us);
  }

  @Test
  void kneeIsTheFirstStepWhoseLatencyMoreThanDoubles() {
    List<LoadReport.StepSummary> steps =
        List.of(
            open(0, 100, 100, 0, 10_000),
            open(1, 200, 200, 0, 11_000),
            open(2, 300, 299, 0, 12_000),
            open(3, 400, 398, 0, 25_000), // 25 > 2 x 10: the knee
            open(4, 500, 401, 0, 300_000));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(3);
    assertThat(a.knee().reason()).contains("p99 latency 25.0 ms").contains("10.0 ms");
    assertThat(a.maxSustainable().step()).isEqualTo(2);
    assertThat(a.maxSustainable().offered()).isEqualTo(300);
    assertThat(a.maxSustainable().throughputRps()).isEqualTo(299);
    assertThat(a.saturationThroughputRps()).isEqualTo(401);
    assertThat(a.conclusion())
        .contains("Maximum sustainable load: 300/s")
        .contains("Knee at step 3 (400/s)");
  }

  @Test
  void aLatencySloCapsTheSustainableLoadBeforeTheKnee() {
    List<LoadReport.StepSummary> steps =
        List.of(
            open(0, 100, 100, 0, 10_000),
            open(1, 200, 200, 0, 15_000),
            open(2, 300, 300, 0, 19_000),
            open(3, 400, 380, 0, 60_000));
    LoadReport.Criteria slo = new LoadReport.Criteria(1.0, 16_000L, 2.0, 95.0);
    LoadReport.Analysis a = BreakingPoint.analyze(steps, slo, 99);
    assertThat(a.maxSustainable().step()).isEqualTo(1); // 19 ms > the 16 ms SLO
    assertThat(a.knee().step()).isEqualTo(3);
  }

  @Test
  void errorsOverTheLimitMakeAKneeAndEndTheSustainableRun() {
    List<LoadReport.StepSummary> steps =
        List.of(
            open(0, 100, 100, 0, 10_000),
            open(1, 200, 196, 30, 10_000), // 30 of 2000 = 1.5% > 1%
            open(2, 300, 300, 0, 10_000)); // passes again: noise, not capacity
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(1);
    assertThat(a.knee().reason()).startsWith("error rate 1.5%");
    assertThat(a.maxSustainable().step()).isZero();
  }

  @Test
  void anOpenStepThatDeliversTooLittleIsDegradedEvenWithFlatLatency() {
    List<LoadReport.StepSummary> steps =
        List.of(open(0, 100, 100, 0, 10_000), open(1, 200, 180, 0, 10_500));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(1);
    assertThat(a.knee().reason()).contains("delivered 180.0/s of the 200.0/s offered");
  }

  @Test
  void closedStepsKneeWhereUsersStopAddingThroughput() {
    // 10 -> 20 users: +100% users, +90% throughput (fine); 20 -> 30: +50% users, +10% (saturated).
    List<LoadReport.StepSummary> steps =
        List.of(closed(0, 10, 100, 10_000), closed(1, 20, 190, 10_500), closed(2, 30, 209, 14_300));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(2);
    assertThat(a.knee().reason()).contains("throughput grew 10% for 50% more users");
    assertThat(a.maxSustainable().offered()).isEqualTo(20);
    assertThat(a.conclusion()).contains("20 users");
  }

  @Test
  void microsecondNoiseIsNotAKnee() {
    // 50 us -> 400 us is 8x, but less than 1 ms: a fast endpoint's jitter, not degradation.
    List<LoadReport.StepSummary> steps =
        List.of(open(0, 1000, 1000, 0, 50), open(1, 2000, 2000, 0, 400));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee()).isNull();
    assertThat(a.maxSustainable().step()).isEqualTo(1);
    assertThat(a.conclusion()).contains("No knee");
  }

  @Test
  void theKneeJudgesTheLatencyFromTheSendAndTheSloFromTheIntendedStart() {
    // Step 1: the injector stalled (late sends): 40 ms from the intended start, 11 ms from the
    // send.
    LoadReport.StepSummary stalled = open(1, 200, 200, 0, 11_000);
    stalled =
        new LoadReport.StepSummary(
            1,
            10_000,
            20_000,
            200.0,
            null,
            2000,
            2000,
            0,
            0.0,
            200.0,
            200.0,
            latency(11_000),
            latency(40_000),
            null,
            null,
            null,
            null,
            null);
    List<LoadReport.StepSummary> steps = List.of(open(0, 100, 100, 0, 10_000), stalled);
    LoadReport.Analysis plain = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(plain.knee()).isNull();
    assertThat(plain.maxSustainable().step()).isEqualTo(1);
    // A 30 ms SLO is about what users saw: the stalled step misses it.
    LoadReport.Criteria slo = new LoadReport.Criteria(1.0, 30_000L, 2.0, 95.0);
    LoadReport.Analysis judged = BreakingPoint.analyze(steps, slo, 99);
    assertThat(judged.maxSustainable().step()).isZero();
  }

  @Test
  void aLatencySpikeTheNextStepDoesNotRepeatIsNotTheKnee() {
    // Step 1 spikes (a GC pause), step 2 is as fast as step 0: the real knee is step 3.
    List<LoadReport.StepSummary> steps =
        List.of(
            open(0, 100, 100, 0, 10_000),
            open(1, 200, 200, 0, 90_000),
            open(2, 300, 300, 0, 11_000),
            open(3, 400, 390, 0, 60_000),
            open(4, 500, 395, 0, 400_000));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(3);
    assertThat(a.maxSustainable().step()).isEqualTo(2);
    assertThat(a.conclusion())
        .contains("Not counted as the knee")
        .contains("step 1 (200/s: p99 latency 90.0 ms");
  }

  @Test
  void theLastStepNeedsNoConfirmation() {
    List<LoadReport.StepSummary> steps =
        List.of(open(0, 100, 100, 0, 10_000), open(1, 200, 200, 0, 90_000));
    LoadReport.Analysis a = BreakingPoint.analyze(steps, BreakingPoint.defaultCriteria(), 99);
    assertThat(a.knee().step()).isEqualTo(1);
  }

  @Test
  void noStepsNoAnalysis() {
    assertThat(BreakingPoint.analyze(List.of(), BreakingPoint.defaultCriteria(), 99)).isNull();
  }
}
