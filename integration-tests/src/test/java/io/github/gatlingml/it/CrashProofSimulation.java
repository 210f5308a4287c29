/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.javaapi.GenerationApi;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Faults a new user meets, each of which must end as KOs, never as lost requests: a protocol header
 * {@code Bearer #{token}} with no {@code token} in the session (5 users × 10 requests on each
 * inference transport and each generation API), and checks that throw something other than a check
 * failure. A group around good requests shows ML requests in Gatling's group statistics. Run from
 * {@link CrashProofTest}.
 */
public class CrashProofSimulation extends Simulation {
  static final int USERS = 5;
  static final int REPEAT = 10;

  /** Request name → request, sent by users whose session lacks {@code token}. */
  static Map<String, ActionBuilder> missingHeaderRequests() {
    Map<String, ActionBuilder> requests = new LinkedHashMap<>();
    for (InferTransport t : InferTransport.values()) {
      requests.put(
          "no token " + t.label(),
          infer("no token " + t.label())
              .transport(t)
              .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
              .inputValues("INPUT1", FP32, shape(1, 16), new double[16]));
    }
    for (GenerationApi api : GenerationApi.values()) {
      requests.put(
          "no token " + api.label(),
          generate("no token " + api.label()).model("tiny_llm").api(api).prompt("hi").maxTokens(4));
    }
    return requests;
  }

  {
    String rest = GatlingRun.property("it.rest.url");
    String grpc = GatlingRun.property("it.grpc.target");
    MlProtocolBuilder protocol =
        ml.restBaseUrl(rest)
            .grpcTarget(grpc)
            .model("add_sub")
            .header("Authorization", "Bearer #{token}")
            .summaryPath(GatlingRun.property(GatlingRun.SUMMARY));
    List<PopulationBuilder> populations = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>();
    for (Map.Entry<String, ActionBuilder> e : missingHeaderRequests().entrySet()) {
      populations.add(
          scenario(e.getKey())
              .repeat(REPEAT)
              .on(exec(e.getValue()))
              .injectOpen(atOnceUsers(USERS)));
      assertions.add(details(e.getKey()).failedRequests().count().is((long) USERS * REPEAT));
      assertions.add(details(e.getKey()).successfulRequests().count().is(0L));
    }
    MlCheck throwing =
        (response, session) -> {
          throw new IllegalStateException("boom");
        };
    populations.add(
        scenario("throwing checks")
            .exec(session -> session.set("token", "secret"))
            .repeat(3)
            .on(
                exec(
                    infer("throwing check infer")
                        .grpc()
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16])
                        .check(throwing),
                    generate("throwing check generate")
                        .model("tiny_llm")
                        .openAiChat()
                        .prompt("hi")
                        .maxTokens(4)
                        .check(throwing)))
            // The user goes on after each KO: its good requests still run and are counted.
            .exec(
                group("after the faults")
                    .on(
                        exec(
                            infer("good infer")
                                .restJson()
                                .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                                .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))))
            .injectOpen(atOnceUsers(2)));
    assertions.add(details("throwing check infer").failedRequests().count().is(6L));
    assertions.add(details("throwing check generate").failedRequests().count().is(6L));
    assertions.add(details("after the faults", "good infer").successfulRequests().count().is(2L));
    setUp(populations).protocols(protocol).assertions(assertions);
  }
}
