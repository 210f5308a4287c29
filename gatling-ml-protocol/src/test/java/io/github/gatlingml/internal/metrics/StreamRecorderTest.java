/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StreamRecorder's figures against numbers computed by hand. */
class StreamRecorderTest {
  static final RequestInfo CHAT = RequestInfo.of(RequestKind.STREAM, "openai-chat", "tiny_llm");

  /**
   * A stream with its first token at {@code ttftMs}, then {@code tokens - 1} more, one every {@code
   * gapMs}, ending {@code tailMs} after the last one.
   */
  static StreamTiming stream(long ttftMs, int tokens, long gapMs, long tailMs, Long usage) {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(MS / 2, false, -1); // role-only chunk: never the first token
    long at = ttftMs * MS;
    for (int i = 0; i < tokens; i++) {
      t.onChunk(at, true, -1);
      at += gapMs * MS;
    }
    t.finish(at - gapMs * MS + tailMs * MS, usage, null);
    return t;
  }

  /** Stream i of 1..100: TTFT i ms, 5 tokens 2 ms apart, 2 ms tail: TPOT (8 + 2) / 4 = 2.5 ms. */
  static void recordHundred(StreamRecorder r, int from, int to) {
    for (int i = from; i <= to; i++) {
      r.recordOk(stream(i, 5, 2, 2, 5L), 100, 1_000);
    }
  }

  private static RunSummary.RequestSummary run(
      Slo slo, java.util.function.Consumer<StreamRecorder> body) {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().build();
    StreamRecorder r = registry.streamRecorder("chat", CHAT, slo);
    body.accept(r);
    clock.set(10 * SECOND);
    registry.stop();
    return registry.summary("Sim", "run").requests().get("chat");
  }

