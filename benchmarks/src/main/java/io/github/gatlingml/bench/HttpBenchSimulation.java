/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import java.time.Duration;

/**
 * Baseline: Gatling's own {@code http()} posting the byte-identical add_sub JSON body that
 * gatling-ml's REST JSON transport sends (taken from {@link KServeRestCodec#encode}), with the same
 * headers, the same number of closed-loop users and only Gatling's implicit status check.
 */
public class HttpBenchSimulation extends Simulation {
  {
    int users = Integer.getInteger("bench.users");
    int seconds = Integer.getInteger("bench.maxSeconds");
    byte[] body = KServeRestCodec.encode(Payloads.addSubPayload(), false).bytes();
    setUp(
            scenario("gatling http")
                .during(Duration.ofSeconds(seconds))
                .on(
                    exec(
                        http("add_sub http")
                            .post("/v2/models/" + Payloads.ADD_SUB + "/infer")
                            .body(ByteArrayBody(body))))
                .injectOpen(atOnceUsers(users)))
        .protocols(
            http.baseUrl(System.getProperty("bench.rest.url"))
                .disableWarmUp()
                .contentTypeHeader("application/json")
                .acceptHeader("application/json"))
        .maxDuration(Duration.ofSeconds(seconds + 5L));
  }
}
