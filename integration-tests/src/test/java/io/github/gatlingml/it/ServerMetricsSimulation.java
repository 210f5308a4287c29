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
import io.github.gatlingml.javaapi.ScrapeTarget;
import java.time.Duration;

/**
 * A short open-model run (RATE users/s for SECONDS s, one add_sub inference each) that scrapes the
 * embedded server's /metrics, a test exporter whose values follow a formula of time, and three
 * targets that fail (down, slow, garbage), and fetches ModelStatistics at its start and end.
 */
public class ServerMetricsSimulation extends Simulation {
  static final int RATE = 20;
  static final int SECONDS = 4;
  static final int TOTAL = RATE * SECONDS;
  static final String NAME = "add_sub";

  {
    InferTransport transport = InferTransport.valueOf(GatlingRun.property("it.transport"));
    String exporter = GatlingRun.property("it.exporter.url");
    setUp(
            scenario("server metrics")
                .exec(
                    infer(NAME)
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))
                .injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .grpcTarget(GatlingRun.property("it.grpc.target"))
                .transport(transport)
                .model("add_sub")
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY))
                .scrape(
                    ScrapeTarget.of(GatlingRun.property("it.metrics.url"))
                        .name("server")
                        .series("nv_inference_request_success"))
                .scrape(ScrapeTarget.of(exporter + "/metrics").name("exporter").series("test_.*"))
                .scrape(ScrapeTarget.of(GatlingRun.property("it.down.url")).name("down"))
                .scrape(
                    ScrapeTarget.of(exporter + "/slow")
                        .name("slow")
                        .timeout(Duration.ofMillis(300)))
                .scrape(ScrapeTarget.of(exporter + "/garbage").name("garbage"))
                .modelStatistics())
        .maxDuration(Duration.ofSeconds(30))
        .assertions(
            details(NAME).allRequests().count().is((long) TOTAL),
            details(NAME).failedRequests().count().is(0L));
  }
}
