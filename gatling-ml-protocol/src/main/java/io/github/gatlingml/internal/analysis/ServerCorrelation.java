/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.analysis;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the scraped server metrics beside a plan's steps (each step gets the mean and max of the
 * well-known series over its window) and says in words what they show at the knee:
 *
 * <ul>
 *   <li>GPU utilisation of {@value #GPU_BUSY_PCT}% or more at the knee: the server is
 *       compute-bound;
 *   <li>else, queue time per request (or waiting requests) at least {@value #QUEUE_GROWTH}x that of
 *       the lightest step, and up by 1 ms or more: requests wait in the server's queue while the
 *       GPU has room (too few model instances, a batching limit, a CPU-bound stage);
 *   <li>else, if such metrics were scraped: no sign of saturation on the server side, so the limit
 *       is elsewhere (network, client, a resource not scraped).
 * </ul>
 */
public final class ServerCorrelation {
  /** GPU utilisation at or above this at the knee reads as compute-bound. */
  static final double GPU_BUSY_PCT = 90;

  /** A queue that grew this many times (and by at least 1 ms) reads as requests waiting. */
  static final double QUEUE_GROWTH = 2;

  static final String GPU = "gpu_util_pct";
  static final String QUEUE = "triton_queue_us_per_request";
  static final String WAITING = "vllm_requests_waiting";
  static final String PENDING = "triton_pending_requests";

  private ServerCorrelation() {}

  /**
   * The summary with server figures per step and the correlation sentence, when it has both a plan
   * with steps and scraped server metrics; else the summary as it is.
   *
   * @param summary a run's summary
   * @return the summary, enriched
   */
  public static RunSummary apply(RunSummary summary) {
    LoadReport load = summary.load();
    ServerMetrics server = summary.serverMetrics();
    if (load == null || server == null || load.steps().isEmpty()) {
      return summary;
    }
    List<LoadReport.StepSummary> steps = new ArrayList<>();
    for (LoadReport.StepSummary s : load.steps()) {
      steps.add(s.withServer(server.window(s.startMs(), s.endMs()).wellKnown()));
    }
    LoadReport.Analysis analysis = load.analysis();
    if (analysis != null) {
      analysis = analysis.withServerCorrelation(describe(steps, analysis.knee()));
    }
    return summary.withLoad(load.withSteps(steps, analysis));
  }

  /** What the server metrics say about the knee, or null when they cannot say anything. */
  static String describe(List<LoadReport.StepSummary> steps, LoadReport.Knee knee) {
    if (knee == null) {
      return null;
    }
    LoadReport.StepSummary at = steps.get(knee.step());
    LoadReport.StepSummary first = steps.get(0);
    boolean open = at.offeredRps() != null;
    String where =
        String.format(
            Locale.ROOT,
            "From step %d (%s)",
            knee.step(),
            open
                ? String.format(Locale.ROOT, "%.0f/s", at.offeredRps())
                : at.offeredUsers() + " users");
    Double gpu = mean(at.server(), GPU);
    Double queueFirst = mean(first.server(), QUEUE);
    Double queueAt = mean(at.server(), QUEUE);
    String queue =
        queueFirst != null && queueAt != null
            ? String.format(
                Locale.ROOT,
                "queue time per request %.1f -> %.1f ms",
                queueFirst / 1000,
                queueAt / 1000)
            : null;
    if (gpu != null && gpu >= GPU_BUSY_PCT) {
      return String.format(Locale.ROOT, "%s GPU utilisation %.0f%%", where, gpu)
          + (queue != null ? " and " + queue : "")
          + ": the server is compute-bound.";
    }
    boolean queueGrew =
        queueFirst != null
            && queueAt != null
            && queueAt >= QUEUE_GROWTH * Math.max(queueFirst, 1)
            && queueAt - queueFirst >= 1000;
    String waiting = waiting(first, at);
    if (queueGrew || waiting != null) {
      return where
          + " "
          + (queueGrew ? queue : waiting)
          + (gpu != null ? String.format(Locale.ROOT, " while GPU utilisation is %.0f%%", gpu) : "")
          + ": requests wait in the server's queue; more model instances, a larger batch or a"
          + " faster pre/post-processing stage would raise the knee.";
    }
    if (gpu == null && queue == null) {
      return null;
    }
    return where
        + " the server metrics show no saturation ("
        + (gpu != null ? String.format(Locale.ROOT, "GPU utilisation %.0f%%", gpu) : "")
        + (gpu != null && queue != null ? ", " : "")
        + (queue != null ? queue : "")
        + "): the limit is elsewhere (network, client, or a resource not scraped).";
  }

  /** Waiting or pending requests that grew from the first step to the knee, in words. */
  private static String waiting(LoadReport.StepSummary first, LoadReport.StepSummary at) {
    for (String name : List.of(WAITING, PENDING)) {
      Double before = mean(first.server(), name);
      Double after = mean(at.server(), name);
      if (before != null && after != null && after >= QUEUE_GROWTH * Math.max(before, 1)) {
        return String.format(
            Locale.ROOT,
            "%s %.1f -> %.1f",
            name.equals(WAITING) ? "waiting requests" : "pending requests",
            before,
            after);
      }
    }
    return null;
  }

  private static Double mean(Map<String, ServerMetrics.Stats> figures, String name) {
    ServerMetrics.Stats s = figures.get(name);
    return s == null ? null : s.mean();
  }
}
