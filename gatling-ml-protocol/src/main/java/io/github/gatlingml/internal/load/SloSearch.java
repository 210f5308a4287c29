/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import io.github.gatlingml.internal.analysis.BreakingPoint;
import io.github.gatlingml.metrics.LoadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Finds the highest arrival rate that meets an SLO, in one run: short probes at one rate each,
 * first doubling from the lowest rate until a probe fails (bracketing), then halving the interval
 * between the highest rate that met the SLO and the lowest that failed (bisection), until the
 * interval is narrower than the tolerance, the highest rate meets the SLO, or the time limit comes.
 *
 * <p>Each probe is a step of the plan: its arrivals, then a pause without arrivals (the drain) so
 * that its requests end and a failing probe's queue empties before the next one, whose rate depends
 * on this one's numbers. A probe meets the SLO when its error rate, latency and TTFT percentiles
 * are within the criteria and nearly all its requests ended within the drain.
 *
 * <p>The arrivals come from {@link #getAsLong()}: offsets from the plan's origin, {@link #WAIT}
 * while a probe is being judged, {@code -1} once the search is over.
 */
public final class SloSearch implements LongSupplier {
  /** {@link #getAsLong()}'s answer while the next probe's rate is not decided yet. */
  public static final long WAIT = -2;

  /** The most probes a search runs, whatever its time limit. */
  public static final int MAX_PROBES = 64;

  /** The longest the next probe waits for the last one's requests to end, past the drain. */
  static final long MAX_EXTRA_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** How often the search checks whether the last probe's requests have ended. */
  static final long DRAIN_POLL_MILLIS = 50;

  /** A probe whose ended requests are fewer than this share of its arrivals fails. */
  static final double MIN_ENDED_SHARE = 0.99;

  private final double minRps;
  private final double maxRps;
  private final long probeNanos;
  private final long drainNanos;
  private final long timeLimitNanos;
  private final double tolerance;
  private final long warmUpNanos;
  private final LoadReport.Criteria criteria;
  private final double percentile;
  private final StepTimeline timeline;
  private IntFunction<LoadReport.StepSummary> steps;

  private final Object lock = new Object();
  // Guarded by lock.
  private ArrivalGenerator current;
  private long currentShift;
  private double currentRate;
  private long currentExpected;
  private boolean started;
  private boolean judging;
  private String stopReason;
  private Double lo;
  private Double hi;
  private final List<LoadReport.SearchResult.Probe> probes = new ArrayList<>();
  private ScheduledExecutorService judge;

  /**
   * @param timeline the plan's timeline, to which each probe is appended as a step
   * @param minRps the lowest rate tried, per second, more than 0
   * @param maxRps the highest rate tried, at least {@code minRps}
   * @param probeNanos each probe's length
   * @param drainNanos the pause after each probe
   * @param timeLimitNanos the search's longest run from its origin
   * @param tolerance the search stops once {@code (failing - met) <= tolerance * met}
   * @param warmUpNanos arrivals at {@code minRps} before the first probe, not judged
   * @param criteria what meeting the SLO means
   * @param percentile the percentile judged
   */
  public SloSearch(
      StepTimeline timeline,
      double minRps,
      double maxRps,
      long probeNanos,
      long drainNanos,
      long timeLimitNanos,
      double tolerance,
      long warmUpNanos,
      LoadReport.Criteria criteria,
      double percentile) {
    this.timeline = timeline;
    this.minRps = minRps;
    this.maxRps = maxRps;
    this.probeNanos = probeNanos;
    this.drainNanos = drainNanos;
    this.timeLimitNanos = timeLimitNanos;
    this.tolerance = tolerance;
    this.warmUpNanos = warmUpNanos;
    this.criteria = criteria;
    this.percentile = percentile;
  }

  /**
   * Where the probes' numbers come from: the run's registry.
   *
   * @param stepSummaries a step's numbers so far, by index
   */
  public void judgeWith(IntFunction<LoadReport.StepSummary> stepSummaries) {
    synchronized (lock) {
      this.steps = stepSummaries;
    }
  }

  @Override
  public long getAsLong() {
    synchronized (lock) {
      if (stopReason != null) {
        return -1;
      }
      if (!started) {
        started = true;
        if (warmUpNanos > 0) {
          current = ArrivalGenerator.uniform(RateFunctions.constant(minRps, warmUpNanos / 1e9));
          currentShift = 0;
          currentExpected = -1; // the warm-up is not judged
        }
        if (current == null) {
          startProbe(minRps, warmUpNanos);
        }
      }
      if (judging) {
        return WAIT;
      }
      long t = current.next();
      if (t >= 0) {
        return currentShift + t;
      }
      if (currentExpected < 0) {
        // The warm-up is over: the first probe follows at once.
        startProbe(minRps, warmUpNanos);
        long first = current.next();
        return first < 0 ? WAIT : currentShift + first;
      }
      return WAIT;
    }
  }

  /** Starts a probe at {@code rate} from {@code offsetNanos}; its judgement is scheduled. */
  private void startProbe(double rate, long offsetNanos) {
    int index = timeline.steps().size();
    StepPlan.Step step = new StepPlan.Step(index, offsetNanos, offsetNanos + probeNanos, rate, 0);
    timeline.append(step);
    current = ArrivalGenerator.uniform(RateFunctions.constant(rate, probeNanos / 1e9));
    currentShift = offsetNanos;
    currentRate = rate;
    currentExpected = Math.round(rate * probeNanos / 1e9);
    judging = false;
    if (judge == null) {
      judge =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gatling-ml-slo-search");
                t.setDaemon(true);
                return t;
              });
    }
    long origin = timeline.origin();
    long judgeAt = origin + offsetNanos + probeNanos + drainNanos;
    judge.schedule(() -> judgeProbe(index), judgeAt - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  /** Runs on the judge's thread once the probe and its drain are over. */
  private void judgeProbe(int index) {
    synchronized (lock) {
      judging = true;
      if (stopReason != null) {
        return;
      }
      LoadReport.StepSummary s = steps == null ? null : steps.apply(index);
      String failure = failure(s);
      boolean met = failure == null;
      probes.add(
          new LoadReport.SearchResult.Probe(index, currentRate, met, met ? describe(s) : failure));
      double next;
      if (met) {
        lo = lo == null ? currentRate : Math.max(lo, currentRate);
      } else {
        hi = hi == null ? currentRate : Math.min(hi, currentRate);
      }
      if (lo == null) {
        stop("min rate failed the SLO");
        return;
      }
      if (hi == null) {
        if (currentRate >= maxRps) {
          stop("max rate met the SLO");
          return;
        }
        next = Math.min(2 * currentRate, maxRps);
      } else {
        if (hi - lo <= tolerance * lo) {
          stop("converged");
          return;
        }
        next = (lo + hi) / 2;
      }
      long now = System.nanoTime() - timeline.origin();
      if (now + probeNanos + drainNanos > timeLimitNanos) {
        stop("time limit");
        return;
      }
      if (probes.size() >= MAX_PROBES) {
        stop("probe limit");
        return;
      }
      startWhenDrained(index, currentExpected, next);
    }
  }

  /**
   * Starts the next probe once every request of the last one has ended, so that a failing probe's
   * backlog (still queued in the server after the drain) does not count against the next one. Waits
   * at most {@link #MAX_EXTRA_DRAIN_NANOS}; the time limit still applies.
   */
  private void startWhenDrained(int index, long expected, double next) {
    long deadline = System.nanoTime() + MAX_EXTRA_DRAIN_NANOS;
    Runnable attempt =
        new Runnable() {
          @Override
          public void run() {
            synchronized (lock) {
              if (stopReason != null) {
                return;
              }
              LoadReport.StepSummary s = steps == null ? null : steps.apply(index);
              boolean drained = s == null || s.sent() >= expected;
              long now = System.nanoTime();
              if (!drained && now - deadline < 0) {
                judge.schedule(this, DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
              }
              long offset = now - timeline.origin();
              if (offset + probeNanos + drainNanos > timeLimitNanos) {
                stop("time limit");
                return;
              }
              // A lead longer than the users' 20 ms polling, so the first arrivals are not late.
              startProbe(next, offset + TimeUnit.MILLISECONDS.toNanos(50));
            }
          }
        };
    attempt.run();
  }

  private String failure(LoadReport.StepSummary s) {
    if (s == null || s.sent() == 0) {
      return "no request of the probe ended";
    }
    if (s.sent() < MIN_ENDED_SHARE * currentExpected) {
      return String.format(
          Locale.ROOT,
          "%d of %d requests still unanswered %.1f s after the probe",
          currentExpected - s.sent(),
          currentExpected,
          drainNanos / 1e9);
    }
    return BreakingPoint.meetsSlo(s, criteria, percentile);
  }

  private String describe(LoadReport.StepSummary s) {
    Long latency = BreakingPoint.latencyAt(s, percentile);
    return String.format(
        Locale.ROOT,
        "errors %.1f%%, p%s latency %.1f ms",
        s.errorPct(),
        percentile == Math.rint(percentile) ? Long.toString((long) percentile) : "999",
        latency == null ? Double.NaN : latency / 1000.0);
  }

  private void stop(String reason) {
    stopReason = reason;
    judge.shutdown();
  }

  /** The search so far. */
  public LoadReport.SearchResult result() {
    synchronized (lock) {
      return new LoadReport.SearchResult(
          lo, hi, probes, stopReason == null ? "run ended" : stopReason);
    }
  }
}
