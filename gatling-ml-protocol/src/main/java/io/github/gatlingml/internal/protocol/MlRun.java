/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.github.gatlingml.internal.analysis.ServerCorrelation;
import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.metrics.RequestRecorder;
import io.github.gatlingml.internal.metrics.StreamRecorder;
import io.github.gatlingml.internal.metrics.StreamTiming;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.internal.servermetrics.ServerMetricsCollector;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import io.github.gatlingml.report.MlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Gatling run as the ml protocol sees it: the metrics registry every scenario records into, the
 * count of requests in flight, and the end of the run, where connections are closed, what is still
 * in flight is settled and the final ml-summary.json is written once.
 *
 * <p>During the run, ml-summary.json is rewritten every {@code gatling.ml.summaryIntervalSeconds}
 * (10 s by default, 0 to turn it off) with {@code "complete": false}, on a daemon thread of its
 * own, so that a run that is killed still leaves its numbers so far. A JVM shutdown hook (SIGINT,
 * SIGTERM, {@code System.exit}) ends the run and writes the final summary, marked {@code
 * "complete": false, "stopped_by": "shutdown"}, when the JVM goes down before Gatling ended the
 * run.
 */
public final class MlRun {
  private static final Logger LOG = Logger.getLogger(MlRun.class.getName());

  /** The KO reason of the requests still in flight when the run ends. */
  public static final String CUT_OFF = "cut off at end of run";

  /** The {@code stopped_by} of a summary written because the JVM was shutting down. */
  public static final String STOPPED_BY_SHUTDOWN = "shutdown";

  /** System property: seconds between two periodic summaries; 0 or less turns them off. */
  public static final String INTERVAL_PROPERTY = "gatling.ml.summaryIntervalSeconds";

  /** The default of {@link #INTERVAL_PROPERTY}. */
  public static final long DEFAULT_INTERVAL_SECONDS = 10;

  /** How long the end of the run waits for in-flight requests to end after closing the clients. */
  private static final long SETTLE_MILLIS = 3_000;

  /**
   * The same wait when the JVM is shutting down, where the whole end must fit the hook's budget.
   */
  private static final long SHUTDOWN_SETTLE_MILLIS = 1_500;

  /** How long requests that were ending when the books closed may take to be recorded. */
  private static final long RECORDING_MILLIS = 500;

  /** The longest the shutdown hook holds up the JVM's exit. */
  private static final long SHUTDOWN_BUDGET_MILLIS = 5_000;

  private final StatsLogger stats;
  private final MetricsRegistry metrics;

  /** Scraped server metrics and ModelStatistics, on a thread of their own. */
  private final ServerMetricsCollector serverMetrics;

  private final long startEpochMs = System.currentTimeMillis();
  private final List<MlRuntime> runtimes = new CopyOnWriteArrayList<>();
  private final Map<MlProtocol, MlRuntime> byProtocol = new ConcurrentHashMap<>();

  /** In-flight ledgers by recorder (a RequestRecorder or a StreamRecorder). */
  private final Map<Object, InFlight> inFlight = new ConcurrentHashMap<>();

  /** Set by the first of {@link #finish()} and the shutdown hook; the other does nothing. */
  private final AtomicBoolean finished = new AtomicBoolean();

  /** Counted down once the final summary is written (or could not be). */
  private final CountDownLatch ended = new CountDownLatch(1);

  /** Set just before the clients are closed: requests failing from now on are cut off. */
  private volatile boolean stopping;

  private volatile String summaryPath;

  /** Where every summary of this run goes, once known; never changes after. */
  private volatile Path target;

  /** Periodic and final writes take turns, so a periodic one never replaces the final one. */
  private final Object writeLock = new Object();

  /** The reasons of failed writes already logged, so each is logged once. */
  private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

  private final ScheduledExecutorService writer;
  private final Thread shutdownHook;

  public MlRun(
      StatsLogger stats,
      Iterable<? extends java.util.concurrent.ScheduledExecutorService> eventLoops) {
    this(stats, started(MetricsRegistry.create(), eventLoops), intervalSeconds(), true);
  }

