/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

/**
 * A rate that swings between a minimum and a maximum: {@code rate(t) = min + (max - min) * (1 -
 * cos(2πt / P)) / 2}. It starts at the minimum, peaks at {@code P / 2} and is back at the minimum
 * at {@code P}, so a run sees both the way up and the way down of every period.
 *
 * <p>{@link #cumulative} is closed-form: {@code mean * t - (max - min) * P / (4π) * sin(2πt / P)},
 * with {@code mean = (min + max) / 2}. {@link #inverse} has no closed form; it is solved with
 * Newton's method kept inside a bisection bracket, to well under 1 ns. Where the rate touches 0 (a
 * minimum of 0) the cumulative is flat to third order, so there the answer is only as precise as
 * the cumulative's own rounding allows.
 */
public final class SineRate implements RateFunction {
  /**
   * Stop once a Newton step or the bracket is below a picosecond: Newton's last steps are nearly
   * free, and stopping at a whole nanosecond would leave up to that much error in every arrival.
   */
  private static final double PRECISION_SECONDS = 1e-12;

  private static final int MAX_ITERATIONS = 100;

  private final double minRate;
  private final double maxRate;
  private final double periodSeconds;
  private final double durationSeconds;
  private final double mean;

  /** Amplitude of the cumulative's oscillation around {@code mean * t}. */
  private final double wobble;

  private final double omega;

  /**
   * @param minRate the lowest rate, arrivals per second, {@code >= 0}
   * @param maxRate the highest rate, {@code >= minRate}
   * @param periodSeconds the length of one cycle, {@code > 0}
   * @param durationSeconds the schedule's length, {@code > 0}
   * @throws IllegalArgumentException when an argument is out of range
   */
  public SineRate(double minRate, double maxRate, double periodSeconds, double durationSeconds) {
    if (!(minRate >= 0) || !(maxRate >= minRate) || !Double.isFinite(maxRate)) {
      throw new IllegalArgumentException(
          String.format(
              "sine rate: min %s/s, max %s/s; give finite rates with 0 <= min <= max",
              minRate, maxRate));
    }
    if (!(periodSeconds > 0) || !Double.isFinite(periodSeconds)) {
      throw new IllegalArgumentException(
          "sine rate: period " + periodSeconds + " s; give a period > 0");
    }
    if (!(durationSeconds > 0) || !Double.isFinite(durationSeconds)) {
      throw new IllegalArgumentException(
          "sine rate: duration " + durationSeconds + " s; give a duration > 0");
    }
    this.minRate = minRate;
    this.maxRate = maxRate;
    this.periodSeconds = periodSeconds;
    this.durationSeconds = durationSeconds;
    this.mean = (minRate + maxRate) / 2;
    this.omega = 2 * Math.PI / periodSeconds;
    this.wobble = (maxRate - minRate) / (2 * omega);
  }

  @Override
  public double rateAt(double tSeconds) {
    if (!(tSeconds >= 0) || tSeconds > durationSeconds) {
      return 0;
    }
    return minRate + (maxRate - minRate) * (1 - Math.cos(omega * tSeconds)) / 2;
  }

  @Override
  public double cumulative(double tSeconds) {
    if (!(tSeconds > 0)) {
      return 0;
    }
    double t = Math.min(tSeconds, durationSeconds);
    // mean * t never falls behind the oscillating term's bound; the max only absorbs rounding
    // near t = 0, where both terms are tiny.
    return Math.max(0, mean * t - wobble * Math.sin(omega * t));
  }

  @Override
  public double inverse(double arrivals) {
    if (!(arrivals > 0)) {
      if (Double.isNaN(arrivals)) {
        throw new IllegalArgumentException("inverse(NaN): arrivals must be a number");
      }
      return 0;
    }
    double total = cumulative(durationSeconds);
    if (arrivals > total) {
      return Double.POSITIVE_INFINITY;
    }
    if (wobble == 0) {
      return Math.min(arrivals / mean, durationSeconds);
    }
    // |cumulative(t) - mean * t| <= wobble, which brackets the root tightly whatever the duration.
    double lo = Math.max(0, (arrivals - wobble) / mean);
    double hi = Math.min(durationSeconds, (arrivals + wobble) / mean);
    double t = Math.min(Math.max(arrivals / mean, lo), hi);
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      double f = cumulative(t) - arrivals;
      if (f == 0) {
        return t;
      }
      if (f > 0) {
        hi = t;
      } else {
        lo = t;
      }
      double next = t - f / rateAt(t);
      // A zero rate (min 0, t at a period boundary) gives an infinite or NaN step; a step that
      // leaves the bracket would diverge: bisect instead.
      if (!(next > lo && next < hi)) {
        next = lo + (hi - lo) / 2;
      }
      double tolerance = Math.max(PRECISION_SECONDS, 2 * Math.ulp(next));
      if (Math.abs(next - t) <= tolerance || hi - lo <= tolerance) {
        return next;
      }
      t = next;
    }
    // Only where the rate touches 0, where Newton converges linearly: the bracket is tight by now.
    return t;
  }

  @Override
  public double durationSeconds() {
    return durationSeconds;
  }

  public double minRate() {
    return minRate;
  }

  public double maxRate() {
    return maxRate;
  }

  public double periodSeconds() {
    return periodSeconds;
  }

  @Override
  public String toString() {
    return String.format(
        "SineRate[%s/s to %s/s, period %s s, %s s]",
        minRate, maxRate, periodSeconds, durationSeconds);
  }
}
