/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.report.MlReport;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ModelStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The accounting invariant end to end: for each transport, Gatling's report, ml-summary.json and
 * the server's own statistics count exactly the same 200 requests, and every response carried the
 * sums of its own request's values.
 */
class ExactCountsTest {
  @TempDir Path results;

  @ParameterizedTest
  @EnumSource(
      value = InferTransport.class,
      names = {"GRPC", "GRPC_TYPED", "REST_JSON", "REST_BINARY"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void gatlingSummaryAndServerCountTheSameRequests(InferTransport transport) throws Exception {
    ExactCountSimulation.VERIFIED.set(0);
    ExactCountSimulation.MISMATCHES.clear();
    try (InferenceServer server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(4, Duration.ofMillis(1))))) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.transport", transport.name())
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget());

      // Gatling's own count: the simulation asserts exactly 200 requests, 200 OK.
      assertThat(run.run(ExactCountSimulation.class))
          .as("Gatling exit code (2 = an assertion failed)")
          .isZero();
      // Gatling resets logback at the end of a run (root at DEBUG, no appender); GatlingRun puts
      // logback-test.xml back, so the next run's warnings print and grpc-netty's per-frame debug
      // messages are not formatted for nobody.
      assertThat(
              org.slf4j.LoggerFactory.getLogger("io.grpc.netty.NettyClientHandler")
                  .isDebugEnabled())
          .as("DEBUG enabled after a Gatling run")
          .isFalse();

      // Every response held a+b and a-b of its own feeder record.
      assertThat(ExactCountSimulation.MISMATCHES).isEmpty();
      assertThat(ExactCountSimulation.VERIFIED.get()).isEqualTo(ExactCountSimulation.TOTAL);

      // ml-summary.json.
      RunSummary summary = run.summary();
      RunSummary.RequestSummary r =
          summary.requests().get(ExactCountSimulation.requestName(transport));
      assertThat(r)
          .as(
              "summary entry of %s in %s",
              ExactCountSimulation.requestName(transport), summary.requests().keySet())
          .isNotNull();
      assertThat(summary.requests()).hasSize(1);
      assertThat(r.count()).isEqualTo(ExactCountSimulation.TOTAL);
      assertThat(r.ok()).isEqualTo(ExactCountSimulation.TOTAL);
      assertThat(r.ko()).isZero();
      assertThat(r.koReasons()).isEmpty();
      assertThat(r.kind()).isEqualTo("infer");
      assertThat(r.transport()).isEqualTo(transport.label());
      assertThat(r.model()).isEqualTo("add_sub");
      assertThat(r.latencyUs().count()).isEqualTo(ExactCountSimulation.TOTAL);
      assertThat(r.bytesSent()).isPositive();
      assertThat(r.bytesReceived()).isPositive();

      // The ML report, written beside the final summary at the end of the run.
      Path report = run.summaryFile().resolveSibling(MlReport.FILE_NAME);
      assertThat(report).isRegularFile();
      assertThat(Files.readString(report))
          .contains("\"name\":\"" + ExactCountSimulation.requestName(transport) + "\"");

      // The server's own statistics.
      ModelStats stats = server.engine().find("add_sub", "").stats();
      assertThat(stats.success().count()).isEqualTo(ExactCountSimulation.TOTAL);
      assertThat(stats.inferenceCount()).isEqualTo(ExactCountSimulation.TOTAL);
      assertThat(stats.fail().count()).isZero();
    }
  }
}
