/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.internal.load.PlanSource;
import io.github.gatlingml.internal.load.StepTimeline;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The ML metrics of one run: a {@link RequestRecorder} per request name, a sampler that turns what
 * they recorded into per-interval time series and run totals, the injector's health, and the {@link
 * RunSummary} at the end.
 *
 * <p>Threading: recorders are written concurrently and lock-free from any thread. Everything else
 * (ticks, probes' totals, summaries) runs under one lock, on the sampler's thread or the caller's;
 * a tick takes a few microseconds per request name, once per interval, off the hot path.
 *
 * <p>Life cycle: build, {@link #start()} (or drive {@link #tick(long)} by hand), record, {@link
 * #stop()}, then {@link #summary(String, String)}. The run starts when the registry is built, or
 * when it is started if no tick happened before. {@link #stop()} takes a final tick, so every
 * request recorded before it is in the totals exactly once.
 */
public final class MetricsRegistry {
  /** The default width of a time-series interval. */
  public static final long DEFAULT_INTERVAL_MS = 1_000;

  /** Process CPU p50 above this percentage of the machine raises a warning (k6's advice). */
  public static final double CPU_WARN_PCT = 80.0;

  /** Event-loop lag p99 above this many microseconds raises a warning. */
  public static final long EVENT_LOOP_LAG_WARN_US = 10_000;

  /**
   * More than this percentage of requests starting over 1 ms late raises a warning (perf_analyzer's
   * threshold).
   */
  public static final double SCHEDULE_LATE_WARN_PCT = 1.0;

  /** Garbage collection taking more than this percentage of the run raises a warning. */
  public static final double GC_WARN_PCT = 10.0;

  /**
   * The whole machine's CPU p50 above this percentage raises a warning: the server, other processes
   * and the injector then compete for the cores, whoever uses them.
   */
  public static final double MACHINE_CPU_WARN_PCT = 90.0;

  /** An open plan that sent fewer than this percentage of the arrivals it scheduled is suspect. */
  public static final double ACHIEVED_RATE_WARN_PCT = 99.0;

  private final LongSupplier nanoTime;
  private final LongSupplier epochMillis;
  private final long intervalMs;
  private final long intervalNanos;
  private final DoubleSupplier processCpuLoad;
  private final DoubleSupplier machineCpuLoad;
  private final LongSupplier gcTimeMillis;
  private final Supplier<String> host;
  private final int cpus;

  private final ConcurrentHashMap<String, RequestRecorder> recorders = new ConcurrentHashMap<>();
  private final Recorder eventLoopLag =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);

  private final Object lock = new Object();
  // Everything below is guarded by lock.
  private long startNanos;
  private long startEpochMs;
  private long lastTickNanos;
  private long gcAtStart;
  private long gcAtLastTick;
  private final List<Long> tickTimesMs = new ArrayList<>();
  private final Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
  private final Histogram eventLoopLagTotal = HistogramCodec.newHistogram();
  private Histogram eventLoopLagInterval;
  private final Samples processCpuPct = new Samples();
  private final Samples machineCpuPct = new Samples();
  private final List<String> samplerFailures = new ArrayList<>();
  private ScheduledExecutorService scheduler;
  private boolean ownsScheduler;
  private ScheduledFuture<?> tickTask;
  private final List<ScheduledFuture<?>> probes = new ArrayList<>();

  /** The load plan driving the run, once one registered; recorders then count per step. */
  private volatile PlanSource plan;

  private MetricsRegistry(Builder b) {
    this.nanoTime = b.nanoTime;
    this.epochMillis = b.epochMillis;
    this.intervalMs = b.intervalMs;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(b.intervalMs);
    this.processCpuLoad = b.processCpuLoad;
    this.machineCpuLoad = b.machineCpuLoad;
    this.gcTimeMillis = b.gcTimeMillis;
    this.host = b.host;
    this.cpus = b.cpus;
    synchronized (lock) {
      anchor();
    }
  }

  /**
   * A registry on the system clocks, sampling this JVM's health, with 1-second intervals.
   *
   * @return a new registry; the run starts now or at {@link #start()}
   */
  public static MetricsRegistry create() {
    return builder().build();
  }

  /**
   * A builder to change the clocks (for tests), the interval or the health sources.
   *
   * @return a builder with the defaults of {@link #create()}
   */
  public static Builder builder() {
    return new Builder();
  }

  private void anchor() {
    startNanos = nanoTime.getAsLong();
    startEpochMs = epochMillis.getAsLong();
    lastTickNanos = startNanos;
    gcAtStart = gcTimeMillis.getAsLong();
    gcAtLastTick = gcAtStart;
    // Discard the first CPU reading: the JVM measures it since an arbitrary earlier call.
    processCpuLoad.getAsDouble();
    machineCpuLoad.getAsDouble();
  }

  /**
   * The run's origin on the registry's monotonic clock: time-series {@code t}s, step boundaries and
   * scraped server metrics are all offsets from it, so they share one time axis.
   *
   * @return the {@code nanoTime} at which the run started
   */
  public long startNanos() {
    synchronized (lock) {
      return startNanos;
    }
  }

  /**
   * The run's origin on the wall clock, the summary's {@code start_epoch_ms}.
   *
   * @return ms since the epoch at {@link #startNanos()}
   */
  public long startEpochMs() {
    synchronized (lock) {
      return startEpochMs;
    }
  }

  /**
   * The width of a time-series interval.
   *
   * @return the interval, ms
   */
  public long intervalMs() {
    return intervalMs;
  }

  /**
   * The recorder of a request name, created on first use. Cache the result in the action rather
   * than calling this per request.
   *
   * @param requestName the name, as it appears in the summary and in Gatling's report
   * @param info kind, transport and model of the requests of that name
   * @return the recorder, the same one for every call with that name
   * @throws IllegalArgumentException if the name was registered with different info
   */
  public RequestRecorder recorder(String requestName, RequestInfo info) {
    Objects.requireNonNull(requestName, "requestName");
    Objects.requireNonNull(info, "info");
    RequestRecorder recorder = recorders.get(requestName);
    if (recorder == null) {
      recorder =
          recorders.computeIfAbsent(requestName, n -> attached(new RequestRecorder(n, info)));
    }
    if (recorder.stream() != null) {
      throw new IllegalArgumentException(
          "request name '"
              + requestName
              + "' is a stream: record it with streamRecorder(), or give it another name");
    }
    if (!recorder.info().equals(info)) {
      throw new IllegalArgumentException(
          "request name '"
              + requestName
              + "' is already used for "
              + recorder.info()
              + ", not "
              + info
              + ": give different requests different names, or their numbers would mix");
    }
    return recorder;
  }

  /**
   * The stream recorder of a request name, created on first use. Cache the result in the action
   * rather than calling this per request.
   *
   * @param requestName the name, as it appears in the summary and in Gatling's report
   * @param info transport and model of the requests of that name; its kind must be {@link
   *     RequestKind#STREAM}
   * @param slo the objectives goodput counts against, or {@code null} (same as {@link Slo#NONE})
   * @return the recorder, the same one for every call with that name
   * @throws IllegalArgumentException if the kind is not STREAM, or the name was registered with
   *     different info or SLO, or as a non-stream request
   */
  public StreamRecorder streamRecorder(String requestName, RequestInfo info, Slo slo) {
    Objects.requireNonNull(requestName, "requestName");
    Objects.requireNonNull(info, "info");
    if (info.kind() != RequestKind.STREAM) {
      throw new IllegalArgumentException(
          "a stream recorder needs kind STREAM, got " + info.kind() + " for '" + requestName + "'");
    }
    Slo objectives = slo == null ? Slo.NONE : slo;
    RequestRecorder recorder = recorders.get(requestName);
    if (recorder == null) {
      recorder =
          recorders.computeIfAbsent(
              requestName, n -> attached(new StreamRecorder(n, info, objectives).base()));
    }
    StreamRecorder stream = recorder.stream();
    if (stream == null || !recorder.info().equals(info) || !stream.slo().equals(objectives)) {
      throw new IllegalArgumentException(
          "request name '"
              + requestName
              + "' is already used for "
              + recorder.info()
              + (stream == null ? " (not a stream recorder)" : " with " + stream.slo())
              + ", not "
              + info
              + " with "
              + objectives
              + ": give different requests different names, or their numbers would mix");
    }
    return stream;
  }

  private RequestRecorder attached(RequestRecorder recorder) {
    PlanSource p = plan;
    if (p != null) {
      recorder.attach(p.timeline());
    }
    return recorder;
  }

  /**
   * Registers the load plan that drives the run: from now on every request is also counted in the
   * plan's step it was due to start in, and the summary gets a {@code "load"} part. One plan per
   * run.
   *
   * @param source the plan's driver
   * @throws IllegalStateException if another plan is already registered
   */
  public void registerPlan(PlanSource source) {
    Objects.requireNonNull(source, "source");
    synchronized (lock) {
      if (plan != null && plan != source) {
        throw new IllegalStateException(
            "a run drives one load plan, and '"
                + plan.timeline().plan().description()
                + "' is already registered: put the steps of both in one plan");
      }
      if (plan == source) {
        return;
      }
      plan = source;
      for (RequestRecorder recorder : recorders.values()) {
        recorder.attach(source.timeline());
      }
    }
  }

  /** The registered plan, or {@code null}. */
  public PlanSource plan() {
    return plan;
  }

  /**
   * The registered plan's report as of now (its ended steps and their analysis), without waiting
   * for a tick: a plan that has just ended judges its requirement with it while the run goes on.
   *
   * @return the report, or {@code null} without a plan
   */
  public io.github.gatlingml.metrics.LoadReport loadReport() {
    PlanSource p = plan;
    if (p == null) {
      return null;
    }
    return StepSummaries.report(p, startNanos(), nanoTime.getAsLong(), recorders.values());
  }

  /**
   * The numbers of one step so far, over every request name (an SLO search judges its probes with
   * them while the run goes on).
   *
   * @param index the step's index in the plan's timeline
   * @return the step's numbers, or {@code null} without a plan or before the plan's origin
   */
  public io.github.gatlingml.metrics.LoadReport.StepSummary stepSummary(int index) {
    PlanSource p = plan;
    if (p == null || p.timeline().origin() == StepTimeline.UNANCHORED) {
      return null;
    }
    return StepSummaries.of(p.timeline(), index, startNanos(), recorders.values());
  }

  /**
   * Starts ticking every interval on a daemon thread the registry owns and shuts down on {@link
   * #stop()}.
   *
   * @throws IllegalStateException if already started
   */
  public void start() {
    ScheduledExecutorService own =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatling-ml-metrics");
              t.setDaemon(true);
              return t;
            });
    start(own, true);
  }

  /**
   * Starts ticking every interval on the given scheduler, which stays the caller's to shut down.
   *
   * @param scheduler where ticks run; a tick holds the registry's lock for a few microseconds per
   *     request name
   * @throws IllegalStateException if already started
   */
  public void start(ScheduledExecutorService scheduler) {
    start(scheduler, false);
  }

  private void start(ScheduledExecutorService executor, boolean owned) {
    synchronized (lock) {
      if (scheduler != null) {
        if (owned) {
          executor.shutdownNow();
        }
        throw new IllegalStateException("the metrics registry is already started");
      }
      if (tickTimesMs.isEmpty()) {
        anchor();
      }
      scheduler = executor;
      ownsScheduler = owned;
      tickTask =
          executor.scheduleAtFixedRate(
              this::scheduledTick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }
  }

  private void scheduledTick() {
    try {
      tick(nanoTime.getAsLong());
    } catch (RuntimeException e) {
      // An exception would silently cancel the periodic task; keep ticking and report it instead.
      synchronized (lock) {
        if (samplerFailures.size() < 3) {
          samplerFailures.add(
              "The metrics sampler failed ("
                  + e
                  + "), so the time series may have gaps; the totals are still complete.");
        }
      }
    }
  }

  /**
   * Probes the event loops for lag: schedules a no-op on each loop every {@code periodMs} and
   * records how much later than scheduled it ran. A loop that is busy or blocked delays every
   * response it handles, and that delay ends up in the measured latencies. Uses the system clock,
   * whatever clock the registry was built with, since the loops run on real time. The probes stop
   * at {@link #stop()}.
   *
   * @param loops the loops, e.g. a Netty {@code EventLoopGroup} (an {@code Iterable} of executors
   *     that are {@link ScheduledExecutorService}s)
   * @param periodMs how often to probe each loop, ms; 10 to 100 is cheap and sensitive enough
   */
  public void probeEventLoops(Iterable<? extends ScheduledExecutorService> loops, long periodMs) {
    if (periodMs <= 0) {
      throw new IllegalArgumentException("periodMs must be positive, got " + periodMs);
    }
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    synchronized (lock) {
      for (ScheduledExecutorService loop : loops) {
        LoopProbe probe = new LoopProbe(eventLoopLag, periodNanos);
        probes.add(loop.scheduleWithFixedDelay(probe, periodMs, periodMs, TimeUnit.MILLISECONDS));
      }
    }
  }

  /**
   * Runs on its event loop. A fixed delay (not rate) avoids a burst of catch-up runs after a stall,
   * and the single task object is reused, so probing allocates nothing per run.
   */
  private static final class LoopProbe implements Runnable {
    private final Recorder lag;
    private final long periodNanos;
    private long expectedNanos;

    LoopProbe(Recorder lag, long periodNanos) {
      this.lag = lag;
      this.periodNanos = periodNanos;
      // Written before the task is submitted, which publishes it to the loop's thread.
      this.expectedNanos = System.nanoTime() + periodNanos;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      lag.recordValue(HistogramCodec.toMicros(now - expectedNanos));
      expectedNanos = System.nanoTime() + periodNanos;
    }
  }

  /**
   * Closes the interval that ends now: moves every recorder's interval histograms into the run
   * totals, appends one time-series point per request name and samples the injector's health.
   * Called every interval by {@link #start()}'s scheduler; call it directly to drive a registry
   * with a fake clock.
   *
   * <p>A point's {@code t} is the start of the interval it covers, rounded down to a multiple of
   * the interval, so ticks that fire a little late keep their slot. Two ticks in one slot fold into
   * one point.
   *
   * @param nowNanos the registry clock's current time
   */
  public void tick(long nowNanos) {
    synchronized (lock) {
      long tMs = Math.floorDiv(lastTickNanos - startNanos, intervalNanos) * intervalMs;
      boolean sameSlot = !tickTimesMs.isEmpty() && tickTimesMs.get(tickTimesMs.size() - 1) == tMs;
      for (RequestRecorder recorder : recorders.values()) {
        RunSummary.TimePoint point = recorder.drainInterval(tMs);
        List<RunSummary.TimePoint> points =
            series.computeIfAbsent(recorder.name(), n -> zeroPoints(recorder.stream() != null));
        if (sameSlot && !points.isEmpty()) {
          int last = points.size() - 1;
          points.set(last, RunSummary.TimePoint.combine(points.get(last), point));
        } else {
          points.add(point);
        }
      }
      if (!sameSlot) {
        tickTimesMs.add(tMs);
      }
      eventLoopLagInterval = eventLoopLag.getIntervalHistogram(eventLoopLagInterval);
      eventLoopLagTotal.add(eventLoopLagInterval);
      processCpuPct.add(100 * processCpuLoad.getAsDouble());
      machineCpuPct.add(100 * machineCpuLoad.getAsDouble());
      gcAtLastTick = gcTimeMillis.getAsLong();
      lastTickNanos = Math.max(lastTickNanos, nowNanos);
    }
  }

  /**
   * A series for a request name first seen after some ticks: zero points for the intervals before
   * it existed, so every name's series has the same {@code t}s.
   */
  private List<RunSummary.TimePoint> zeroPoints(boolean stream) {
    List<RunSummary.TimePoint> points = new ArrayList<>();
    for (long t : tickTimesMs) {
      points.add(
          stream
              ? new RunSummary.TimePoint(t, 0, 0, null, null, null, null, 0L, 0L)
              : new RunSummary.TimePoint(t, 0, 0, null, null));
    }
    return points;
  }

  /**
   * Closes the interval that ends now, on the registry's own clock: for a judgement mid-run (a
   * regression gate) that must see every interval completed so far.
   */
  public void tickNow() {
    tick(nanoTime.getAsLong());
  }

  /**
   * Stops the ticks and the event-loop probes, then takes a final tick so that everything recorded
   * so far is in the totals. Record requests cut off by the end of the run (as KO) before calling
   * it. Calling it again takes another final tick, which picks up late records.
   */
  public void stop() {
    synchronized (lock) {
      if (tickTask != null) {
        tickTask.cancel(false);
        tickTask = null;
      }
      for (ScheduledFuture<?> probe : probes) {
        probe.cancel(false);
      }
      probes.clear();
      if (scheduler != null && ownsScheduler) {
        scheduler.shutdown();
      }
    }
    tick(nanoTime.getAsLong());
  }

  /**
   * The run's numbers as of the last tick: call it after {@link #stop()} for the whole run.
   *
   * @param simulation the simulation's name
   * @param runId the run's identifier, e.g. Gatling's run directory name
   * @return an immutable summary
   */
  public RunSummary summary(String simulation, String runId) {
    synchronized (lock) {
      long durationNanos = lastTickNanos - startNanos;
      double durationSeconds = durationNanos / 1e9;
      Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
      Map<String, RunSummary.EncodedHistograms> histograms = new TreeMap<>();
      Histogram scheduleLag = HistogramCodec.newHistogram();
      for (RequestRecorder recorder : recorders.values()) {
        requests.put(recorder.name(), recorder.summarize(durationSeconds));
        histograms.put(recorder.name(), recorder.encodeTotals());
        scheduleLag.add(recorder.scheduleLagTotal());
      }
      long endEpochMs = startEpochMs + TimeUnit.NANOSECONDS.toMillis(durationNanos);
      long gcMs = Math.max(0, gcAtLastTick - gcAtStart);
      RunSummary.CpuStats cpu = processCpuPct.stats();
      RunSummary.LagStats loopLag = RunSummary.LagStats.of(eventLoopLagTotal);
      List<String> warnings =
          warnings(cpu, loopLag, RunSummary.LagStats.of(scheduleLag), gcMs, durationNanos);
      RunSummary.CpuStats machineCpu = machineCpuPct.stats();
      if (machineCpu != null && machineCpu.p50() > MACHINE_CPU_WARN_PCT) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "The machine's CPU was %.0f%% busy for half the run (over %.0f%%; this injector"
                    + " used %s): whatever shares it (the server under test, other processes)"
                    + " competed with the injector for the cores, so timings include waits for a"
                    + " core. Run the injector on its own machine.",
                machineCpu.p50(),
                MACHINE_CPU_WARN_PCT,
                cpu == null
                    ? "an unknown share"
                    : String.format(Locale.ROOT, "%.0f%%", cpu.p50())));
      }
      io.github.gatlingml.metrics.LoadReport load = null;
      PlanSource p = plan;
      if (p != null) {
        load = StepSummaries.report(p, startNanos, lastTickNanos, recorders.values());
        Long offered = load.offeredArrivals();
        Long sent = load.sentArrivals();
        if (offered != null && sent != null && offered > 0) {
          double achievedPct = 100.0 * sent / offered;
          if (achievedPct < ACHIEVED_RATE_WARN_PCT) {
            warnings.add(
                String.format(
                    Locale.ROOT,
                    "The plan scheduled %d arrivals by the end of the run but %d were sent (%.1f%%,"
                        + " under %.0f%%): the injector fell behind the arrival rate (too few"
                        + " users free, or a saturated machine), so the offered load was lower"
                        + " than planned. Raise the plan's maxConcurrency or use a bigger"
                        + " injector.",
                    offered,
                    sent,
                    achievedPct,
                    ACHIEVED_RATE_WARN_PCT));
          }
        }
      }
      warnings.addAll(samplerFailures);
      RunSummary.Injector injector =
          new RunSummary.Injector(host.get(), cpus, cpu, machineCpu, gcMs, loopLag, warnings);
      return new RunSummary(
              simulation,
              runId,
              startEpochMs,
              endEpochMs,
              injector,
              requests,
              intervalMs,
              series,
              histograms)
          .withLoad(load);
    }
  }

  private static List<String> warnings(
      RunSummary.CpuStats cpu,
      RunSummary.LagStats loopLag,
      RunSummary.LagStats scheduleLag,
      long gcMs,
      long durationNanos) {
    List<String> warnings = new ArrayList<>();
    if (cpu != null && cpu.p50() > CPU_WARN_PCT) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "The injector process used %.0f%% of the machine's CPU for half the run (over"
                  + " %.0f%%): the load generator may be the bottleneck, and latencies may include"
                  + " time spent waiting for its own threads.",
              cpu.p50(),
              CPU_WARN_PCT));
    }
    if (loopLag != null && loopLag.p99() > EVENT_LOOP_LAG_WARN_US) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "Event-loop lag p99 was %.1f ms (over %d ms): responses waited on busy injector"
                  + " threads before being timed, so latencies are overstated.",
              loopLag.p99() / 1000.0,
              EVENT_LOOP_LAG_WARN_US / 1000));
    }
    if (scheduleLag != null && scheduleLag.over1msPct() > SCHEDULE_LATE_WARN_PCT) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%.1f%% of requests started more than 1 ms after their scheduled time (over %.0f%%):"
                  + " the injector could not keep up with the arrival rate, so the achieved rate"
                  + " is lower than requested and latencies understate the truth.",
              scheduleLag.over1msPct(),
              SCHEDULE_LATE_WARN_PCT));
    }
    double gcPct = durationNanos > 0 ? 100.0 * gcMs / (durationNanos / 1e6) : 0;
    if (gcPct > GC_WARN_PCT) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "Garbage collection took %.0f%% of the run (over %.0f%%): pauses stall the injector"
                  + " and inflate the measured latencies.",
              gcPct,
              GC_WARN_PCT));
    }
    return warnings;
  }

  /** Per-tick samples of a percentage; negative samples mean "not available" and are dropped. */
  private static final class Samples {
    private double[] values = new double[64];
    private int size;

    void add(double value) {
      if (!(value >= 0)) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    RunSummary.CpuStats stats() {
      if (size == 0) {
        return null;
      }
      double[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      // Nearest-rank median: an actual sample, never an interpolation between two.
      double p50 = sorted[(int) Math.ceil(size * 0.5) - 1];
      return new RunSummary.CpuStats(p50, sorted[size - 1]);
    }
  }

  /** Configures a {@link MetricsRegistry}; every setting has the default of {@link #create()}. */
  public static final class Builder {
    private LongSupplier nanoTime = System::nanoTime;
    private LongSupplier epochMillis = System::currentTimeMillis;
    private long intervalMs = DEFAULT_INTERVAL_MS;
    private DoubleSupplier processCpuLoad = JvmHealth::processCpuLoad;
    private DoubleSupplier machineCpuLoad = JvmHealth::machineCpuLoad;
    private LongSupplier gcTimeMillis = JvmHealth::gcTimeMillis;
    private Supplier<String> host = JvmHealth::hostName;
    private int cpus = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * The clocks: a monotonic one for durations and a wall clock for the summary's epoch times.
     *
     * @param nanoTime like {@link System#nanoTime()}; recorders' stamps must come from the same
     *     clock
     * @param epochMillis like {@link System#currentTimeMillis()}
     * @return this builder
     */
    public Builder clock(LongSupplier nanoTime, LongSupplier epochMillis) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
      return this;
    }

    /**
     * The width of a time-series interval, and how often {@link #start()} ticks.
     *
     * @param intervalMs the interval, ms, positive
     * @return this builder
     */
    public Builder intervalMs(long intervalMs) {
      if (intervalMs <= 0) {
        throw new IllegalArgumentException("intervalMs must be positive, got " + intervalMs);
      }
      this.intervalMs = intervalMs;
      return this;
    }

    /**
     * Where CPU use comes from, sampled once per tick.
     *
     * @param processCpuLoad this process's CPU use as a fraction of the machine, 0 to 1, negative
     *     when unknown
     * @param machineCpuLoad the machine's CPU use, 0 to 1, negative when unknown
     * @return this builder
     */
    public Builder cpuLoad(DoubleSupplier processCpuLoad, DoubleSupplier machineCpuLoad) {
      this.processCpuLoad = Objects.requireNonNull(processCpuLoad, "processCpuLoad");
      this.machineCpuLoad = Objects.requireNonNull(machineCpuLoad, "machineCpuLoad");
      return this;
    }

    /**
     * Where garbage-collection time comes from.
     *
     * @param gcTimeMillis the accumulated collection time since the JVM started, ms
     * @return this builder
     */
    public Builder gcTimeMillis(LongSupplier gcTimeMillis) {
      this.gcTimeMillis = Objects.requireNonNull(gcTimeMillis, "gcTimeMillis");
      return this;
    }

    /**
     * The injector's identity in the summary.
     *
     * @param host the host name
     * @param cpus the processors available to the injector
     * @return this builder
     */
    public Builder injector(String host, int cpus) {
      Objects.requireNonNull(host, "host");
      this.host = () -> host;
      this.cpus = cpus;
      return this;
    }

    /**
     * Builds the registry; the run starts now, or at {@code start} if no tick happened before.
     *
     * @return a new registry
     */
    public MetricsRegistry build() {
      return new MetricsRegistry(this);
    }
  }

  /** This JVM's health, from the platform MXBeans. */
  private static final class JvmHealth {
    private JvmHealth() {}

    static double processCpuLoad() {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      return os instanceof com.sun.management.OperatingSystemMXBean sun
          ? sun.getProcessCpuLoad()
          : -1;
    }

    static double machineCpuLoad() {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getCpuLoad() : -1;
    }

    static long gcTimeMillis() {
      long total = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        long time = gc.getCollectionTime();
        if (time > 0) {
          total += time;
        }
      }
      return total;
    }

    static String hostName() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        return env;
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        return "unknown";
      }
    }
  }
}