  /**
   * A run on a registry the caller drives (and started, if it wants ticks).
   *
   * @param periodicSeconds seconds between periodic summaries, 0 or less for none
   * @param shutdownHook whether to write the final summary when the JVM shuts down mid-run
   */
  MlRun(StatsLogger stats, MetricsRegistry metrics, long periodicSeconds, boolean shutdownHook) {
    this.stats = stats;
    this.metrics = metrics;
    this.serverMetrics = new ServerMetricsCollector(metrics);
    if (periodicSeconds > 0) {
      writer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gatling-ml-summary");
                t.setDaemon(true);
                return t;
              });
      writer.scheduleWithFixedDelay(
          this::writePeriodic, periodicSeconds, periodicSeconds, TimeUnit.SECONDS);
    } else {
      writer = null;
    }
    if (shutdownHook) {
      Thread hook = new Thread(this::onShutdown, "gatling-ml-shutdown");
      Thread registered = hook;
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException | SecurityException e) {
        registered = null; // already shutting down, or not allowed: periodic summaries remain
      }
      this.shutdownHook = registered;
    } else {
      this.shutdownHook = null;
    }
  }

  private static MetricsRegistry started(
      MetricsRegistry metrics,
      Iterable<? extends java.util.concurrent.ScheduledExecutorService> eventLoops) {
    metrics.start();
    if (eventLoops != null) {
      metrics.probeEventLoops(eventLoops, 100);
    }
    return metrics;
  }

  /** {@value #INTERVAL_PROPERTY}, else {@value #DEFAULT_INTERVAL_SECONDS}. */
  static long intervalSeconds() {
    String value = System.getProperty(INTERVAL_PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_INTERVAL_SECONDS;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      LOG.warning(
          "gatling-ml: "
              + INTERVAL_PROPERTY
              + "="
              + value
              + " is not a whole number of seconds; using "
              + DEFAULT_INTERVAL_SECONDS);
      return DEFAULT_INTERVAL_SECONDS;
    }
  }

  public StatsLogger stats() {
    return stats;
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  /** The in-flight ledger of one request name (its RequestRecorder or StreamRecorder). */
  public InFlight inFlight(Object recorder) {
    return inFlight.computeIfAbsent(recorder, r -> new InFlight(this));
  }

  /**
   * The clients of a protocol configuration, shared by every scenario of the run that uses it (so
   * scenarios share connections, as they share the configuration).
   */
  public MlRuntime runtime(MlProtocol protocol) {
    MlRuntime runtime = byProtocol.computeIfAbsent(protocol, p -> new MlRuntime(p, this));
    // Outside computeIfAbsent: the first ModelStatistics fetch may take a moment.
    serverMetrics.watch(protocol);
    return runtime;
  }

  /**
   * A value that lives as long as this run, created once per key: the state of a load plan (its
   * arrivals, its clock), so that a simulation class run twice in one JVM starts afresh each time.
   *
   * @param key identifies the value, e.g. the plan
   * @param create makes the value the first time
   * @return the run's value for the key
   */
  @SuppressWarnings("unchecked")
  public <T> T perRun(Object key, java.util.function.Supplier<T> create) {
    return (T) perRun.computeIfAbsent(key, k -> create.get());
  }

  private final Map<Object, Object> perRun = new ConcurrentHashMap<>();

  /** True once the run has ended (its clients are closed or closing). */
  public boolean isFinished() {
    return finished.get();
  }

  /**
   * True once the run is stopping: its clients are about to be closed, and a request that fails
   * from now on was cut off by the end of the run ({@link #CUT_OFF}), whatever the transport says.
   */
  public boolean isStopping() {
    return stopping;
  }

  /** Registers a protocol's clients, closed at the end of the run. */
  void register(MlRuntime runtime) {
    runtimes.add(runtime);
    if (runtime.protocol().summaryPath() != null) {
      summaryPath = runtime.protocol().summaryPath();
    }
  }

  /**
   * Ends the run normally (Gatling ended it): closes every connection (failing what is still in
   * flight, which counts it), waits briefly for those failures to be recorded, counts anything
   * still unsettled as a KO "cut off at end of run", and writes the final ml-summary.json, {@code
   * "complete": true}. Called while the JVM is shutting down, the summary is marked as stopped by
   * the shutdown instead.
   *
   * @return where the summary was written; empty if the run had already ended or the write failed
   */
  public Optional<Path> finish() {
    return end(false);
  }

  /** The shutdown hook, or null when there is none (for tests). */
  Thread shutdownHook() {
    return shutdownHook;
  }

  /** The JVM is going down: end the run on a helper thread, and wait for it a bounded time. */
  void onShutdown() {
    if (finished.get()) {
      awaitEnded(SHUTDOWN_BUDGET_MILLIS);
      return;
    }
    Thread t = new Thread(() -> end(true), "gatling-ml-shutdown-summary");
    t.setDaemon(true);
    t.start();
    if (!awaitEnded(SHUTDOWN_BUDGET_MILLIS)) {
      System.err.println(
          "gatling-ml: the final ML summary was not written within "
              + SHUTDOWN_BUDGET_MILLIS
              + " ms of the JVM's shutdown; the last periodic one is kept");
    }
  }

  private boolean awaitEnded(long millis) {
    try {
      return ended.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Optional<Path> end(boolean fromHook) {
    if (!finished.compareAndSet(false, true)) {
      return Optional.empty();
    }
    try {
      // Removing the hook fails once the JVM is shutting down: then the run did not end normally.
      boolean removed = removeShutdownHook();
      boolean shuttingDown = fromHook || !removed;
      stopping = true;
      if (writer != null) {
        writer.shutdown();
      }
      for (MlRuntime r : runtimes) {
        try {
          r.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "gatling-ml: closing the clients failed: " + e, e);
        }
      }
      settle(shuttingDown ? SHUTDOWN_SETTLE_MILLIS : SETTLE_MILLIS);
      closeBooks();
      serverMetrics.stop(shuttingDown);
      metrics.stop();
      Path file = resolveTarget(true).orElseThrow();
      RunSummary summary =
          summary(file).withCompletion(!shuttingDown, shuttingDown ? STOPPED_BY_SHUTDOWN : null);
      synchronized (writeLock) {
        SummaryWriter.write(summary, file);
      }
      System.out.println(
          "gatling-ml: "
              + (shuttingDown ? "ML summary (run stopped by the JVM's shutdown)" : "ML summary")
              + " written to "
              + file.toAbsolutePath().normalize());
      System.out.println(EndOfRun.describe(summary));
      writeReport(summary, file);
      return Optional.of(file);
    } catch (Exception | Error e) {
      LOG.log(Level.WARNING, "gatling-ml: cannot write the final ML summary: " + e, e);
      return Optional.empty();
    } finally {
      ended.countDown();
    }
  }

  /** The ML report beside the summary; its failure is logged and never loses the summary. */
  private static void writeReport(RunSummary summary, Path summaryFile) {
    try {
      Path report = MlReport.write(summary, summaryFile.toAbsolutePath().getParent());
      System.out.println("gatling-ml: ML report written to " + report.normalize());
    } catch (Exception | LinkageError e) {
      LOG.log(Level.WARNING, "gatling-ml: cannot write the ML report: " + e, e);
    }
  }

  /** Removes the shutdown hook: false if the JVM is already shutting down. */
  private boolean removeShutdownHook() {
    if (shutdownHook == null) {
      return true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Waits until no request is in flight, at most {@code millis}. */
  private void settle(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (pending() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /**
   * Closes every ledger, counts what is still in flight as cut off, then waits (briefly) for the
   * requests that were being recorded at that moment, so that the final tick has them all.
   */
  private void closeBooks() {
    long now = System.nanoTime();
    inFlight.forEach(
        (recorder, ledger) -> {
          long n = ledger.close();
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
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECORDING_MILLIS);
    while (recording() > 0 && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private long pending() {
    long n = 0;
    for (InFlight c : inFlight.values()) {
      n += c.inFlight();
    }
    return n;
  }

  private long recording() {
    long n = 0;
    for (InFlight c : inFlight.values()) {
      n += c.recording();
    }
    return n;
  }

  /**
   * One periodic summary, {@code "complete": false}: the numbers as of the registry's last tick.
   * Runs on the writer's thread and never throws; a failure is logged once per reason.
   */
  void writePeriodic() {
    try {
      if (finished.get()) {
        return;
      }
      Optional<Path> file = resolveTarget(false);
      if (file.isEmpty()) {
        reportOnce(
            Level.INFO,
            "folder",
            "gatling-ml: Gatling's results folder is not known yet (no simulation.log under "
                + ResultsFolder.root().toAbsolutePath().normalize()
                + "); the periodic ML summary waits for it");
        return;
      }
      synchronized (writeLock) {
        if (finished.get()) {
          return;
        }
        SummaryWriter.write(summary(file.get()).withCompletion(false, null), file.get());
      }
    } catch (Exception | Error e) {
      // The temporary file's random name is not part of the reason.
      String reason =
          e.getClass().getName()
              + ": "
              + String.valueOf(e.getMessage()).replaceAll("\\.[0-9a-f]+\\.tmp", ".tmp");
      reportOnce(
          Level.WARNING,
          reason,
          "gatling-ml: cannot write the periodic ML summary (logged once per reason): " + e);
    }
  }

  private void reportOnce(Level level, String reason, String message) {
    if (reportedFailures.add(reason)) {
      LOG.log(level, message);
    }
  }

  private RunSummary summary(Path file) {
    String folder = file.getParent() == null ? "run" : file.getParent().getFileName().toString();
    String shared = InjectorIdentity.runId();
    RunSummary summary =
        metrics
            .summary(simulationName(folder), shared != null ? shared : folder)
            .withDistribution(distribution());
    ServerMetrics server = serverMetrics.snapshot();
    return server == null ? summary : ServerCorrelation.apply(summary.withServerMetrics(server));
  }

  /** This injector's place in a distributed run; inconsistent settings are logged, not fatal. */
  private RunSummary.Distribution distribution() {
    try {
      return InjectorIdentity.distribution();
    } catch (IllegalStateException e) {
      reportOnce(Level.WARNING, e.getMessage(), e.getMessage() + "; the summary records none");
      return null;
    }
  }

  /**
   * Where the summaries go: the configured path, else next to this run's Gatling report (the folder
   * of the newest simulation.log written since the run started, which Gatling creates when the run
   * starts), else, at the end only, a dated folder under the search root. Found once, then kept, so
   * that every periodic summary and the final one go to the same file.
   *
   * @param atEnd whether to fall back to the dated folder
   */
  Optional<Path> resolveTarget(boolean atEnd) {
    Path known = target;
    if (known != null) {
      return Optional.of(known);
    }
    synchronized (this) {
      if (target != null) {
        return Optional.of(target);
      }
      String configured = summaryPath;
      Path found;
      if (configured != null) {
        Path p = Path.of(configured);
        found = Files.isDirectory(p) ? p.resolve(SummaryWriter.FILE_NAME) : p;
      } else {
        Path root = ResultsFolder.root();
        found =
            ResultsFolder.newestRunSince(root, startEpochMs)
                .map(dir -> dir.resolve(SummaryWriter.FILE_NAME))
                .orElse(null);
        if (found == null && atEnd) {
          found =
              root.resolve(
                      "ml-summary-"
                          + Instant.ofEpochMilli(startEpochMs).toString().replace(':', '-'))
                  .resolve(SummaryWriter.FILE_NAME);
        }
      }
      target = found;
      return Optional.ofNullable(found);
    }
  }

  /** Gatling names run folders {@code <simulation>-<timestamp>}. */
  private static String simulationName(String runId) {
    int dash = runId.lastIndexOf('-');
    return dash > 0 ? runId.substring(0, dash) : runId;
  }

  /**
   * The requests of one name in flight, and the hand-over between the requests that end and the end
   * of the run, so that each request is counted exactly once: by its own outcome, or as cut off
   * when the books close.
   *
   * <p>A request calls {@link #incrementAndGet()} when sent. When it ends it calls {@link
   * #settle()}: true means the request is still its own to record, and it must call {@link
   * #recorded()} once it has recorded its outcome into the ML recorder (in a {@code finally});
   * false means the end of the run already counted it as cut off, and it must not record it. The
   * end of the run {@link #close() closes} the ledger, counts what is then in flight as cut off,
   * and waits for the recordings in progress before its final tick.
   *
   * <p>The value is one long so that each step is a single compare-and-set: bits 0-30 count the
   * requests in flight, bits 31-61 the recordings in progress, bit 62 says closed. {@link
   * #incrementAndGet()} and {@link #decrementAndGet()} still work on the in-flight count (the older
   * protocol, which cannot tell a request counted as cut off from one that is not).
   */
  public static final class InFlight extends AtomicLong {
    private static final long serialVersionUID = 1L;
    private static final long COUNT_MASK = (1L << 31) - 1;
    private static final long RECORDING_ONE = 1L << 31;
    private static final long RECORDING_MASK = COUNT_MASK << 31;
    private static final long CLOSED = 1L << 62;

    private final transient MlRun run;

    InFlight(MlRun run) {
      this.run = run;
    }

    /** A request that was sent has ended: true if it is its own to record, see the class. */
    public boolean settle() {
      while (true) {
        long v = get();
        if ((v & CLOSED) != 0) {
          return false;
        }
        if (compareAndSet(v, v - 1 + RECORDING_ONE)) {
          return true;
        }
      }
    }

    /** The request that {@link #settle() settled} has recorded its outcome. */
    public void recorded() {
      addAndGet(-RECORDING_ONE);
    }

    /**
     * True once the run is stopping: a request that ends as a KO from now on must be recorded with
     * the reason {@link MlRun#CUT_OFF}, and one sent from now on should not be recorded at all.
     */
    public boolean stopping() {
      return run != null && run.stopping;
    }

    /**
     * True when a load plan drives the run: only then can a request carry an intended start, so
     * requests of plain runs skip looking for an arrival ticket in their session.
     */
    public boolean planned() {
      return run != null && run.metrics.plan() != null;
    }

    /** Requests in flight. */
    public long inFlight() {
      return get() & COUNT_MASK;
    }

    long recording() {
      return (get() & RECORDING_MASK) >>> 31;
    }

    /** Closes the books: returns how many requests were in flight, now counted as cut off. */
    long close() {
      while (true) {
        long v = get();
        if ((v & CLOSED) != 0) {
          return 0;
        }
        if (compareAndSet(v, v | CLOSED)) {
          return v & COUNT_MASK;
        }
      }
    }

    boolean isClosed() {
      return (get() & CLOSED) != 0;
    }
  }
}
