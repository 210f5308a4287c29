/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.ServerActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Health, metadata, configuration and statistics requests over REST and gRPC, with Gatling's
 * jsonPath checks on both (gRPC answers are turned into snake_case JSON), and modelReady on an
 * unloaded model, which must be a KO.
 */
public class ServerActionsSimulation extends Simulation {
  static final String[] OK_CALLS = {
    "server live",
    "server ready",
    "model ready",
    "server metadata",
    "model metadata",
    "model config",
    "model statistics"
  };

  private final List<Assertion> assertions = new ArrayList<>();

  static String name(String call, boolean grpc) {
    return call + (grpc ? " grpc" : " rest");
  }

  {
    for (String call : OK_CALLS) {
      for (boolean grpc : new boolean[] {false, true}) {
        assertions.add(details(name(call, grpc)).allRequests().count().is(1L));
        assertions.add(details(name(call, grpc)).successfulRequests().count().is(1L));
      }
    }
    var protocol =
        ml.restBaseUrl(GatlingRun.property("it.rest.url"))
            .grpcTarget(GatlingRun.property("it.grpc.target"))
            .model("add_sub")
            .summaryPath(GatlingRun.property(GatlingRun.SUMMARY));
    List<PopulationBuilder> populations = new ArrayList<>();
    for (boolean grpc : new boolean[] {false, true}) {
      ChainBuilder chain =
          exec(
              ok(serverLive(name("server live", grpc)), grpc),
              ok(serverReady(name("server ready", grpc)), grpc),
              ok(modelReady(name("model ready", grpc)).model("add_sub"), grpc),
              ok(
                  serverMetadata(name("server metadata", grpc))
                      .check(jsonPath("$.extensions").exists()),
                  grpc),
              ok(
                  modelMetadata(name("model metadata", grpc))
                      .check(
                          jsonPath("$.name").is("add_sub"),
                          jsonPath("$.inputs[0].name").is("INPUT0"),
                          jsonPath("$.outputs[1].name").is("OUTPUT1")),
                  grpc),
              // Triton's REST answer is the config itself; gRPC's ModelConfigResponse wraps it in
              // "config".
              ok(
                  modelConfig(name("model config", grpc))
                      .check(jsonPath(grpc ? "$.config.name" : "$.name").is("add_sub")),
                  grpc),
              ok(
                  modelStatistics(name("model statistics", grpc))
                      .model("add_sub")
                      .check(jsonPath("$.model_stats[0].name").is("add_sub")),
                  grpc),
              transport(modelReady(name("unloaded ready", grpc)).model("simple_classifier"), grpc));
      assertions.add(details(name("unloaded ready", grpc)).allRequests().count().is(1L));
      assertions.add(details(name("unloaded ready", grpc)).failedRequests().count().is(1L));
      populations.add(
          scenario("server actions " + (grpc ? "grpc" : "rest"))
              .exec(chain)
              .injectOpen(atOnceUsers(1)));
    }
    setUp(populations)
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(20))
        .assertions(assertions);
  }

  private static ServerActionBuilder transport(ServerActionBuilder b, boolean grpc) {
    return grpc ? b.grpc() : b.rest();
  }

  /** A call that must succeed (the default check: OK status, and true for health calls). */
  private static ServerActionBuilder ok(ServerActionBuilder b, boolean grpc) {
    return transport(b, grpc);
  }
}
