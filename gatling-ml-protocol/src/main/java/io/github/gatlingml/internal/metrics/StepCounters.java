/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.internal.load.StepTimeline;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The numbers of one request name in one step of a load plan, written from the event loops and read
 * once the step is over (or at the end of the run).
 *
 * <p>Packed histograms: a plan may have dozens of steps and a run several request names, and a
 * plain histogram over one hour at 3 digits takes 188 KB whatever it holds; a packed one grows with
 * the distinct values it holds, a few KB for one step's latencies. They are guarded by this
 * object's lock rather than concurrent: HdrHistogram's concurrent packed histogram can livelock
 * when two writers grow it at once (seen here), while an uncontended lock costs a few tens of
 * nanoseconds, once per request and only while a plan runs.
 */
final class StepCounters {
  private final Histogram ok = newHistogram();
  private final Histogram fromIntended = newHistogram();
  private final Histogram lag = newHistogram();
  private final Histogram ttft;
  private final Histogram tpot;
  private long ko;
  private long tokens;
  private long good;

  /** OK requests that ended (not started) during the step: the throughput the server delivered. */
  final LongAdder okEnded = new LongAdder();

  StepCounters(boolean stream) {
    ttft = stream ? newHistogram() : null;
    tpot = stream ? newHistogram() : null;
  }

  private static Histogram newHistogram() {
    return new PackedHistogram(
        HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  }

  /** An OK request; {@code lagUs} and {@code fromIntendedUs} are negative without an intent. */
  synchronized void ok(long latencyUs, long lagUs, long fromIntendedUs) {
    ok.recordValue(latencyUs);
    if (lagUs >= 0) {
      lag.recordValue(lagUs);
      fromIntended.recordValue(fromIntendedUs);
    }
  }

  /** A KO request; {@code lagUs} is negative without an intent. */
  synchronized void ko(long lagUs) {
    ko++;
    if (lagUs >= 0) {
      lag.recordValue(lagUs);
    }
  }

  /** An OK stream's figures; negative TTFT/TPOT are absent. */
  synchronized void stream(long ttftUs, long tpotUs, long outputTokens, boolean isGood) {
    if (ttftUs >= 0) {
      ttft.recordValue(ttftUs);
    }
    if (tpotUs >= 0) {
      tpot.recordValue(tpotUs);
    }
    tokens += outputTokens;
    if (isGood) {
      good++;
    }
  }

  /** Adds this step's numbers to the sums of a step over several request names. */
  synchronized void addTo(StepSummaries.Sums sums) {
    sums.ok.add(ok);
    sums.fromIntended.add(fromIntended);
    sums.lag.add(lag);
    sums.ko += ko;
    sums.okEnded += okEnded.sum();
    if (ttft != null) {
      sums.stream();
      sums.ttft.add(ttft);
      sums.tpot.add(tpot);
      sums.tokens += tokens;
      sums.good += good;
    }
  }

  /** A recorder's counters for every step a timeline can hold. */
  static final class Book {
    final StepTimeline timeline;
    final StepCounters[] steps;

    Book(StepTimeline timeline, boolean stream) {
      this.timeline = timeline;
      this.steps = new StepCounters[timeline.capacity()];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = new StepCounters(stream);
      }
    }

    /** The counters of the step a moment falls in, or null outside every step. */
    StepCounters at(long nanos) {
      int i = timeline.stepAt(nanos);
      return i < 0 ? null : steps[i];
    }
  }
}
