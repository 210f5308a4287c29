/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load plan placed on the run's clock: its origin (set once, by its first arrival or first user)
 * and its steps, which an SLO search appends while the run goes on. Recorders ask it which step a
 * request belongs to, from the request's intended start when the plan knows it, else from its
 * actual start, so a request counts in the step that sent it whenever it ends.
 *
 * <p>Thread-safe: lookups are lock-free reads of an immutable array; appends copy it.
 */
public final class StepTimeline {
  /** The origin of a plan whose first arrival has not come yet. */
  public static final long UNANCHORED = Long.MIN_VALUE;

  private final StepPlan plan;
  private final int capacity;
  private final AtomicLong origin = new AtomicLong(UNANCHORED);
  private volatile StepPlan.Step[] steps;

  /**
   * @param plan the plan; its steps are the first ones
   * @param capacity the most steps the plan will ever have (its own for a fixed plan, the search's
   *     limit for an SLO search)
   */
  public StepTimeline(StepPlan plan, int capacity) {
    this.plan = plan;
    this.capacity = Math.max(capacity, plan.steps().size());
    this.steps = plan.steps().toArray(new StepPlan.Step[0]);
  }

  /** The plan as declared. */
  public StepPlan plan() {
    return plan;
  }

  /** The most steps this timeline holds; recorders size their per-step counters with it. */
  public int capacity() {
    return capacity;
  }

  /**
   * Sets the plan's origin, once: later calls change nothing.
   *
   * @param nanos {@code System.nanoTime()} of the plan's origin
   * @return the origin in force (this one if it was the first)
   */
  public long anchor(long nanos) {
    if (origin.compareAndSet(UNANCHORED, nanos)) {
      return nanos;
    }
    return origin.get();
  }

  /** The origin, or {@link #UNANCHORED}. */
  public long origin() {
    return origin.get();
  }

  /**
   * Appends a step (an SLO search's next probe).
   *
   * @throws IllegalStateException past the capacity
   */
  public synchronized void append(StepPlan.Step step) {
    StepPlan.Step[] current = steps;
    if (current.length >= capacity) {
      throw new IllegalStateException("the plan holds at most " + capacity + " steps");
    }
    StepPlan.Step[] next = java.util.Arrays.copyOf(current, current.length + 1);
    next[current.length] = step;
    steps = next;
  }

  /** The steps so far. */
  public List<StepPlan.Step> steps() {
    return List.of(steps);
  }

  /**
   * The step a moment falls in.
   *
   * @param atNanos a {@code System.nanoTime()} stamp
   * @return the step's index, or -1 before the origin, in a ramp, or outside every step
   */
  public int stepAt(long atNanos) {
    long o = origin.get();
    if (o == UNANCHORED) {
      return -1;
    }
    long offset = atNanos - o;
    StepPlan.Step[] s = steps;
    int lo = 0;
    int hi = s.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (offset < s[mid].startNanos()) {
        hi = mid - 1;
      } else if (offset >= s[mid].endNanos()) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Indices of the steps that have ended by {@code nowNanos}. */
  public List<Integer> endedBy(long nowNanos) {
    List<Integer> ended = new ArrayList<>();
    long o = origin.get();
    if (o == UNANCHORED) {
      return ended;
    }
    for (StepPlan.Step step : steps) {
      if (nowNanos - o >= step.endNanos()) {
        ended.add(step.index());
      }
    }
    return ended;
  }
}
