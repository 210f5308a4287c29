/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import io.github.gatlingml.metrics.LoadReport;

/**
 * The plan of a closed workload (concurrent users stepping up): Gatling injects the users; the plan
 * only places its steps on the run's clock, from the moment its first user starts.
 */
public final class ClosedDriver implements PlanSource {
  private final StepTimeline timeline;
  private final LoadReport.Criteria criteria;
  private final double percentile;

  /**
   * @param timeline the plan on the run's clock
   * @param criteria the analysis' criteria
   * @param percentile the latency percentile the analysis judges
   */
  public ClosedDriver(StepTimeline timeline, LoadReport.Criteria criteria, double percentile) {
    this.timeline = timeline;
    this.criteria = criteria;
    this.percentile = percentile;
  }

  private final java.util.concurrent.atomic.AtomicLong active =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean completed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** A user of the plan starts: the first one sets the plan's origin. */
  public void userStarted(long nowNanos) {
    timeline.anchor(nowNanos);
    active.incrementAndGet();
  }

  /**
   * A user of the plan got to the end of its iteration.
   *
   * @param nowNanos {@code System.nanoTime()}
   * @return true once only: for the last user to finish after the plan's last step ended
   */
  public boolean userFinished(long nowNanos) {
    long left = active.decrementAndGet();
    long origin = timeline.origin();
    boolean over = nowNanos - origin >= timeline.plan().durationNanos();
    return left == 0 && over && completed.compareAndSet(false, true);
  }

  @Override
  public StepTimeline timeline() {
    return timeline;
  }

  @Override
  public String arrivals() {
    return "closed";
  }

  @Override
  public Long offeredArrivals(long nowNanos) {
    return null;
  }

  @Override
  public Long sentArrivals() {
    return null;
  }

  @Override
  public LoadReport.Criteria criteria() {
    return criteria;
  }

  @Override
  public double latencyPercentile() {
    return percentile;
  }
}
