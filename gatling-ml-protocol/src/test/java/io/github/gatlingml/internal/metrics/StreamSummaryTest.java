/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static io.github.gatlingml.internal.metrics.StreamRecorderTest.CHAT;
import static io.github.gatlingml.internal.metrics.StreamRecorderTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream entries in ml-summary.json: documented names, lossless round trip and merge. */
class StreamSummaryTest {
  private static final Slo SLO = new Slo(50_000, 0);

  /**
   * TTFT from..to ms (usage tokens 5, TPOT 2.5 ms), {@code chunkCounted} more counted by chunks.
   */
  private static RunSummary summary(
      long startNanos, int from, int to, int chunkCounted, Slo slo, String runId) {
    FakeClock clock = new FakeClock(startNanos);
    MetricsRegistry registry = clock.registry().build();
    StreamRecorder r = registry.streamRecorder("chat", CHAT, slo);
    registry
        .recorder("add_sub grpc", RequestInfo.of(RequestKind.INFER, "grpc", "add_sub"))
        .recordOk(0, 3 * MS, 1, 2);
    for (int i = from; i <= to; i++) {
      r.recordOk(stream(i, 5, 2, 2, 5L), 10, 100);
    }
    for (int i = 0; i < chunkCounted; i++) {
      r.recordOk(stream(100, 3, 2, 0, null), 10, 100);
    }
    r.recordKo(stream(5, 1, 0, 0, null), "HTTP 503", 10, 0);
    registry.tick(startNanos + SECOND);
    clock.set(startNanos + 10 * SECOND);
    registry.stop();
    return registry.summary("Sim", runId);
  }

  @Test
  void roundTripKeepsEveryStreamFigure() {
    RunSummary written = summary(0, 1, 100, 2, SLO, "r");
    RunSummary read = SummaryReader.fromJson(SummaryWriter.toJson(written));
    assertThat(read).isEqualTo(written);
    assertThat(read.requests().get("chat").stream()).isNotNull();
    assertThat(read.histograms().get("chat").decodeTtftUs())
        .isEqualTo(written.histograms().get("chat").decodeTtftUs());
  }

  @Test
  void streamEntriesHaveTheDocumentedNames() throws Exception {
    JsonNode root =
        new ObjectMapper().readTree(SummaryWriter.toJson(summary(0, 1, 100, 2, SLO, "r")));
    JsonNode chat = root.path("requests").path("chat");
    assertThat(chat.path("kind").asText()).isEqualTo("stream");
    assertThat(chat.path("transport").asText()).isEqualTo("openai-chat");
    assertThat(chat.path("count").asLong()).isEqualTo(103);
    assertThat(chat.path("ok").asLong()).isEqualTo(102);
    assertThat(chat.path("ko_reasons").path("HTTP 503").asLong()).isEqualTo(1);
    for (String h : List.of("latency_us", "ttft_us", "tpot_us", "chunk_gap_us")) {
      assertThat(chat.path(h).fieldNames())
          .toIterable()
          .contains("min", "mean", "p50", "p90", "p95", "p99", "p999", "max");
    }
    assertThat((double) chat.path("ttft_us").path("p50").asLong())
        .isCloseTo(51_000, withinPercentage(0.1));
    // 500 from usage + 2 x 3 chunks = 506 over 102 OK requests and a 10 s run.
    assertThat(chat.path("output_tokens").path("total").asLong()).isEqualTo(506);
    assertThat(chat.path("output_tokens").path("mean").asDouble())
        .isCloseTo(506 / 102.0, within(1e-9));
    assertThat(chat.path("output_tokens").path("source").asText()).isEqualTo("mixed");
    assertThat(chat.path("output_tokens_per_s").asDouble()).isCloseTo(50.6, within(1e-9));
    // TTFT <= 50 ms: 50 of the usage-counted ones; the chunk-counted have TTFT 100 ms.
    assertThat(chat.path("good").asLong()).isEqualTo(50);
    assertThat(chat.path("goodput_rps").asDouble()).isCloseTo(5.0, within(1e-9));
    assertThat(chat.path("slo").path("ttft_us").asLong()).isEqualTo(50_000);
    assertThat(chat.path("slo").has("tpot_us")).isFalse();
    assertThat(root.path("histograms").path("chat").has("ttft_us")).isTrue();
    assertThat(root.path("histograms").path("chat").has("chunk_gap_us")).isTrue();
    JsonNode point = root.path("timeseries").path("requests").path("chat").get(0);
    assertThat(point.path("output_tokens").asLong()).isEqualTo(506);
    assertThat(point.has("ttft_p50_us")).isTrue();

    // Infer entries keep their shape.
    JsonNode infer = root.path("requests").path("add_sub grpc");
    assertThat(infer.has("ttft_us")).isFalse();
    assertThat(infer.has("output_tokens")).isFalse();
    assertThat(root.path("histograms").path("add_sub grpc").has("ttft_us")).isFalse();
    assertThat(
            root.path("timeseries")
                .path("requests")
                .path("add_sub grpc")
                .get(0)
                .has("output_tokens"))
        .isFalse();
  }

