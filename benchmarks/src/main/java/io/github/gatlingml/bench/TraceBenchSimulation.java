/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlLoad;
import java.time.Duration;

/**
 * Replays the trace {@code bench.trace.file} at its own pace for {@link ArrivalAccuracyBenchmark}:
 * each arrival sends one add_sub inference over REST JSON (the request of {@link
 * LoopbackBenchmark}, encoded once). {@code bench.trace.users} > 0 sets the plan's pool of users;
 * otherwise the plan's default.
 */
public class TraceBenchSimulation extends Simulation {
  public static final String NAME = "add_sub trace";

  {
    LoadPlan plan = MlLoad.trace(System.getProperty("bench.trace.file"), 1.0);
    int users = Integer.getInteger("bench.trace.users", 0);
    if (users > 0) {
      plan = plan.maxConcurrency(users);
    }
    setUp(
            plan.population(
                "arrivals",
                exec(Payloads.mlRequest(NAME, Payloads.ADD_SUB, InferTransport.REST_JSON))))
        .protocols(
            ml.restBaseUrl(System.getProperty("bench.rest.url"))
                .summaryPath(System.getProperty("bench.summary")))
        .maxDuration(plan.duration().plus(Duration.ofSeconds(30)));
  }
}
