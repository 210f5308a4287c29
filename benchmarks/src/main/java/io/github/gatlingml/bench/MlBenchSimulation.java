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
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;

/**
 * gatling-ml contender: {@code bench.users} closed-loop users, each sending one fixed request after
 * another (encoded once) until {@code bench.maxSeconds}. Set up by {@link LoopbackBenchmark}
 * through system properties; the default status check only, like the {@code http()} baseline.
 */
public class MlBenchSimulation extends Simulation {
  {
    InferTransport transport = InferTransport.valueOf(System.getProperty("bench.transport"));
    String model = System.getProperty("bench.model");
    int users = Integer.getInteger("bench.users");
    int seconds = Integer.getInteger("bench.maxSeconds");
    int channels = Integer.getInteger("bench.grpcChannels", 0);
    MlProtocolBuilder protocol =
        ml.restBaseUrl(System.getProperty("bench.rest.url"))
            .grpcTarget(System.getProperty("bench.grpc.target"))
            .summaryPath(System.getProperty("bench.summary"));
    if (channels > 0) {
      protocol = protocol.grpcChannelsPerEventLoop(channels);
    }
    setUp(
            scenario("gatling-ml " + transport.label())
                .during(Duration.ofSeconds(seconds))
                .on(exec(Payloads.mlRequest(model + " " + transport.label(), model, transport)))
                .injectOpen(atOnceUsers(users)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(seconds + 5L));
  }
}
