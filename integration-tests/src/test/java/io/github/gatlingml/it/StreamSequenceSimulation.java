/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.javaapi.MlFeeders;
import java.time.Duration;

/**
 * Stateful sequences sent over each virtual user's own ModelStreamInfer stream, and a request the
 * server refuses on a stream followed by one it accepts on the same stream. Run from {@link
 * StreamSequenceTest}.
 */
public class StreamSequenceSimulation extends Simulation {
  static final int SEQUENCE_USERS = 2;
  static final int SEQUENCES_PER_USER = 2;

  /**
   * The fixture's two sequences have 3 and 2 steps; each user runs both (circular feeder, in turn).
   */
  static final int STEPS = SEQUENCE_USERS * (3 + 2);

  {
    String grpc = GatlingRun.property("it.grpc.target");
    String dir = GatlingRun.property("it.feeders.dir");
    ModelSignature sequences = MlFeeders.modelFromGrpc(grpc, "sequence_accumulate");

    // validation_data holds the running sums: every step's answer is checked against them.
    ScenarioBuilder seq =
        scenario("stream sequences")
            .repeat(SEQUENCES_PER_USER)
            .on(
                feed(MlFeeders.perfAnalyzerSequences(
                            dir + "/sequences_perf_analyzer.json", sequences)
                        .feeder()
                        .circular())
                    .exec(
                        sequence(
                            infer("stream step")
                                .model("sequence_accumulate")
                                .inputsFromFeeder()
                                .overStream())));

    ScenarioBuilder refused =
        scenario("stream error")
            .exec(
                infer("stream unknown model")
                    .model("no_such_model")
                    .inputValues("INPUT0", FP32, shape(1), 1)
                    .overStream(),
                infer("stream after error")
                    .model("add_sub")
                    .grpcTyped()
                    .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                    .inputValues("INPUT1", FP32, shape(1, 16), new double[16])
                    .overStream()
                    .check(output("OUTPUT0").shape().is(1, 16)));

    setUp(seq.injectOpen(atOnceUsers(SEQUENCE_USERS)), refused.injectOpen(atOnceUsers(1)))
        .protocols(
            ml.grpcTarget(grpc)
                .requestTimeout(Duration.ofSeconds(5))
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(30))
        .assertions(
            details("stream step").successfulRequests().count().is((long) STEPS),
            details("stream step").failedRequests().count().is(0L),
            details("stream unknown model").failedRequests().count().is(1L),
            details("stream after error").successfulRequests().count().is(1L));
  }
}
