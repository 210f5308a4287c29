/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.github.gatlingml.javaapi.MlDsl.FP32;
import static io.github.gatlingml.javaapi.MlDsl.output;
import static io.github.gatlingml.javaapi.MlDsl.shape;
import static io.github.gatlingml.javaapi.MlDsl.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.gatling.El;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The infer action without Gatling's runner: what it logs to the stats engine (name, OK/KO, status
 * code, one-line message, times), what it saves into the session and that a KO marks the session
 * failed, over every transport.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordingStatsTest {
  static final double[] A = range(0);
  static final double[] B = range(100);

  static InferenceServer server;

  @TempDir Path dir;
  ActionHarness harness;
  MlRuntime runtime;

  @BeforeAll
  static void startServer() {
    server = InferenceServer.start(ServerConfig.onFreePorts());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    harness = new ActionHarness(dir);
    runtime =
        harness.runtime(
            harness.protocol(server.restBaseUrl(), server.grpcTarget(), Duration.ofSeconds(5)));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  static double[] range(int from) {
    double[] v = new double[16];
    for (int i = 0; i < 16; i++) {
      v[i] = from + i;
    }
    return v;
  }

  static List<InputSpec> addSubInputs() {
    return List.of(
        InputSpec.fixed("INPUT0", FP32, shape(1, 16), A),
        InputSpec.fixed("INPUT1", FP32, shape(1, 16), B));
  }

  static double[] sum() {
    double[] s = new double[16];
    for (int i = 0; i < 16; i++) {
      s[i] = A[i] + B[i];
    }
    return s;
  }

  static String okCode(InferTransport t) {
    return t.isGrpc() ? "OK" : "200";
  }

  @ParameterizedTest
  @EnumSource(InferTransport.class)
  void okRequestIsLoggedOnceAndSavesValues(InferTransport transport) throws Exception {
    InferAction action =
        harness.infer(
            "add_sub " + transport.label(),
            runtime,
            transport,
            "add_sub",
            addSubInputs(),
            List.<MlCheck>of(
                status().isOk(),
                output("OUTPUT0").values().is(sum()).saveAs("sum"),
                output("OUTPUT1").shape().saveAs("shape")));
    long before = System.currentTimeMillis();
    Session s = harness.execute(action, harness.session());
    long after = System.currentTimeMillis();

    RecordingStatsLogger.Logged l = harness.only();
    assertThat(l.requestName()).isEqualTo("add_sub " + transport.label());
    assertThat(l.ok()).isTrue();
    assertThat(l.code()).isEqualTo(okCode(transport));
    assertThat(l.message()).isNull();
    assertThat(l.startMs()).isBetween(before, l.endMs());
    assertThat(l.endMs()).isLessThanOrEqualTo(after);

    assertThat(s.isFailed()).isFalse();
    assertThat((double[]) s.get("sum")).containsExactly(sum());
    assertThat((long[]) s.get("shape")).containsExactly(1, 16);
  }

  @ParameterizedTest
  @EnumSource(InferTransport.class)
  void failedValueCheckNamesElementExpectedAndFound(InferTransport transport) throws Exception {
    double[] wrong = sum();
    wrong[3] = -1;
    InferAction action =
        harness.infer(
            "wrong sum",
            runtime,
            transport,
            "add_sub",
            addSubInputs(),
            List.<MlCheck>of(status().isOk(), output("OUTPUT0").values().is(wrong)));
    Session s = harness.execute(action, harness.session());

    RecordingStatsLogger.Logged l = harness.only();
    assertThat(l.ok()).isFalse();
    assertThat(l.code()).isEqualTo(okCode(transport));
    assertThat(l.message())
        .startsWith("output 'OUTPUT0' values: element 3: expected -1.0 but found 106.0")
        .doesNotContain("\n");
    assertThat(s.isFailed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(InferTransport.class)
  void unknownModelIsKoWithStatusAndModelName(InferTransport transport) throws Exception {
    InferAction action =
        harness.infer(
            "unknown",
            runtime,
            transport,
            "no_such_model",
            addSubInputs(),
            List.<MlCheck>of(status().isOk()));
    Session s = harness.execute(action, harness.session());

    RecordingStatsLogger.Logged l = harness.only();
    assertThat(l.ok()).isFalse();
    assertThat(l.code()).isEqualTo(transport.isGrpc() ? "NOT_FOUND" : "404");
    assertThat(l.message()).contains("no_such_model").doesNotContain("\n");
    assertThat(s.isFailed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(InferTransport.class)
  void expectedErrorStatusIsOk(InferTransport transport) throws Exception {
    String expected = transport.isGrpc() ? "NOT_FOUND" : "404";
    InferAction action =
        harness.infer(
            "unknown expected",
            runtime,
            transport,
            "no_such_model",
            addSubInputs(),
            List.<MlCheck>of(status().is(expected).saveAs("status")));
    Session s = harness.execute(action, harness.session());

    RecordingStatsLogger.Logged l = harness.only();
    assertThat(l.ok()).isTrue();
    assertThat(l.code()).isEqualTo(expected);
    assertThat(s.isFailed()).isFalse();
    assertThat(s.getString("status")).isEqualTo(expected);
  }

  static long addSubRequestsSeen() {
    var stats = server.engine().find("add_sub", "").stats();
    return stats.success().count() + stats.fail().count();
  }

  @ParameterizedTest
  @EnumSource(InferTransport.class)
  void missingSessionAttributeIsKoNamingIt(InferTransport transport) throws Exception {
    long seenBefore = addSubRequestsSeen();
    List<InputSpec> inputs =
        List.of(
            InputSpec.dynamic("INPUT0", FP32, shape(1, 16), El.compile("#{missing}", Object.class)),
            InputSpec.fixed("INPUT1", FP32, shape(1, 16), B));
    InferAction action =
        harness.infer(
            "missing", runtime, transport, "add_sub", inputs, List.<MlCheck>of(status().isOk()));
    Session s = harness.execute(action, harness.session());

    RecordingStatsLogger.Logged l = harness.only();
    assertThat(l.ok()).isFalse();
    assertThat(l.message()).contains("'missing'").doesNotContain("\n");
    assertThat(s.isFailed()).isTrue();
    assertThat(addSubRequestsSeen()).as("nothing was sent").isEqualTo(seenBefore);
  }

  @Test
  void koThenOkOnTheSameSessionKeepsTheFailedMarkUntilReset() throws Exception {
    InferAction bad =
        harness.infer(
            "bad",
            runtime,
            InferTransport.REST_JSON,
            "no_such_model",
            addSubInputs(),
            List.<MlCheck>of(status().isOk()));
    InferAction good =
        harness.infer(
            "good",
            runtime,
            InferTransport.REST_JSON,
            "add_sub",
            addSubInputs(),
            List.<MlCheck>of(status().isOk()));
    Session s = harness.execute(bad, harness.session());
    s = harness.execute(good, s);
    assertThat(harness.stats.logged)
        .extracting(RecordingStatsLogger.Logged::requestName, RecordingStatsLogger.Logged::ok)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bad", false),
            org.assertj.core.groups.Tuple.tuple("good", true));
    assertThat(s.isFailed())
        .as("Gatling semantics: a later OK does not clear the failure")
        .isTrue();
  }
}
