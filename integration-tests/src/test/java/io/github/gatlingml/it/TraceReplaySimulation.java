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
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlLoad;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Replays the trace {@code it.trace.file} at {@code it.trace.speed} against the embedded tiny_llm:
 * each arrival streams one OpenAI chat completion whose max tokens is the record's output length
 * ({@link LoadPlan#TRACE_OUTPUT_TOKENS}, with {@code ignore_eos} so the server generates exactly
 * that many). What each arrival saw is collected in {@link #SEEN} for {@link TraceReplayTest} to
 * compare with the file it wrote.
 */
public class TraceReplaySimulation extends Simulation {
  static final String REQUEST = "trace chat";

  /**
   * One arrival as the scenario saw it.
   *
   * @param index {@link LoadPlan#ARRIVAL_INDEX}
   * @param inputTokens {@link LoadPlan#TRACE_INPUT_TOKENS}, or -1 if not set
   * @param outputTokens {@link LoadPlan#TRACE_OUTPUT_TOKENS}, or -1 if not set
   * @param generated the output tokens the server reported for the request, or -1 if it failed
   * @param releasedNanos {@code System.nanoTime()} when the arrival gate let the user go
   */
  record Arrival(
      long index, int inputTokens, int outputTokens, long generated, long releasedNanos) {}

  /** Filled by the run; cleared by the test before each run. */
  static final Queue<Arrival> SEEN = new ConcurrentLinkedQueue<>();

  {
    LoadPlan plan =
        MlLoad.trace(
            GatlingRun.property("it.trace.file"),
            Double.parseDouble(GatlingRun.property("it.trace.speed")));
    setUp(
            plan.population(
                "trace replay",
                exec(session -> session.set("released", System.nanoTime()))
                    .exec(
                        generate(REQUEST)
                            .model("tiny_llm")
                            .openAiChat()
                            // EL reads the trace's attributes (their names have no dots).
                            .prompt("trace record #{ml_arrival_index}")
                            .maxTokens("#{ml_trace_output_tokens}")
                            .parameter("ignore_eos", true)
                            .check(outputTokens().saveAs("generated")))
                    .exec(
                        session -> {
                          SEEN.add(
                              new Arrival(
                                  session.getLong(LoadPlan.ARRIVAL_INDEX),
                                  intOr(session, LoadPlan.TRACE_INPUT_TOKENS),
                                  intOr(session, LoadPlan.TRACE_OUTPUT_TOKENS),
                                  session.contains("generated") ? session.getLong("generated") : -1,
                                  session.getLong("released")));
                          return session.remove("generated");
                        })))
        .protocols(
            ml.restBaseUrl(GatlingRun.property("it.rest.url"))
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(30));
  }

  private static int intOr(Session session, String key) {
    return session.contains(key) ? session.getInt(key) : -1;
  }
}
