/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative statistics of one model, in Triton's terms: success/fail/queue/compute durations as
 * (count, total nanoseconds), inference and execution counts, per-batch-size executions, and the
 * number of requests pending (queued or executing). Thread-safe and lock-free.
 */
public final class ModelStats {
  /** A (count, total nanoseconds) pair, Triton's StatisticDuration. */
  public static final class Duration {
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void add(long ns) {
      count.increment();
      nanos.add(ns);
    }

    public long count() {
      return count.sum();
    }

    public long nanos() {
      return nanos.sum();
    }
  }

  /** Executions of one batch size. */
  public static final class BatchStats {
    private final Duration computeInput = new Duration();
    private final Duration computeInfer = new Duration();
    private final Duration computeOutput = new Duration();

    public Duration computeInput() {
      return computeInput;
    }

    public Duration computeInfer() {
      return computeInfer;
    }

    public Duration computeOutput() {
      return computeOutput;
    }
  }

  private final Duration success = new Duration();
  private final Duration fail = new Duration();
  private final Duration queue = new Duration();
  private final Duration computeInput = new Duration();
  private final Duration computeInfer = new Duration();
  private final Duration computeOutput = new Duration();
  private final LongAdder inferenceCount = new LongAdder();
  private final LongAdder executionCount = new LongAdder();
  private final AtomicLong lastInferenceEpochMs = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final Map<Long, BatchStats> batches = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failuresByReason = new ConcurrentHashMap<>();

  /** Upper bounds (ms) of the first-response histogram's buckets, as Prometheus {@code le}. */
  public static final double[] FIRST_RESPONSE_BUCKETS_MS = {
    1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000
  };

  private final LongAdder[] firstResponseBuckets = new LongAdder[FIRST_RESPONSE_BUCKETS_MS.length];
  private final LongAdder firstResponseCount = new LongAdder();
  private final java.util.concurrent.atomic.DoubleAdder firstResponseSumMs =
      new java.util.concurrent.atomic.DoubleAdder();

  {
    for (int i = 0; i < firstResponseBuckets.length; i++) {
      firstResponseBuckets[i] = new LongAdder();
    }
  }

  /**
   * Upper bounds (µs) of the chunk-lateness histograms' buckets: how long after its planned time a
   * streamed chunk was handed to the front end. The planned times are the truth a load test is
   * measured against, so this says how far the server itself strayed from it.
   */
  public static final long[] LATENESS_BUCKETS_US = {
    50, 100, 250, 500, 1000, 2000, 3000, 5000, 10000, 25000
  };

  private final Buckets firstChunkLateness = new Buckets();
  private final Buckets laterChunkLateness = new Buckets();

  /**
   * A chunk was handed over {@code ns} after its planned time (first chunks apart: they are TTFT).
   */
  void recordChunkLateness(boolean first, long ns) {
    (first ? firstChunkLateness : laterChunkLateness).add(Math.max(0, ns) / 1000);
  }

  /**
   * Non-cumulative counts per bucket of {@link #LATENESS_BUCKETS_US}, then the count above the last
   * bound, for first chunks or for the others.
   */
  public long[] chunkLatenessBuckets(boolean first) {
    return (first ? firstChunkLateness : laterChunkLateness).counts();
  }

  /** Total lateness (µs) of first chunks or of the others. */
  public long chunkLatenessSumUs(boolean first) {
    return (first ? firstChunkLateness : laterChunkLateness).sumUs.sum();
  }

  private static final class Buckets {
    final LongAdder[] counts = new LongAdder[LATENESS_BUCKETS_US.length + 1];
    final LongAdder sumUs = new LongAdder();

    Buckets() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void add(long us) {
      sumUs.add(us);
      int i = 0;
      while (i < LATENESS_BUCKETS_US.length && us > LATENESS_BUCKETS_US[i]) {
        i++;
      }
      counts[i].increment();
    }

    long[] counts() {
      long[] out = new long[counts.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = counts[i].sum();
      }
      return out;
    }
  }

  /** Time from a request's arrival to its first response (decoupled models). */
  void recordFirstResponse(long ns) {
    double ms = ns / 1e6;
    firstResponseCount.increment();
    firstResponseSumMs.add(ms);
    for (int i = 0; i < FIRST_RESPONSE_BUCKETS_MS.length; i++) {
      if (ms <= FIRST_RESPONSE_BUCKETS_MS[i]) {
        firstResponseBuckets[i].increment();
        break;
      }
    }
  }

  /**
   * Non-cumulative count per bucket of {@link #FIRST_RESPONSE_BUCKETS_MS} (slower ones only in the
   * count).
   */
  public long[] firstResponseBuckets() {
    long[] out = new long[firstResponseBuckets.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = firstResponseBuckets[i].sum();
    }
    return out;
  }

  public long firstResponseCount() {
    return firstResponseCount.sum();
  }

  public double firstResponseSumMs() {
    return firstResponseSumMs.sum();
  }

  void requestArrived() {
    pending.incrementAndGet();
  }

  void requestLeft() {
    pending.decrementAndGet();
  }

  void recordExecution(
      long batchSize, long queueNs, long inputNs, long inferNs, long outputNs, long requestNs) {
    queue.add(queueNs);
    computeInput.add(inputNs);
    computeInfer.add(inferNs);
    computeOutput.add(outputNs);
    success.add(requestNs);
    inferenceCount.add(batchSize);
    executionCount.increment();
    lastInferenceEpochMs.set(System.currentTimeMillis());
    BatchStats b = batches.computeIfAbsent(batchSize, k -> new BatchStats());
    b.computeInput.add(inputNs);
    b.computeInfer.add(inferNs);
    b.computeOutput.add(outputNs);
  }

  void recordFailure(ErrorKind kind, long requestNs) {
    fail.add(requestNs);
    failuresByReason.computeIfAbsent(kind.metricReason(), k -> new LongAdder()).increment();
  }

  public Duration success() {
    return success;
  }

  public Duration fail() {
    return fail;
  }

  public Duration queue() {
    return queue;
  }

  public Duration computeInput() {
    return computeInput;
  }

  public Duration computeInfer() {
    return computeInfer;
  }

  public Duration computeOutput() {
    return computeOutput;
  }

  /** Inferences run, counting each batch element (Triton's inference_count). */
  public long inferenceCount() {
    return inferenceCount.sum();
  }

  /** Model executions (Triton's execution_count). */
  public long executionCount() {
    return executionCount.sum();
  }

  /** Epoch milliseconds of the last inference, 0 before the first. */
  public long lastInferenceEpochMs() {
    return lastInferenceEpochMs.get();
  }

  /** Requests queued or executing now. */
  public long pending() {
    return pending.get();
  }

  /** Per batch size, in increasing order. */
  public Map<Long, BatchStats> batches() {
    return new TreeMap<>(batches);
  }

  /** Failed requests by Triton's failure reason (REJECTED, BACKEND, OTHER...). */
  public Map<String, Long> failuresByReason() {
    Map<String, Long> out = new TreeMap<>();
    failuresByReason.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
