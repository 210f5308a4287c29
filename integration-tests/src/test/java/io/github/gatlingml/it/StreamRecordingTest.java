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
 * What a streaming request logs to Gatling, recorded: {@code <name>}, {@code <name> [ttft]} and
 * {@code <name> [tpot]} with times that match the server's fixed delays, and KOs with a reason for
 * a stream that stalls, is reset, or ends without [DONE].
 */
class StreamRecordingTest {
  @TempDir Path results;

  private static StreamSpec spec(TextApi t, Duration idle) {
    return new StreamSpec(
        t,
        s -> "tiny_llm",
        "tiny_llm",
        s -> "hello there",
        null,
        null,
        s -> 6,
        Map.of(),
        true,
        idle,
        0,
        0,
        null);
  }

  private static List<MlCheck> defaultChecks() {
    return List.of(MlDsl.status().isOk());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aStreamLogsItsEndToEndTtftAndTpotEntries() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withLlm(
                LlmSettings.defaults()
                    .withTtft(ServiceTime.parse("100ms"))
                    .withTokenGap(ServiceTime.parse("20ms")))
            .withCapacity("tiny_llm", Capacity.of(4, Duration.ofMillis(1)));
    try (InferenceServer server = InferenceServer.start(config);
        ActionHarness h = new ActionHarness(results)) {
      MlRuntime runtime =
          h.runtime(h.protocol(server.restBaseUrl(), server.grpcTarget(), Duration.ofSeconds(10)));
      for (TextApi t : List.of(TextApis.openAiChat(), TextApis.grpcStream())) {
        StreamAction action =
            new StreamAction(
                "s " + t.label(),
                runtime,
                spec(t, Duration.ofSeconds(5)),
                List.of(
                    MlDsl.status().isOk(),
                    MlDsl.text().saveAs("reply"),
                    MlDsl.outputTokens().is(6)));
        // A first stream warms the connection and the code paths up; the second is measured.
        h.execute(action, h.session());
        h.stats.logged.clear();
        Session after = h.execute(action, h.session());
        assertThat(after.isFailed()).isFalse();
        assertThat(after.getString("reply")).isNotBlank();
        List<RecordingStatsLogger.Logged> logged = List.copyOf(h.stats.logged);
        h.stats.logged.clear();
        assertThat(logged)
            .extracting(RecordingStatsLogger.Logged::requestName)
            .containsExactly(
                "s " + t.label(), "s " + t.label() + " [ttft]", "s " + t.label() + " [tpot]");
        assertThat(logged).allSatisfy(l -> assertThat(l.ok()).isTrue());
        // 6 tokens: first after 100 ms, then 5 gaps of 20 ms: 200 ms end to end (ms resolution).
        // The lower bounds are the server's fixed delays; the upper ones are loose for busy
        // machines.
        RecordingStatsLogger.Logged e2e = logged.get(0);
        RecordingStatsLogger.Logged ttft = logged.get(1);
        RecordingStatsLogger.Logged tpot = logged.get(2);
        assertThat(e2e.endMs() - e2e.startMs()).as(t + " e2e ms").isBetween(199L, 800L);
        assertThat(ttft.endMs() - ttft.startMs()).as(t + " ttft ms").isBetween(100L, 600L);
        assertThat(tpot.endMs() - tpot.startMs()).as(t + " tpot ms").isBetween(19L, 60L);
        assertThat(ttft.startMs()).isEqualTo(e2e.startMs());
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void broken_streams_are_KOs_with_a_reason() throws Exception {
    try (ActionHarness h = new ActionHarness(results)) {
      for (RawSseServer.After after : RawSseServer.After.values()) {
        try (RawSseServer raw = new RawSseServer(after)) {
          MlRuntime runtime = h.runtime(h.protocol(raw.url(), null, Duration.ofSeconds(10)));
          StreamAction action =
              new StreamAction(
                  "raw " + after,
                  runtime,
                  spec(TextApis.openAiCompletions(), Duration.ofMillis(400)),
                  defaultChecks());
          Session s = h.execute(action, h.session());
          assertThat(s.isFailed()).as(after.toString()).isTrue();
          RecordingStatsLogger.Logged e2e = h.stats.logged.get(0);
          h.stats.logged.clear();
          assertThat(e2e.ok()).isFalse();
          switch (after) {
            case STALL:
              assertThat(e2e.message()).startsWith("stream stalled: no data for 400 ms");
              break;
            case RESET:
              assertThat(e2e.message()).containsAnyOf("connection reset", "mid-stream");
              break;
            default:
              // The server closed cleanly after one event: an OpenAI stream must end with [DONE].
              assertThat(e2e.message()).containsAnyOf("without data: [DONE]", "mid-stream");
          }
        }
      }
    }
  }
}