  @Test
  void percentilesOfTtftTpotAndChunkGaps() {
    RunSummary.RequestSummary s = run(Slo.NONE, r -> recordHundred(r, 1, 100));
    RunSummary.StreamStats st = s.stream();

    assertThat(s.kind()).isEqualTo("stream");
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.ok()).isEqualTo(100);
    assertThat(s.bytesSent()).isEqualTo(10_000);
    // Latency i + 10 ms: p50 60 ms, max 110 ms.
    assertThat((double) s.latencyUs().p50()).isCloseTo(60_000, withinPercentage(0.1));
    assertThat((double) s.latencyUs().max()).isCloseTo(110_000, withinPercentage(0.1));
    // TTFT i ms, ignoring the role-only chunk at 0.5 ms.
    assertThat(st.ttftUs().count()).isEqualTo(100);
    assertThat((double) st.ttftUs().min()).isCloseTo(1_000, withinPercentage(0.1));
    assertThat((double) st.ttftUs().p50()).isCloseTo(50_000, withinPercentage(0.1));
    assertThat((double) st.ttftUs().p90()).isCloseTo(90_000, withinPercentage(0.1));
    assertThat((double) st.ttftUs().p99()).isCloseTo(99_000, withinPercentage(0.1));
    assertThat((double) st.ttftUs().max()).isCloseTo(100_000, withinPercentage(0.1));
    assertThat(st.ttftUs().mean()).isCloseTo(50_500, withinPercentage(0.1));
    // TPOT (latency - TTFT) / (5 - 1) = 10 / 4 ms for every request.
    assertThat(st.tpotUs().count()).isEqualTo(100);
    assertThat((double) st.tpotUs().p50()).isCloseTo(2_500, withinPercentage(0.1));
    assertThat((double) st.tpotUs().max()).isCloseTo(2_500, withinPercentage(0.1));
    // 4 gaps of 2 ms per request.
    assertThat(st.chunkGapUs().count()).isEqualTo(400);
    assertThat((double) st.chunkGapUs().p99()).isCloseTo(2_000, withinPercentage(0.1));
    // 500 tokens from usage over a 10 s run.
    assertThat(st.outputTokens()).isEqualTo(new RunSummary.OutputTokens(500, 5.0, "usage"));
    assertThat(st.outputTokensPerS()).isCloseTo(50.0, within(1e-9));
    // No SLO: every OK request is good.
    assertThat(st.good()).isEqualTo(100);
    assertThat(st.goodputRps()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void goodputCountsOkRequestsMeetingEverySlo() {
    Slo slo = new Slo(50_000, 3_000);
    RunSummary.RequestSummary s =
        run(
            slo,
            r -> {
              recordHundred(r, 1, 100); // TTFT <= 50 ms (inclusive) for 50; TPOT 2.5 ms all
              r.recordOk(stream(10, 1, 0, 5, 1L), 0, 0); // 1 token: TPOT vacuous, good
              r.recordOk(stream(10, 0, 0, 5, 0L), 0, 0); // no token: misses the TTFT SLO
              r.recordOk(stream(10, 3, 4, 0, 3L), 0, 0); // TPOT 4 ms > 3 ms
              r.recordKo(stream(5, 2, 1, 0, 2L), "timeout", 0, 0); // fast but failed
            });
    RunSummary.StreamStats st = s.stream();

    assertThat(s.ok()).isEqualTo(103);
    assertThat(s.ko()).isEqualTo(1);
    assertThat(st.good()).isEqualTo(51);
    assertThat(st.goodputRps()).isCloseTo(5.1, within(1e-9));
    assertThat(st.slo()).isEqualTo(slo);
    // KO requests add no TTFT, TPOT or tokens.
    assertThat(st.ttftUs().count()).isEqualTo(102);
    assertThat(st.tpotUs().count()).isEqualTo(101);
    assertThat(st.outputTokens().total()).isEqualTo(500 + 1 + 0 + 3);
    assertThat(s.koReasons()).containsOnly(entry("timeout", 1L));
    assertThat(s.koLatencyUs().count()).isEqualTo(1);
  }

  @Test
  void sloRules() {
    StreamTiming noToken = stream(10, 0, 0, 5, null);
    StreamTiming oneToken = stream(200, 1, 0, 5, null);
    StreamTiming slowDecode = stream(10, 3, 30, 0, null);

    assertThat(Slo.NONE.isMetBy(noToken)).isTrue();
    // Without a first token, a TTFT objective is missed, a TPOT objective met vacuously.
    assertThat(new Slo(1_000_000, 0).isMetBy(noToken)).isFalse();
    assertThat(new Slo(0, 1).isMetBy(noToken)).isTrue();
    assertThat(new Slo(0, 1).isMetBy(oneToken)).isTrue();
    // Bounds are inclusive.
    assertThat(new Slo(200_000, 1).isMetBy(oneToken)).isTrue();
    assertThat(new Slo(199_999, 0).isMetBy(oneToken)).isFalse();
    assertThat(new Slo(0, 30_000).isMetBy(slowDecode)).isTrue();
    assertThat(new Slo(0, 29_999).isMetBy(slowDecode)).isFalse();
    assertThatThrownBy(() -> new Slo(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenSourceIsReportedAndMixedWhenRequestsDiffer() {
    RunSummary.RequestSummary chunks =
        run(Slo.NONE, r -> r.recordOk(stream(10, 3, 1, 0, null), 0, 0));
    assertThat(chunks.stream().outputTokens())
        .isEqualTo(new RunSummary.OutputTokens(3, 3.0, "chunks"));

    RunSummary.RequestSummary mixed =
        run(
            Slo.NONE,
            r -> {
              r.recordOk(stream(10, 3, 1, 0, 6L), 0, 0); // 6 from usage
              r.recordOk(stream(10, 3, 1, 0, null), 0, 0); // 3 chunks
            });
    assertThat(mixed.stream().outputTokens())
        .isEqualTo(new RunSummary.OutputTokens(9, 4.5, "mixed"));

    RunSummary.RequestSummary none = run(Slo.NONE, r -> {});
    assertThat(none.stream().outputTokens()).isNull();
    assertThat(none.stream().ttftUs()).isNull();
    assertThat(none.stream().good()).isZero();
  }

  @Test
  void timeSeriesPointsCarryTtftAndOutputTokens() {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().build();
    StreamRecorder r = registry.streamRecorder("chat", CHAT, null);
    recordHundred(r, 1, 100);
    registry.tick(SECOND);
    clock.set(SECOND);
    registry.tick(2 * SECOND); // idle interval
    r.recordOk(stream(7, 2, 1, 0, 2L), 0, 0);
    clock.set(2500 * MS);
    registry.stop();

    List<RunSummary.TimePoint> points = registry.summary("Sim", "run").timeseries().get("chat");
    assertThat(points).hasSize(3);
    assertThat((double) points.get(0).ttftP50Us()).isCloseTo(50_000, withinPercentage(0.1));
    assertThat((double) points.get(0).ttftP99Us()).isCloseTo(99_000, withinPercentage(0.1));
    assertThat(points.get(0).outputTokens()).isEqualTo(500);
    assertThat(points.get(1).ttftP50Us()).isNull();
    assertThat(points.get(1).outputTokens()).isZero();
    assertThat((double) points.get(2).ttftP50Us()).isCloseTo(7_000, withinPercentage(0.1));
    assertThat(points.get(2).outputTokens()).isEqualTo(2);
    // no SLO: every OK stream of an interval is good
    assertThat(points).extracting(RunSummary.TimePoint::good).containsExactly(100L, 0L, 1L);
  }

  @Test
  void timeSeriesPointsCountGoodStreamsAddingUpToTheRunsGood() {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().build();
    StreamRecorder r = registry.streamRecorder("chat", CHAT, new Slo(50_000, 3_000));
    recordHundred(r, 1, 100); // TTFT <= 50 ms for 50 of them (see goodputCounts...)
    registry.tick(SECOND);
    clock.set(SECOND);
    r.recordOk(stream(10, 1, 0, 5, 1L), 0, 0); // good
    r.recordOk(stream(10, 3, 4, 0, 3L), 0, 0); // TPOT 4 ms > 3 ms: not good
    clock.set(1500 * MS);
    registry.stop();

    RunSummary summary = registry.summary("Sim", "run");
    List<RunSummary.TimePoint> points = summary.timeseries().get("chat");
    assertThat(points).extracting(RunSummary.TimePoint::good).containsExactly(50L, 1L);
    assertThat(summary.requests().get("chat").stream().good()).isEqualTo(51);
  }

  @Test
  void registryKeepsOneStreamRecorderPerNameAndRefusesMixing() {
    MetricsRegistry registry = new FakeClock(0).registry().build();
    Slo slo = new Slo(200_000, 20_000);
    StreamRecorder r = registry.streamRecorder("chat", CHAT, slo);

    assertThat(registry.streamRecorder("chat", CHAT, slo)).isSameAs(r);
    assertThat(r.slo()).isEqualTo(slo);
    assertThatThrownBy(() -> registry.streamRecorder("chat", CHAT, Slo.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat");
    assertThatThrownBy(() -> registry.recorder("chat", CHAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("streamRecorder");
    RequestInfo infer = RequestInfo.of(RequestKind.INFER, "grpc", "m");
    assertThatThrownBy(() -> registry.streamRecorder("x", infer, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STREAM");
    registry.recorder("plain", RequestInfo.of(RequestKind.STREAM, "grpc", "m"));
    assertThatThrownBy(
            () ->
                registry.streamRecorder(
                    "plain", RequestInfo.of(RequestKind.STREAM, "grpc", "m"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInferEntryHasNoStreamFigures() {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().build();
    registry
        .recorder("infer", RequestInfo.of(RequestKind.INFER, "grpc", "m"))
        .recordOk(0, MS, 0, 0);
    registry.stop();
    RunSummary summary = registry.summary("Sim", "run");
    assertThat(summary.requests().get("infer").stream()).isNull();
    assertThat(summary.histograms().get("infer").hasStream()).isFalse();
    assertThat(summary.timeseries().get("infer").get(0).outputTokens()).isNull();
  }
}
