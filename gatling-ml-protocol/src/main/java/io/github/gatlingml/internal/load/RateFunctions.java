/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The load shapes of a breaking-point run, as {@link RateFunction}s. */
public final class RateFunctions {
  private RateFunctions() {}

  /**
   * A constant rate.
   *
   * @param rate arrivals per second, {@code >= 0}
   * @param seconds the schedule's length, {@code > 0}
   */
  public static PiecewiseLinearRate constant(double rate, double seconds) {
    return steps(rate, 0, 1, seconds, 0);
  }

  /**
   * A linear ramp from one rate to another.
   *
   * @param fromRate the rate at {@code t = 0}, {@code >= 0}
   * @param toRate the rate at {@code t = seconds}, {@code >= 0}
   * @param seconds the schedule's length, {@code > 0}
   */
  public static PiecewiseLinearRate ramp(double fromRate, double toRate, double seconds) {
    checkSeconds("ramp", seconds);
    return PiecewiseLinearRate.of(new double[] {0, seconds}, new double[] {fromRate, toRate});
  }

  /**
   * A staircase: step {@code k} (0-based) runs at {@code startRate + k * stepRate} for {@code
   * stepSeconds}; each step after the first is preceded by a linear ramp of {@code rampSeconds}
   * from the previous step's rate ({@code 0}: an instantaneous jump). The schedule lasts {@code
   * steps * stepSeconds + (steps - 1) * rampSeconds}; {@link PiecewiseLinearRate#windows()} gives
   * the steps, ramps excluded. For example {@code steps(50, 50, 8, 60, 10)}: 50/s, 100/s, ...,
   * 400/s, a minute each, 10 s ramps in between.
   *
   * @param startRate the first step's rate, {@code >= 0}
   * @param stepRate what each step adds; negative for a descending staircase, as long as every
   *     step's rate stays {@code >= 0}
   * @param steps the number of steps, {@code >= 1}
   * @param stepSeconds each step's length, {@code > 0}
   * @param rampSeconds each ramp's length, {@code >= 0}
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static PiecewiseLinearRate steps(
      double startRate, double stepRate, int steps, double stepSeconds, double rampSeconds) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps: " + steps + " steps; give at least 1");
    }
    checkSeconds("steps: stepSeconds", stepSeconds);
    if (!(rampSeconds >= 0) || !Double.isFinite(rampSeconds)) {
      throw new IllegalArgumentException(
          "steps: rampSeconds is " + rampSeconds + "; give 0 (a jump) or more");
    }
    double lastRate = startRate + (steps - 1) * stepRate;
    if (!(startRate >= 0) || !(lastRate >= 0) || !Double.isFinite(stepRate)) {
      throw new IllegalArgumentException(
          String.format(
              "steps: rates go from %s/s to %s/s; every step's rate must be finite and >= 0",
              startRate, lastRate));
    }
    // Two points per step, its start and its end; the segment from one step's end to the next
    // one's start is the ramp, or a jump (two points at the same time) when rampSeconds is 0.
    double[] times = new double[2 * steps];
    double[] rates = new double[2 * steps];
    List<StepWindow> windows = new ArrayList<>(steps);
    int n = 0;
    double t = 0;
    for (int k = 0; k < steps; k++) {
      double rate = startRate + k * stepRate;
      if (k > 0 && rampSeconds > 0) {
        t += rampSeconds;
      }
      times[n] = t;
      rates[n++] = rate;
      double end = t + stepSeconds;
      windows.add(new StepWindow(k, t, end, rate));
      times[n] = end;
      rates[n++] = rate;
      t = end;
    }
    return PiecewiseLinearRate.withWindows(
        Arrays.copyOf(times, n), Arrays.copyOf(rates, n), windows);
  }

  /**
   * A rate swinging between {@code minRate} and {@code maxRate}, starting at the minimum; see
   * {@link SineRate}.
   */
  public static SineRate sine(
      double minRate, double maxRate, double periodSeconds, double durationSeconds) {
    return new SineRate(minRate, maxRate, periodSeconds, durationSeconds);
  }

  private static void checkSeconds(String what, double seconds) {
    if (!(seconds > 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException(what + " is " + seconds + " s; give a length > 0");
    }
  }
}
