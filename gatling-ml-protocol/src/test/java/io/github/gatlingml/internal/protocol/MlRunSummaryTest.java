/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.metrics.RequestInfo;
import io.github.gatlingml.internal.metrics.RequestRecorder;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summaries a run writes: periodic ones during the run (as of the registry's last tick,
 * incomplete), the final one at its end, the one the shutdown hook writes, and the end-of-run
 * accounting of requests in flight. The registry runs on a hand-driven clock.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MlRunSummaryTest {
  private static final RequestInfo INFER = RequestInfo.of(RequestKind.INFER, "grpc", "add_sub");
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @TempDir Path results;
  private Path runDir;
  private final AtomicLong nanos = new AtomicLong(SECOND);
  private final List<MlRun> runs = new CopyOnWriteArrayList<>();

  private static final StatsLogger NO_STATS =
      new StatsLogger() {
        @Override
        public long nowMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public void logResponse(
            Session session,
            String requestName,
            long startMs,
            long endMs,
            boolean ok,
            String code,
            String message) {}
      };

  @BeforeEach
  void gatlingsRunFolder() throws Exception {
    // What Gatling creates when the run starts: <results>/<simulation>-<timestamp>/simulation.log.
    runDir = Files.createDirectories(results.resolve("mysim-20260101120000000"));
    Files.writeString(runDir.resolve("simulation.log"), "");
    System.setProperty("gatling.ml.resultsFolder", results.toString());
  }

  @AfterEach
  void cleanUp() {
    System.clearProperty("gatling.ml.resultsFolder");
    System.clearProperty(MlRun.INTERVAL_PROPERTY);
    for (MlRun run : runs) {
      run.finish(); // removes any hook left
    }
  }

  private MlRun run(long periodicSeconds, boolean hook) {
    MetricsRegistry registry =
        MetricsRegistry.builder()
            .clock(nanos::get, () -> 1_700_000_000_000L + nanos.get() / 1_000_000)
            .injector("test-host", 2)
            .cpuLoad(() -> -1, () -> -1)
            .gcTimeMillis(() -> 0)
            .build();
    MlRun run = new MlRun(NO_STATS, registry, periodicSeconds, hook);
    runs.add(run);
    return run;
  }

  private Path summaryFile() {
    return runDir.resolve("ml-summary.json");
  }

  private RunSummary read() throws Exception {
    return SummaryReader.read(summaryFile());
  }

  private static void ok(RequestRecorder r, int n) {
    for (int i = 0; i < n; i++) {
      r.recordOk(0, 3 * MS, 1, 1);
    }
  }

  @Test
  void periodicSummariesAreIncompleteSnapshotsAsOfTheLastTickAndTheFinalOneIsComplete()
      throws Exception {
    MlRun run = run(0, false);
    RequestRecorder r = run.metrics().recorder("a", INFER);
    ok(r, 3);
    nanos.addAndGet(SECOND);
    run.metrics().tick(nanos.get());
    run.writePeriodic();

    RunSummary first = read();
    assertThat(first.complete()).isFalse();
    assertThat(first.stoppedBy()).isNull();
    assertThat(first.simulation()).isEqualTo("mysim");
    assertThat(first.requests().get("a").count()).isEqualTo(3);

    // Recorded after the last tick: not in a periodic summary yet.
    ok(r, 2);
    run.writePeriodic();
    assertThat(read().requests().get("a").count()).isEqualTo(3);
    nanos.addAndGet(SECOND);
    run.metrics().tick(nanos.get());
    run.writePeriodic();
    RunSummary second = read();
    assertThat(second.requests().get("a").count()).isEqualTo(5);
    assertThat(second.timeseries().get("a").stream().mapToLong(RunSummary.TimePoint::count).sum())
        .isEqualTo(5);

    ok(r, 1);
    nanos.addAndGet(500 * MS);
    Optional<Path> written = run.finish();
    assertThat(written).contains(summaryFile());
    RunSummary last = read();
    assertThat(last.complete()).isTrue();
    assertThat(last.stoppedBy()).isNull();
    assertThat(last.requests().get("a").count()).isEqualTo(6);

    // A periodic write after the end never replaces the final summary.
    String finalText = Files.readString(summaryFile());
    run.writePeriodic();
    assertThat(Files.readString(summaryFile())).isEqualTo(finalText);
    try (var files = Files.list(runDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left; the final summary's ML report beside it")
          .containsExactlyInAnyOrder("simulation.log", "ml-summary.json", "ml-report.html");
    }
  }

  @Test
  void theWriterThreadWritesPeriodically() throws Exception {
    MlRun run = run(1, false);
    ok(run.metrics().recorder("a", INFER), 4);
    nanos.addAndGet(SECOND);
    run.metrics().tick(nanos.get());
    long deadline = System.nanoTime() + 5 * SECOND;
    while (!Files.exists(summaryFile()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RunSummary periodic = read();
    assertThat(periodic.complete()).isFalse();
    assertThat(periodic.requests().get("a").count()).isEqualTo(4);
    run.finish();
    assertThat(read().complete()).isTrue();
  }

  @Test
  void inFlightRequestsAreCountedOnceEitherByTheirOutcomeOrAsCutOff() throws Exception {
    MlRun run = run(0, false);
    RequestRecorder r = run.metrics().recorder("a", INFER);
    MlRun.InFlight ledger = run.inFlight(r);
    assertThat(run.inFlight(r)).isSameAs(ledger);
    for (int i = 0; i < 4; i++) {
      ledger.incrementAndGet(); // sent
    }
    // One ends before the end of the run.
    assertThat(ledger.settle()).isTrue();
    ok(r, 1);
    ledger.recorded();
    // One is ending while the run ends: recorded a little after the books closed, still counted.
    assertThat(ledger.settle()).isTrue();
    Thread late =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ok(r, 1);
              ledger.recorded();
            });
    assertThat(ledger.stopping()).isFalse();
    // Two never end before the run does (the settle wait gives up on them after 3 s).
    late.start();
    run.finish();
    late.join();
    assertThat(ledger.stopping()).isTrue();
    // A request that ends after the books closed was counted as cut off: it must not record.
    assertThat(ledger.settle()).isFalse();
    assertThat(ledger.settle()).isFalse();

    RunSummary.RequestSummary a = read().requests().get("a");
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.ok()).isEqualTo(2);
    assertThat(a.ko()).isEqualTo(2);
    assertThat(a.koReasons()).containsExactly(java.util.Map.entry(MlRun.CUT_OFF, 2L));
  }

  @Test
  void theShutdownHookWritesAFinalSummaryMarkedAsStoppedAndOnlyOnce() throws Exception {
    MlRun run = run(0, true);
    ok(run.metrics().recorder("a", INFER), 2);
    nanos.addAndGet(SECOND);

    long start = System.nanoTime();
    run.onShutdown(); // what the JVM runs on SIGTERM
    assertThat(System.nanoTime() - start).isLessThan(6 * SECOND);
    RunSummary stopped = read();
    assertThat(stopped.complete()).isFalse();
    assertThat(stopped.stoppedBy()).isEqualTo(MlRun.STOPPED_BY_SHUTDOWN);
    assertThat(stopped.requests().get("a").count()).isEqualTo(2);

    // Gatling's own end afterwards does nothing: no second summary, no double count.
    String text = Files.readString(summaryFile());
    assertThat(run.finish()).isEmpty();
    run.onShutdown();
    assertThat(Files.readString(summaryFile())).isEqualTo(text);
    // The hook was taken out of the JVM's list.
    assertThat(Runtime.getRuntime().removeShutdownHook(run.shutdownHook())).isFalse();
  }

  @Test
  void aNormalEndRemovesTheShutdownHook() throws Exception {
    MlRun run = run(0, true);
    Thread hook = run.shutdownHook();
    assertThat(hook).isNotNull();
    assertThat(run.finish()).isPresent();
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
    assertThat(read().complete()).isTrue();
  }

  @Test
  void aFailedPeriodicWriteNeverThrowsAndIsLoggedOncePerReason() throws Exception {
    // A non-empty directory where the file should be: every write fails the same way.
    Files.createDirectories(summaryFile()).resolve("x");
    Files.writeString(summaryFile().resolve("x"), "x");
    Logger log = Logger.getLogger(MlRun.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(handler);
    try {
      MlRun run = run(0, false);
      ok(run.metrics().recorder("a", INFER), 1);
      for (int i = 0; i < 5; i++) {
        run.writePeriodic();
      }
      assertThat(records)
          .filteredOn(rec -> rec.getLevel() == Level.WARNING)
          .hasSize(1)
          .first()
          .satisfies(rec -> assertThat(rec.getMessage()).contains("periodic ML summary"));
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void theIntervalComesFromASystemProperty() {
    assertThat(MlRun.intervalSeconds()).isEqualTo(MlRun.DEFAULT_INTERVAL_SECONDS);
    System.setProperty(MlRun.INTERVAL_PROPERTY, "2");
    assertThat(MlRun.intervalSeconds()).isEqualTo(2);
    System.setProperty(MlRun.INTERVAL_PROPERTY, "0");
    assertThat(MlRun.intervalSeconds()).isZero();
    System.setProperty(MlRun.INTERVAL_PROPERTY, "soon");
    assertThat(MlRun.intervalSeconds()).isEqualTo(MlRun.DEFAULT_INTERVAL_SECONDS);
  }
}
