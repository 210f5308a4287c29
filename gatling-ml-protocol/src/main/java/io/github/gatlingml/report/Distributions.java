/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * What the page draws of a whole-run histogram of microseconds: its percentile curve (value at each
 * percentile, denser toward the tail, as HdrHistogram's own plots) and its counts in log-spaced
 * buckets.
 */
final class Distributions {
  /** Percentile levels per halving of the distance to 100%: 5 gives about 100 levels to p99.99. */
  static final int TICKS_PER_HALF_DISTANCE = 5;

  /** The most points of a percentile curve; the tail beyond is cut, except the maximum. */
  static final int MAX_CURVE_POINTS = 200;

  /** Log-spaced buckets of a histogram chart. */
  static final int BUCKETS = 48;

  private Distributions() {}

  /**
   * A percentile curve.
   *
   * @param percentiles the levels, percent, increasing, the last one 100
   * @param valuesUs the value at each level, µs (HdrHistogram's {@code getValueAtPercentile})
   */
  record Curve(double[] percentiles, long[] valuesUs) {}

  /**
   * Counts in buckets {@code [lowUs[i], highUs[i])}, log-spaced from the smallest to the largest
   * value; the last bucket includes its upper bound.
   *
   * @param lowUs each bucket's lower bound, µs
   * @param highUs each bucket's upper bound, µs
   * @param counts values in each bucket; they add up to the histogram's count
   */
  record Buckets(double[] lowUs, double[] highUs, long[] counts) {}

  /**
   * The percentile curve of a histogram.
   *
   * @param h a histogram of µs
   * @return the curve, or {@code null} for an empty histogram
   */
  static Curve curve(Histogram h) {
    if (h.getTotalCount() == 0) {
      return null;
    }
    List<double[]> points = new ArrayList<>();
    double lastPct = -1;
    for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
      double pct = v.getPercentileLevelIteratedTo();
      if (pct <= lastPct) {
        continue;
      }
      if (points.size() >= MAX_CURVE_POINTS - 1 && pct < 100.0) {
        continue;
      }
      points.add(new double[] {pct, h.getValueAtPercentile(pct)});
      lastPct = pct;
      if (pct >= 100.0) {
        break;
      }
    }
    if (lastPct < 100.0) {
      points.add(new double[] {100.0, h.getMaxValue()});
    }
    double[] pcts = new double[points.size()];
    long[] values = new long[points.size()];
    for (int i = 0; i < points.size(); i++) {
      pcts[i] = points.get(i)[0];
      values[i] = (long) points.get(i)[1];
    }
    return new Curve(pcts, values);
  }

  /**
   * The counts of a histogram in log-spaced buckets.
   *
   * @param h a histogram of µs
   * @return the buckets, or {@code null} for an empty histogram
   */
  static Buckets buckets(Histogram h) {
    if (h.getTotalCount() == 0) {
      return null;
    }
    double lo = Math.max(1, h.getMinValue());
    double hi = Math.max(lo * 1.01, h.getMaxValue());
    int n = BUCKETS;
    double ratio = Math.pow(hi / lo, 1.0 / n);
    double[] low = new double[n];
    double[] high = new double[n];
    for (int i = 0; i < n; i++) {
      low[i] = lo * Math.pow(ratio, i);
      high[i] = i == n - 1 ? hi : lo * Math.pow(ratio, i + 1);
    }
    low[0] = 0;
    long[] counts = new long[n];
    double logLo = Math.log(lo);
    double logRatio = Math.log(ratio);
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = h.highestEquivalentValue(v.getValueIteratedTo());
      value = Math.min(value, h.getMaxValue());
      int i = value <= lo ? 0 : (int) Math.floor((Math.log(value) - logLo) / logRatio);
      counts[Math.max(0, Math.min(n - 1, i))] += v.getCountAtValueIteratedTo();
    }
    return new Buckets(low, high, counts);
  }
}
