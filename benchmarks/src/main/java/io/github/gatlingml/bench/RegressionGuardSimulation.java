/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlDsl;
import io.github.gatlingml.javaapi.MlLoad;
import java.time.Duration;

/**
 * One run of {@link RegressionGuardValidation}: an open load of {@code bench.rate} arrivals per
 * second for {@code bench.seconds} s (Poisson arrivals with seed {@code bench.seed} when {@code
 * bench.poisson} is true), each one add_sub inference over REST JSON, as a CI suite would run it.
 */
public class RegressionGuardSimulation extends Simulation {
  public static final String NAME = "add_sub guard";

  {
    double rate = Double.parseDouble(System.getProperty("bench.rate"));
    int seconds = Integer.parseInt(System.getProperty("bench.seconds"));
    LoadPlan plan = MlLoad.rateSteps(rate, 0, 1, Duration.ofSeconds(seconds));
    if (Boolean.getBoolean("bench.poisson")) {
      plan = plan.poisson(Long.getLong("bench.seed", 1));
    }
    setUp(
            plan.population(
                "guard",
                exec(Payloads.mlRequest(NAME, Payloads.ADD_SUB, InferTransport.REST_JSON))))
        .protocols(
            MlDsl.ml
                .restBaseUrl(System.getProperty("bench.rest.url"))
                .summaryPath(System.getProperty("bench.summary")))
        .maxDuration(plan.duration().plus(Duration.ofSeconds(30)));
  }
}
