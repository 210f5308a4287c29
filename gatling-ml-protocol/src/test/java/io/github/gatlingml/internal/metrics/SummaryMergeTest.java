/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging injectors' summaries must give the numbers of one injector that saw everything. */
class SummaryMergeTest {
  private static final RequestInfo INFER = RequestInfo.of(RequestKind.INFER, "grpc", "add_sub");

  /** Records one OK request per whole latency from..to ms, and {@code kos} timeouts. */
  private static void record(RequestRecorder r, int fromMs, int toMs, int kos) {
    for (int ms = fromMs; ms <= toMs; ms++) {
      r.recordOk(0, ms * MS, 10, 20);
      r.recordScheduleLag(ms * 1_000L);
    }
    for (int i = 0; i < kos; i++) {
      r.recordKo(0, 5 * SECOND, "timeout", 10, 0);
    }
  }

  @Test
  void mergeEqualsTheSummaryOfTheUnionOfRecords() {
    // Injector a sees 1..600 ms, injector b 601..1000 ms and 5 timeouts, starting 2 s later.
    FakeClock ca = new FakeClock(0);
    MetricsRegistry a = ca.registry().injector("a", 4).cpuLoad(() -> 0.1, () -> 0.2).build();
    record(a.recorder("add_sub grpc", INFER), 1, 600, 0);
    ca.set(10 * SECOND);
    a.stop();

    FakeClock cb = new FakeClock(2 * SECOND);
    MetricsRegistry b = cb.registry().injector("b", 4).cpuLoad(() -> 0.7, () -> 0.2).build();
    RequestRecorder rb = b.recorder("add_sub grpc", INFER);
    record(rb, 601, 1000, 5);
    cb.set(12 * SECOND);
    b.stop();

    FakeClock cu = new FakeClock(0);
    MetricsRegistry union = cu.registry().build();
    RequestRecorder ru = union.recorder("add_sub grpc", INFER);
    record(ru, 1, 1000, 5);
    cu.set(12 * SECOND);
    union.stop();

    RunSummary merged = RunSummary.merge(List.of(a.summary("Sim", "ra"), b.summary("Sim", "rb")));
    RunSummary.RequestSummary m = merged.requests().get("add_sub grpc");
    RunSummary.RequestSummary u = union.summary("Sim", "ru").requests().get("add_sub grpc");

    assertThat(m.count()).isEqualTo(1005).isEqualTo(u.count());
    assertThat(m.ok()).isEqualTo(1000);
    assertThat(m.koReasons()).containsOnly(entry("timeout", 5L));
    assertThat(m.bytesSent()).isEqualTo(u.bytesSent()).isEqualTo(10_050);
    assertThat(m.latencyUs().max()).isEqualTo(u.latencyUs().max());
    assertThat((double) m.latencyUs().p99()).isCloseTo(990_000, withinPercentage(0.1));
    assertThat(m.latencyUs().p99()).isEqualTo(u.latencyUs().p99());
    assertThat(m.latencyUs().p50()).isEqualTo(u.latencyUs().p50());
    assertThat(m.latencyUs().mean()).isCloseTo(u.latencyUs().mean(), withinPercentage(0.001));
    assertThat(m.scheduleLagUs().p99()).isEqualTo(u.scheduleLagUs().p99());
    // Merged span is 0..12 s, so throughput is 1005 / 12.
    assertThat(merged.durationMs()).isEqualTo(12_000);
    assertThat(m.throughputRps()).isCloseTo(1005 / 12.0, withinPercentage(1e-9));
    assertThat(merged.runId()).isEqualTo("ra,rb");
    assertThat(merged.injector().host()).isEqualTo("a,b");
    assertThat(merged.injector().cpus()).isEqualTo(8);
    assertThat(merged.injector().cpuBusyPct().p50()).isEqualTo(70.0);
  }

  @Test
  void timeSeriesAlignOnWallClockAndKeepAnUpperBoundOfPercentiles() {
    // a records 10 ms in its second 2; b, started 2 s later, 30 ms in its second 0: the same
    // wall-clock second.
    RunSummary a = runWith("a", 0, 2, 10);
    RunSummary b = runWith("b", 2 * SECOND, 0, 30);

    RunSummary merged = RunSummary.merge(List.of(a, b));
    List<RunSummary.TimePoint> points = merged.timeseries().get("add_sub grpc");
    RunSummary.TimePoint second2 =
        points.stream().filter(p -> p.tMs() == 2000).findFirst().orElseThrow();
    assertThat(second2.count()).isEqualTo(2);
    assertThat((double) second2.p99Us()).isCloseTo(30_000, withinPercentage(0.1));
    long total = points.stream().mapToLong(RunSummary.TimePoint::count).sum();
    assertThat(total).isEqualTo(2);
  }

  private static RunSummary runWith(String host, long startNanos, int second, int latencyMs) {
    FakeClock clock = new FakeClock(startNanos);
    MetricsRegistry registry = clock.registry().injector(host, 4).build();
    RequestRecorder recorder = registry.recorder("add_sub grpc", INFER);
    for (int s = 0; s < 4; s++) {
      if (s == second) {
        recorder.recordOk(0, latencyMs * MS, 0, 0);
      }
      clock.set(startNanos + (s + 1) * SECOND);
      registry.tick(clock.nanos());
    }
    registry.stop();
    return registry.summary("Sim", "run-" + host);
  }

  @Test
  void mergeRefusesSummariesOfDifferentSimulations() {
    RunSummary a = runWith("a", 0, 0, 1);
    RunSummary other =
        new RunSummary(
            "OtherSim",
            a.runId(),
            a.startEpochMs(),
            a.endEpochMs(),
            a.injector(),
            a.requests(),
            a.intervalMs(),
            a.timeseries(),
            a.histograms());
    assertThatThrownBy(() -> RunSummary.merge(List.of(a, other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different simulations");
    assertThatThrownBy(() -> RunSummary.merge(List.of())).hasMessageContaining("nothing to merge");
  }
}
