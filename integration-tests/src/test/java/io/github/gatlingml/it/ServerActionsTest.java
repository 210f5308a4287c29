/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.github.gatlingml.it.ServerActionsSimulation.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.ServerAction;
import io.github.gatlingml.internal.action.ServerCall;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Health, metadata, config and statistics requests over both transports, in a Gatling run and bare.
 */
class ServerActionsTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyServerCallSucceedsOnBothTransportsAndUnloadedModelIsNotReady() throws Exception {
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      server.engine().unload("simple_classifier");
      GatlingRun run =
          new GatlingRun(dir)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget());

      assertThat(run.run(ServerActionsSimulation.class))
          .as("Gatling exit code (2 = an assertion failed)")
          .isZero();

      RunSummary summary = run.summary();
      Map<String, String> kinds =
          Map.of(
              "server live",
              "health",
              "server ready",
              "health",
              "model ready",
              "health",
              "server metadata",
              "metadata",
              "model metadata",
              "metadata",
              "model config",
              "metadata",
              "model statistics",
              "statistics");
      for (boolean grpc : new boolean[] {false, true}) {
        for (String call : ServerActionsSimulation.OK_CALLS) {
          RunSummary.RequestSummary r = summary.requests().get(name(call, grpc));
          assertThat(r).as(name(call, grpc)).isNotNull();
          assertThat(r.ok()).as(name(call, grpc)).isEqualTo(1);
          assertThat(r.ko()).as(name(call, grpc)).isZero();
          assertThat(r.kind()).as(name(call, grpc)).isEqualTo(kinds.get(call));
          assertThat(r.transport()).isEqualTo(grpc ? "grpc" : "rest");
        }
        RunSummary.RequestSummary unloaded = summary.requests().get(name("unloaded ready", grpc));
        assertThat(unloaded.ko()).isEqualTo(1);
        assertThat(unloaded.ok()).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = InferTransport.class,
      names = {"REST_JSON", "GRPC"})
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void modelReadyOnUnloadedModelIsKoSayingSo(InferTransport t) throws Exception {
    // The KO says what the server answered, on both transports: {"ready":false}, not an empty gRPC
    // message as "{}".
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts());
        ActionHarness h = new ActionHarness(dir)) {
      server.engine().unload("simple_classifier");
      MlRuntime runtime =
          h.runtime(h.protocol(server.restBaseUrl(), server.grpcTarget(), Duration.ofSeconds(5)));
      ServerAction ready =
          new ServerAction(
              "ready",
              runtime,
              ServerCall.MODEL_READY,
              s -> "simple_classifier",
              s -> "",
              "simple_classifier",
              t.isGrpc(),
              List.<MlCheck>of(io.github.gatlingml.javaapi.MlDsl.status().isOk()));
      Session s = h.execute(ready, h.session());
      RecordingStatsLogger.Logged l = h.only();
      assertThat(l.ok()).isFalse();
      assertThat(s.isFailed()).isTrue();
      assertThat(l.message()).doesNotContain("\n").contains("\"ready\":false");
    }
  }
}
