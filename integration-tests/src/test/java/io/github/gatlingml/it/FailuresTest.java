/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.github.gatlingml.it.FailuresSimulation.N;
import static io.github.gatlingml.it.FailuresSimulation.name;
import static io.github.gatlingml.javaapi.MlDsl.FP32;
import static io.github.gatlingml.javaapi.MlDsl.ml;
import static io.github.gatlingml.javaapi.MlDsl.output;
import static io.github.gatlingml.javaapi.MlDsl.shape;
import static io.github.gatlingml.javaapi.MlDsl.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ModelStats;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each way a request fails is one KO with a one-line reason, the run goes on, and Gatling, the
 * summary and the server count the failures exactly; configuration mistakes fail when the
 * simulation is built, naming the property.
 */
class FailuresTest {
  static InferenceServer server;
  static GarbageRestServer garbageRest;
  static GarbageGrpcServer garbageGrpc;
  static int closedPort;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(2, Duration.ofMillis(1)))
                .withCapacity("identity", Capacity.of(4, Duration.ofSeconds(2))));
    server.engine().unload("simple_classifier");
    garbageRest = new GarbageRestServer();
    garbageGrpc = new GarbageGrpcServer();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    garbageGrpc.close();
    garbageRest.close();
    server.close();
  }

  // ------------------------------------------------------------------ whole run

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyFailureIsCountedOnceAsKoAndTheRunGoesOn() throws Exception {
    ModelStats addSub = server.engine().find("add_sub", "").stats();
    long okBefore = addSub.success().count();
    long failBefore = addSub.fail().count();
    GatlingRun run =
        new GatlingRun(dir)
            .with("it.rest.url", server.restBaseUrl())
            .with("it.grpc.target", server.grpcTarget())
            .with("it.refused.port", closedPort)
            .with("it.garbage.rest.url", garbageRest.url())
            .with("it.garbage.grpc.target", garbageGrpc.target());

    assertThat(run.run(FailuresSimulation.class))
        .as("Gatling exit code (2 = an assertion failed)")
        .isZero();

    RunSummary summary = run.summary();
    Map<String, Map<String, Long>> expectedReasons =
        Map.ofEntries(
            Map.entry(
                name("unknown model", InferTransport.REST_JSON), Map.of("HTTP 404", (long) N)),
            Map.entry(name("unknown model", InferTransport.GRPC), Map.of("NOT_FOUND", (long) N)),
            Map.entry(
                name("shape mismatch", InferTransport.REST_JSON), Map.of("HTTP 400", (long) N)),
            Map.entry(
                name("shape mismatch", InferTransport.GRPC), Map.of("INVALID_ARGUMENT", (long) N)),
            Map.entry(name("unloaded", InferTransport.REST_JSON), Map.of("HTTP 503", (long) N)),
            Map.entry(name("unloaded", InferTransport.GRPC), Map.of("UNAVAILABLE", (long) N)),
            Map.entry(
                name("missing attribute", InferTransport.REST_JSON),
                Map.of("request not built", (long) N)),
            Map.entry(
                name("missing attribute", InferTransport.GRPC),
                Map.of("request not built", (long) N)),
            Map.entry(name("timeout", InferTransport.REST_JSON), Map.of("timeout", (long) N)),
            Map.entry(name("timeout", InferTransport.GRPC), Map.of("timeout", (long) N)),
            Map.entry(
                name("connection refused", InferTransport.REST_JSON),
                Map.of("connection refused", (long) N)),
            Map.entry(
                name("connection refused", InferTransport.GRPC),
                Map.of("connection refused", (long) N)),
            Map.entry(
                name("dns failure", InferTransport.REST_JSON), Map.of("DNS failure", (long) N)),
            Map.entry(name("dns failure", InferTransport.GRPC), Map.of("DNS failure", (long) N)),
            Map.entry(
                name("malformed", InferTransport.REST_JSON),
                Map.of("malformed response", (long) N)),
            Map.entry(
                name("malformed", InferTransport.GRPC), Map.of("malformed response", (long) N)));
    for (Map.Entry<String, Map<String, Long>> e : expectedReasons.entrySet()) {
      RunSummary.RequestSummary r = summary.requests().get(e.getKey());
      assertThat(r)
          .as("summary entry %s among %s", e.getKey(), summary.requests().keySet())
          .isNotNull();
      assertThat(r.count()).as(e.getKey()).isEqualTo(N);
      assertThat(r.ok()).as(e.getKey()).isZero();
      assertThat(r.ko()).as(e.getKey()).isEqualTo(N);
      assertThat(r.koReasons()).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (InferTransport t : FailuresSimulation.TRANSPORTS) {
      RunSummary.RequestSummary ok = summary.requests().get(name("ok after failures", t));
      assertThat(ok.ok()).as("good requests after the KOs, %s", t).isEqualTo(N);
      assertThat(ok.ko()).isZero();
    }
    assertThat(summary.requests()).hasSize(expectedReasons.size() + 2);

    // The server: the good requests succeeded, the shape mismatches failed validation, nothing else
    // reached add_sub.
    assertThat(addSub.success().count() - okBefore).isEqualTo(2L * N);
    assertThat(addSub.fail().count() - failBefore).isEqualTo(2L * N);
  }

  // ------------------------------------------------------------------ one-line reasons

  private ActionHarness harness(Duration timeout) {
    return new ActionHarness(dir);
  }

  /** Sends one add_sub-shaped request and returns what was logged; asserts a single-line KO. */
  private RecordingStatsLogger.Logged ko(
      String restUrl,
      String grpcTarget,
      Duration timeout,
      InferTransport t,
      String model,
      List<InputSpec> inputs,
      List<MlCheck> checks)
      throws Exception {
    try (ActionHarness h = harness(timeout)) {
      MlRuntime runtime = h.runtime(h.protocol(restUrl, grpcTarget, timeout));
      InferAction action = h.infer("case", runtime, t, model, inputs, checks);
      Session s = h.execute(action, h.session());
      RecordingStatsLogger.Logged l = h.only();
      assertThat(l.ok()).isFalse();
      assertThat(s.isFailed()).isTrue();
      assertThat(l.message()).isNotBlank().doesNotContain("\n");
      return l;
    }
  }

  private static List<InputSpec> addSubInputs(int n) {
    return List.of(
        InputSpec.fixed("INPUT0", FP32, shape(1, n), new double[n]),
        InputSpec.fixed("INPUT1", FP32, shape(1, n), new double[n]));
  }

  private static final List<MlCheck> DEFAULT = List.of(status().isOk());

  @ParameterizedTest
  @EnumSource(
      value = InferTransport.class,
      names = {"REST_JSON", "GRPC"})
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void reasonsNameWhatWentWrong(InferTransport t) throws Exception {
    boolean grpc = t.isGrpc();
    Duration fiveSeconds = Duration.ofSeconds(5);
    String rest = server.restBaseUrl();
    String target = server.grpcTarget();

    RecordingStatsLogger.Logged l =
        ko(rest, target, fiveSeconds, t, "no_such_model", addSubInputs(16), DEFAULT);
    assertThat(l.code()).isEqualTo(grpc ? "NOT_FOUND" : "404");
    assertThat(l.message()).contains("no_such_model");

    l = ko(rest, target, fiveSeconds, t, "add_sub", addSubInputs(15), DEFAULT);
    assertThat(l.code()).isEqualTo(grpc ? "INVALID_ARGUMENT" : "400");
    assertThat(l.message()).contains("INPUT0").contains("15");

    l =
        ko(
            rest,
            target,
            fiveSeconds,
            t,
            "simple_classifier",
            List.of(InputSpec.fixed("INPUT0", FP32, shape(1, 8), new double[8])),
            DEFAULT);
    assertThat(l.code()).isEqualTo(grpc ? "UNAVAILABLE" : "503");
    assertThat(l.message()).contains("simple_classifier").contains("not ready");

    l =
        ko(
            rest,
            target,
            Duration.ofMillis(200),
            t,
            "identity",
            List.of(InputSpec.fixed("INPUT0", FP32, shape(1, 4), new double[4])),
            DEFAULT);
    assertThat(l.message()).startsWith("timeout after 200 ms");
    assertThat(l.endMs() - l.startMs()).isBetween(150L, 1500L);

    String closed = "127.0.0.1:" + closedPort;
    l = ko("http://" + closed, closed, fiveSeconds, t, "add_sub", addSubInputs(16), DEFAULT);
    assertThat(l.message()).contains("connection refused").contains(closed);

    l =
        ko(
            "http://no-such-host.invalid:8000",
            "no-such-host.invalid:8001",
            fiveSeconds,
            t,
            "add_sub",
            addSubInputs(16),
            DEFAULT);
    assertThat(l.message()).contains("DNS failure").contains("no-such-host.invalid");

    l =
        ko(
            garbageRest.url(),
            garbageGrpc.target(),
            fiveSeconds,
            t,
            "add_sub",
            addSubInputs(16),
            List.of(status().isOk(), output("OUTPUT0").shape().is(1, 16)));
    assertThat(l.code()).isEqualTo(grpc ? "OK" : "200");
    assertThat(l.message()).startsWith("malformed response: ");
  }

  // ------------------------------------------------------------------ fails fast

  @Test
  void protocolWithoutTargetFailsWhenBuilt() {
    assertThatThrownBy(() -> ml.model("add_sub").protocol())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restBaseUrl")
        .hasMessageContaining("grpcTarget");
  }

  @Test
  void malformedUrlFailsWhenBuilt() {
    assertThatThrownBy(() -> ml.restBaseUrl("ht!tp://x").protocol())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restBaseUrl")
        .hasMessageContaining("ht!tp://x");
    assertThatThrownBy(() -> ml.restBaseUrl("ftp://x:21").protocol())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restBaseUrl");
    assertThatThrownBy(() -> ml.grpcTarget("http://x:8001").protocol())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpcTarget");
  }
}
