/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one series becomes per interval, fed one scrape at a time. A scrape is placed on the run's
 * time axis at its stamp (ms since the run's start); interval {@code t} holds what falls in {@code
 * [t, t + interval)}:
 *
 * <ul>
 *   <li>a gauge: the mean of the values scraped in the interval;
 *   <li>a counter: its increase between two successive scrapes over the time between them, placed
 *       at the interval of their midpoint (so a rate covers the interval it is shown at), summed
 *       over the pairs of the interval. A decrease is a reset (the server restarted): the increase
 *       is then the new value, as Prometheus' {@code rate()} takes it;
 *   <li>a histogram: the increases of its cumulative buckets, summed like a counter's, and the
 *       quantile read from them by linear interpolation inside the bucket that holds it.
 * </ul>
 */
final class Tracks {
  private Tracks() {}

  /** Slot of a time on the run's axis. */
  static long slot(double tMs, long intervalMs) {
    return Math.max(0, (long) Math.floor(tMs / intervalMs) * intervalMs);
  }

  /** A gauge: mean per interval. */
  static final class Gauge {
    final TreeMap<Long, double[]> slots = new TreeMap<>(); // {sum, n}

    void add(double tMs, double value, long intervalMs) {
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        return; // JSON has no NaN; a gauge that is NaN says "no value now"
      }
      double[] acc = slots.computeIfAbsent(slot(tMs, intervalMs), k -> new double[2]);
      acc[0] += value;
      acc[1]++;
    }

    Map<Long, Double> values() {
      Map<Long, Double> out = new TreeMap<>();
      slots.forEach((t, acc) -> out.put(t, acc[0] / acc[1]));
      return out;
    }
  }

  /** A counter: increases and elapsed times per interval. */
  static final class Counter {
    final TreeMap<Long, double[]> slots = new TreeMap<>(); // {increase, elapsed ms}
    private double prevT = Double.NaN;
    private double prevV;

    void add(double tMs, double value, long intervalMs) {
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        return;
      }
      if (!Double.isNaN(prevT) && tMs > prevT) {
        double increase = value >= prevV ? value - prevV : value;
        double[] acc =
            slots.computeIfAbsent(slot((prevT + tMs) / 2, intervalMs), k -> new double[2]);
        acc[0] += increase;
        acc[1] += tMs - prevT;
      }
      prevT = tMs;
      prevV = value;
    }

    /** Increase per second, per interval. */
    Map<Long, Double> rates() {
      Map<Long, Double> out = new TreeMap<>();
      slots.forEach((t, acc) -> out.put(t, acc[0] * 1000 / acc[1]));
      return out;
    }
  }

  /** A histogram's buckets (by upper bound), as cumulative counts. */
  static final class Histogram {
    final TreeMap<Long, TreeMap<Double, Double>> slots = new TreeMap<>();
    private final boolean cumulativeOverTime;
    private double prevT = Double.NaN;
    private TreeMap<Double, Double> prev;

    /**
     * @param cumulativeOverTime true for a histogram (buckets only grow: per-interval increases),
     *     false for a gauge histogram (buckets are the current state: averaged per interval)
     */
    Histogram(boolean cumulativeOverTime) {
      this.cumulativeOverTime = cumulativeOverTime;
    }

    void add(double tMs, TreeMap<Double, Double> buckets, long intervalMs) {
      if (!cumulativeOverTime) {
        TreeMap<Double, Double> acc =
            slots.computeIfAbsent(slot(tMs, intervalMs), k -> new TreeMap<>());
        buckets.forEach((le, c) -> acc.merge(le, c, Double::sum));
        return;
      }
      if (prev != null && tMs > prevT) {
        boolean reset = false;
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
          Double before = prev.get(e.getKey());
          if (before != null && e.getValue() < before) {
            reset = true;
          }
        }
        TreeMap<Double, Double> acc =
            slots.computeIfAbsent(slot((prevT + tMs) / 2, intervalMs), k -> new TreeMap<>());
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
          Double before = prev.get(e.getKey());
          if (before == null && !reset) {
            continue; // a bucket that just appeared has no increase to measure yet
          }
          double increase = reset ? e.getValue() : e.getValue() - before;
          acc.merge(e.getKey(), increase, Double::sum);
        }
      }
      prevT = tMs;
      prev = buckets;
    }

    /** The quantile per interval that had observations. */
    Map<Long, Double> quantiles(double q) {
      Map<Long, Double> out = new TreeMap<>();
      slots.forEach(
          (t, buckets) -> {
            Double v = quantile(q, buckets);
            if (v != null) {
              out.put(t, v);
            }
          });
      return out;
    }
  }

  /**
   * The {@code q} quantile of cumulative bucket counts, by linear interpolation inside the bucket
   * that holds it (the lowest bucket from 0, or from its bound if that is negative); when it falls
   * in the {@code +Inf} bucket, the highest finite bound (nothing better is known). Null when the
   * buckets hold nothing.
   */
  static Double quantile(double q, TreeMap<Double, Double> cumulative) {
    if (cumulative.isEmpty()) {
      return null;
    }
    double total = cumulative.lastEntry().getValue();
    if (!(total > 0) || !cumulative.lastKey().isInfinite()) {
      return null;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    boolean first = true;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      double le = e.getKey();
      double count = e.getValue();
      if (first) {
        lowerBound = Math.min(0, le);
      }
      if (count >= rank && count > lowerCount) {
        if (Double.isInfinite(le)) {
          return first ? null : lowerBound;
        }
        return lowerBound + (le - lowerBound) * (rank - lowerCount) / (count - lowerCount);
      }
      lowerBound = le;
      lowerCount = count;
      first = false;
    }
    return null;
  }

  /** Points from per-interval values. */
  static List<ServerMetrics.Point> points(Map<Long, Double> values) {
    List<ServerMetrics.Point> out = new ArrayList<>(values.size());
    values.forEach((t, v) -> out.add(new ServerMetrics.Point(t, v)));
    return out;
  }
}
