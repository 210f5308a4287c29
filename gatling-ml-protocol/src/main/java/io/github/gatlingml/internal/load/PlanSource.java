/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import io.github.gatlingml.metrics.LoadReport;

/**
 * What the registry needs to know of the load plan that drives a run, to attribute requests to its
 * steps and to write the {@code "load"} part of the summary. Implemented by the plan's driver.
 */
public interface PlanSource {
  /** The plan on the run's clock. */
  StepTimeline timeline();

  /** How arrivals are spaced: {@code uniform}, {@code poisson}, {@code trace} or {@code closed}. */
  String arrivals();

  /**
   * Arrivals the plan had scheduled up to a moment.
   *
   * @param nowNanos {@code System.nanoTime()}
   * @return the count, or {@code null} for a closed plan
   */
  Long offeredArrivals(long nowNanos);

  /** Arrivals handed to users so far, or {@code null} for a closed plan. */
  Long sentArrivals();

  /** The sustainability criteria of the analysis. */
  LoadReport.Criteria criteria();

  /** The latency percentile the analysis judges, e.g. 99. */
  double latencyPercentile();

  /** The SLO search's result so far, or {@code null} for other plans. */
  default LoadReport.SearchResult search() {
    return null;
  }
}
