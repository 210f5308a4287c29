/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

/**
 * An arrival rate over time, in arrivals per second, from {@code t = 0} (the schedule's start) to
 * {@link #durationSeconds()}. {@link ArrivalGenerator} turns one into arrival times.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface RateFunction {

  /**
   * The rate at {@code tSeconds}, in arrivals per second; {@code 0} before {@code 0} and after
   * {@link #durationSeconds()}.
   */
  double rateAt(double tSeconds);

  /**
   * The expected number of arrivals from {@code 0} to {@code tSeconds}: the integral of {@link
   * #rateAt}. Non-decreasing; {@code 0} for {@code t <= 0}; constant after {@link
   * #durationSeconds()}.
   */
  double cumulative(double tSeconds);

  /**
   * The smallest {@code t} with {@code cumulative(t) >= arrivals}: the time by which that many
   * arrivals are expected. {@code 0} for {@code arrivals <= 0}; {@link Double#POSITIVE_INFINITY}
   * when {@code arrivals > cumulative(durationSeconds())}. Non-decreasing in {@code arrivals}.
   */
  double inverse(double arrivals);

  /** The length of the schedule in seconds; the rate is 0 after it. */
  double durationSeconds();

  /** The expected number of arrivals over the whole schedule. */
  default double totalArrivals() {
    return cumulative(durationSeconds());
  }
}
