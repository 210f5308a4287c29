/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.GenerateActionBuilder;
import java.time.Duration;

/**
 * Closed-model token streams for {@link StreamingAccuracyBenchmark}: {@code bench.stream.users}
 * users, started evenly over {@code bench.stream.ramp} seconds after an idle {@code
 * bench.stream.pause} seconds, each streaming one {@code generate("stream")} after another for
 * {@code bench.stream.seconds}. The ramp spreads the streams' phases so their chunks do not all
 * arrive in the same instant; the pause leaves a window with Gatling up and no stream open.
 */
public class StreamBenchSimulation extends Simulation {
  public static final String NAME = "stream";

  {
    int users = Integer.getInteger("bench.stream.users");
    int ramp = Integer.getInteger("bench.stream.ramp", 0);
    int pause = Integer.getInteger("bench.stream.pause", 0);
    int seconds = Integer.getInteger("bench.stream.seconds");
    int tokens = Integer.getInteger("bench.stream.tokens");
    GenerateActionBuilder g = generate(NAME).model("tiny_llm");
    g =
        "grpc".equals(System.getProperty("bench.stream.transport"))
            ? g.grpcStream()
            : g.openAiChat();
    g =
        g.prompt("tell me about load testing")
            .maxTokens(tokens)
            .slo(Duration.ofMillis(81), Duration.ofMillis(21));
    var s = scenario("streams");
    // Each user's first stream opens its connection (TCP connect, first use of the pool): it is
    // recorded under its own name so the measured name holds only steady-state streams.
    GenerateActionBuilder first = generate(NAME + " warm-up").model("tiny_llm");
    first =
        "grpc".equals(System.getProperty("bench.stream.transport"))
            ? first.grpcStream()
            : first.openAiChat();
    var body =
        exec(first.prompt("hello").maxTokens(2)).during(Duration.ofSeconds(seconds)).on(exec(g));
    setUp(
            (pause > 0 ? s.pause(Duration.ofSeconds(pause)).exec(body) : s.exec(body))
                .injectOpen(
                    ramp > 0 && users > 1
                        ? rampUsers(users).during(Duration.ofSeconds(ramp))
                        : atOnceUsers(users)))
        .protocols(
            ml.restBaseUrl(System.getProperty("bench.rest.url"))
                // An SSE stream holds its connection for its whole length: with the default 64 per
                // event loop, streams beyond 128 would wait for a connection inside their TTFT.
                .httpConnectionsPerEventLoop(Math.max(64, users))
                .grpcTarget(System.getProperty("bench.grpc.target"))
                .summaryPath(System.getProperty("bench.summary")))
        .maxDuration(Duration.ofSeconds(pause + ramp + seconds + 30L));
  }
}
