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

import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ticks, time series, accounting and injector health. */
class MetricsRegistryTest {
  private static final RequestInfo INFER = RequestInfo.of(RequestKind.INFER, "grpc", "add_sub");

  private final FakeClock clock = new FakeClock(7 * SECOND);

  @Test
  void anEmptySecondBetweenBusyOnesGetsAZeroPoint() {
    MetricsRegistry registry = clock.registry().build();
    RequestRecorder r = registry.recorder("a", INFER);
    long start = clock.nanos();

    r.recordOk(start, start + 10 * MS, 0, 0);
    r.recordOk(start, start + 30 * MS, 0, 0);
    r.recordKo(start, start + MS, "check", 0, 0);
    registry.tick(start + SECOND);
    registry.tick(start + 2 * SECOND);
    r.recordOk(start, start + 40 * MS, 0, 0);
    r.recordKo(start, start + MS, "check", 0, 0);
    registry.tick(start + 3 * SECOND);

    List<RunSummary.TimePoint> points = registry.summary("Sim", "r").timeseries().get("a");
    assertThat(points).extracting(RunSummary.TimePoint::tMs).containsExactly(0L, 1000L, 2000L);
    assertThat(points).extracting(RunSummary.TimePoint::count).containsExactly(3L, 0L, 2L);
    assertThat(points).extracting(RunSummary.TimePoint::ko).containsExactly(1L, 0L, 1L);
    assertThat(points.get(1).p50Us()).isNull();
    // Interval 0 holds OK latencies of 10 and 30 ms: the nearest-rank median is 10 ms.
    assertThat(points.get(0).p50Us()).isBetween(10_000L, 10_010L);
    assertThat(points.get(0).p99Us()).isBetween(30_000L, 30_030L);
  }

  @Test
  void lateTicksKeepTheirSlotAndANameSeenLateIsBackfilled() {
    MetricsRegistry registry = clock.registry().build();
    long start = clock.nanos();
    registry.recorder("a", INFER).recordOk(0, MS, 0, 0);
    registry.tick(start + SECOND + 3 * MS);
    registry.recorder("b", INFER).recordOk(0, MS, 0, 0);
    registry.tick(start + 2 * SECOND + 2 * MS);

    RunSummary summary = registry.summary("Sim", "r");
    assertThat(summary.timeseries().get("a"))
        .extracting(RunSummary.TimePoint::tMs)
        .containsExactly(0L, 1000L);
    assertThat(summary.timeseries().get("b"))
        .extracting(RunSummary.TimePoint::count)
        .containsExactly(0L, 1L);
  }

  @Test
  void stopTakesAFinalTickSoNothingIsLost() {
    MetricsRegistry registry = clock.registry().build();
    RequestRecorder r = registry.recorder("a", INFER);
    long start = clock.nanos();
    for (int i = 0; i < 5; i++) {
      r.recordOk(0, MS, 0, 0);
    }
    registry.tick(start + SECOND);
    for (int i = 0; i < 7; i++) {
      r.recordKo(0, MS, "timeout", 0, 0);
    }
    clock.set(start + 1500 * MS);
    registry.stop();

    RunSummary summary = registry.summary("Sim", "r");
    RunSummary.RequestSummary a = summary.requests().get("a");
    assertThat(a.count()).isEqualTo(12);
    assertThat(a.ko()).isEqualTo(7);
    assertThat(summary.timeseries().get("a"))
        .extracting(RunSummary.TimePoint::count)
        .containsExactly(5L, 7L);
    assertThat(summary.durationMs()).isEqualTo(1500);
  }

