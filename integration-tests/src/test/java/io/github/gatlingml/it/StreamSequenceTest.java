/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.model.SequenceAccumulatorModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infer(...).overStream()}: each virtual user's requests share one ModelStreamInfer stream,
 * which the server counts; sequences run to their end with every running sum checked; an error
 * answered on the stream is a KO and the stream goes on.
 */
class StreamSequenceTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void sequencesShareEachUsersStreamAndAnErrorDoesNotEndIt() throws Exception {
    Path fixtures =
        Path.of(getClass().getResource("/feeders/sequences_perf_analyzer.json").toURI())
            .getParent();
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      int rc =
          new GatlingRun(results)
              .with("it.grpc.target", server.grpcTarget())
              .with("it.feeders.dir", fixtures)
              .run(StreamSequenceSimulation.class);
      assertThat(rc).as("Gatling exit code (assertions on exact counts)").isZero();

      RunSummary summary = new GatlingRun(results).summary();
      RunSummary.RequestSummary steps = summary.requests().get("stream step");
      assertThat(steps.ok()).isEqualTo(StreamSequenceSimulation.STEPS);
      assertThat(steps.ko()).isZero();
      assertThat(steps.transport()).isEqualTo("grpc (stream)");
      RunSummary.RequestSummary unknown = summary.requests().get("stream unknown model");
      assertThat(unknown.ko()).isEqualTo(1);
      assertThat(unknown.koReasons()).containsOnlyKeys("STREAM_ERROR");
      assertThat(summary.requests().get("stream after error").ok()).isEqualTo(1);

      // One stream per virtual user: 10 sequence steps over 2 streams, and the refused request and
      // the next one over a third.
      assertThat(server.grpcStreamsOpened()).isEqualTo(StreamSequenceSimulation.SEQUENCE_USERS + 1);
      // Every sequence ran to its end on the stateful model: none refused, none left open.
      assertThat(server.engine().find("sequence_accumulate", "").stats().success().count())
          .isEqualTo(StreamSequenceSimulation.STEPS);
      assertThat(
              ((SequenceAccumulatorModel) server.engine().find("sequence_accumulate", "").model())
                  .openSequences())
          .isZero();
    }
  }
}
