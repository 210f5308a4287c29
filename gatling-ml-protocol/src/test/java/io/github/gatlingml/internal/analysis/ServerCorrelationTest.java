/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The knee said in words from hand-made server figures. */
class ServerCorrelationTest {
  static final LoadReport.Knee KNEE = new LoadReport.Knee(1, 450, "p99 latency up");

  static LoadReport.StepSummary step(int index, double rate, Map<String, Double> means) {
    LoadReport.StepSummary s = BreakingPointTest.open(index, rate, rate, 0, 10_000);
    java.util.Map<String, ServerMetrics.Stats> figures = new java.util.TreeMap<>();
    means.forEach((name, mean) -> figures.put(name, new ServerMetrics.Stats(5, mean, mean)));
    return s.withServer(figures);
  }

  @Test
  void aBusyGpuAtTheKneeIsComputeBound() {
    List<LoadReport.StepSummary> steps =
        List.of(
            step(0, 300, Map.of("gpu_util_pct", 61.0, "triton_queue_us_per_request", 100.0)),
            step(1, 450, Map.of("gpu_util_pct", 98.0, "triton_queue_us_per_request", 12_000.0)));
    assertThat(ServerCorrelation.describe(steps, KNEE))
        .isEqualTo(
            "From step 1 (450/s) GPU utilisation 98% and queue time per request 0.1 -> 12.0 ms:"
                + " the server is compute-bound.");
  }

  @Test
  void aGrowingQueueWithAnIdleGpuIsWaiting() {
    List<LoadReport.StepSummary> steps =
        List.of(
            step(0, 300, Map.of("gpu_util_pct", 40.0, "triton_queue_us_per_request", 200.0)),
            step(1, 450, Map.of("gpu_util_pct", 55.0, "triton_queue_us_per_request", 8_000.0)));
    assertThat(ServerCorrelation.describe(steps, KNEE))
        .startsWith("From step 1 (450/s) queue time per request 0.2 -> 8.0 ms while GPU")
        .contains("requests wait in the server's queue");
  }

  @Test
  void waitingRequestsCountWhenThereIsNoQueueTime() {
    List<LoadReport.StepSummary> steps =
        List.of(
            step(0, 300, Map.of("vllm_requests_waiting", 0.5)),
            step(1, 450, Map.of("vllm_requests_waiting", 14.0)));
    assertThat(ServerCorrelation.describe(steps, KNEE))
        .startsWith("From step 1 (450/s) waiting requests 0.5 -> 14.0:");
  }

  @Test
  void flatServerMetricsPointElsewhere() {
    List<LoadReport.StepSummary> steps =
        List.of(
            step(0, 300, Map.of("gpu_util_pct", 30.0, "triton_queue_us_per_request", 100.0)),
            step(1, 450, Map.of("gpu_util_pct", 35.0, "triton_queue_us_per_request", 150.0)));
    assertThat(ServerCorrelation.describe(steps, KNEE))
        .contains("no saturation (GPU utilisation 35%, queue time per request 0.1 -> 0.2 ms)")
        .endsWith("the limit is elsewhere (network, client, or a resource not scraped).");
  }

  @Test
  void nothingToSayWithoutAKneeOrWithoutRelevantSeries() {
    List<LoadReport.StepSummary> steps =
        List.of(
            step(0, 300, Map.of("process_cpu_cores", 1.0)),
            step(1, 450, Map.of("process_cpu_cores", 1.9)));
    assertThat(ServerCorrelation.describe(steps, KNEE)).isNull();
    assertThat(ServerCorrelation.describe(steps, null)).isNull();
  }
}
