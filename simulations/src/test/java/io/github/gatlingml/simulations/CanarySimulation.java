/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferActionBuilder;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlGate;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.time.Duration;
import java.util.List;

/**
 * A canary: two versions of one model in one run, requests alternating between them so both see the
 * same load in the same time window, judged against each other by the regression engine of {@code
 * gatling-ml compare} at the end of the run. The verdict is printed, and the run's assertions fail
 * when the candidate regressed.
 *
 * <p>By default an embedded server serves add_sub version 1 with a 10 ms service time and version 2
 * with 13 ms (30% slower): the canary reports version 2's p50 and p99 as regressions and the run
 * fails its assertions, as a deployment pipeline would want. Give {@code
 * -Dml.canary.v2ServiceMs=10} to see two equal versions pass.
 *
 * <p>System properties (all optional): {@code ml.rest.url} (a real server serving both versions;
 * default: the embedded one), {@code ml.model} (add_sub), {@code ml.canary.baseline} (1), {@code
 * ml.canary.candidate} (2), {@code ml.rate} (40 requests/s, split evenly), {@code ml.seconds} (20),
 * {@code ml.warmUpSeconds} (3), and for the embedded server {@code ml.canary.v1ServiceMs} (10) and
 * {@code ml.canary.v2ServiceMs} (13).
 */
public class CanarySimulation extends Simulation {
  private final String model = System.getProperty("ml.model", "add_sub");
  private final String v1 = System.getProperty("ml.canary.baseline", "1");
  private final String v2 = System.getProperty("ml.canary.candidate", "2");
  private final InferenceServer embedded = embeddedUnlessConfigured();

  {
    String rest =
        embedded != null ? embedded.restBaseUrl() : System.getProperty("ml.rest.url").trim();
    String baselineName = model + " v" + v1;
    String candidateName = model + " v" + v2;
    MlGate canary =
        MlGate.canary(baselineName, candidateName)
            .maxP50Increase("5%")
            .maxP99Increase("5%")
            .maxThroughputChange("10%")
            .maxErrorRate("1%")
            .warmUp(Duration.ofSeconds(Long.getLong("ml.warmUpSeconds", 3)))
            // A laptop running both the server and the load is often busy: judge anyway, and
            // read the injector's verdict printed with the summary.
            .allowDoubtful();
    ChainBuilder interleaved =
        canary.interleave(exec(call(baselineName, v1)), exec(call(candidateName, v2)));
    double rate = Double.parseDouble(System.getProperty("ml.rate", "40"));
    long seconds = Long.getLong("ml.seconds", 20);
    System.out.println(
        "gatling-ml example: canary of "
            + candidateName
            + " against "
            + baselineName
            + " at "
            + rate
            + " requests/s for "
            + seconds
            + " s, "
            + (embedded != null ? "embedded server " : "")
            + rest);
    setUp(
            canary.after(
                scenario("canary")
                    .exec(interleaved)
                    .injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)))))
        .protocols(ml.restBaseUrl(rest).model(model))
        .maxDuration(Duration.ofSeconds(seconds + 60))
        .assertions(canary.assertions());
  }

  private InferActionBuilder call(String name, String version) {
    return infer(name)
        .transport(InferTransport.REST_JSON)
        .version(version)
        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]);
  }

  private InferenceServer embeddedUnlessConfigured() {
    if (SimulationTarget.blankToNull(System.getProperty("ml.rest.url")) != null) {
      return null;
    }
    return InferenceServer.start(
        ServerConfig.onFreePorts()
            .withModels(List.of(model))
            .withCapacity(
                model, Capacity.of(8, Duration.ofMillis(Long.getLong("ml.canary.v1ServiceMs", 10))))
            .withModelVersion(
                model,
                v2,
                Capacity.of(8, Duration.ofMillis(Long.getLong("ml.canary.v2ServiceMs", 13)))));
  }

  @Override
  public void after() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