  @Test
  void noSloIsAnEmptyObjectAndEveryOkRequestIsGood() throws Exception {
    JsonNode chat =
        new ObjectMapper()
            .readTree(SummaryWriter.toJson(summary(0, 1, 10, 0, Slo.NONE, "r")))
            .path("requests")
            .path("chat");
    assertThat(chat.path("slo").isEmpty()).isTrue();
    assertThat(chat.path("good").asLong()).isEqualTo(10);
    assertThat(chat.path("output_tokens").path("source").asText()).isEqualTo("usage");
  }

  @Test
  void mergeEqualsTheUnionOfRecords() {
    RunSummary a = summary(0, 1, 60, 0, SLO, "a");
    RunSummary b = summary(2 * SECOND, 61, 100, 2, SLO, "b");
    RunSummary union = summary(0, 1, 100, 2, SLO, "u");
    // The union saw one KO fewer than a + b together; compare the OK-side figures.
    RunSummary merged = RunSummary.merge(List.of(a, b));
    RunSummary.StreamStats m = merged.requests().get("chat").stream();
    RunSummary.StreamStats u = union.requests().get("chat").stream();

    assertThat(m.ttftUs()).isEqualTo(u.ttftUs());
    assertThat(m.tpotUs()).isEqualTo(u.tpotUs());
    assertThat(m.chunkGapUs()).isEqualTo(u.chunkGapUs());
    assertThat(m.outputTokens().total()).isEqualTo(506);
    assertThat(m.outputTokens().source()).isEqualTo("mixed");
    assertThat(m.outputTokens().mean()).isCloseTo(506 / 102.0, within(1e-9));
    assertThat(m.good()).isEqualTo(50);
    // Merged span 0..12 s.
    assertThat(m.goodputRps()).isCloseTo(50 / 12.0, within(1e-9));
    assertThat(m.outputTokensPerS()).isCloseTo(506 / 12.0, within(1e-9));
    assertThat(m.slo()).isEqualTo(SLO);
    assertThat(merged.histograms().get("chat").hasStream()).isTrue();
    // Tokens per interval add up across injectors.
    long tokens =
        merged.timeseries().get("chat").stream()
            .mapToLong(RunSummary.TimePoint::outputTokens)
            .sum();
    assertThat(tokens).isEqualTo(506);
    // The merged summary round-trips too.
    assertThat(SummaryReader.fromJson(SummaryWriter.toJson(merged))).isEqualTo(merged);
  }

  @Test
  void mergeRefusesDifferentSlos() {
    RunSummary a = summary(0, 1, 10, 0, SLO, "a");
    RunSummary b = summary(0, 1, 10, 0, new Slo(60_000, 0), "b");
    assertThatThrownBy(() -> RunSummary.merge(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat")
        .hasMessageContaining("SLO");
  }
}
