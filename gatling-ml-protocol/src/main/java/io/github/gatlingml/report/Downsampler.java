/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.report;

/**
 * Folds a per-interval series into at most a few thousand buckets for display, keeping each
 * bucket's mean, minimum and maximum, so a spike in one interval of a 24-hour run stays visible.
 * The summary keeps the exact series; only the page is reduced.
 *
 * <p>Every series of one report shares one bucket axis: bucket {@code i} covers {@code [i *
 * bucketMs, (i + 1) * bucketMs)} of the run's time, where {@code bucketMs} is a whole number of
 * intervals. Values are added with {@link #add(long, double)} in any order; a bucket without a
 * value reads as {@code null} (an idle interval's percentile, a server that was down).
 */
final class Downsampler {
  private final long bucketMs;
  private final double[] sum;
  private final double[] min;
  private final double[] max;
  private final int[] n;

  /**
   * A downsampler over {@code buckets} buckets of {@code bucketMs} each.
   *
   * @param bucketMs the width of a bucket, ms
   * @param buckets the number of buckets
   */
  Downsampler(long bucketMs, int buckets) {
    if (bucketMs <= 0 || buckets < 0) {
      throw new IllegalArgumentException("bucketMs " + bucketMs + ", buckets " + buckets);
    }
    this.bucketMs = bucketMs;
    this.sum = new double[buckets];
    this.min = new double[buckets];
    this.max = new double[buckets];
    this.n = new int[buckets];
  }

  /**
   * The bucket width for a run of {@code spanMs} cut in intervals of {@code intervalMs}: the
   * smallest whole number of intervals that gives at most {@code maxPoints} buckets.
   *
   * @param spanMs the time covered, ms (the last interval's end)
   * @param intervalMs the width of one interval, ms
   * @param maxPoints the most buckets wanted
   * @return the bucket width, ms; {@code intervalMs} when the series already fits
   */
  static long bucketMs(long spanMs, long intervalMs, int maxPoints) {
    long intervals = Math.max(1, (spanMs + intervalMs - 1) / intervalMs);
    long perBucket = Math.max(1, (intervals + maxPoints - 1) / maxPoints);
    return perBucket * intervalMs;
  }

  /**
   * Adds a value at a time of the run; values outside the buckets are ignored.
   *
   * @param tMs ms since the run's start
   * @param v the value; {@code NaN} and infinities are ignored
   */
  void add(long tMs, double v) {
    if (tMs < 0 || !Double.isFinite(v)) {
      return;
    }
    long i = tMs / bucketMs;
    if (i >= n.length) {
      return;
    }
    int b = (int) i;
    if (n[b] == 0) {
      min[b] = v;
      max[b] = v;
    } else {
      min[b] = Math.min(min[b], v);
      max[b] = Math.max(max[b], v);
    }
    sum[b] += v;
    n[b]++;
  }

  /** Each bucket's mean, {@code null} where empty. */
  Double[] means() {
    Double[] out = new Double[n.length];
    for (int i = 0; i < n.length; i++) {
      out[i] = n[i] == 0 ? null : sum[i] / n[i];
    }
    return out;
  }

  /** Each bucket's smallest value, {@code null} where empty. */
  Double[] mins() {
    return pick(min);
  }

  /** Each bucket's largest value, {@code null} where empty. */
  Double[] maxes() {
    return pick(max);
  }

  /** Whether any bucket holds a value. */
  boolean hasValues() {
    for (int c : n) {
      if (c > 0) {
        return true;
      }
    }
    return false;
  }

  private Double[] pick(double[] values) {
    Double[] out = new Double[n.length];
    for (int i = 0; i < n.length; i++) {
      out[i] = n[i] == 0 ? null : values[i];
    }
    return out;
  }
}
