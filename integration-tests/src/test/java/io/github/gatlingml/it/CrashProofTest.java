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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever goes wrong while a request is built or checked, it is one KO with a reason, in Gatling's
 * report and in ml-summary.json alike, and the run goes on to write its report.
 */
class CrashProofTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyFaultIsOneKoAndGatlingWritesItsReport() throws Exception {
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget());
      assertThat(run.run(CrashProofSimulation.class))
          .as("Gatling exit code (its assertions count the KOs per request name)")
          .isZero();

      // Gatling wrote its HTML report: it saw requests.
      try (Stream<Path> files = Files.walk(results)) {
        List<Path> reports = files.filter(p -> p.endsWith("index.html")).toList();
        assertThat(reports).as("Gatling's report").isNotEmpty();
      }

      RunSummary summary = run.summary();
      long expected = (long) CrashProofSimulation.USERS * CrashProofSimulation.REPEAT;
      for (String name : CrashProofSimulation.missingHeaderRequests().keySet()) {
        RunSummary.RequestSummary r = summary.requests().get(name);
        assertThat(r).as(name).isNotNull();
        assertThat(r.count()).as(name).isEqualTo(expected);
        assertThat(r.ko()).as(name).isEqualTo(expected);
        assertThat(r.koReasons()).as(name).containsOnlyKeys("request not built");
      }
      // 4 inference transports + 7 generation APIs.
      assertThat(CrashProofSimulation.missingHeaderRequests()).hasSize(11);

      for (String name : List.of("throwing check infer", "throwing check generate")) {
        RunSummary.RequestSummary r = summary.requests().get(name);
        assertThat(r.count()).as(name).isEqualTo(6);
        assertThat(r.ko()).as(name).isEqualTo(6);
        assertThat(r.koReasons()).as(name).containsOnlyKeys("check");
      }
      assertThat(summary.requests().get("good infer").ok()).isEqualTo(2);
    }
  }
}
