/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rate that is linear between points {@code (t_i, rate_i)}: two points at the same rate make a
 * constant step, two at different rates a linear ramp, two at the same time an instantaneous jump.
 * The first point is at {@code t = 0}, the last one ends the schedule. At a jump the rate is the
 * one after it.
 *
 * <p>{@link #cumulative} and {@link #inverse} are closed-form: the area of a trapezoid, and the
 * root of a quadratic on the segment that holds the answer.
 *
 * <p>Build staircases with {@link RateFunctions#steps}; {@link #windows()} lists their steps.
 */
public final class PiecewiseLinearRate implements RateFunction {
  private final double[] times;
  private final double[] rates;

  /** {@code cum[i]}: expected arrivals from 0 to {@code times[i]}. */
  private final double[] cum;

  private final List<StepWindow> windows;

  private PiecewiseLinearRate(double[] times, double[] rates, List<StepWindow> windows) {
    this.times = times;
    this.rates = rates;
    this.cum = new double[times.length];
    for (int i = 1; i < times.length; i++) {
      cum[i] = cum[i - 1] + (times[i] - times[i - 1]) * (rates[i - 1] + rates[i]) / 2;
    }
    this.windows = windows == null ? flatSegments(times, rates) : List.copyOf(windows);
  }

  /**
   * A rate through the given points, linear between them.
   *
   * @param timesSeconds non-decreasing, the first {@code 0}, the last {@code > 0}; two equal times
   *     make a jump
   * @param rates arrivals per second at each time, finite and {@code >= 0}
   * @throws IllegalArgumentException naming the offending point
   */
  public static PiecewiseLinearRate of(double[] timesSeconds, double[] rates) {
    double[] t = timesSeconds.clone();
    double[] r = rates.clone();
    check(t, r);
    return new PiecewiseLinearRate(t, r, null);
  }

  /**
   * A rate through the points {@code t0, rate0, t1, rate1, ...}, e.g. {@code ofPairs(0, 10, 60,
   * 100)} for a ramp from 10/s to 100/s over a minute. Same rules as {@link #of}.
   */
  public static PiecewiseLinearRate ofPairs(double... timeRatePairs) {
    if (timeRatePairs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "rate points: "
              + timeRatePairs.length
              + " numbers is not a list of (time, rate) pairs; give t0, rate0, t1, rate1, ...");
    }
    double[] t = new double[timeRatePairs.length / 2];
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = timeRatePairs[2 * i];
      r[i] = timeRatePairs[2 * i + 1];
    }
    check(t, r);
    return new PiecewiseLinearRate(t, r, null);
  }

  /** For {@link RateFunctions#steps}, which knows its windows (a flat ramp is not one). */
  static PiecewiseLinearRate withWindows(double[] times, double[] rates, List<StepWindow> windows) {
    check(times, rates);
    return new PiecewiseLinearRate(times, rates, windows);
  }

  private static void check(double[] t, double[] r) {
    if (t.length != r.length) {
      throw new IllegalArgumentException(
          "rate points: " + t.length + " times but " + r.length + " rates; give one rate per time");
    }
    if (t.length < 2) {
      throw new IllegalArgumentException(
          "rate points: "
              + t.length
              + " point(s); give at least two, e.g. (0, rate) and (seconds,"
              + " rate) for a constant rate");
    }
    if (t[0] != 0) {
      throw new IllegalArgumentException(
          "rate points: the first time is " + t[0] + "; it must be 0, the schedule's start");
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i]) || (i > 0 && t[i] < t[i - 1])) {
        throw new IllegalArgumentException(
            "rate points: time " + i + " is " + t[i] + "; times must be finite and non-decreasing");
      }
      if (!Double.isFinite(r[i]) || r[i] < 0) {
        throw new IllegalArgumentException(
            "rate points: rate " + i + " (at " + t[i] + " s) is " + r[i] + "; rates must be >= 0");
      }
    }
    if (!(t[t.length - 1] > 0)) {
      throw new IllegalArgumentException(
          "rate points: the last time is 0; a schedule must last longer than 0 s");
    }
  }

  /** Every flat stretch of positive length is a window; adjacent equal ones stay separate. */
  private static List<StepWindow> flatSegments(double[] t, double[] r) {
    List<StepWindow> out = new ArrayList<>();
    for (int i = 0; i + 1 < t.length; i++) {
      if (t[i + 1] > t[i] && r[i + 1] == r[i]) {
        out.add(new StepWindow(out.size(), t[i], t[i + 1], r[i]));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public double rateAt(double tSeconds) {
    double end = durationSeconds();
    if (!(tSeconds >= 0) || tSeconds > end) {
      return 0;
    }
    if (tSeconds == end) {
      return rates[rates.length - 1];
    }
    int i = segment(tSeconds);
    return rates[i] + slope(i) * (tSeconds - times[i]);
  }

  @Override
  public double cumulative(double tSeconds) {
    if (!(tSeconds > 0)) {
      return 0;
    }
    int last = times.length - 1;
    if (tSeconds >= times[last]) {
      return cum[last];
    }
    int i = segment(tSeconds);
    double u = tSeconds - times[i];
    double rate = rates[i] + slope(i) * u;
    return cum[i] + u * (rates[i] + rate) / 2;
  }

  @Override
  public double inverse(double arrivals) {
    if (!(arrivals > 0)) {
      if (Double.isNaN(arrivals)) {
        throw new IllegalArgumentException("inverse(NaN): arrivals must be a number");
      }
      return 0;
    }
    int last = times.length - 1;
    if (arrivals > cum[last]) {
      return Double.POSITIVE_INFINITY;
    }
    // First point whose cumulative reaches the target: the answer lies in the segment before it,
    // which has positive length and area since cum[j - 1] < arrivals <= cum[j].
    int lo = 1;
    int hi = last;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] >= arrivals) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    int i = lo - 1;
    double len = times[lo] - times[i];
    double d = arrivals - cum[i];
    double r0 = rates[i];
    double s = (rates[lo] - r0) / len;
    double u;
    if (s == 0) {
      u = d / r0;
    } else {
      // Root of r0*u + s*u^2/2 = d written as 2d / (r0 + sqrt(...)): no cancellation when s is
      // small, no division by zero when r0 is 0 (then s > 0), and the discriminant is at least
      // the end rate squared when the rate falls, so clamping only absorbs rounding.
      double disc = Math.max(0, r0 * r0 + 2 * s * d);
      u = 2 * d / (r0 + Math.sqrt(disc));
    }
    return times[i] + Math.min(Math.max(u, 0), len);
  }

  @Override
  public double durationSeconds() {
    return times[times.length - 1];
  }

  /** The constant-rate stretches (the steps of a staircase), in time order. */
  public List<StepWindow> windows() {
    return windows;
  }

  /** The points' times, in seconds (a copy). */
  public double[] times() {
    return times.clone();
  }

  /** The points' rates, in arrivals per second (a copy). */
  public double[] rates() {
    return rates.clone();
  }

  /**
   * Index {@code i < n - 1} of the last point with {@code times[i] <= t}, for {@code 0 <= t < end}.
   */
  private int segment(double t) {
    int lo = 0;
    int hi = times.length - 1;
    // Invariant: times[lo] <= t < times[hi].
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private double slope(int i) {
    double len = times[i + 1] - times[i];
    return len == 0 ? 0 : (rates[i + 1] - rates[i]) / len;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PiecewiseLinearRate[");
    for (int i = 0; i < times.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('(').append(times[i]).append(" s, ");
      sb.append(rates[i]).append("/s)");
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PiecewiseLinearRate p
        && Arrays.equals(times, p.times)
        && Arrays.equals(rates, p.rates)
        && windows.equals(p.windows);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(times) + Arrays.hashCode(rates);
  }
}
