/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.StreamAction;
import io.github.gatlingml.internal.action.StreamSpec;
import io.github.gatlingml.internal.generation.TextApi;
import io.github.gatlingml.internal.generation.TextApis;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.javaapi.MlDsl;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams are bounded in time and in memory on every carrier: a silence past the idle timeout is a
 * KO "stalled" (gRPC included), and a stream larger than maxResponseBytes is a KO "response too
 * large", the stream being cut there.
 */
class StreamLimitsTest {
  @TempDir Path results;

  private static StreamSpec spec(TextApi api, Duration idle, int maxTokens) {
    return new StreamSpec(
        api,
        s -> "tiny_llm",
        "tiny_llm",
        s -> "hello there",
        null,
        null,
        s -> maxTokens,
        Map.<String, java.util.function.Function<Session, Object>>of("ignore_eos", s -> true),
        true,
        idle,
        0,
        0,
        null);
  }

  private static final List<MlCheck> CHECKS = List.of(MlDsl.status().isOk());

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSilentStreamIsStalledOnEveryCarrier() throws Exception {
    // First token after 50 ms, then nothing for 20 s.
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withLlm(
                LlmSettings.defaults()
                    .withTokens(4)
                    .withTtft(ServiceTime.parse("50ms"))
                    .withTokenGap(ServiceTime.parse("20s")))
            .withCapacity("tiny_llm", Capacity.of(4, Duration.ofMillis(1)));
    try (InferenceServer server = InferenceServer.start(config);
        ActionHarness h = new ActionHarness(results)) {
      MlRuntime runtime =
          h.runtime(h.protocol(server.restBaseUrl(), server.grpcTarget(), Duration.ofSeconds(60)));
      for (TextApi api : List.of(TextApis.grpcStream(), TextApis.openAiCompletions())) {
        StreamAction action =
            new StreamAction(
                "stall " + api.label(), runtime, spec(api, Duration.ofMillis(300), 4), CHECKS);
        long start = System.nanoTime();
        Session s = h.execute(action, h.session());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        RecordingStatsLogger.Logged l = h.only();
        assertThat(s.isFailed()).as(api.label()).isTrue();
        assertThat(l.message()).as(api.label()).isEqualTo("stream stalled: no data for 300 ms");
        // 50 ms to the first token, then 300 ms of silence: far before the next token (20 s) or
        // the request timeout (60 s), with room for a cold channel on a busy machine.
        assertThat(millis).as(api.label() + " ms").isBetween(340L, 15_000L);
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aStreamPastMaxResponseBytesIsCut() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withLlm(
                LlmSettings.defaults()
                    .withTokens(2000)
                    .withTtft(ServiceTime.parse("1ms"))
                    .withTokenGap(ServiceTime.parse("1ms")))
            .withCapacity("tiny_llm", Capacity.of(4, Duration.ofMillis(1)));
    try (InferenceServer server = InferenceServer.start(config);
        ActionHarness h = new ActionHarness(results)) {
      MlRuntime runtime =
          h.runtime(
              h.protocol(server.restBaseUrl(), server.grpcTarget(), Duration.ofSeconds(30), 4096));
      for (TextApi api :
          List.of(TextApis.openAiChat(), TextApis.grpcStream(), TextApis.tgiGenerate(true))) {
        StreamAction action =
            new StreamAction(
                "big " + api.label(), runtime, spec(api, Duration.ofSeconds(5), 2000), CHECKS);
        Session s = h.execute(action, h.session());
        RecordingStatsLogger.Logged l = h.only();
        assertThat(s.isFailed()).as(api.label()).isTrue();
        assertThat(l.message())
            .as(api.label())
            .startsWith("response too large: more than 4096 bytes streamed");
      }
    }
  }
}
