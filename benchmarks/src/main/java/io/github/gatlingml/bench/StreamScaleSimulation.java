/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.GenerateActionBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many long token streams open at once, for {@link StreamScaleBenchmark}: {@code bench.scale.users}
 * users, all created at the start, each waiting {@code bench.scale.pause} seconds plus its share of
 * a {@code bench.scale.ramp}-second ramp (user i of N waits pause + ramp × i / N), then one short
 * connection-opening stream ({@code stream warm-up}, out of the figures) and {@code
 * bench.scale.repeat} (1) streams ({@code stream}) one after the other. Every user exists from the
 * start, so the pause is a window with Gatling up, all sessions created and no connection or stream
 * open: the heap baseline.
 *
 * <p>{@link #OPEN} counts the long streams the client has started and not yet ended (incremented
 * just before the action, decremented just after it), and {@link #PEAK} its highest value: the
 * client's own count, apart from the server's.
 */
public class StreamScaleSimulation extends Simulation {
  public static final String NAME = "stream";

  /** Long streams started and not yet ended, counted by the users themselves. */
  public static final AtomicInteger OPEN = new AtomicInteger();

  /** The highest value {@link #OPEN} reached in the run. */
  public static final AtomicInteger PEAK = new AtomicInteger();

  {
    int users = Integer.getInteger("bench.scale.users");
    double ramp = Double.parseDouble(System.getProperty("bench.scale.ramp", "0"));
    double pause = Double.parseDouble(System.getProperty("bench.scale.pause", "0"));
    int tokens = Integer.getInteger("bench.scale.tokens");
    int repeat = Integer.getInteger("bench.scale.repeat", 1);
    int tail = Integer.getInteger("bench.scale.tail", 30);
    boolean grpc = "grpc".equals(System.getProperty("bench.scale.transport"));
    OPEN.set(0);
    PEAK.set(0);
    GenerateActionBuilder first = generate(NAME + " warm-up").model("tiny_llm");
    GenerateActionBuilder g = generate(NAME).model("tiny_llm");
    first = grpc ? first.grpcStream() : first.openAiChat();
    g = grpc ? g.grpcStream() : g.openAiChat();
    var s =
        scenario("stream scale")
            .pause(
                session ->
                    Duration.ofMillis(
                        Math.round(
                            1000
                                * (pause
                                    + ramp * ((session.userId() - 1) % users) / (double) users))))
            .exec(first.prompt("hello").maxTokens(1))
            .repeat(repeat)
            .on(
                exec(StreamScaleSimulation::opened)
                    .exec(g.prompt("tell me about load testing").maxTokens(tokens))
                    .exec(StreamScaleSimulation::closed));
    setUp(s.injectOpen(atOnceUsers(users)))
        .protocols(
            ml.restBaseUrl(System.getProperty("bench.rest.url"))
                // One HTTP/1.1 connection per open SSE stream: the pool's cap (per event loop)
                // must be above the streams each loop holds, or streams wait for a connection.
                .httpConnectionsPerEventLoop(users + 16)
                .grpcTarget(System.getProperty("bench.grpc.target"))
                .grpcChannelsPerEventLoop(Integer.getInteger("bench.scale.grpcChannels", 2))
                .requestTimeout(Duration.ofSeconds(120))
                .summaryPath(System.getProperty("bench.summary")))
        .maxDuration(Duration.ofSeconds(Math.round(pause + ramp) + tail));
  }

  private static Session opened(Session s) {
    PEAK.accumulateAndGet(OPEN.incrementAndGet(), Math::max);
    return s;
  }

  private static Session closed(Session s) {
    OPEN.decrementAndGet();
    return s;
  }
}