  @Test
  void concurrentRecordingWhileTickingCountsEveryRequestOnce() throws Exception {
    MetricsRegistry registry = MetricsRegistry.builder().intervalMs(5).build();
    RequestRecorder r = registry.recorder("a", INFER);
    registry.start();
    int threads = 4;
    int perThread = 100_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  if (i % 10 == 0) {
                    r.recordKo(0, (i % 1000) * 1000L, i % 20 == 0 ? "UNAVAILABLE" : "check", 3, 0);
                  } else {
                    r.recordOk(0, (i % 1000) * 1000L, 3, 5);
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    registry.stop();

    RunSummary summary = registry.summary("Sim", "r");
    RunSummary.RequestSummary a = summary.requests().get("a");
    long total = (long) threads * perThread;
    assertThat(a.count()).isEqualTo(total);
    assertThat(a.ko()).isEqualTo(total / 10);
    assertThat(a.koReasons().get("UNAVAILABLE")).isEqualTo(total / 20);
    assertThat(a.koReasons().get("check")).isEqualTo(total / 20);
    assertThat(a.bytesSent()).isEqualTo(3 * total);
    assertThat(a.bytesReceived()).isEqualTo(5 * (total - total / 10));
    long inSeries =
        summary.timeseries().get("a").stream().mapToLong(RunSummary.TimePoint::count).sum();
    assertThat(inSeries).isEqualTo(total);
  }

  @Test
  void aNameCannotBeReusedForADifferentRequest() {
    MetricsRegistry registry = clock.registry().build();
    RequestRecorder first = registry.recorder("a", INFER);
    assertThat(registry.recorder("a", RequestInfo.of(RequestKind.INFER, "grpc", "add_sub")))
        .isSameAs(first);
    assertThatThrownBy(
            () -> registry.recorder("a", RequestInfo.of(RequestKind.INFER, "rest-json", "add_sub")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give different requests different names");
  }

  @Test
  void aBusyInjectorIsReportedAsSuspect() {
    AtomicLong gcMs = new AtomicLong();
    MetricsRegistry registry =
        clock
            .registry()
            .cpuLoad(() -> 0.9, () -> 0.95)
            .gcTimeMillis(() -> gcMs.addAndGet(200))
            .build();
    RequestRecorder r = registry.recorder("a", INFER);
    for (int i = 0; i < 98; i++) {
      r.recordScheduleLag(100_000);
    }
    r.recordScheduleLag(2 * MS);
    r.recordScheduleLag(2 * MS);
    registry.tick(clock.nanos() + SECOND);

    RunSummary.Injector injector = registry.summary("Sim", "r").injector();
    assertThat(injector.cpuBusyPct().p50()).isEqualTo(90.0);
    assertThat(injector.machineCpuBusyPct().max()).isEqualTo(95.0);
    // The GC supplier advances by 200 ms per reading: one at the start, one at the tick.
    assertThat(injector.gcPauseMs()).isEqualTo(200);
    assertThat(injector.warnings())
        .hasSize(4)
        .anySatisfy(w -> assertThat(w).contains("90% of the machine's CPU"))
        .anySatisfy(w -> assertThat(w).contains("The machine's CPU was 95% busy"))
        .anySatisfy(w -> assertThat(w).contains("2.0% of requests started more than 1 ms"))
        .anySatisfy(w -> assertThat(w).contains("Garbage collection took 20% of the run"));
  }

  @Test
  void aSaturatedMachineMakesTheRunDoubtfulEvenWhenTheInjectorIsLight() {
    // The case the self-check used to miss: the server under test (or anything else) takes the
    // cores, the injector itself uses little.
    MetricsRegistry registry = clock.registry().cpuLoad(() -> 0.3, () -> 0.98).build();
    registry.recorder("a", INFER).recordOk(0, MS, 0, 0);
    registry.tick(clock.nanos() + SECOND);

    RunSummary.Injector injector = registry.summary("Sim", "r").injector();
    assertThat(injector.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains("The machine's CPU was 98% busy")
                    .contains("this injector used 30%"));
    assertThat(injector.verdict()).isEqualTo(RunSummary.Injector.DOUBTFUL);
  }

  @Test
  void aHealthyInjectorRaisesNoWarning() {
    MetricsRegistry registry = clock.registry().cpuLoad(() -> 0.5, () -> 0.6).build();
    RequestRecorder r = registry.recorder("a", INFER);
    // Exactly 1% late is at the threshold, not over it.
    for (int i = 0; i < 99; i++) {
      r.recordScheduleLag(0);
    }
    r.recordScheduleLag(5 * MS);
    registry.tick(clock.nanos() + SECOND);

    assertThat(registry.summary("Sim", "r").injector().warnings()).isEmpty();
    assertThat(registry.summary("Sim", "r").injector().verdict())
        .isEqualTo(RunSummary.Injector.TRUSTWORTHY);
  }

  @Test
  void eventLoopProbeSeesALoopBlockedFor50Ms() throws Exception {
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    try {
      MetricsRegistry registry = MetricsRegistry.create();
      registry.probeEventLoops(List.of(loop), 5);
      Thread.sleep(30);
      java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
      loop.execute(
          () -> {
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            blocked.countDown();
          });
      // Waits on the loop itself, not on a clock: on a busy machine the loop may start the block
      // late, and the probe that was due meanwhile runs only after it.
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      java.util.concurrent.CountDownLatch probedAfter = new java.util.concurrent.CountDownLatch(1);
      loop.schedule(probedAfter::countDown, 20, TimeUnit.MILLISECONDS);
      assertThat(probedAfter.await(10, TimeUnit.SECONDS)).isTrue();
      registry.stop();

      RunSummary.LagStats lag = registry.summary("Sim", "r").injector().eventLoopLagUs();
      assertThat(lag.max()).isGreaterThanOrEqualTo(40_000);
      assertThat(lag.count()).isGreaterThan(5);
    } finally {
      loop.shutdownNow();
      assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void startTwiceIsAnError() {
    MetricsRegistry registry = clock.registry().build();
    registry.start();
    try {
      assertThatThrownBy(registry::start).isInstanceOf(IllegalStateException.class);
    } finally {
      registry.stop();
    }
  }
}
