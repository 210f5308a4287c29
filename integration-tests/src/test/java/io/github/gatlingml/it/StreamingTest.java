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
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams on every transport against a tiny_llm told to answer after exactly 80 ms and then every
 * 20 ms: the TTFT and TPOT the plugin measured must be those delays, the token counts the length
 * the server was told to use, and Gatling's [ttft]/[tpot] entries, ml-summary.json and the server
 * must agree on the counts.
 */
class StreamingTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void streamsAreTimedAgainstTheServersKnownDelays() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withCapacity("tiny_llm", Capacity.of(32, Duration.ofMillis(1)))
            .withLlm(
                LlmSettings.defaults()
                    .withTokens(64)
                    .withTtft(ServiceTime.parse("80ms"))
                    .withTokenGap(ServiceTime.parse("20ms")));
    try (InferenceServer server = InferenceServer.start(config)) {
      int rc =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget())
              .run(StreamingSimulation.class);
      assertThat(rc).as("Gatling exit code (assertions on exact counts)").isZero();

      RunSummary summary = new GatlingRun(results).summary();
      int n = 2 * StreamingSimulation.PER_TRANSPORT;
      for (String name :
          new String[] {
            "openai chat", "openai completions", "triton stream", "grpc stream", "tgi stream"
          }) {
        RunSummary.RequestSummary r = summary.requests().get(name);
        assertThat(r.ok()).as(name).isEqualTo(n);
        RunSummary.StreamStats st = r.stream();
        // The server waits 80 ms for the first token, then 20 ms per token: on loopback the
        // measured medians sit just above (a few ms of transport and scheduling).
        assertThat(st.ttftUs().p50()).as(name + " ttft p50 µs").isBetween(80_000L, 95_000L);
        // The server times its 80 ms from when the request reached it, and the client starts its
        // clock before the request is written: no stream can measure less. (A start stamped after
        // the socket write, e.g. by a callback that runs late, would.)
        assertThat(st.ttftUs().min()).as(name + " ttft min µs").isGreaterThanOrEqualTo(80_000L);
        assertThat(st.tpotUs().p50()).as(name + " tpot p50 µs").isBetween(19_000L, 23_000L);
        assertThat(st.outputTokens().total())
            .as(name + " tokens")
            .isEqualTo((long) n * StreamingSimulation.TOKENS);
        // 80 ms + 7 × 20 ms = 220 ms per stream.
        assertThat(r.latencyUs().p50()).as(name + " latency").isBetween(218_000L, 260_000L);
        // SLO TTFT ≤ 1 s and TPOT ≤ 100 ms: every stream is good.
        assertThat(st.good()).as(name + " good").isEqualTo(n);
        assertThat(st.goodputRps()).as(name + " goodput").isPositive();
      }
      assertThat(summary.requests().get("openai chat").stream().outputTokens().source())
          .isEqualTo("usage");
      assertThat(summary.requests().get("triton stream").stream().outputTokens().source())
          .isEqualTo("chunks");
      // TGI counts its tokens itself (details.generated_tokens), streamed or not.
      assertThat(summary.requests().get("tgi stream").stream().outputTokens().source())
          .isEqualTo("usage");
      RunSummary.StreamStats tgiWhole = summary.requests().get("tgi generate").stream();
      assertThat(tgiWhole.outputTokens().source()).isEqualTo("usage");
      assertThat(tgiWhole.outputTokens().total()).isEqualTo((long) n * StreamingSimulation.TOKENS);
      // One answer: the time after it says nothing of the tokens' pace, so no TPOT at all (not 0).
      assertThat(tgiWhole.tpotUs()).isNull();
      assertThat(tgiWhole.ttftUs().p50()).isBetween(218_000L, 260_000L);
      RunSummary.OutputTokens tokenized =
          summary.requests().get("triton stream tokenized").stream().outputTokens();
      assertThat(tokenized.source()).isEqualTo("tokenizer");
      assertThat(tokenized.total()).isEqualTo(2L * StreamingSimulation.TOKENS);
      // Not streamed: the first token is the whole answer, so TTFT ≈ the full 220 ms.
      assertThat(summary.requests().get("triton generate").stream().ttftUs().p50())
          .isBetween(218_000L, 260_000L);
      // Its SLO asks for a first token within 50 ms, which the server's fixed 80 ms never allows.
      assertThat(summary.requests().get("triton generate").stream().good()).isZero();
      assertThat(summary.requests().get("unknown model sse").koReasons()).containsKey("HTTP 404");
      assertThat(summary.requests().get("unknown model grpc").ko()).isEqualTo(1);
      assertThat(summary.requests().get("conversation turn").ok()).isEqualTo(3);
    }
  }
}
