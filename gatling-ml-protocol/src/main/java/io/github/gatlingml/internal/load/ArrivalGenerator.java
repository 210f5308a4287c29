/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The intended start times of an open workload: offsets in nanoseconds from the schedule's start,
 * one per {@link #next()} call, non-decreasing, then {@code -1} once the schedule is exhausted.
 *
 * <ul>
 *   <li>{@link #uniform}: evenly spaced in expected-arrival space. Arrival {@code k} (0-based) is
 *       at {@code f.inverse(k + 0.5)}, the midpoint of the {@code k}-th unit of expected arrivals,
 *       for every {@code k} with {@code k + 0.5 <= f.totalArrivals()}. A constant rate {@code r}
 *       over {@code D} seconds gives {@code Math.round(r * D)} arrivals at {@code 0.5 / r, 1.5 / r,
 *       ...}: spaced by exactly {@code 1 / r} (to the nanosecond), the first half an interval after
 *       the start and the last half an interval before the end, so back-to-back steps of a
 *       staircase join without a doubled or missing arrival at their boundary.
 *   <li>{@link #poisson}: an exact non-homogeneous Poisson process, by time rescaling: the
 *       expected-arrival positions are partial sums of unit-rate exponential draws, each mapped
 *       through {@link RateFunction#inverse}. Seeded, so a run can be reproduced.
 *   <li>{@link #of}: precomputed offsets, e.g. a replayed trace.
 * </ul>
 *
 * <p>Not thread-safe: one generator per schedule, its caller synchronises {@link #next()}.
 */
public final class ArrivalGenerator {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Source source;
  private long last;
  private boolean done;

  private ArrivalGenerator(Source source) {
    this.source = source;
  }

  /** Evenly spaced arrivals following {@code f}; see the class comment for the convention. */
  public static ArrivalGenerator uniform(RateFunction f) {
    Objects.requireNonNull(f, "f");
    return new ArrivalGenerator(
        new Source() {
          private long k;

          @Override
          public double nextSeconds() {
            // k + 0.5 is exact in a double up to 2^52 arrivals.
            return f.inverse(k++ + 0.5);
          }
        });
  }

  /**
   * Poisson arrivals following {@code f}: the same seed gives the same offsets.
   *
   * @param seed seeds the {@link SplittableRandom} that draws the exponential gaps
   */
  public static ArrivalGenerator poisson(RateFunction f, long seed) {
    Objects.requireNonNull(f, "f");
    SplittableRandom random = new SplittableRandom(seed);
    return new ArrivalGenerator(
        new Source() {
          private double position;

          @Override
          public double nextSeconds() {
            // 1 - u is in (0, 1], so the log is finite: a unit-rate exponential gap.
            position -= Math.log(1 - random.nextDouble());
            return f.inverse(position);
          }
        });
  }

  /**
   * Arrivals at precomputed offsets.
   *
   * @param offsetsNanos non-negative and non-decreasing; copied
   * @throws IllegalArgumentException naming the first offset that is negative or out of order
   */
  public static ArrivalGenerator of(long[] offsetsNanos) {
    long[] offsets = offsetsNanos.clone();
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] < 0 || (i > 0 && offsets[i] < offsets[i - 1])) {
        throw new IllegalArgumentException(
            "offsets["
                + i
                + "] is "
                + offsets[i]
                + " ns"
                + (i > 0 ? " after " + offsets[i - 1] : "")
                + "; offsets must be >= 0 and in order");
      }
    }
    return new ArrivalGenerator(
        new Source() {
          private int i;

          @Override
          public double nextSeconds() {
            throw new AssertionError("offsets are read directly");
          }

          @Override
          public long nextNanos() {
            return i < offsets.length ? offsets[i++] : -1;
          }
        });
  }

  /**
   * The next arrival's offset from the schedule's start in nanoseconds, never less than the
   * previous one, or {@code -1} when the schedule is exhausted (and on every call after).
   */
  public long next() {
    if (done) {
      return -1;
    }
    long nanos = source.nextNanos();
    if (nanos < 0) {
      done = true;
      return -1;
    }
    // The inverses are monotone in exact arithmetic; rounding (Newton's last step on a sine) can
    // put two close arrivals a nanosecond out of order, so hold the line.
    last = Math.max(last, nanos);
    return last;
  }

  /** Where arrivals come from: seconds from a rate function, or nanoseconds from a list. */
  private interface Source {
    /** The next arrival in seconds, {@code +Infinity} when there is none. */
    double nextSeconds();

    default long nextNanos() {
      double seconds = nextSeconds();
      return Double.isInfinite(seconds) ? -1 : Math.round(seconds * NANOS_PER_SECOND);
    }
  }
}
