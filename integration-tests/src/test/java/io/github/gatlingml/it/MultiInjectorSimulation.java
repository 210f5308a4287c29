/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.javaapi.MlInjectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One injector of a run over several (run by {@link MultiInjectorTest}, one JVM each): its share of
 * {@link #USERS} users (from {@link MlInjectors#shareUsers(int)}), each streaming {@link #REPEAT}
 * chats. Every OK request's latency is also written, one line per request, to {@code it.latencies}
 * when the run ends: the latency the plugin handed to the request's check, and the time around the
 * whole action measured by the simulation itself.
 *
 * <p>The injectors wait for each other before their runs start (a file per ready injector in {@code
 * it.barrier}), as a coordinated start would.
 */
public class MultiInjectorSimulation extends Simulation {
  static final int USERS = 20;
  static final int REPEAT = 6;
  static final String NAME = "chat";

  private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

  {
    awaitPeers();
    setUp(
            scenario("multi-injector")
                .repeat(REPEAT)
                .on(
                    exec(s -> s.set("t0", System.nanoTime()))
                        .exec(
                            generate(NAME)
                                .model("tiny_llm")
                                .openAiChat()
                                .prompt("hello")
                                .maxTokens(4)
                                .check(MultiInjectorSimulation::keepLatency))
                        .exec(MultiInjectorSimulation::writeLine))
                .injectOpen(atOnceUsers(MlInjectors.shareUsers(USERS))))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(30));
  }

  private static Session keepLatency(MlResponse response, Session session) {
    return session.set("latency", response.stream().latencyNanos());
  }

  private static Session writeLine(Session session) {
    long outer = System.nanoTime() - session.getLong("t0");
    if (!session.isFailed() && session.contains("latency")) {
      LINES.add(session.getLong("latency") + " " + outer);
    }
    return session.remove("latency");
  }

  @Override
  public void after() {
    try {
      Files.write(Path.of(GatlingRun.property("it.latencies")), List.copyOf(LINES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitPeers() {
    Path barrier = Path.of(GatlingRun.property("it.barrier"));
    try {
      Files.createFile(barrier.resolve("ready-" + MlInjectors.index()));
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        try (var files = Files.list(barrier)) {
          if (files.count() >= MlInjectors.count()) {
            return;
          }
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the other injectors never became ready");
        }
        Thread.sleep(5);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
