/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;

/**
 * Requests carrying known secrets (a bearer token from the session, a fixed api-key, a password in
 * the URL's user-info) to servers that quote them back in their errors, and to a good server. Run
 * from {@link SecretsTest}, which then searches every file the run wrote for the secrets.
 */
public class SecretsSimulation extends Simulation {
  static final String TOKEN = "tok-5f3a9c1e7b2d48aa";
  static final String API_KEY = "key-0c1d2e3f4a5b6c7d";
  static final String PASSWORD = "pw-9e8d7c6b5a4f3e2d";

  {
    String echoRest = GatlingRun.property("it.echo.rest.url");
    String echoGrpc = GatlingRun.property("it.echo.grpc.target");
    String goodRest = GatlingRun.property("it.rest.url");
    String summary = GatlingRun.property(GatlingRun.SUMMARY);
    String withUserInfo = echoRest.replace("http://", "http://user:" + PASSWORD + "@");
    var careless =
        ml.restBaseUrl(withUserInfo)
            .grpcTarget(echoGrpc)
            .model("add_sub")
            .header("Authorization", "Bearer #{token}")
            .header("api-key", API_KEY)
            .summaryPath(summary);
    var good =
        ml.restBaseUrl(goodRest)
            .model("add_sub")
            .header("Authorization", "Bearer #{token}")
            .summaryPath(summary);
    setUp(
            scenario("echoed secrets")
                .exec(session -> session.set("token", TOKEN))
                .repeat(3)
                .on(
                    exec(
                        infer("rest refused")
                            .restJson()
                            .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                            .inputValues("INPUT1", FP32, shape(1, 16), new double[16]),
                        infer("grpc refused")
                            .grpc()
                            .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                            .inputValues("INPUT1", FP32, shape(1, 16), new double[16]),
                        generate("stream refused").model("tiny_llm").openAiChat().prompt("hi"),
                        modelMetadata("metadata refused").rest()))
                .injectOpen(atOnceUsers(2))
                .protocols(careless),
            scenario("good")
                .exec(session -> session.set("token", TOKEN))
                .exec(
                    infer("accepted")
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))
                .injectOpen(atOnceUsers(1))
                .protocols(good))
        .assertions(
            details("rest refused").failedRequests().count().is(6L),
            details("grpc refused").failedRequests().count().is(6L),
            details("stream refused").failedRequests().count().is(6L),
            details("metadata refused").failedRequests().count().is(6L),
            details("accepted").successfulRequests().count().is(1L));
  }
}
