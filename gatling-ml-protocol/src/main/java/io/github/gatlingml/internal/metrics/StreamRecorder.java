/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.metrics.RunSummary;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records every streamed request of one name: what a {@link RequestRecorder} records (OK and KO
 * latency, KO reasons, bytes, schedule lag) plus TTFT, TPOT, chunk gaps, output tokens and their
 * source, and goodput against an {@link Slo}. Obtained from {@link
 * MetricsRegistry#streamRecorder(String, RequestInfo, Slo)}; keep it rather than looking it up per
 * request.
 *
 * <p>Thread-safe and wait-free on the hot path, like {@link RequestRecorder}: HdrHistogram {@link
 * Recorder}s in microseconds and {@link LongAdder}s. TTFT, TPOT, chunk gaps, tokens and goodput are
 * of the OK requests only, like {@code latency_us}, so that failures cannot flatter them; a KO
 * request adds its latency, reason and bytes.
 */
public final class StreamRecorder {
  private final RequestRecorder base;
  private final Slo slo;

  private final Recorder ttft = newRecorder();
  private final Recorder tpot = newRecorder();
  private final Recorder chunkGap = newRecorder();
  private final Recorder ttftFromIntended = newRecorder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder good = new LongAdder();
  private final LongAdder[] requestsBySource =
      new LongAdder[StreamTiming.TokenSource.values().length];

  // Owned by the registry's sampler and only touched under its lock.
  private final Histogram ttftTotal = HistogramCodec.newHistogram();
  private final Histogram tpotTotal = HistogramCodec.newHistogram();
  private final Histogram chunkGapTotal = HistogramCodec.newHistogram();
  private Histogram ttftInterval;
  private Histogram tpotInterval;
  private Histogram chunkGapInterval;
  private final Histogram ttftFromIntendedTotal = HistogramCodec.newHistogram();
  private Histogram ttftFromIntendedInterval;
  private long tokensDrained;
  private long goodDrained;
  private final long[] bySourceDrained = new long[requestsBySource.length];

  StreamRecorder(String name, RequestInfo info, Slo slo) {
    this.slo = slo;
    for (int i = 0; i < requestsBySource.length; i++) {
      requestsBySource[i] = new LongAdder();
    }
    this.base = new RequestRecorder(name, info, this);
  }

  private static Recorder newRecorder() {
    return new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  }

  /**
   * The request name this recorder counts.
   *
   * @return the name, as it appears in the summary
   */
  public String name() {
    return base.name();
  }

  /**
   * Kind, transport and model of the requests this recorder counts.
   *
   * @return the info given when the recorder was created
   */
  public RequestInfo info() {
    return base.info();
  }

  /**
   * The objectives goodput is measured against.
   *
   * @return the SLO, {@link Slo#NONE} if none was given
   */
  public Slo slo() {
    return slo;
  }

  /**
   * Records a stream that succeeded: its latency, TTFT (if it had a non-empty chunk), TPOT (if it
   * had at least 2 output tokens), every chunk gap, its output tokens and their source, and whether
   * it was good (met every objective of {@link #slo()}).
   *
   * @param t the stream's timing, {@linkplain StreamTiming#finish finished}; an unfinished one is
   *     timed to its last non-empty chunk and counted as its chunks
   * @param bytesSent request bytes handed to the transport
   * @param bytesReceived response bytes received
   */
  public void recordOk(StreamTiming t, long bytesSent, long bytesReceived) {
    recordOk(t, bytesSent, bytesReceived, RequestRecorder.NO_INTENT);
  }

  /**
   * Records a stream that succeeded, as {@link #recordOk(StreamTiming, long, long)}, with the start
   * its load plan intended: its schedule lag, its latency and TTFT from the intended start (the
   * views corrected for coordinated omission) are recorded too, and it counts in that moment's
   * step.
   *
   * @param intendedNanos {@link System#nanoTime()} at which the plan meant it to start, or {@link
   *     RequestRecorder#NO_INTENT}
   */
  public void recordOk(StreamTiming t, long bytesSent, long bytesReceived, long intendedNanos) {
    long ttftNanos = t.ttftNanos();
    if (ttftNanos >= 0) {
      ttft.recordValue(HistogramCodec.toMicros(ttftNanos));
      if (intendedNanos != RequestRecorder.NO_INTENT) {
        ttftFromIntended.recordValue(
            HistogramCodec.toMicros(ttftNanos + t.startNanos() - intendedNanos));
      }
    }
    long tpotNanos = t.tpotNanos();
    if (tpotNanos >= 0) {
      tpot.recordValue(HistogramCodec.toMicros(tpotNanos));
    }
    for (int i = 0, n = t.gapCount(); i < n; i++) {
      chunkGap.recordValue(HistogramCodec.toMicros(t.gapAt(i)));
    }
    StreamTiming.TokenSource source = t.tokenSource();
    long tokens = t.outputTokens();
    if (source == null) {
      source = StreamTiming.TokenSource.CHUNKS;
      tokens = t.nonEmptyChunks();
    }
    if (tokens != 0) {
      outputTokens.add(tokens);
    }
    requestsBySource[source.ordinal()].increment();
    boolean isGood = slo.isMetBy(t);
    if (isGood) {
      good.increment();
    }
    long stepTokens = tokens;
    // Without a load plan there are no steps: no per-request lambda either.
    java.util.function.Consumer<StepCounters> toStep =
        base.steps() == null
            ? null
            : step ->
                step.stream(
                    ttftNanos >= 0 ? HistogramCodec.toMicros(ttftNanos) : -1,
                    tpotNanos >= 0 ? HistogramCodec.toMicros(tpotNanos) : -1,
                    stepTokens,
                    isGood);
    // Last, so that once the request is counted its stream figures are already visible.
    base.recordOk(
        t.startNanos(),
        t.startNanos() + t.latencyNanos(),
        bytesSent,
        bytesReceived,
        intendedNanos,
        toStep);
  }

  /**
   * Records a stream that failed, including one cut off when the run stopped: its latency (to
   * {@link StreamTiming#finish}'s stamp, or to its last non-empty chunk if unfinished), reason and
   * bytes. Its TTFT, chunks and tokens are not counted.
   *
   * @param t the stream's timing, possibly partial
   * @param reason a short category, as for {@link RequestRecorder#recordKo}
   * @param bytesSent request bytes handed to the transport
   * @param bytesReceived response bytes received
   */
  public void recordKo(StreamTiming t, String reason, long bytesSent, long bytesReceived) {
    recordKo(t, reason, bytesSent, bytesReceived, RequestRecorder.NO_INTENT);
  }

  /**
   * Records a stream that failed, as {@link #recordKo(StreamTiming, String, long, long)}, with the
   * start its load plan intended.
   *
   * @param intendedNanos {@link System#nanoTime()} at which the plan meant it to start, or {@link
   *     RequestRecorder#NO_INTENT}
   */
  public void recordKo(
      StreamTiming t, String reason, long bytesSent, long bytesReceived, long intendedNanos) {
    base.recordKo(
        t.startNanos(),
        t.startNanos() + t.latencyNanos(),
        reason,
        bytesSent,
        bytesReceived,
        intendedNanos);
  }

  /**
   * Records how late a stream started in an open-model run, as {@link
   * RequestRecorder#recordScheduleLag(long)}.
   *
   * @param lagNanos actual minus intended start, ns; negative values count as 0
   */
  public void recordScheduleLag(long lagNanos) {
    base.recordScheduleLag(lagNanos);
  }

  /** An answer asked the client to come back after {@code seconds}; see RequestRecorder. */
  public void recordRetryAfter(long seconds) {
    base.recordRetryAfter(seconds);
  }

  /** The recorder the registry keeps under this name. */
  RequestRecorder base() {
    return base;
  }

  /**
   * Moves the interval's stream figures into the totals and adds them to the interval's point.
   * Called by {@link RequestRecorder#drainInterval} under the registry's lock, after it drained the
   * latencies, so the counters include at least every request in the point.
   */
  RunSummary.TimePoint drainInterval(RunSummary.TimePoint point) {
    ttftInterval = ttft.getIntervalHistogram(ttftInterval);
    tpotInterval = tpot.getIntervalHistogram(tpotInterval);
    chunkGapInterval = chunkGap.getIntervalHistogram(chunkGapInterval);
    ttftTotal.add(ttftInterval);
    tpotTotal.add(tpotInterval);
    chunkGapTotal.add(chunkGapInterval);
    ttftFromIntendedInterval = ttftFromIntended.getIntervalHistogram(ttftFromIntendedInterval);
    ttftFromIntendedTotal.add(ttftFromIntendedInterval);
    long tokens = outputTokens.sum();
    long intervalTokens = tokens - tokensDrained;
    tokensDrained = tokens;
    long goodNow = good.sum();
    long intervalGood = goodNow - goodDrained;
    goodDrained = goodNow;
    for (int i = 0; i < requestsBySource.length; i++) {
      bySourceDrained[i] = requestsBySource[i].sum();
    }
    boolean anyTtft = ttftInterval.getTotalCount() > 0;
    return new RunSummary.TimePoint(
        point.tMs(),
        point.count(),
        point.ko(),
        point.p50Us(),
        point.p99Us(),
        anyTtft ? ttftInterval.getValueAtPercentile(50) : null,
        anyTtft ? ttftInterval.getValueAtPercentile(99) : null,
        intervalTokens,
        intervalGood);
  }

  /** The stream figures as of the last drain. Called under the registry's lock. */
  RunSummary.StreamStats summarize(long ok, double durationSeconds) {
    String source = null;
    for (StreamTiming.TokenSource s : StreamTiming.TokenSource.values()) {
      if (bySourceDrained[s.ordinal()] > 0) {
        source = RunSummary.OutputTokens.combineSources(source, s.wireName());
      }
    }
    long tokens = tokensDrained;
    return new RunSummary.StreamStats(
        RunSummary.LatencyStats.of(ttftTotal),
        RunSummary.LatencyStats.of(tpotTotal),
        RunSummary.LatencyStats.of(chunkGapTotal),
        ok == 0 ? null : new RunSummary.OutputTokens(tokens, (double) tokens / ok, source),
        durationSeconds > 0 ? tokens / durationSeconds : 0.0,
        goodDrained,
        durationSeconds > 0 ? goodDrained / durationSeconds : 0.0,
        slo,
        RunSummary.LatencyStats.of(ttftFromIntendedTotal));
  }

  Histogram ttftFromIntendedTotal() {
    return ttftFromIntendedTotal;
  }

  Histogram ttftTotal() {
    return ttftTotal;
  }

  Histogram tpotTotal() {
    return tpotTotal;
  }

  Histogram chunkGapTotal() {
    return chunkGapTotal;
  }
}
