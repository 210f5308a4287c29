/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.analysis;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The breaking-point analysis of a stepped run: the knee, the maximum sustainable load and the
 * saturation throughput, from the steps' numbers alone (so a summary read back from disk gives the
 * same answer).
 *
 * <p>The method, step by step in load order (documented for users in {@code
 * docs/breaking-point.md}):
 *
 * <ol>
 *   <li>Latency is a step's percentile P (99 by default) over its OK requests. The knee rule below
 *       judges it from the actual send, so that a stall of the injector (a burst of schedule lag)
 *       is not taken for the server's limit; requests sent on time that queue in the server show
 *       there all the same. The SLO judges it from the intended start when the plan knows it (an
 *       open plan): what a user arriving on time saw.
 *   <li>A step is <b>degraded</b> when any of: its error rate is above the limit; its latency
 *       exceeds {@code kneeFactor} (2 by default) times the lowest judged latency of the steps
 *       before it, and by at least 1 ms (so microsecond noise on a fast endpoint is not a knee); an
 *       open step delivered less than {@code minAchievedPct} (95% by default) of its offered rate;
 *       a closed step gained less than half the throughput its added users would give if throughput
 *       grew in proportion (adding users then only adds queueing).
 *   <li>The <b>knee</b> is the first degraded step.
 *   <li>A step is <b>sustainable</b> when it is not degraded and, if a latency SLO is given, its
 *       judged latency is within it. The <b>maximum sustainable</b> load is the last step of the
 *       unbroken run of sustainable steps from the first: a step that passes after one that failed
 *       is noise or recovery, not capacity, since every lower load must pass too.
 *   <li>The <b>saturation throughput</b> is the highest throughput (OK requests ended per second)
 *       of any step.
 * </ol>
 */
public final class BreakingPoint {
  /** Latency rises below this are never a knee, whatever the ratio. */
  static final long MIN_RISE_US = 1_000;

  private BreakingPoint() {}

  /** The default criteria: 1% errors, no latency SLO, knee at 2x, 95% of the offered rate. */
  public static LoadReport.Criteria defaultCriteria() {
    return new LoadReport.Criteria(1.0, null, 2.0, 95.0);
  }

