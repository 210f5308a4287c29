/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.internal.load.StepTimeline;
import io.github.gatlingml.metrics.RunSummary;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records the outcome of every request of one name. Obtained from {@link
 * MetricsRegistry#recorder(String, RequestInfo)}; keep it rather than looking it up per request.
 *
 * <p>Thread-safe, and meant for the hot path: the record methods are called concurrently from
 * several Netty event loops, so they take no lock and allocate nothing (HdrHistogram {@link
 * Recorder}s are wait-free; {@link LongAdder}s spread contention), except the first time a KO
 * reason is seen.
 *
 * <p>The OK and KO counts are the total counts of the OK and KO latency histograms, not separate
 * counters: a count and the percentiles beside it then always describe the same requests, and
 * {@code count = ok + ko} holds in every summary and every time-series point.
 *
 * <p>Latencies are kept in microseconds, clamped into [0, 1 hour] so that no request is ever
 * dropped from the counts.
 */
public final class RequestRecorder {
  /**
   * Distinct KO reasons kept per request name; later ones are counted under {@link #OTHER_REASON},
   * so that reasons carrying unique text (ids, addresses) cannot grow memory without bound.
   */
  public static final int MAX_KO_REASONS = 64;

  /** The reason that counts KOs past {@link #MAX_KO_REASONS} distinct reasons. */
  public static final String OTHER_REASON = "other";

  /** The reason recorded when the caller gives none. */
  public static final String UNKNOWN_REASON = "unknown";

  /** The intended start of a request whose load plan did not schedule it (a closed workload). */
  public static final long NO_INTENT = Long.MIN_VALUE;

  private final String name;
  private final RequestInfo info;
  private final StreamRecorder stream;

  private final Recorder okLatency =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final Recorder koLatency =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final Recorder scheduleLag =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final Recorder okFromIntended =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);

  /** The load plan's per-step counters, once a plan is registered; null without one. */
  private volatile StepCounters.Book steps;

  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> koReasons = new ConcurrentHashMap<>();

  // Owned by the registry's sampler and only touched under its lock.
  private final Histogram okTotal = HistogramCodec.newHistogram();
  private final Histogram koTotal = HistogramCodec.newHistogram();
  private final Histogram lagTotal = HistogramCodec.newHistogram();
  private final Histogram fromIntendedTotal = HistogramCodec.newHistogram();
  private Histogram fromIntendedInterval;
  private Histogram okInterval;
  private Histogram koInterval;
  private Histogram lagInterval;

  RequestRecorder(String name, RequestInfo info) {
    this(name, info, null);
  }

  /** The recorder of a stream's common figures, its stream figures kept by {@code stream}. */
  RequestRecorder(String name, RequestInfo info, StreamRecorder stream) {
    this.name = name;
    this.info = info;
    this.stream = stream;
  }

  /** The stream recorder this one belongs to, or {@code null} for a plain request name. */
  StreamRecorder stream() {
    return stream;
  }

  /**
   * The request name this recorder counts.
   *
   * @return the name, as it appears in the summary
   */
  public String name() {
    return name;
  }

  /**
   * Kind, transport and model of the requests this recorder counts.
   *
   * @return the info given when the recorder was created
   */
  public RequestInfo info() {
    return info;
  }

  /**
   * Records a request that succeeded.
   *
   * @param startNanos {@link System#nanoTime()} when the first byte was handed to the transport
   * @param endNanos {@link System#nanoTime()} when the last byte of the response arrived
   * @param bytesSent request bytes handed to the transport
   * @param bytesReceived response bytes received
   */
  public void recordOk(long startNanos, long endNanos, long bytesSent, long bytesReceived) {
    recordOk(startNanos, endNanos, bytesSent, bytesReceived, NO_INTENT, null);
  }

  /**
   * Records a request that succeeded, as {@link #recordOk(long, long, long, long)}, with the start
   * its load plan intended: its schedule lag and its latency from the intended start (the view
   * corrected for coordinated omission) are recorded too, and it counts in that moment's step.
   *
   * @param intendedNanos {@link System#nanoTime()} at which the plan meant it to start, or {@link
   *     #NO_INTENT}
   */
  public void recordOk(
      long startNanos, long endNanos, long bytesSent, long bytesReceived, long intendedNanos) {
    recordOk(startNanos, endNanos, bytesSent, bytesReceived, intendedNanos, null);
  }

  /** The common end of every OK record; {@code stepStream} adds a stream's figures to its step. */
  void recordOk(
      long startNanos,
      long endNanos,
      long bytesSent,
      long bytesReceived,
      long intendedNanos,
      java.util.function.Consumer<StepCounters> stepStream) {
    addBytes(bytesSent, bytesReceived);
    if (intendedNanos != NO_INTENT) {
      scheduleLag.recordValue(HistogramCodec.toMicros(startNanos - intendedNanos));
      okFromIntended.recordValue(HistogramCodec.toMicros(endNanos - intendedNanos));
    }
    StepCounters.Book book = steps;
    if (book != null) {
      StepCounters step = book.at(intendedNanos != NO_INTENT ? intendedNanos : startNanos);
      if (step != null) {
        boolean intended = intendedNanos != NO_INTENT;
        step.ok(
            HistogramCodec.toMicros(endNanos - startNanos),
            intended ? HistogramCodec.toMicros(startNanos - intendedNanos) : -1,
            intended ? HistogramCodec.toMicros(endNanos - intendedNanos) : -1);
        if (stepStream != null) {
          stepStream.accept(step);
        }
      }
      StepCounters ended = book.at(endNanos);
      if (ended != null) {
        ended.okEnded.increment();
      }
    }
    okLatency.recordValue(HistogramCodec.toMicros(endNanos - startNanos));
  }

  /**
   * Records a request that failed, including one cut off when the run stopped.
   *
   * @param startNanos {@link System#nanoTime()} when the first byte was handed to the transport
   * @param endNanos {@link System#nanoTime()} when the request failed
   * @param reason a short category, e.g. {@code "UNAVAILABLE"}, {@code "HTTP 503"}, {@code
   *     "check"}, {@code "timeout"}: not a message with variable text
   * @param bytesSent request bytes handed to the transport
   * @param bytesReceived response bytes received
   */
  public void recordKo(
      long startNanos, long endNanos, String reason, long bytesSent, long bytesReceived) {
    recordKo(startNanos, endNanos, reason, bytesSent, bytesReceived, NO_INTENT);
  }

  /**
   * Records a request that failed, as {@link #recordKo(long, long, String, long, long)}, with the
   * start its load plan intended: the request then counts in that moment's step, and its schedule
   * lag is recorded.
   *
   * @param intendedNanos {@link System#nanoTime()} at which the plan meant it to start, or {@link
   *     #NO_INTENT}
   */
  public void recordKo(
      long startNanos,
      long endNanos,
      String reason,
      long bytesSent,
      long bytesReceived,
      long intendedNanos) {
    addBytes(bytesSent, bytesReceived);
    if (intendedNanos != NO_INTENT) {
      scheduleLag.recordValue(HistogramCodec.toMicros(startNanos - intendedNanos));
    }
    StepCounters.Book book = steps;
    if (book != null) {
      StepCounters step = book.at(intendedNanos != NO_INTENT ? intendedNanos : startNanos);
      if (step != null) {
        step.ko(
            intendedNanos != NO_INTENT ? HistogramCodec.toMicros(startNanos - intendedNanos) : -1);
      }
    }
    // The reason is counted before the latency so that, once the latency is visible to a tick,
    // the reasons already account for it.
    reasonCounter(reason).increment();
    koLatency.recordValue(HistogramCodec.toMicros(endNanos - startNanos));
  }

  /**
   * An answer asked the client to come back after {@code seconds} (a {@code Retry-After} header on
   * a 429 or 503). Thread-safe.
   */
  public void recordRetryAfter(long seconds) {
    retryAfterCount.increment();
    retryAfterTotal.add(seconds);
    retryAfterMax.accumulateAndGet(seconds, Math::max);
  }

  private final LongAdder retryAfterCount = new LongAdder();
  private final LongAdder retryAfterTotal = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong retryAfterMax =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Records how late a request started in an open-model run: actual start minus the start the
   * injection profile intended. Call it once per request, as well as {@code recordOk}/{@code
   * recordKo}.
   *
   * @param lagNanos actual minus intended start, ns; negative values count as 0
   */
  public void recordScheduleLag(long lagNanos) {
    scheduleLag.recordValue(HistogramCodec.toMicros(lagNanos));
  }

  private void addBytes(long sent, long received) {
    // Skipping zeros spares a contended update for the many requests that report no sizes.
    if (sent != 0) {
      bytesSent.add(sent);
    }
    if (received != 0) {
      bytesReceived.add(received);
    }
  }

  private LongAdder reasonCounter(String reason) {
    String key = reason == null || reason.isBlank() ? UNKNOWN_REASON : reason;
    LongAdder counter = koReasons.get(key);
    if (counter != null) {
      return counter;
    }
    if (koReasons.size() >= MAX_KO_REASONS) {
      key = OTHER_REASON;
    }
    return koReasons.computeIfAbsent(key, k -> new LongAdder());
  }

  /**
   * Moves what was recorded since the last call into the run totals and describes it as one
   * time-series point. Called by the registry under its lock.
   */
  RunSummary.TimePoint drainInterval(long tMs) {
    okInterval = okLatency.getIntervalHistogram(okInterval);
    koInterval = koLatency.getIntervalHistogram(koInterval);
    lagInterval = scheduleLag.getIntervalHistogram(lagInterval);
    okTotal.add(okInterval);
    koTotal.add(koInterval);
    lagTotal.add(lagInterval);
    fromIntendedInterval = okFromIntended.getIntervalHistogram(fromIntendedInterval);
    fromIntendedTotal.add(fromIntendedInterval);
    long ok = okInterval.getTotalCount();
    long ko = koInterval.getTotalCount();
    Long p50 = ok == 0 ? null : okInterval.getValueAtPercentile(50);
    Long p99 = ok == 0 ? null : okInterval.getValueAtPercentile(99);
    RunSummary.TimePoint point = new RunSummary.TimePoint(tMs, ok + ko, ko, p50, p99);
    return stream == null ? point : stream.drainInterval(point);
  }

  /** The run totals as of the last drain. Called by the registry under its lock. */
  RunSummary.RequestSummary summarize(double durationSeconds) {
    long ok = okTotal.getTotalCount();
    long ko = koTotal.getTotalCount();
    Map<String, Long> reasons = new TreeMap<>();
    koReasons.forEach((reason, n) -> reasons.put(reason, n.sum()));
    return new RunSummary.RequestSummary(
        info.kind().wireName(),
        info.transport(),
        info.model(),
        ok + ko,
        ok,
        ko,
        reasons,
        durationSeconds > 0 ? (ok + ko) / durationSeconds : 0.0,
        bytesSent.sum(),
        bytesReceived.sum(),
        RunSummary.LatencyStats.of(okTotal),
        RunSummary.LatencyStats.of(koTotal),
        RunSummary.LagStats.of(lagTotal),
        stream == null ? null : stream.summarize(ok, durationSeconds),
        retryAfterCount.sum() == 0
            ? null
            : new RunSummary.RetryAfter(
                retryAfterCount.sum(), retryAfterMax.get(), retryAfterTotal.sum()),
        RunSummary.LatencyStats.of(fromIntendedTotal));
  }

  /** The run totals' histograms, encoded. Called by the registry under its lock. */
  RunSummary.EncodedHistograms encodeTotals() {
    if (stream == null) {
      return new RunSummary.EncodedHistograms(
          HistogramCodec.encode(okTotal),
          HistogramCodec.encode(koTotal),
          HistogramCodec.encode(lagTotal));
    }
    return new RunSummary.EncodedHistograms(
        HistogramCodec.encode(okTotal),
        HistogramCodec.encode(koTotal),
        HistogramCodec.encode(lagTotal),
        HistogramCodec.encode(stream.ttftTotal()),
        HistogramCodec.encode(stream.tpotTotal()),
        HistogramCodec.encode(stream.chunkGapTotal()));
  }

  /** Latency of OK requests from their intended start, run total. Called under the lock. */
  Histogram fromIntendedTotal() {
    return fromIntendedTotal;
  }

  /** Attaches a load plan's per-step counters; requests recorded from now on count in steps. */
  void attach(StepTimeline timeline) {
    steps = new StepCounters.Book(timeline, stream != null);
  }

  /** The per-step counters, or null without a plan. */
  StepCounters.Book steps() {
    return steps;
  }

  /** Schedule-lag run total, for the registry's health check. Called under its lock. */
  Histogram scheduleLagTotal() {
    return lagTotal;
  }
}
