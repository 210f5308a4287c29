/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.List;
import java.util.Objects;

/**
 * The time line of a load plan: which stretch of the run is which step, and the load each step
 * offers. Offsets are from the plan's origin (its first arrival, or its first user for closed
 * plans), in nanoseconds. Ramps between steps belong to no step: their requests count in the run's
 * totals but in no step, so that a step's numbers describe one steady load.
 *
 * @param kind what drives the load
 * @param description one line for people, e.g. "arrival rate 50/s + 50/s per step, 8 steps of 10 s"
 * @param steps the steps in time order, non-overlapping; empty for plans without steps (sine,
 *     trace)
 * @param durationNanos the plan's length from its origin
 */
public record StepPlan(Kind kind, String description, List<Step> steps, long durationNanos) {

  /** What drives a plan's load. */
  public enum Kind {
    /** The plugin's own arrival process, at a rate that steps up. */
    RATE_STEPS("rate-steps", true),
    /** Gatling's closed injection: a number of concurrent users that steps up. */
    USER_STEPS("user-steps", false),
    /** The plugin's own arrival process, at a rate that follows a sine. */
    SINE("sine", true),
    /** Arrivals at the times of a recorded trace. */
    TRACE("trace", true),
    /** Short rate steps chosen one after the other to find the highest rate that meets an SLO. */
    SLO_SEARCH("slo-search", true);

    private final String wireName;
    private final boolean open;

    Kind(String wireName, boolean open) {
      this.wireName = wireName;
      this.open = open;
    }

    /** The name in ml-summary.json. */
    public String wireName() {
      return wireName;
    }

    /** True when the plugin knows each request's intended start (an open arrival process). */
    public boolean open() {
      return open;
    }
  }

  /**
   * One step.
   *
   * @param index 0-based, in time order
   * @param startNanos offset of its start from the plan's origin
   * @param endNanos offset of its end (exclusive)
   * @param offeredRps the arrival rate it offers, per second, or {@code NaN} for a closed step
   * @param offeredUsers the concurrent users it offers, or {@code 0} for an open step
   */
  public record Step(
      int index, long startNanos, long endNanos, double offeredRps, int offeredUsers) {

    /** Checks the bounds. */
    public Step {
      if (endNanos <= startNanos) {
        throw new IllegalArgumentException(
            "step " + index + " ends (" + endNanos + " ns) before it starts (" + startNanos + ")");
      }
    }

    /** The step's length in seconds. */
    public double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    /** True for a step of an open arrival process. */
    public boolean open() {
      return !Double.isNaN(offeredRps);
    }

    /** The load it offers as a number: the rate of an open step, the users of a closed one. */
    public double offered() {
      return open() ? offeredRps : offeredUsers;
    }
  }

  /** Checks that steps are in order and do not overlap. */
  public StepPlan {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    steps = List.copyOf(steps);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.index() != i) {
        throw new IllegalArgumentException("step " + i + " has index " + s.index());
      }
      if (i > 0 && s.startNanos() < steps.get(i - 1).endNanos()) {
        throw new IllegalArgumentException("step " + i + " overlaps step " + (i - 1));
      }
    }
  }
}
