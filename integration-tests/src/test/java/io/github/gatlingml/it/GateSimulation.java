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
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed arrival rate of one-request users against add_sub, gated when {@code it.gate.baseline} (a
 * baseline summary) or {@code it.canary} (two versions, interleaved) is set. The thresholds are
 * looser than the defaults, for a loaded CI machine; the slow server the tests use is far beyond
 * them.
 */
public class GateSimulation extends Simulation {
  static final String REQUEST = "add_sub";
  static final String V1 = "add_sub v1";
  static final String V2 = "add_sub v2";

  {
    double rate = Double.parseDouble(GatlingRun.property("it.rate"));
    int seconds = Integer.parseInt(GatlingRun.property("it.seconds"));
    String baseline = System.getProperty("it.gate.baseline");
    boolean canary = Boolean.parseBoolean(System.getProperty("it.canary", "false"));
    MlGate gate = null;
    if (baseline != null) {
      gate = MlGate.baseline(baseline);
    } else if (canary) {
      gate = MlGate.canary(V1, V2);
    }
    if (gate != null) {
      gate =
          gate.maxP50Increase(System.getProperty("it.gate.p50", "10%"))
              .maxP99Increase(System.getProperty("it.gate.p99", "25%"))
              .maxThroughputChange("10%")
              .maxErrorRate("1%")
              .warmUp(Duration.ofSeconds(1))
              .allowDoubtful();
    }
    ChainBuilder request =
        canary
            ? gate.interleave(exec(call(V1, "1")), exec(call(V2, "2")))
            : exec(call(REQUEST, null));
    PopulationBuilder load =
        scenario("gated load")
            .exec(request)
            .injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)));
    List<Assertion> assertions = new ArrayList<>();
    // The gate's entries are groups: Gatling's request count is the requests sent.
    assertions.add(global().allRequests().count().is(Math.round(rate * seconds)));
    if (gate != null) {
      assertions.addAll(gate.assertions());
    }
    setUp(gate == null ? List.of(load) : gate.after(load))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .model("add_sub")
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(60))
        .assertions(assertions);
  }

  private static io.github.gatlingml.javaapi.InferActionBuilder call(String name, String version) {
    io.github.gatlingml.javaapi.InferActionBuilder b =
        infer(name)
            .transport(InferTransport.REST_JSON)
            .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
            .inputValues("INPUT1", FP32, shape(1, 16), new double[16]);
    return version == null ? b : b.version(version);
  }
}
