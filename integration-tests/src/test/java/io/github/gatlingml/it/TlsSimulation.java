/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The same four requests (REST infer, gRPC infer, an OpenAI chat stream over SSE, a gRPC stream)
 * against embedded servers that serve TLS, mutual TLS, and every TLS fault; run from {@link
 * TlsTest}, which checks each fault's KO category in ml-summary.json.
 */
public class TlsSimulation extends Simulation {
  static final int N = 3;

  /** The servers (system property it.tls.NAME.rest / .grpc) and how the client reaches them. */
  static final String[] CASES = {
    "tls",
    "mtls pem",
    "mtls p12",
    "untrusted",
    "wrong host",
    "expired",
    "no client cert",
    "plaintext to tls",
    "tls to plaintext"
  };

  static String name(String kase, String what) {
    return kase + " " + what;
  }

  private MlProtocolBuilder protocol(String kase) {
    String rest = GatlingRun.property("it.tls." + kase.replace(' ', '-') + ".rest");
    String grpc = GatlingRun.property("it.tls." + kase.replace(' ', '-') + ".grpc");
    MlProtocolBuilder p =
        ml.restBaseUrl(rest)
            .grpcTarget(grpc)
            .model("add_sub")
            .trustedCaPem(GatlingRun.property("it.tls.ca"))
            .summaryPath(GatlingRun.property(GatlingRun.SUMMARY));
    if (kase.equals("mtls pem")) {
      p =
          p.clientCertificatePem(
              GatlingRun.property("it.tls.client.cert"), GatlingRun.property("it.tls.client.key"));
    } else if (kase.equals("mtls p12")) {
      p =
          p.clientKeyStore(
              GatlingRun.property("it.tls.client.p12"),
              GatlingRun.property("it.tls.client.p12.password"));
    }
    return p;
  }

  {
    List<PopulationBuilder> populations = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>();
    for (String kase : CASES) {
      boolean ok = kase.equals("tls") || kase.startsWith("mtls");
      populations.add(
          scenario(kase)
              .repeat(N)
              .on(
                  exec(
                      infer(name(kase, "rest"))
                          .restJson()
                          .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                          .inputValues("INPUT1", FP32, shape(1, 16), new double[16]),
                      infer(name(kase, "grpc"))
                          .grpc()
                          .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                          .inputValues("INPUT1", FP32, shape(1, 16), new double[16]),
                      generate(name(kase, "sse"))
                          .model("tiny_llm")
                          .openAiChat()
                          .prompt("hello")
                          .maxTokens(4),
                      generate(name(kase, "grpc stream"))
                          .model("tiny_llm")
                          .grpcStream()
                          .prompt("hello")
                          .maxTokens(4)))
              .injectOpen(atOnceUsers(1))
              .protocols(protocol(kase)));
      for (String what : List.of("rest", "grpc", "sse", "grpc stream")) {
        assertions.add(
            ok
                ? details(name(kase, what)).successfulRequests().count().is((long) N)
                : details(name(kase, what)).failedRequests().count().is((long) N));
      }
    }
    setUp(populations).assertions(assertions);
  }
}
