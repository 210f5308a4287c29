/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Summary statistics checked against numbers computed by hand. */
class RequestRecorderStatsTest {
  private static final RequestInfo INFER = RequestInfo.of(RequestKind.INFER, "grpc", "add_sub");

  private final FakeClock clock = new FakeClock(0);
  private final MetricsRegistry registry = clock.registry().build();
  private final RequestRecorder recorder = registry.recorder("add_sub grpc", INFER);

  private RunSummary.RequestSummary finish() {
    registry.stop();
    return registry.summary("Sim", "run-1").requests().get("add_sub grpc");
  }

  @Test
  void uniformOneToThousandMillisecondsHasTheTextbookPercentiles() {
    // One request of each whole latency from 1 ms to 1000 ms: the k-th percentile is k * 10 ms
    // and the mean (1 + 1000) / 2 ms.
    for (int ms = 1; ms <= 1000; ms++) {
      long start = 5 * SECOND;
      recorder.recordOk(start, start + ms * MS, 0, 0);
    }
    RunSummary.LatencyStats latency = finish().latencyUs();

    assertThat(latency.count()).isEqualTo(1000);
    assertThat((double) latency.min()).isCloseTo(1_000, withinPercentage(0.1));
    assertThat(latency.mean()).isCloseTo(500_500, withinPercentage(0.1));
    assertThat((double) latency.p50()).isCloseTo(500_000, withinPercentage(0.1));
    assertThat((double) latency.p90()).isCloseTo(900_000, withinPercentage(0.1));
    assertThat((double) latency.p95()).isCloseTo(950_000, withinPercentage(0.1));
    assertThat((double) latency.p99()).isCloseTo(990_000, withinPercentage(0.1));
    assertThat((double) latency.p999()).isCloseTo(999_000, withinPercentage(0.1));
    assertThat((double) latency.max()).isCloseTo(1_000_000, withinPercentage(0.1));
    // Population standard deviation of 1..1000 ms is sqrt((1000^2 - 1) / 12) = 288.675 ms.
    assertThat(latency.stddev()).isCloseTo(288_675, withinPercentage(0.2));
  }

  @Test
  void skewedLatenciesKeepMeanAndMedianApart() {
    // Nine requests of 1 ms and one of 91 ms: median 1 ms, mean (9 * 1 + 91) / 10 = 10 ms.
    for (int i = 0; i < 9; i++) {
      recorder.recordOk(0, MS, 0, 0);
    }
    recorder.recordOk(0, 91 * MS, 0, 0);
    RunSummary.LatencyStats latency = finish().latencyUs();

    assertThat((double) latency.p50()).isCloseTo(1_000, withinPercentage(0.1));
    assertThat(latency.mean()).isCloseTo(10_000, withinPercentage(0.1));
    assertThat((double) latency.max()).isCloseTo(91_000, withinPercentage(0.1));
  }

  @Test
  void koRequestsAreCountedByReasonAndKeptOutOfOkLatency() {
    for (int i = 0; i < 4; i++) {
      recorder.recordOk(0, 20 * MS, 100, 40);
    }
    for (int i = 0; i < 3; i++) {
      recorder.recordKo(0, 2 * MS, "UNAVAILABLE", 100, 0);
    }
    recorder.recordKo(0, 3 * MS, "HTTP 503", 100, 10);
    recorder.recordKo(0, 3 * MS, "HTTP 503", 100, 10);
    recorder.recordKo(0, 60 * SECOND, "timeout", 100, 0);
    RunSummary.RequestSummary r = finish();

    assertThat(r.count()).isEqualTo(10);
    assertThat(r.ok()).isEqualTo(4);
    assertThat(r.ko()).isEqualTo(6);
    assertThat(r.errorRate()).isEqualTo(0.6);
    assertThat(r.koReasons())
        .containsOnly(entry("UNAVAILABLE", 3L), entry("HTTP 503", 2L), entry("timeout", 1L));
    // Fast failures must not make the service look fast: OK latency is 20 ms throughout.
    assertThat((double) r.latencyUs().p50()).isCloseTo(20_000, withinPercentage(0.1));
    assertThat((double) r.latencyUs().min()).isCloseTo(20_000, withinPercentage(0.1));
    assertThat((double) r.koLatencyUs().max()).isCloseTo(60_000_000, withinPercentage(0.1));
    assertThat(r.bytesSent()).isEqualTo(1_000);
    assertThat(r.bytesReceived()).isEqualTo(4 * 40 + 2 * 10);
  }

  @Test
  void unboundedReasonTextIsCappedUnderOther() {
    int distinct = RequestRecorder.MAX_KO_REASONS + 10;
    for (int i = 0; i < distinct; i++) {
      recorder.recordKo(0, MS, "error id " + i, 0, 0);
    }
    recorder.recordKo(0, MS, null, 0, 0);
    RunSummary.RequestSummary r = finish();

    Map<String, Long> reasons = r.koReasons();
    assertThat(reasons).hasSize(RequestRecorder.MAX_KO_REASONS + 1);
    assertThat(reasons.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.ko());
    assertThat(reasons.get(RequestRecorder.OTHER_REASON)).isEqualTo(11L);
  }

  @Test
  void throughputIsCountOverTheRunDuration() {
    for (int i = 0; i < 50; i++) {
      recorder.recordOk(i * MS, i * MS + 5 * MS, 0, 0);
    }
    clock.set(10 * SECOND);
    RunSummary.RequestSummary r = finish();
    RunSummary summary = registry.summary("Sim", "run-1");

    assertThat(r.throughputRps()).isCloseTo(5.0, within(1e-9));
    assertThat(summary.startEpochMs()).isEqualTo(FakeClock.EPOCH_MS);
    assertThat(summary.durationMs()).isEqualTo(10_000);
  }

  @Test
  void scheduleLagIsSummarizedWithTheShareOfLateStarts() {
    // 98 on time, 2 late by 5 ms: p50 0, max 5 ms, 2% late.
    for (int i = 0; i < 98; i++) {
      recorder.recordScheduleLag(0);
    }
    recorder.recordScheduleLag(5 * MS);
    recorder.recordScheduleLag(5 * MS);
    RunSummary.LagStats lag = finish().scheduleLagUs();

    assertThat(lag.count()).isEqualTo(100);
    assertThat(lag.p50()).isZero();
    assertThat((double) lag.max()).isCloseTo(5_000, withinPercentage(0.1));
    assertThat(lag.over1msPct()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void outOfRangeLatenciesAreClampedNotLost() {
    recorder.recordOk(10 * MS, 5 * MS, 0, 0);
    recorder.recordOk(0, 2 * 3600 * SECOND, 0, 0);
    RunSummary.RequestSummary r = finish();

    assertThat(r.ok()).isEqualTo(2);
    assertThat(r.latencyUs().min()).isZero();
    assertThat((double) r.latencyUs().max()).isCloseTo(3_600_000_000.0, withinPercentage(0.1));
  }
}
