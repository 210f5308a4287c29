/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import io.github.gatlingml.metrics.SummaryReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server_metrics} in ml-summary.json: the documented shape, read back unchanged. */
class ServerMetricsJsonTest {
  private static ServerMetrics sample() {
    ServerMetrics.Series util =
        ServerMetrics.Series.of(
            "DCGM_FI_DEV_GPU_UTIL",
            Map.of("gpu", "0"),
            "gauge",
            "value",
            List.of(new ServerMetrics.Point(0, 10), new ServerMetrics.Point(1_000, 30)));
    ServerMetrics.Target target =
        new ServerMetrics.Target(
            "http://127.0.0.1:9400/metrics",
            1_000,
            1_000,
            3,
            2,
            Map.of("timeout", 1L),
            "no complete answer from 127.0.0.1:9400 within 1000 ms",
            new ServerMetrics.DurationStats(2, 1500.5, 1400, 1600, 1600),
            0,
            Map.of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}", util));
    ServerMetrics.Series known =
        ServerMetrics.Series.of(
            "DCGM_FI_DEV_GPU_UTIL", Map.of(), "derived", "value", util.points());
    return new ServerMetrics(
        1_000,
        Map.of("gpu", target),
        Map.of("gpu_util_pct", known),
        new ServerMetrics.ModelStatistics(
            "grpc",
            null,
            Map.of(
                "add_sub",
                new ServerMetrics.ModelDelta(200, 1, 200, 200, 1500.0, 20.0, 3.0, 1000.0, null))));
  }

  @Test
  void roundTripsThroughTheSummaryFile() throws Exception {
    RunSummary summary =
        MetricsRegistry.create().summary("Sim", "sim-1").withServerMetrics(sample());
    String json = SummaryWriter.toJson(summary);
    RunSummary back = SummaryReader.fromJson(json);
    assertThat(back.serverMetrics()).isEqualTo(sample());

    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode sm = root.get("server_metrics");
    assertThat(sm.get("interval_ms").asLong()).isEqualTo(1_000);
    JsonNode gpu = sm.get("targets").get("gpu");
    assertThat(gpu.get("failed").asLong()).isEqualTo(1);
    assertThat(gpu.get("failures").get("timeout").asLong()).isEqualTo(1);
    JsonNode series = gpu.get("series").get("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}");
    assertThat(series.get("mean").asDouble()).isEqualTo(20.0);
    assertThat(series.get("points").get(1).get("t").isIntegralNumber()).isTrue();
    assertThat(series.get("points").get(1).get("t").asLong()).isEqualTo(1);
    assertThat(sm.get("well_known").get("gpu_util_pct").get("max").asDouble()).isEqualTo(30.0);
    JsonNode addSub = sm.get("model_statistics").get("models").get("add_sub");
    assertThat(addSub.get("per_request_us").get("queue").asDouble()).isEqualTo(20.0);
    assertThat(addSub.get("per_request_us").get("compute_output").isNull()).isTrue();
  }

  @Test
  void aSummaryWithoutServerMetricsHasNoSuchObject() throws Exception {
    RunSummary summary = MetricsRegistry.create().summary("Sim", "sim-1");
    String json = SummaryWriter.toJson(summary);
    assertThat(new ObjectMapper().readTree(json).has("server_metrics")).isFalse();
    assertThat(SummaryReader.fromJson(json).serverMetrics()).isNull();
    assertThat(
            summary
                .withCompletion(false, null)
                .withServerMetrics(sample())
                .withCompletion(true, null)
                .serverMetrics())
        .as("withers keep the server metrics")
        .isEqualTo(sample());
  }
}
