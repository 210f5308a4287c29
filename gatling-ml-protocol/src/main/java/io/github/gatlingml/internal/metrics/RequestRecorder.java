/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

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

  private final String name;
  private final RequestInfo info;
  private final StreamRecorder stream;

  private final Recorder okLatency =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final Recorder koLatency =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final Recorder scheduleLag =
      new Recorder(HistogramCodec.HIGHEST_TRACKABLE_US, HistogramCodec.SIGNIFICANT_DIGITS);
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> koReasons = new ConcurrentHashMap<>();

  // Owned by the registry's sampler and only touched under its lock.
  private final Histogram okTotal = HistogramCodec.newHistogram();
  private final Histogram koTotal = HistogramCodec.newHistogram();
  private final Histogram lagTotal = HistogramCodec.newHistogram();
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
    addBytes(bytesSent, bytesReceived);
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
  /**
   * An answer asked the client to come back after {@code seconds} (a {@code Retry-After} header on
   * a 429 or 503). Thread-safe.
   */
  public void recordRetryAfter(long seconds) {
    retryAfterCount.increment();
    retryAfterTotal.add(seconds);
    retryAfterMax.accumulateAndGet(seconds, Math::max);
  }

  private final java.util.concurrent.atomic.LongAdder retryAfterCount =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder retryAfterTotal =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.AtomicLong retryAfterMax =
      new java.util.concurrent.atomic.AtomicLong();

  public void recordKo(
      long startNanos, long endNanos, String reason, long bytesSent, long bytesReceived) {
    addBytes(bytesSent, bytesReceived);
    // The reason is counted before the latency so that, once the latency is visible to a tick,
    // the reasons already account for it.
    reasonCounter(reason).increment();
    koLatency.recordValue(HistogramCodec.toMicros(endNanos - startNanos));
  }

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
                retryAfterCount.sum(), retryAfterMax.get(), retryAfterTotal.sum()));
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

  /** Schedule-lag run total, for the registry's health check. Called under its lock. */
  Histogram scheduleLagTotal() {
    return lagTotal;
  }
}
