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
import io.github.gatlingml.javaapi.InferActionBuilder;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every way a request can fail, N times each, on REST JSON and gRPC: one virtual user per target
 * sends all its failing cases in sequence, then N good requests where the target is the real
 * server, so the run visibly goes on after KOs. Gatling's assertions check the exact KO counts.
 */
public class FailuresSimulation extends Simulation {
  static final int N = 3;
  static final InferTransport[] TRANSPORTS = {InferTransport.REST_JSON, InferTransport.GRPC};

  /**
   * Cases against the real server (add_sub fast, identity 2 s per request, simple_classifier
   * unloaded).
   */
  static final String[] SERVER_CASES = {
    "unknown model", "shape mismatch", "unloaded", "missing attribute"
  };

  static String name(String kase, InferTransport t) {
    return kase + " " + (t.isGrpc() ? "grpc" : "rest");
  }

  private final List<Assertion> assertions = new ArrayList<>();

  {
    String summary = GatlingRun.property(GatlingRun.SUMMARY);
    String restUrl = GatlingRun.property("it.rest.url");
    String grpc = GatlingRun.property("it.grpc.target");
    int refused = Integer.parseInt(GatlingRun.property("it.refused.port"));

    MlProtocolBuilder real =
        ml.restBaseUrl(restUrl).grpcTarget(grpc).model("add_sub").summaryPath(summary);
    MlProtocolBuilder shortTimeout = real.requestTimeout(Duration.ofMillis(200));
    MlProtocolBuilder closedPort =
        ml.restBaseUrl("http://127.0.0.1:" + refused)
            .grpcTarget("127.0.0.1:" + refused)
            .model("add_sub")
            .summaryPath(summary);
    MlProtocolBuilder noDns =
        ml.restBaseUrl("http://no-such-host.invalid:8000")
            .grpcTarget("no-such-host.invalid:8001")
            .model("add_sub")
            .requestTimeout(Duration.ofSeconds(5))
            .summaryPath(summary);
    MlProtocolBuilder garbage =
        ml.restBaseUrl(GatlingRun.property("it.garbage.rest.url"))
            .grpcTarget(GatlingRun.property("it.garbage.grpc.target"))
            .model("add_sub")
            .summaryPath(summary);

    List<PopulationBuilder> populations = new ArrayList<>();
    for (InferTransport t : TRANSPORTS) {
      String label = t.isGrpc() ? "grpc" : "rest";
      ChainBuilder serverCases =
          failing("unknown model", t, addSub(name("unknown model", t), t).model("no_such_model"))
              .exec(
                  failing(
                      "shape mismatch",
                      t,
                      infer(name("shape mismatch", t))
                          .transport(t)
                          .inputValues("INPUT0", FP32, shape(1, 15), new double[15])
                          .inputValues("INPUT1", FP32, shape(1, 15), new double[15])))
              .exec(
                  failing(
                      "unloaded",
                      t,
                      infer(name("unloaded", t))
                          .transport(t)
                          .model("simple_classifier")
                          .inputValues("INPUT0", FP32, shape(1, 8), new double[8])))
              .exec(
                  failing(
                      "missing attribute",
                      t,
                      infer(name("missing attribute", t))
                          .transport(t)
                          .input("INPUT0", FP32, shape(1, 16), "#{missing}")
                          .inputValues("INPUT1", FP32, shape(1, 16), new double[16])))
              .repeat(N)
              .on(exec(addSub(name("ok after failures", t), t)));
      assertions.add(details(name("ok after failures", t)).allRequests().count().is((long) N));
      assertions.add(
          details(name("ok after failures", t)).successfulRequests().count().is((long) N));
      populations.add(
          scenario("server errors " + label)
              .exec(serverCases)
              .injectOpen(atOnceUsers(1))
              .protocols(real));

      populations.add(
          scenario("timeout " + label)
              .exec(
                  failing(
                      "timeout",
                      t,
                      infer(name("timeout", t))
                          .transport(t)
                          .model("identity")
                          .inputValues("INPUT0", FP32, shape(1, 4), 1, 2, 3, 4)))
              .injectOpen(atOnceUsers(1))
              .protocols(shortTimeout));
      populations.add(
          scenario("refused " + label)
              .exec(failing("connection refused", t, addSub(name("connection refused", t), t)))
              .injectOpen(atOnceUsers(1))
              .protocols(closedPort));
      populations.add(
          scenario("dns " + label)
              .exec(failing("dns failure", t, addSub(name("dns failure", t), t)))
              .injectOpen(atOnceUsers(1))
              .protocols(noDns));
      populations.add(
          scenario("malformed " + label)
              .exec(
                  failing(
                      "malformed",
                      t,
                      addSub(name("malformed", t), t).check(output("OUTPUT0").shape().is(1, 16))))
              .injectOpen(atOnceUsers(1))
              .protocols(garbage));
    }
    setUp(populations).maxDuration(Duration.ofSeconds(40)).assertions(assertions);
  }

  /** N sequential requests that must all fail; Gatling must count N, all KO. */
  private ChainBuilder failing(String kase, InferTransport t, InferActionBuilder request) {
    String name = name(kase, t);
    assertions.add(details(name).allRequests().count().is((long) N));
    assertions.add(details(name).failedRequests().count().is((long) N));
    return repeat(N).on(exec(request));
  }

  private static InferActionBuilder addSub(String name, InferTransport t) {
    return infer(name)
        .transport(t)
        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]);
  }
}
