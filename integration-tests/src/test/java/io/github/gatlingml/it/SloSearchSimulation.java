/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlLoad;
import java.time.Duration;

/** An SLO search (p99 latency within {@code it.slo.p99Millis}, errors within 1%). */
public class SloSearchSimulation extends Simulation {
  static final String REQUEST = "add_sub search";

  {
    setUp(
            MlLoad.sloSearch(100, 1000, Duration.ofMillis(1000))
                .sustainable(
                    1.0,
                    99,
                    Duration.ofMillis(Long.parseLong(GatlingRun.property("it.slo.p99Millis"))))
                .drain(Duration.ofMillis(300))
                .timeLimit(Duration.ofSeconds(60))
                .population(
                    "slo search",
                    exec(
                        infer(REQUEST)
                            .transport(InferTransport.REST_JSON)
                            .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                            .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .model("add_sub")
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(100));
  }
}
