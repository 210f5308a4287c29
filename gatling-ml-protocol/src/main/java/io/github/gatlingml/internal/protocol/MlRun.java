/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.metrics.RequestRecorder;
import io.github.gatlingml.internal.metrics.StreamRecorder;
import io.github.gatlingml.internal.metrics.StreamTiming;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Gatling run as the ml protocol sees it: the metrics registry every scenario records into, the
 * count of requests in flight, and the end of the run, where connections are closed, what is still
 * in flight is settled and ml-summary.json is written once.
 */
public final class MlRun {
  private static final Logger LOG = Logger.getLogger(MlRun.class.getName());
  private static final long SETTLE_MILLIS = 3_000;
  private static final String CUT_OFF = "cut off at end of run";

  private final StatsLogger stats;
  private final MetricsRegistry metrics;
  private final long startEpochMs = System.currentTimeMillis();
  private final List<MlRuntime> runtimes = new CopyOnWriteArrayList<>();
  private final Map<MlProtocol, MlRuntime> byProtocol = new ConcurrentHashMap<>();

  /** In-flight counters by recorder (a RequestRecorder or a StreamRecorder). */
  private final Map<Object, AtomicLong> inFlight = new ConcurrentHashMap<>();

  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile String summaryPath;

  public MlRun(
      StatsLogger stats,
      Iterable<? extends java.util.concurrent.ScheduledExecutorService> eventLoops) {
    this.stats = stats;
    this.metrics = MetricsRegistry.create();
    metrics.start();
    if (eventLoops != null) {
      metrics.probeEventLoops(eventLoops, 100);
    }
  }

  public StatsLogger stats() {
    return stats;
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  /** The in-flight counter of one request name (its RequestRecorder or StreamRecorder). */
  public AtomicLong inFlight(Object recorder) {
    return inFlight.computeIfAbsent(recorder, r -> new AtomicLong());
  }

  /**
   * The clients of a protocol configuration, shared by every scenario of the run that uses it (so
   * scenarios share connections, as they share the configuration).
   */
  public MlRuntime runtime(MlProtocol protocol) {
    return byProtocol.computeIfAbsent(protocol, p -> new MlRuntime(p, this));
  }

  /** True once the run has ended (its clients are closed or closing). */
  public boolean isFinished() {
    return finished.get();
  }

  /** Registers a protocol's clients, closed at the end of the run. */
  void register(MlRuntime runtime) {
    runtimes.add(runtime);
    if (runtime.protocol().summaryPath() != null) {
      summaryPath = runtime.protocol().summaryPath();
    }
  }

  /**
   * Ends the run: closes every connection (failing what is still in flight, which counts it), waits
   * briefly for those failures to be recorded, counts anything still unsettled as a KO "cut off at
   * the end of the run", and writes ml-summary.json.
   *
   * @return where the summary was written
   */
  public Optional<Path> finish() {
    if (!finished.compareAndSet(false, true)) {
      return Optional.empty();
    }
    for (MlRuntime r : runtimes) {
      r.close();
    }
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (pending() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    inFlight.forEach(
        (recorder, count) -> {
          long n = count.getAndSet(0);
          long now = System.nanoTime();
          for (long i = 0; i < n; i++) {
            if (recorder instanceof StreamRecorder) {
              StreamTiming t = StreamTiming.start(now);
              t.finish(now, null, null);
              ((StreamRecorder) recorder).recordKo(t, CUT_OFF, 0, 0);
            } else {
              ((RequestRecorder) recorder).recordKo(now, now, CUT_OFF, 0, 0);
            }
          }
        });
    metrics.stop();
    Path target = summaryTarget();
    String runId = target.getParent() == null ? "run" : target.getParent().getFileName().toString();
    RunSummary summary = metrics.summary(simulationName(runId), runId);
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      SummaryWriter.write(summary, target);
      System.out.println(
          "gatling-ml: ML summary written to " + target.toAbsolutePath().normalize());
      return Optional.of(target);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "gatling-ml: cannot write " + target + ": " + e, e);
      return Optional.empty();
    }
  }

  private long pending() {
    long n = 0;
    for (AtomicLong c : inFlight.values()) {
      n += c.get();
    }
    return n;
  }

  /**
   * The configured path, else next to this run's Gatling report, else a dated folder under the
   * working directory.
   */
  private Path summaryTarget() {
    String configured = summaryPath;
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isDirectory(p) ? p.resolve(SummaryWriter.FILE_NAME) : p;
    }
    Path root = ResultsFolder.root();
    return ResultsFolder.newestRunSince(root, startEpochMs)
        .map(dir -> dir.resolve(SummaryWriter.FILE_NAME))
        .orElse(
            root.resolve(
                    "ml-summary-" + Instant.ofEpochMilli(startEpochMs).toString().replace(':', '-'))
                .resolve(SummaryWriter.FILE_NAME));
  }

  /** Gatling names run folders {@code <simulation>-<timestamp>}. */
  private static String simulationName(String runId) {
    int dash = runId.lastIndexOf('-');
    return dash > 0 ? runId.substring(0, dash) : runId;
  }
}
