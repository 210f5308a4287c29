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
    String kind = System.getProperty("it.plan.kind", "rate");
    LoadPlan plan =
        switch (kind) {
          case "users" ->
              MlLoad.userSteps(
                  Integer.parseInt(GatlingRun.property("it.plan.start")),
                  Integer.parseInt(GatlingRun.property("it.plan.step")),
                  Integer.parseInt(GatlingRun.property("it.plan.steps")),
                  Duration.ofMillis(Long.parseLong(GatlingRun.property("it.plan.stepMillis"))));
          case "sine" ->
              MlLoad.sine(
                  Double.parseDouble(GatlingRun.property("it.plan.min")),
                  Double.parseDouble(GatlingRun.property("it.plan.max")),
                  Duration.ofMillis(Long.parseLong(GatlingRun.property("it.plan.periodMillis"))),
                  Duration.ofMillis(Long.parseLong(GatlingRun.property("it.plan.durationMillis"))));
          default ->
              MlLoad.rateSteps(
                  Double.parseDouble(GatlingRun.property("it.plan.start")),
                  Double.parseDouble(GatlingRun.property("it.plan.step")),
                  Integer.parseInt(GatlingRun.property("it.plan.steps")),
                  Duration.ofMillis(Long.parseLong(GatlingRun.property("it.plan.stepMillis"))));
        };
    plan =
        plan.warmUp(
            Duration.ofMillis(Long.parseLong(System.getProperty("it.plan.warmUpMillis", "0"))));
    if (Boolean.parseBoolean(System.getProperty("it.plan.poisson", "false"))) {
      plan = plan.poisson(7);
    }
    String require = System.getProperty("it.plan.require");
    if (require != null) {
      plan = plan.requireMaxSustainable(Double.parseDouble(require));
    }
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
        .assertions(assertions(plan, require != null));
  }

  private static java.util.List<io.gatling.javaapi.core.Assertion> assertions(
      LoadPlan plan, boolean required) {
    java.util.List<io.gatling.javaapi.core.Assertion> list = new java.util.ArrayList<>();
    if (required) {
      list.add(plan.assertion());
    }
    String expected = System.getProperty("it.expected.requests");
    if (expected != null) {
      // The requirement's entry is a group: Gatling's request count is the requests sent.
      list.add(global().allRequests().count().is(Long.parseLong(expected)));
    }
    return list;
  }
}
