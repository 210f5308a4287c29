/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary in one real run: add_sub versions 1 and 2 served side by side by the embedded server,
 * requests alternating between them, the gate comparing the two request names. The versions'
 * service times are the ground truth: equal (10 ms), then 10 ms against 15 ms.
 */
class CanaryTest {
  @TempDir Path results;

  static ServerConfig versions(int v1Millis, int v2Millis) {
    return ServerConfig.onFreePorts()
        .withModels(List.of("add_sub"))
        .withCapacity("add_sub", Capacity.of(16, Duration.ofMillis(v1Millis)))
        .withModelVersion("add_sub", "2", Capacity.of(16, Duration.ofMillis(v2Millis)));
  }

  @Test
  void identicalVersionsPassAndASlowerCandidateIsFlagged() throws Exception {
    GatlingRun same = run("same");
    GatlingRun slower = run("slower");
    GateTest.Captured sameRun;
    try (InferenceServer server = InferenceServer.start(versions(10, 10))) {
      sameRun =
          GateTest.capture(
              () -> same.with("it.rest.url", server.restBaseUrl()).run(GateSimulation.class));
    }
    GateTest.Captured slowerRun;
    try (InferenceServer server = InferenceServer.start(versions(10, 15))) {
      slowerRun =
          GateTest.capture(
              () -> slower.with("it.rest.url", server.restBaseUrl()).run(GateSimulation.class));
    }

    assertThat(sameRun.exitCode()).as(sameRun.out()).isZero();
    assertThat(sameRun.out()).contains("gatling-ml: canary add_sub v2 vs add_sub v1:");
    assertThat(slowerRun.exitCode()).as(slowerRun.out()).isEqualTo(2);
    assertThat(slowerRun.out())
        .containsPattern("add_sub v2 vs add_sub v1 p50: .* > \\+10\\.0%: REGRESSION");

    // The round-robin split is even, and the engine on the final summary agrees with the gate.
    RunSummary s = slower.summary();
    long n = Math.round(GateTest.RATE * GateTest.SECONDS);
    assertThat(s.requests().get(GateSimulation.V1).count()).isEqualTo(n / 2);
    assertThat(s.requests().get(GateSimulation.V2).count()).isEqualTo(n / 2);
    Comparison c =
        Comparison.canary(
            s,
            GateSimulation.V1,
            GateSimulation.V2,
            Criteria.builder()
                .maxP50Increase(0.10)
                .maxP99Increase(null)
                .maxThroughputChange(0.10)
                .maxErrorRate(null)
                .warmUp(Duration.ofSeconds(1))
                .allowDoubtful(true)
                .build());
    Comparison.Result p50 = c.results().get(0);
    assertThat(p50.request()).isEqualTo("add_sub v2 vs add_sub v1");
    assertThat(p50.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
    // 10 ms -> 15 ms of service plus the same client and network time on both sides.
    assertThat(p50.change()).isBetween(0.25, 0.55);
    Comparison.Result throughput = c.results().get(1);
    assertThat(throughput.metric()).isEqualTo(Comparison.Metric.THROUGHPUT);
    assertThat(throughput.verdict()).isEqualTo(Comparison.Verdict.NO_SIGNIFICANT_CHANGE);
  }

  private GatlingRun run(String name) {
    return new GatlingRun(results.resolve(name))
        .with("it.rate", GateTest.RATE)
        .with("it.seconds", GateTest.SECONDS)
        .with("it.canary", true);
  }
}
