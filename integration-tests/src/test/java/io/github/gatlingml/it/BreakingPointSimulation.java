/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlLoad;
import java.time.Duration;

/**
 * Arrival-rate steps against a server of known capacity: {@code it.plan.start}/s, then {@code
 * it.plan.step}/s more per step, {@code it.plan.steps} steps of {@code it.plan.stepMillis} ms.
 */
public class BreakingPointSimulation extends Simulation {
  static final String REQUEST = "add_sub steps";

  {
    LoadPlan plan =
        MlLoad.rateSteps(
                Double.parseDouble(GatlingRun.property("it.plan.start")),
                Double.parseDouble(GatlingRun.property("it.plan.step")),
                Integer.parseInt(GatlingRun.property("it.plan.steps")),
                Duration.ofMillis(Long.parseLong(GatlingRun.property("it.plan.stepMillis"))))
            .warmUp(
                Duration.ofMillis(Long.parseLong(System.getProperty("it.plan.warmUpMillis", "0"))));
    if (Boolean.parseBoolean(System.getProperty("it.plan.poisson", "false"))) {
      plan = plan.poisson(7);
    }
    plan = plan.requireMaxSustainable(Double.parseDouble(GatlingRun.property("it.plan.require")));
    setUp(
            plan.population(
                "breaking point",
                exec(
                    infer(REQUEST)
                        .transport(io.github.gatlingml.javaapi.InferTransport.REST_JSON)
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .model("add_sub")
                .scrape(GatlingRun.property("it.metrics.url"))
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(60))
        .assertions(
            plan.assertion(),
            // The requirement's entry is a group: Gatling's request count is the requests sent.
            global()
                .allRequests()
                .count()
                .is(Long.parseLong(GatlingRun.property("it.expected.requests"))));
  }
}
