/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.internal.analysis.BreakingPoint;
import io.github.gatlingml.internal.load.PlanSource;
import io.github.gatlingml.internal.load.StepPlan;
import io.github.gatlingml.internal.load.StepTimeline;
import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Turns the per-step counters of every request name into the {@code "load"} part of a summary. */
final class StepSummaries {
  private StepSummaries() {}

  /**
   * The plan's report as of {@code nowNanos}: every step that has ended by then (a step cut short
   * by the end of the run is left out, its numbers being those of a shorter, different step), and
   * the analysis over them.
   */
  static LoadReport report(
      PlanSource source, long runStartNanos, long nowNanos, Collection<RequestRecorder> recorders) {
    StepTimeline timeline = source.timeline();
    List<LoadReport.StepSummary> steps = new ArrayList<>();
    for (int index : timeline.endedBy(nowNanos)) {
      steps.add(of(timeline, index, runStartNanos, recorders));
    }
    StepPlan plan = timeline.plan();
    LoadReport.Analysis analysis =
        plan.kind() == StepPlan.Kind.SLO_SEARCH
            ? null
            : BreakingPoint.analyze(steps, source.criteria(), source.latencyPercentile());
    return new LoadReport(
        plan.kind().wireName(),
        plan.description(),
        source.arrivals(),
        source.offeredArrivals(nowNanos),
        source.sentArrivals(),
        steps,
        analysis,
        source.search());
  }

  /** One step's numbers over every request name. */
  static LoadReport.StepSummary of(
      StepTimeline timeline, int index, long runStartNanos, Collection<RequestRecorder> recorders) {
    StepPlan.Step step = timeline.steps().get(index);
    Sums sums = new Sums();
    for (RequestRecorder recorder : recorders) {
      StepCounters.Book book = recorder.steps();
      if (book != null && book.timeline == timeline) {
        book.steps[index].addTo(sums);
      }
    }
    Histogram ok = sums.ok;
    Histogram fromIntended = sums.fromIntended;
    Histogram lag = sums.lag;
    Histogram ttft = sums.ttft;
    Histogram tpot = sums.tpot;
    long ko = sums.ko;
    long okEnded = sums.okEnded;
    long tokens = sums.tokens;
    long good = sums.good;
    double seconds = step.seconds();
    long okCount = ok.getTotalCount();
    long sent = okCount + ko;
    long originMs = (timeline.origin() - runStartNanos) / 1_000_000;
    return new LoadReport.StepSummary(
        index,
        originMs + step.startNanos() / 1_000_000,
        originMs + step.endNanos() / 1_000_000,
        step.open() ? step.offeredRps() : null,
        step.open() ? null : step.offeredUsers(),
        sent,
        okCount,
        ko,
        sent == 0 ? 0.0 : 100.0 * ko / sent,
        sent / seconds,
        okEnded / seconds,
        RunSummary.LatencyStats.of(ok),
        RunSummary.LatencyStats.of(fromIntended),
        RunSummary.LagStats.of(lag),
        ttft == null ? null : RunSummary.LatencyStats.of(ttft),
        tpot == null ? null : RunSummary.LatencyStats.of(tpot),
        ttft == null ? null : good / seconds,
        ttft == null ? null : tokens / seconds);
  }

  /** One step's numbers summed over request names. */
  static final class Sums {
    final Histogram ok = HistogramCodec.newHistogram();
    final Histogram fromIntended = HistogramCodec.newHistogram();
    final Histogram lag = HistogramCodec.newHistogram();
    Histogram ttft;
    Histogram tpot;
    long ko;
    long okEnded;
    long tokens;
    long good;

    /** The step has streams: it gets TTFT and TPOT. */
    void stream() {
      if (ttft == null) {
        ttft = HistogramCodec.newHistogram();
        tpot = HistogramCodec.newHistogram();
      }
    }
  }
}
