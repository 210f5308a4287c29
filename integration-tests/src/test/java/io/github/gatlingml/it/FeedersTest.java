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
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.model.SequenceAccumulatorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of tensor feeder, end to end: NumPy rows, perf_analyzer records with validation data
 * (one deliberately wrong), perf_analyzer sequences on the stateful model, a streamed KServe JSONL
 * file and synthetic tensors built from the server's metadata. What Gatling counted (its
 * assertions), what ml-summary.json counted and what the server saw must agree.
 */
class FeedersTest {
  @TempDir Path results;
  @TempDir Path data;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyFeederDrivesTheServerAndEveryCountAgrees() throws Exception {
    Path fixtures =
        Path.of(getClass().getResource("/feeders/add_sub_rows.npz").toURI()).getParent();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= FeedersSimulation.JSONL_LINES; i++) {
      lines.add(
          "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":["
              + i
              + ","
              + (i * 10)
              + "]}]}");
    }
    Path jsonl = Files.write(data.resolve("requests.jsonl"), lines);

    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      int rc =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget())
              .with("it.feeders.dir", fixtures)
              .with("it.jsonl", jsonl)
              .run(FeedersSimulation.class);
      // 0: every Gatling assertion on the per-feeder counts held.
      assertThat(rc).as("Gatling exit code").isZero();

      RunSummary summary = new GatlingRun(results).summary();
      assertThat(summary.requests().get("npz rows").ok()).isEqualTo(FeedersSimulation.NPZ_ROWS);
      assertThat(summary.requests().get("perf_analyzer").ok())
          .isEqualTo(FeedersSimulation.PERF_RECORDS);
      RunSummary.RequestSummary wrong = summary.requests().get("perf_analyzer wrong");
      assertThat(wrong.ko()).isEqualTo(1);
      assertThat(wrong.koReasons()).containsEntry("check", 1L);
      assertThat(summary.requests().get("sequence step").ok())
          .isEqualTo(FeedersSimulation.SEQUENCE_STEPS);
      assertThat(summary.requests().get("kserve jsonl").ok())
          .isEqualTo(FeedersSimulation.JSONL_LINES);
      assertThat(summary.requests().get("synthetic").ok()).isEqualTo(FeedersSimulation.SYNTHETIC);

      // What the server saw: add_sub ran 8 npz rows + 3 + 1 perf_analyzer records (the wrong
      // validation is the client's finding, the server answered it).
      assertThat(stats(server, "add_sub").success().count())
          .isEqualTo(FeedersSimulation.NPZ_ROWS + FeedersSimulation.PERF_RECORDS + 1);
      assertThat(stats(server, "identity").success().count())
          .isEqualTo(FeedersSimulation.JSONL_LINES);
      // Both sequences ran to their end: five steps, none refused, no sequence left open.
      assertThat(stats(server, "sequence_accumulate").success().count())
          .isEqualTo(FeedersSimulation.SEQUENCE_STEPS);
      assertThat(stats(server, "sequence_accumulate").fail().count()).isZero();
      assertThat(
              ((SequenceAccumulatorModel) server.engine().find("sequence_accumulate", "").model())
                  .openSequences())
          .isZero();
      // The synthetic feeder cycled the dynamic batch dimension through 1, 2, 3: two executions of
      // each.
      Map<Long, Long> batches = new TreeMap<>();
      stats(server, "simple_classifier")
          .batches()
          .forEach((size, b) -> batches.put(size, b.computeInfer().count()));
      assertThat(batches).containsExactly(Map.entry(1L, 2L), Map.entry(2L, 2L), Map.entry(3L, 2L));
      assertThat(stats(server, "simple_classifier").inferenceCount()).isEqualTo(2 * (1 + 2 + 3));
    }
  }

  private static ModelStats stats(InferenceServer server, String model) {
    for (InferenceEngine.Entry e : server.engine().models()) {
      if (e.spec().name().equals(model)) {
        return e.stats();
      }
    }
    throw new AssertionError("no model " + model);
  }
}
