/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.compare.Comparison.Metric;
import io.github.gatlingml.compare.Comparison.Result;
import io.github.gatlingml.compare.Comparison.Verdict;
import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The regression guard's engine on seeded synthetic runs: per-interval p99s drawn from a lognormal
 * around 50 ms (10% spread between intervals, as in the loopback benchmark's one-second series), so
 * that "same" and "10% slower" are known and the verdicts can be counted.
 */
class ComparisonTest {
  private static final long START = 1_780_000_000_000L;

  /** How a synthetic run differs from a nominal one. */
  record Shape(
      int intervals,
      double latencyFactor,
      double okFactor,
      double koShare,
      int spikeIntervals,
      double spikeFactor,
      Long offeredArrivals,
      List<String> warnings) {
    static Shape nominal() {
      return new Shape(60, 1.0, 1.0, 0.0, 0, 1.0, null, List.of());
    }

    Shape slower(double f) {
      return new Shape(
          intervals, f, okFactor, koShare, spikeIntervals, spikeFactor, offeredArrivals, warnings);
    }

    Shape ok(double f) {
      return new Shape(
          intervals,
          latencyFactor,
          f,
          koShare,
          spikeIntervals,
          spikeFactor,
          offeredArrivals,
          warnings);
    }

    Shape ko(double share) {
      return new Shape(
          intervals,
          latencyFactor,
          okFactor,
          share,
          spikeIntervals,
          spikeFactor,
          offeredArrivals,
          warnings);
    }

    Shape spike(int n, double f) {
      return new Shape(
          intervals, latencyFactor, okFactor, koShare, n, f, offeredArrivals, warnings);
    }

    Shape intervals(int n) {
      return new Shape(
          n,
          latencyFactor,
          okFactor,
          koShare,
          spikeIntervals,
          spikeFactor,
          offeredArrivals,
          warnings);
    }

    Shape open(long offered) {
      return new Shape(
          intervals,
          latencyFactor,
          okFactor,
          koShare,
          spikeIntervals,
          spikeFactor,
          offered,
          warnings);
    }

    Shape warned(String warning) {
      return new Shape(
          intervals,
          latencyFactor,
          okFactor,
          koShare,
          spikeIntervals,
          spikeFactor,
          offeredArrivals,
          List.of(warning));
    }
  }

  /** A run of one infer name and one stream name, one point per second plus a partial last one. */
  static RunSummary run(long seed, Shape shape) {
    Random rnd = new Random(seed);
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
    for (String name : List.of("classify", "chat")) {
      boolean stream = name.equals("chat");
      List<RunSummary.TimePoint> points = new ArrayList<>();
      long ok = 0;
      long ko = 0;
      for (int t = 0; t <= shape.intervals(); t++) {
        double f = shape.latencyFactor() * (t < shape.spikeIntervals() ? shape.spikeFactor() : 1);
        long n = Math.round(100 * shape.okFactor() * (1 + 0.03 * rnd.nextGaussian()));
        long failed = Math.round(n * shape.koShare());
        long p50 = (long) (20_000 * f * Math.exp(0.05 * rnd.nextGaussian()));
        long p99 = (long) (50_000 * f * Math.exp(0.10 * rnd.nextGaussian()));
        long ttftP99 = (long) (8_000 * f * Math.exp(0.10 * rnd.nextGaussian()));
        points.add(
            stream
                ? new RunSummary.TimePoint(
                    t * 1000L, n, failed, p50, p99, ttftP99 / 2, ttftP99, (n - failed) * 64)
                : new RunSummary.TimePoint(t * 1000L, n, failed, p50, p99));
        ok += n - failed;
        ko += failed;
      }
      long p95 = (long) (45_000 * shape.latencyFactor());
      RunSummary.LatencyStats lat =
          new RunSummary.LatencyStats(
              ok, 1_000, 22_000, 5_000, 20_000, 40_000, p95, 50_000, 60_000, 90_000);
      RunSummary.StreamStats st =
          stream
              ? new RunSummary.StreamStats(
                  lat,
                  new RunSummary.LatencyStats(
                      ok, 1, 2, 1, 2, 3, 3, (long) (3_000 * shape.latencyFactor()), 4, 5),
                  null,
                  new RunSummary.OutputTokens(ok * 64, 64, "usage"),
                  ok * 64.0 / shape.intervals(),
                  ok,
                  ok / (double) shape.intervals(),
                  io.github.gatlingml.internal.metrics.Slo.NONE)
              : null;
      requests.put(
          name,
          new RunSummary.RequestSummary(
              stream ? "stream" : "infer",
              stream ? "openai-chat" : "grpc",
              "m",
              ok + ko,
              ok,
              ko,
              ko == 0 ? Map.of() : Map.of("UNAVAILABLE", ko),
              (ok + ko) / (double) shape.intervals(),
              0,
              0,
              lat,
              null,
              null,
              st));
      series.put(name, points);
    }
    RunSummary.Injector injector =
        new RunSummary.Injector("host", 4, null, null, 0, null, shape.warnings());
    long end = START + shape.intervals() * 1000L + 500;
    RunSummary s =
        new RunSummary(
            "Sim", "run-" + seed, START, end, injector, requests, 1000, series, Map.of());
    if (shape.offeredArrivals() != null) {
      s =
          s.withLoad(
              new LoadReport(
                  "rate-steps",
                  "constant",
                  "poisson",
                  shape.offeredArrivals(),
                  shape.offeredArrivals(),
                  List.of(),
                  null,
                  null));
    }
    return s;
  }

  private static Result result(Comparison c, String name, Metric metric) {
    return c.results().stream()
        .filter(r -> r.request().equals(name) && r.metric() == metric)
        .findFirst()
        .orElseThrow();
  }

  /** Verdicts over {@code pairs} seeded pairs: how many failed. */
  private static int failures(int pairs, Shape current, Criteria criteria) {
    int failed = 0;
    for (int i = 0; i < pairs; i++) {
      RunSummary b = run(1_000 + i, Shape.nominal().intervals(current.intervals()));
      RunSummary c = run(5_000 + i, current);
      if (!Comparison.compare(b, c, criteria).passed()) {
        failed++;
      }
    }
    return failed;
  }

  @Test
  void tenSameVersusSamePairsRaiseNoRegression() {
    assertThat(failures(10, Shape.nominal(), Criteria.defaults())).isZero();
  }

  @Test
  void aTenPercentSlowerRunIsCaughtInAtLeastNineOfTenPairs() {
    Criteria p99Only =
        Criteria.builder().maxTtftP99Increase(null).maxThroughputChange(null).build();
    assertThat(failures(10, Shape.nominal().slower(1.10), p99Only)).isGreaterThanOrEqualTo(9);
  }

  /**
   * The rates quoted in docs/regression.md, over 200 seeded pairs each, two request names judged on
   * p99 per pair. With a 10% spread between intervals and 60 intervals a run, a 5% threshold is
   * about 2 standard errors of the ratio of medians, hence a few false alarms in 100; five times
   * the intervals halve the standard error.
   */
  @Test
  void falseAlarmAndDetectionRatesOverTwoHundredPairs() {
    Criteria p99Only =
        Criteria.builder()
            .maxTtftP99Increase(null)
            .maxThroughputChange(null)
            .maxErrorRate(null)
            .resamples(500)
            .build();
    int falseAlarms = failures(200, Shape.nominal(), p99Only);
    int detected = failures(200, Shape.nominal().slower(1.10), p99Only);
    int detected20 = failures(200, Shape.nominal().slower(1.20), p99Only);
    int falseAlarmsLong = failures(200, Shape.nominal().intervals(300), p99Only);
    int detectedLong = failures(200, Shape.nominal().intervals(300).slower(1.10), p99Only);
    System.out.printf(
        "p99 +5%% threshold: 60 intervals: false alarms %d/200, 10%% slower caught %d/200,"
            + " 20%% slower caught %d/200; 300 intervals: false alarms %d/200, 10%% slower"
            + " caught %d/200%n",
        falseAlarms, detected, detected20, falseAlarmsLong, detectedLong);
    assertThat(falseAlarms).isLessThanOrEqualTo(10);
    assertThat(detected).isGreaterThanOrEqualTo(190);
    assertThat(detected20).isEqualTo(200);
    assertThat(falseAlarmsLong).isLessThanOrEqualTo(1);
    assertThat(detectedLong).isEqualTo(200);
  }

  @Test
  void aTenPercentSlowerRunIsAFailingP99RegressionWithItsInterval() {
    Comparison c =
        Comparison.compare(
            run(1, Shape.nominal()), run(2, Shape.nominal().slower(1.10)), Criteria.defaults());
    Result r = result(c, "classify", Metric.P99);
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(r.method()).isEqualTo(Comparison.Method.INTERVAL_MEDIAN);
    assertThat(r.change()).isBetween(0.05, 0.15);
    assertThat(r.changeLow()).isPositive().isLessThan(r.change());
    assertThat(r.changeHigh()).isGreaterThan(r.change());
    assertThat(r.significant()).isTrue();
    assertThat(r.baselineIntervals()).isEqualTo(60); // the partial last point is left out
    assertThat(result(c, "chat", Metric.TTFT_P99).verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(c.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(c.passed()).isFalse();
  }

  @Test
  void aSignificantChangeWithinTheThresholdPasses() {
    // 10% slower is significant, but a 15% threshold tolerates it.
    Comparison c =
        Comparison.compare(
            run(1, Shape.nominal()),
            run(2, Shape.nominal().slower(1.10)),
            Criteria.builder().maxP99Increase(0.15).maxTtftP99Increase(0.15).build());
    Result r = result(c, "classify", Metric.P99);
    assertThat(r.significant()).isTrue();
    assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
    assertThat(c.passed()).isTrue();
  }

  @Test
  void aFasterRunIsAnImprovement() {
    Comparison c =
        Comparison.compare(
            run(1, Shape.nominal()), run(2, Shape.nominal().slower(0.8)), Criteria.defaults());
    assertThat(result(c, "classify", Metric.P99).verdict()).isEqualTo(Verdict.IMPROVEMENT);
    assertThat(c.verdict()).isEqualTo(Verdict.IMPROVEMENT);
    assertThat(c.passed()).isTrue();
  }

  @Test
  void aWarmUpSpikeIsIgnoredWithWarmUp() {
    // The first 5 s of the current run are 6x slower (JIT warm-up): the whole run's p99 is
    // dominated by them, but those intervals are left out.
    RunSummary current = run(2, Shape.nominal().spike(5, 6.0));
    Criteria warmUp = Criteria.builder().warmUp(Duration.ofSeconds(5)).build();
    Comparison c = Comparison.compare(run(1, Shape.nominal()), current, warmUp);
    assertThat(c.passed()).isTrue();
    Result r = result(c, "classify", Metric.P99);
    assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
    assertThat(r.currentIntervals()).isEqualTo(55);
    assertThat(Math.abs(r.change())).isLessThan(0.05);
  }

  @Test
  void aLongSpikeWithoutWarmUpIsARegression() {
    // The same spike over half the run moves the median: without --warm-up it is a change.
    RunSummary current = run(2, Shape.nominal().spike(35, 6.0));
    Comparison c = Comparison.compare(run(1, Shape.nominal()), current, Criteria.defaults());
    assertThat(result(c, "classify", Metric.P99).verdict()).isEqualTo(Verdict.REGRESSION);
    Criteria warmUp = Criteria.builder().warmUp(Duration.ofSeconds(35)).build();
    assertThat(Comparison.compare(run(1, Shape.nominal()), current, warmUp).passed()).isTrue();
  }

  @Test
  void fewerOkRequestsInAClosedRunAreAThroughputRegression() {
    Comparison c =
        Comparison.compare(
            run(1, Shape.nominal()), run(2, Shape.nominal().ok(0.8)), Criteria.defaults());
    Result r = result(c, "classify", Metric.THROUGHPUT);
    assertThat(r.unit()).isEqualTo("ok/s");
    assertThat(r.baseline()).isBetween(95.0, 105.0);
    assertThat(r.change()).isBetween(-0.25, -0.15);
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
  }

  @Test
  void openLoadThroughputIsAchievedPerOfferedArrival() {
    // The current run was offered twice the rate and delivered twice as much: no change in
    // achieved/offered, although the raw throughput doubled.
    RunSummary baseline = run(1, Shape.nominal().open(6_050));
    RunSummary current = run(2, Shape.nominal().ok(2.0).open(12_100));
    Comparison c = Comparison.compare(baseline, current, Criteria.defaults());
    Result r = result(c, "classify", Metric.THROUGHPUT);
    assertThat(r.unit()).isEqualTo("achieved/offered");
    assertThat(r.baseline()).isBetween(0.95, 1.05);
    assertThat(Math.abs(r.change())).isLessThan(0.05);
    assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
    // Offered the same, achieved 20% less: a regression.
    Comparison worse =
        Comparison.compare(
            baseline, run(2, Shape.nominal().ok(0.8).open(6_050)), Criteria.defaults());
    assertThat(result(worse, "classify", Metric.THROUGHPUT).verdict())
        .isEqualTo(Verdict.REGRESSION);
  }

  @Test
  void theOfferedRateIsThePlansNotTheRunsWallTime() {
    // Same plan (100/s for 60 s), same deliveries; the baseline ran 3 s longer (a cold JVM's lead
    // before the first arrival). Over the run's wall time its offered rate would look 5% lower
    // and its achieved/offered 5% higher; the plan's own rate gives both the same.
    RunSummary current = withPlan(run(1, Shape.nominal()), 0, 100.0, 60_000);
    RunSummary baseline = withPlan(run(1, Shape.nominal()), 3_000, 100.0, 60_000);
    assertThat(baseline.durationMs() - current.durationMs()).isEqualTo(3_000);
    Result r =
        result(
            Comparison.compare(baseline, current, Criteria.defaults()),
            "classify",
            Metric.THROUGHPUT);
    assertThat(r.unit()).isEqualTo("achieved/offered");
    assertThat(r.change()).isEqualTo(0.0);
    // each interval's ~100 OK per second over 100/s offered
    assertThat(r.baseline()).isBetween(0.97, 1.03);
  }

  /**
   * A run's copy with a one-step open plan of {@code rps} over {@code ms}, and {@code extraMs} more
   * wall time.
   */
  private static RunSummary withPlan(RunSummary s, long extraMs, double rps, long ms) {
    RunSummary longer =
        new RunSummary(
            s.simulation(),
            s.runId(),
            s.startEpochMs(),
            s.endEpochMs() + extraMs,
            s.injector(),
            s.requests(),
            s.intervalMs(),
            s.timeseries(),
            s.histograms());
    LoadReport.StepSummary step =
        new LoadReport.StepSummary(
            0,
            extraMs,
            extraMs + ms,
            rps,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    long offered = Math.round(rps * ms / 1000);
    return longer.withLoad(
        new LoadReport(
            "rate-steps", "constant", "uniform", offered, offered, List.of(step), null, null));
  }

  @Test
  void theErrorRateIsAnAbsoluteBoundOnTheCurrentRun() {
    Comparison c =
        Comparison.compare(
            run(1, Shape.nominal()), run(2, Shape.nominal().ko(0.02)), Criteria.defaults());
    Result r = result(c, "classify", Metric.ERROR_RATE);
    assertThat(r.method()).isEqualTo(Comparison.Method.ABSOLUTE);
    assertThat(r.current()).isBetween(0.015, 0.025);
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
    Criteria lenient = Criteria.builder().maxErrorRate(0.05).build();
    assertThat(
            Comparison.compare(run(1, Shape.nominal()), run(2, Shape.nominal().ko(0.02)), lenient)
                .passed())
        .isTrue();
  }

  @Test
  void wholeRunMetricsAreThresholdOnlyAndOptIn() {
    RunSummary b = run(1, Shape.nominal());
    RunSummary c = run(2, Shape.nominal().slower(1.10));
    assertThat(Comparison.compare(b, c, Criteria.defaults()).results())
        .noneMatch(r -> r.metric() == Metric.P95 || r.metric() == Metric.TPOT_P99);
    Criteria wholeRun =
        Criteria.builder()
            .maxP99Increase(null)
            .maxTtftP99Increase(null)
            .maxP95Increase(0.05)
            .maxTpotP99Increase(0.05)
            .build();
    Comparison cmp = Comparison.compare(b, c, wholeRun);
    Result p95 = result(cmp, "classify", Metric.P95);
    assertThat(p95.method()).isEqualTo(Comparison.Method.WHOLE_RUN);
    assertThat(p95.changeLow()).isNull();
    assertThat(p95.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(result(cmp, "chat", Metric.TPOT_P99).verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(cmp.results())
        .noneMatch(r -> r.request().equals("classify") && r.metric() == Metric.TPOT_P99);
  }

  @Test
  void requestNamesThatDoNotMatchAreListed() {
    RunSummary b = run(1, Shape.nominal());
    Map<String, RunSummary.RequestSummary> fewer = new TreeMap<>(b.requests());
    fewer.remove("chat");
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>(b.timeseries());
    series.remove("chat");
    RunSummary c =
        new RunSummary(
            "Sim", "run-x", START, b.endEpochMs(), b.injector(), fewer, 1000, series, Map.of());
    assertThatThrownBy(() -> Comparison.compare(b, c, Criteria.defaults()))
        .isInstanceOf(Comparison.UnusableInputException.class)
        .hasMessageContaining("only in the baseline [chat], only in the current run []");
  }

  @Test
  void aDoubtfulRunIsUnusableUnlessAllowed() {
    RunSummary b = run(1, Shape.nominal());
    RunSummary c = run(2, Shape.nominal().warned("process CPU p50 92% > 80%"));
    assertThatThrownBy(() -> Comparison.compare(b, c, Criteria.defaults()))
        .isInstanceOf(Comparison.UnusableInputException.class)
        .hasMessageContaining("the current run's injector judged its numbers doubtful")
        .hasMessageContaining("process CPU p50 92% > 80%")
        .hasMessageContaining("--allow-doubtful");
    assertThat(Comparison.compare(b, c, Criteria.builder().allowDoubtful(true).build()).passed())
        .isTrue();
  }

  @Test
  void fewerThanFiveIntervalsAfterTheWarmUpIsUnusable() {
    RunSummary b = run(1, Shape.nominal());
    RunSummary shortRun = run(2, Shape.nominal().intervals(8));
    Criteria warmUp = Criteria.builder().warmUp(Duration.ofSeconds(4)).build();
    Comparison.UnusableInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Comparison.UnusableInputException.class, () -> Comparison.compare(b, shortRun, warmUp));
    assertThat(e.problems())
        .containsExactly(
            "the current run has 4 interval(s) of 'chat' after a warm-up of 4.0 s, fewer than 5"
                + " (a longer run, or a shorter --warm-up)",
            "the current run has 4 interval(s) of 'classify' after a warm-up of 4.0 s, fewer than"
                + " 5 (a longer run, or a shorter --warm-up)");
  }

  @Test
  void openAgainstClosedThroughputIsUnusable() {
    assertThatThrownBy(
            () ->
                Comparison.compare(
                    run(1, Shape.nominal()),
                    run(2, Shape.nominal().open(6_050)),
                    Criteria.defaults()))
        .isInstanceOf(Comparison.UnusableInputException.class)
        .hasMessageContaining("closed-load run and the current run an open-load one");
  }

  @Test
  void equalInputsGiveEqualResults() {
    RunSummary b = run(1, Shape.nominal());
    RunSummary c = run(2, Shape.nominal().slower(1.04));
    assertThat(Comparison.compare(b, c, Criteria.defaults()).results())
        .isEqualTo(Comparison.compare(b, c, Criteria.defaults()).results());
  }

  @Test
  void theResampledMedianIsAValueOfTheSampleOrTheMeanOfTwo() {
    double[] sorted = {1, 2, 3, 4, 5};
    int[] counts = new int[5];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    double sum = 0;
    for (int i = 0; i < 10_000; i++) {
      double m = Comparison.resampledMedian(sorted, counts, rnd);
      assertThat(m).isIn(1.0, 2.0, 3.0, 4.0, 5.0);
      sum += m;
    }
    assertThat(sum / 10_000).isBetween(2.9, 3.1); // symmetric sample: centred on its median
    assertThat(Comparison.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    double m = Comparison.resampledMedian(new double[] {1, 3}, new int[2], rnd);
    assertThat(m).isIn(1.0, 2.0, 3.0);
  }

  @Test
  void criteriaParseTheCommandLinesWords() {
    assertThat(Criteria.parsePercent("5%")).isEqualTo(0.05);
    assertThat(Criteria.parsePercent("12.5")).isEqualTo(0.125);
    assertThat(Criteria.parsePercent("off")).isNull();
    assertThat(Criteria.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Criteria.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Criteria.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Criteria.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> Criteria.parsePercent("five")).hasMessageContaining("e.g. 5%");
    assertThatThrownBy(() -> Criteria.parseDuration("10 parsecs")).hasMessageContaining("10s");
    Criteria d = Criteria.defaults();
    assertThat(d.maxP99Increase()).isEqualTo(0.05);
    assertThat(d.maxThroughputChange()).isEqualTo(0.10);
    assertThat(d.maxErrorRate()).isEqualTo(0.01);
    assertThat(d.maxP50Increase()).isNull();
    assertThat(d.toBuilder().maxP50Increase(0.1).build().maxP50Increase()).isEqualTo(0.1);
    assertThat(d.maxP50Increase()).isNull();
    assertThatThrownBy(() -> Criteria.builder().maxP99Increase(-0.1))
        .hasMessageContaining("maxP99Increase");
  }
}
