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

  /** A user of the plan starts: the first one sets the plan's origin. */
  public void userStarted(long nowNanos) {
    timeline.anchor(nowNanos);
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
