/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.server.engine.Capacity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line: flags into a configuration, bad flags into messages that name them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InferenceServerMainTest {
  private static ServerConfig parse(String... args) {
    return InferenceServerMain.parse(args);
  }

  @Test
  void defaultsAreTritonsPortsAndEveryModel() {
    ServerConfig c = parse();
    assertThat(c.httpPort()).isEqualTo(8000);
    assertThat(c.grpcPort()).isEqualTo(8001);
    assertThat(c.metricsPort()).isEqualTo(8002);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.models())
        .containsExactly(
            "add_sub", "identity", "simple_classifier", "sequence_accumulate", "tiny_llm");
    // ServiceTime has no value equality, so compare Capacity by its parts.
    Capacity d = c.capacities().get("add_sub");
    assertThat(d.slots()).isEqualTo(4);
    assertThat(d.maxQueue()).isZero();
    assertThat(d.serviceTime().toString()).isEqualTo("1ms");
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.maxRequestBytes()).isEqualTo(64 * 1024 * 1024);
  }

  @Test
  void everyFlag() {
    ServerConfig c =
        parse(
            "--host",
            "0.0.0.0",
            "--http-port",
            "0",
            "--grpc-port=-1",
            "--metrics-port",
            "9102",
            "--models",
            "add_sub, identity",
            "--slots",
            "3",
            "--max-queue",
            "10",
            "--service-time",
            "uniform(1ms,3ms)",
            "--model-capacity",
            "add_sub:slots=2,service=normal(20ms,5ms)",
            "--max-request-bytes",
            "1048576",
            "--seed",
            "-7");
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.httpPort()).isZero();
    assertThat(c.grpcPort()).isEqualTo(-1);
    assertThat(c.metricsPort()).isEqualTo(9102);
    assertThat(c.models()).containsExactly("add_sub", "identity");
    assertThat(c.maxRequestBytes()).isEqualTo(1_048_576);
    assertThat(c.seed()).isEqualTo(-7);
    Capacity addSub = c.capacities().get("add_sub");
    assertThat(addSub.slots()).isEqualTo(2);
    assertThat(addSub.maxQueue()).isEqualTo(10); // not given: the default from --max-queue
    assertThat(addSub.serviceTime().toString()).isEqualTo("normal(20ms,5ms)");
    assertThat(addSub.serviceTime().meanNanos()).isEqualTo(20_000_000L);
    Capacity identity = c.capacities().get("identity");
    assertThat(identity.slots()).isEqualTo(3);
    assertThat(identity.maxQueue()).isEqualTo(10);
    assertThat(identity.serviceTime().toString()).isEqualTo("uniform(1ms,3ms)");
    assertThat(c.capacities()).containsOnlyKeys("add_sub", "identity");
  }

  @Test
  void modelCapacityWithQueueAndRepeated() {
    ServerConfig c =
        parse(
            "--model-capacity", "identity:queue=5",
            "--model-capacity", "simple_classifier:service=exponential(2ms),slots=1");
    assertThat(c.capacities().get("identity").maxQueue()).isEqualTo(5);
    assertThat(c.capacities().get("identity").slots()).isEqualTo(4);
    assertThat(c.capacities().get("simple_classifier").slots()).isEqualTo(1);
    assertThat(c.capacities().get("simple_classifier").serviceTime().toString())
        .isEqualTo("exponential(2ms)");
  }

  private static void assertRejected(String expected, String... args) {
    assertThatThrownBy(() -> parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void badFlagsNameTheFlag() {
    assertRejected("--http-port", "--http-port", "eighty");
    assertRejected("--grpc-port", "--grpc-port", "70000");
    assertRejected("--metrics-port", "--metrics-port", "-2");
    assertRejected("--slots", "--slots", "0");
    assertRejected("--max-queue", "--max-queue", "-1");
    assertRejected("--max-request-bytes", "--max-request-bytes", "0");
    assertRejected("--seed", "--seed", "x");
    assertRejected("unknown flag --bogus", "--bogus", "1");
    assertRejected("--slots needs a value", "--slots");
    assertRejected("unknown model 'resnet'", "--models", "add_sub,resnet");
    assertRejected("service time '20'", "--service-time", "20");
    assertRejected("--model-capacity", "--model-capacity", "add_sub");
    assertRejected("slots", "--model-capacity", "add_sub:slots=many");
    assertRejected("unknown key 'threads'", "--model-capacity", "add_sub:threads=2");
    assertRejected("expected key=value", "--model-capacity", "add_sub:slots");
    assertRejected("normal(20ms)", "--model-capacity", "add_sub:service=normal(20ms)");
    assertRejected("'nosuch'", "--model-capacity", "nosuch:slots=2");
    assertRejected("'identity'", "--models", "add_sub", "--model-capacity", "identity:slots=2");
  }

  @Test
  void helpIsNotAnError() {
    assertThatThrownBy(() -> parse("--help")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeListsListenersAndCapacities() {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withModels(List.of("add_sub"))
            .withCapacity(
                "add_sub", Capacity.of(2, java.time.Duration.ofMillis(20)).withMaxQueue(3));
    try (InferenceServer server = InferenceServer.start(config)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      InferenceServerMain.describe(server, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String text = bytes.toString(StandardCharsets.UTF_8);
      assertThat(text)
          .contains(server.restBaseUrl())
          .contains(server.grpcTarget())
          .contains(server.metricsUrl());
      assertThat(text).contains("model add_sub: 2 slots, queue 3, service time 20ms");
    }
  }

  @Test
  void llmFlags() {
    ServerConfig c =
        parse(
            "--llm-tokens",
            "32",
            "--llm-tokens-per-chunk=4",
            "--llm-ttft",
            "normal(80ms,5ms)",
            "--llm-token-gap",
            "15ms");
    assertThat(c.llm().tokens()).isEqualTo(32);
    assertThat(c.llm().tokensPerChunk()).isEqualTo(4);
    assertThat(c.llm().ttft()).hasToString("normal(80ms,5ms)");
    assertThat(c.llm().tokenGap()).hasToString("15ms");
    assertThat(parse().llm().tokens()).isEqualTo(16);
    assertThatThrownBy(() -> parse("--llm-tokens", "0")).hasMessageContaining("--llm-tokens");
    assertThatThrownBy(() -> parse("--llm-token-gap", "soon")).hasMessageContaining("soon");
  }
}
