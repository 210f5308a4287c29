/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * A 30-second open-load run of add_sub inferences over gRPC and REST, meant to be stopped by a
 * SIGTERM long before its end. It writes ml-summary.json where the plugin puts it by default: next
 * to Gatling's report, under the {@code -rf} folder. Run in its own JVM by {@link SigtermTest}.
 */
public class SigtermSimulation extends Simulation {
  static final String GRPC_NAME = "sigterm grpc";
  static final String REST_NAME = "sigterm rest";

  {
    String rest = GatlingRun.property("it.rest.url");
    String grpc = GatlingRun.property("it.grpc.target");
    setUp(
            scenario("sigterm grpc")
                .exec(
                    infer(GRPC_NAME)
                        .grpc()
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))
                .injectOpen(constantUsersPerSec(25).during(Duration.ofSeconds(30))),
            scenario("sigterm rest")
                .exec(
                    infer(REST_NAME)
                        .restJson()
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))
                .injectOpen(constantUsersPerSec(25).during(Duration.ofSeconds(30))))
        .protocols(ml.restBaseUrl(rest).grpcTarget(grpc).model("add_sub"))
        .maxDuration(Duration.ofSeconds(40));
  }
}