  /**
   * Analyses the steps of a run.
   *
   * @param steps the steps that ran to their end, in load order
   * @param criteria what sustainable means
   * @param percentile the latency percentile judged: 50, 90, 95, 99 or 99.9
   * @return the analysis, or {@code null} without steps
   */
  public static LoadReport.Analysis analyze(
      List<LoadReport.StepSummary> steps, LoadReport.Criteria criteria, double percentile) {
    if (steps.isEmpty()) {
      return null;
    }
    int n = steps.size();
    Degradation[] degraded = new Degradation[n];
    Long baseline = null;
    for (int i = 0; i < n; i++) {
      LoadReport.StepSummary step = steps.get(i);
      Long latency = serverLatencyAt(step, percentile);
      degraded[i] =
          degradation(
              step, i == 0 ? null : steps.get(i - 1), latency, baseline, criteria, percentile);
      if (latency != null) {
        baseline = baseline == null ? latency : Math.min(baseline, latency);
      }
    }
    LoadReport.Knee knee = null;
    LoadReport.Sustainable sustainable = null;
    boolean sustainableRun = true;
    double saturation = 0;
    List<String> transients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LoadReport.StepSummary step = steps.get(i);
      saturation = Math.max(saturation, step.throughputRps());
      Degradation d = degraded[i];
      // A latency spike that the next (heavier) step does not repeat is a hiccup (a GC pause, a
      // noisy neighbour), not the system's limit: a real knee only gets worse with more load.
      boolean transientSpike = d != null && d.latencyOnly() && i < n - 1 && degraded[i + 1] == null;
      if (transientSpike) {
        transients.add(
            String.format(
                Locale.ROOT,
                "step %d (%s: %s)",
                step.index(),
                load(step.offered(), step),
                d.reason()));
        d = null;
      }
      if (d != null && knee == null) {
        knee = new LoadReport.Knee(step.index(), step.offered(), d.reason());
      }
      boolean withinSlo = meetsSlo(step, criteria, percentile) == null;
      if (sustainableRun && d == null && withinSlo && step.ok() > 0) {
        sustainable =
            new LoadReport.Sustainable(step.index(), step.offered(), step.throughputRps());
      } else {
        sustainableRun = false;
      }
    }
    String conclusion = conclusion(steps, knee, sustainable, saturation, criteria, percentile);
    if (!transients.isEmpty()) {
      conclusion +=
          " Not counted as the knee, since the next step did not repeat it: a latency spike at "
              + String.join(", ", transients)
              + ".";
    }
    return new LoadReport.Analysis(percentile, criteria, knee, sustainable, saturation, conclusion);
  }

  /** Why a step is degraded; {@code latencyOnly} when the only sign is its latency. */
  private record Degradation(String reason, boolean latencyOnly) {}

  private static String load(double offered, LoadReport.StepSummary step) {
    return load(offered, step.offeredRps() != null);
  }

  /**
   * Whether a step meets the criteria's objectives (latency and TTFT at the percentile, errors):
   * null if it does, else why not, in words.
   */
  public static String meetsSlo(
      LoadReport.StepSummary step, LoadReport.Criteria c, double percentile) {
    if (step.ok() == 0) {
      return "no request succeeded";
    }
    if (step.errorPct() > c.maxErrorPct()) {
      return String.format(
          Locale.ROOT, "error rate %.1f%% over %.1f%%", step.errorPct(), c.maxErrorPct());
    }
    if (c.latencySloUs() != null) {
      Long latency = latencyAt(step, percentile);
      if (latency == null || latency > c.latencySloUs()) {
        return String.format(
            Locale.ROOT,
            "%s latency %s over %s",
            label(percentile),
            latency == null ? "unknown" : ms(latency),
            ms(c.latencySloUs()));
      }
    }
    if (c.ttftSloUs() != null) {
      Long ttft = ttftAt(step, percentile);
      if (ttft == null || ttft > c.ttftSloUs()) {
        return String.format(
            Locale.ROOT,
            "%s TTFT %s over %s",
            label(percentile),
            ttft == null ? "unknown (no token streamed)" : ms(ttft),
            ms(c.ttftSloUs()));
      }
    }
    return null;
  }

  /** The step's TTFT at a percentile, or null without streams. */
  static Long ttftAt(LoadReport.StepSummary step, double percentile) {
    RunSummary.LatencyStats s = step.ttftUs();
    return s == null ? null : pick(s, percentile);
  }

  /** Why a step is degraded, or null if it is not. */
  private static Degradation degradation(
      LoadReport.StepSummary step,
      LoadReport.StepSummary previous,
      Long latency,
      Long baseline,
      LoadReport.Criteria c,
      double percentile) {
    if (step.sent() > 0 && step.errorPct() > c.maxErrorPct()) {
      return new Degradation(
          String.format(
              Locale.ROOT, "error rate %.1f%% over %.1f%%", step.errorPct(), c.maxErrorPct()),
          false);
    }
    if (step.ok() == 0) {
      return new Degradation("no request succeeded", false);
    }
    if (latency != null
        && baseline != null
        && latency > c.kneeFactor() * baseline
        && latency - baseline >= MIN_RISE_US) {
      return new Degradation(
          String.format(
              Locale.ROOT,
              "%s latency %s, over %.1fx the %s of the lighter steps",
              label(percentile),
              ms(latency),
              c.kneeFactor(),
              ms(baseline)),
          true);
    }
    if (step.offeredRps() != null
        && step.offeredRps() > 0
        && step.throughputRps() < c.minAchievedPct() / 100.0 * step.offeredRps()) {
      return new Degradation(
          String.format(
              Locale.ROOT,
              "delivered %.1f/s of the %.1f/s offered (under %.0f%%)",
              step.throughputRps(),
              step.offeredRps(),
              c.minAchievedPct()),
          false);
    }
    if (step.offeredUsers() != null
        && previous != null
        && previous.offeredUsers() != null
        && previous.throughputRps() > 0
        && step.offeredUsers() > previous.offeredUsers()) {
      double loadGain = (double) step.offeredUsers() / previous.offeredUsers() - 1;
      double throughputGain = step.throughputRps() / previous.throughputRps() - 1;
      if (throughputGain < 0.5 * loadGain) {
        return new Degradation(
            String.format(
                Locale.ROOT,
                "throughput grew %.0f%% for %.0f%% more users (%.1f/s to %.1f/s): the server is"
                    + " saturated",
                100 * throughputGain,
                100 * loadGain,
                previous.throughputRps(),
                step.throughputRps()),
            false);
      }
    }
    return null;
  }

  /**
   * The latency the knee rule judges: from the actual send, so that a stall of the injector (a
   * burst of schedule lag, which the latency from the intended start includes) is not taken for the
   * server's limit. Requests sent on time that queue in the server show here all the same.
   */
  static Long serverLatencyAt(LoadReport.StepSummary step, double percentile) {
    RunSummary.LatencyStats s = step.latencyUs();
    return s == null ? null : pick(s, percentile);
  }

  /** The judged latency of a step at a percentile, or null without OK requests. */
  public static Long latencyAt(LoadReport.StepSummary step, double percentile) {
    RunSummary.LatencyStats s = step.judgedLatencyUs();
    return s == null ? null : pick(s, percentile);
  }

  private static long pick(RunSummary.LatencyStats s, double percentile) {
    if (percentile <= 50) {
      return s.p50();
    } else if (percentile <= 90) {
      return s.p90();
    } else if (percentile <= 95) {
      return s.p95();
    } else if (percentile <= 99) {
      return s.p99();
    }
    return s.p999();
  }

  private static String conclusion(
      List<LoadReport.StepSummary> steps,
      LoadReport.Knee knee,
      LoadReport.Sustainable sustainable,
      double saturation,
      LoadReport.Criteria c,
      double percentile) {
    boolean open = steps.get(0).offeredRps() != null;
    StringBuilder b = new StringBuilder();
    if (sustainable == null) {
      b.append("No step was sustainable: the first step (")
          .append(load(steps.get(0).offered(), open))
          .append(") already failed; start lower.");
    } else {
      b.append("Maximum sustainable load: ")
          .append(load(sustainable.offered(), open))
          .append(String.format(Locale.ROOT, " (%.1f/s delivered", sustainable.throughputRps()))
          .append(", errors <= ")
          .append(fmt(c.maxErrorPct()))
          .append('%');
      if (c.latencySloUs() != null) {
        b.append(", ").append(label(percentile)).append(" <= ").append(ms(c.latencySloUs()));
      }
      if (c.ttftSloUs() != null) {
        b.append(", ").append(label(percentile)).append(" TTFT <= ").append(ms(c.ttftSloUs()));
      }
      b.append(").");
    }
    if (knee == null) {
      b.append(" No knee: the system held up to the last step (")
          .append(load(steps.get(steps.size() - 1).offered(), open))
          .append("); step higher to find it.");
    } else {
      b.append(" Knee at step ")
          .append(knee.step())
          .append(" (")
          .append(load(knee.offered(), open))
          .append("): ")
          .append(knee.reason())
          .append('.');
    }
    b.append(String.format(Locale.ROOT, " Saturation throughput %.1f/s.", saturation));
    return b.toString();
  }

  private static String load(double offered, boolean open) {
    return open ? fmt(offered) + "/s" : fmt(offered) + " users";
  }

  static String label(double percentile) {
    return "p" + fmt(percentile).replace(".", "");
  }

  static String ms(long us) {
    return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
