/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.action.PayloadSpec;
import io.github.gatlingml.internal.action.PayloadSpec.Part;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.javaapi.MlDsl;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infer(...).overStream()} takes one answer per request: a decoupled model, which answers
 * several times, is refused with a reason that names the API to use, never answered shifted by one.
 */
class OverStreamDecoupledTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aDecoupledModelOverAUsersStreamIsAClearKo() throws Exception {
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts());
        ActionHarness h = new ActionHarness(results)) {
      MlRuntime runtime = h.runtime(h.protocol(null, server.grpcTarget(), Duration.ofSeconds(10)));
      PayloadSpec payload =
          new PayloadSpec(
              Part.of("tiny_llm"),
              Part.of(""),
              Part.of(""),
              Map.of(),
              List.of(
                  InputSpec.fixed("text_input", DataType.BYTES, Shape.of(1), new String[] {"hi"})),
              List.<OutputRequest>of());
      InferAction action =
          new InferAction(
              "decoupled",
              runtime,
              payload,
              InferAction.Wire.GRPC_RAW,
              true,
              List.<MlCheck>of(MlDsl.status().isOk()));
      Session s = h.execute(action, h.session());
      RecordingStatsLogger.Logged l = h.only();
      assertThat(s.isFailed()).isTrue();
      assertThat(l.message())
          .contains("triton_final_response=false")
          .contains("generate(...).grpcStream()");
      // The user's next request opens a new stream and meets the same clear refusal, not the
      // previous request's leftover answers.
      Session again = h.execute(action, s);
      assertThat(again.isFailed()).isTrue();
      assertThat(h.only().message()).contains("triton_final_response=false");
    }
  }
}
