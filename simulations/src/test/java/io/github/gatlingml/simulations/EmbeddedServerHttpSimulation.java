/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.time.Duration;

/**
 * Drives a KServe v2 REST endpoint with Gatling's own {@code http()}: health, metadata and {@code
 * add_sub} inference with a fixed JSON payload, checking the sums the model returns.
 *
 * <p>With no {@code -Dml.rest.url} it starts the embedded server on a free port, so it runs on a
 * fresh machine; given a URL it drives that server instead (any KServe v2 server serving {@code
 * add_sub}). Properties: {@code ml.rest.url}, {@code ml.users} (default 10), {@code ml.duration} in
 * seconds (default 10), {@code ml.model} (default add_sub).
 */
public class EmbeddedServerHttpSimulation extends Simulation {
  private static final int USERS = Integer.getInteger("ml.users", 10);
  private static final int DURATION_S = Integer.getInteger("ml.duration", 10);
  private static final String MODEL = System.getProperty("ml.model", "add_sub");

  /** INPUT0 = 0..15, INPUT1 = all ones: OUTPUT0 = 1..16, OUTPUT1 = -1..14. */
  private static final String ADD_SUB_BODY =
      "{\"inputs\":["
          + "{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],"
          + "\"data\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
          + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],"
          + "\"data\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}],"
          + "\"outputs\":[{\"name\":\"OUTPUT0\"},{\"name\":\"OUTPUT1\"}]}";

  private final InferenceServer embedded;
  private final String baseUrl;

  public EmbeddedServerHttpSimulation() {
    String given = System.getProperty("ml.rest.url", "").trim();
    if (given.isEmpty()) {
      // 4 slots at ~2 ms: roomy enough that USERS closed-loop users measure the server, not a
      // queue.
      embedded =
          InferenceServer.start(
              ServerConfig.onFreePorts()
                  .withCapacity("add_sub", Capacity.of(4, Duration.ofMillis(2))));
      baseUrl = embedded.restBaseUrl();
    } else {
      embedded = null;
      baseUrl = given;
    }

    HttpProtocolBuilder kserve =
        http.baseUrl(baseUrl)
            .contentTypeHeader("application/json")
            .acceptHeader("application/json");

    ScenarioBuilder infer =
        scenario("add_sub over REST JSON")
            .exec(http("server ready").get("/v2/health/ready").check(status().is(200)))
            .exec(
                http("model metadata")
                    .get("/v2/models/" + MODEL)
                    .check(status().is(200), jsonPath("$.inputs[0].name").is("INPUT0")))
            .during(Duration.ofSeconds(DURATION_S))
            .on(
                exec(
                    http("infer add_sub json")
                        .post("/v2/models/" + MODEL + "/infer")
                        .body(StringBody(ADD_SUB_BODY))
                        .check(
                            status().is(200),
                            jsonPath("$.outputs[?(@.name=='OUTPUT0')].data[15]")
                                .ofDouble()
                                .is(16.0),
                            jsonPath("$.outputs[?(@.name=='OUTPUT1')].data[0]")
                                .ofDouble()
                                .is(-1.0))));

    setUp(
            infer.injectClosed(
                rampConcurrentUsers(1).to(USERS).during(Duration.ofSeconds(2)),
                constantConcurrentUsers(USERS).during(Duration.ofSeconds(DURATION_S))))
        .protocols(kserve)
        .maxDuration(Duration.ofSeconds(DURATION_S + 30L))
        .assertions(
            global().failedRequests().percent().is(0.0),
            details("infer add_sub json").responseTime().percentile(95.0).lt(1000));
  }

  @Override
  public void before() {
    System.out.println(
        "Driving KServe v2 REST endpoint "
            + baseUrl
            + (embedded != null ? " (embedded server)" : ""));
  }

  @Override
  public void after() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
