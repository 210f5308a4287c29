/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

/**
 * A stretch of a {@link PiecewiseLinearRate} at one constant rate: one step of a staircase. Ramps
 * between steps are not windows.
 *
 * @param index 0-based, in time order
 * @param startSeconds its start, from the schedule's start
 * @param endSeconds its end (exclusive), {@code > startSeconds}
 * @param rate its rate in arrivals per second
 */
public record StepWindow(int index, double startSeconds, double endSeconds, double rate) {

  /** The window's length in seconds. */
  public double seconds() {
    return endSeconds - startSeconds;
  }

  /** The expected number of arrivals in the window: {@code rate * seconds()}. */
  public double expectedArrivals() {
    return rate * seconds();
  }
}
