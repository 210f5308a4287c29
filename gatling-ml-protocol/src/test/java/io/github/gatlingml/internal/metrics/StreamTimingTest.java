/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.gatlingml.internal.metrics.StreamTiming.TokenSource;
import org.junit.jupiter.api.Test;

/** StreamTiming against numbers computed by hand from docs/metrics.md's definitions. */
class StreamTimingTest {

  @Test
  void theStartMovesToWhenTheTransportWroteTheRequest() {
    // Handed to the client at 0, written 3 ms later (a connection had to be opened); first token
    // at 83 ms, then 103 and 123: TTFT 80 ms from the write, latency 120 ms, TPOT (120 - 80) / 2.
    StreamTiming t = StreamTiming.start(0);
    t.requestWritten(3 * MS);
    t.onChunk(83 * MS, true, -1);
    t.onChunk(103 * MS, true, -1);
    t.onChunk(123 * MS, true, -1);
    t.finish(123 * MS, null, null);

    assertThat(t.startNanos()).isEqualTo(3 * MS);
    assertThat(t.ttftNanos()).isEqualTo(80 * MS);
    assertThat(t.latencyNanos()).isEqualTo(120 * MS);
    assertThat(t.tpotNanos()).isEqualTo(20 * MS);
  }

  @Test
  void aWriteStampAfterTheFirstTokenOrBeforeTheStartIsIgnored() {
    StreamTiming late = StreamTiming.start(0);
    late.onChunk(50 * MS, true, -1);
    late.requestWritten(60 * MS); // cannot be: the answer came first
    late.finish(70 * MS, null, null);
    assertThat(late.ttftNanos()).isEqualTo(50 * MS);

    StreamTiming early = StreamTiming.start(10 * MS);
    early.requestWritten(5 * MS); // before the request was handed over
    early.onChunk(50 * MS, true, -1);
    early.finish(50 * MS, null, null);
    assertThat(early.ttftNanos()).isEqualTo(40 * MS);
  }

  @Test
  void noNonEmptyChunkMeansNoTtftNoTpotAndZeroTokens() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(10 * MS, false, -1); // role-only
    t.onChunk(20 * MS, false, 0); // empty final
    t.finish(50 * MS, null, null);

    assertThat(t.ttftNanos()).isEqualTo(-1);
    assertThat(t.latencyNanos()).isEqualTo(50 * MS);
    assertThat(t.chunkGapsNanos()).isEmpty();
    assertThat(t.outputTokens()).isZero();
    assertThat(t.tokenSource()).isEqualTo(TokenSource.CHUNKS);
    assertThat(t.tpotNanos()).isEqualTo(-1);
    assertThat(t.outputTokensPerSecond()).isZero();
    assertThat(t.perUserTokensPerSecond()).isEqualTo(-1);
  }

  @Test
  void oneTokenHasTtftButNoTpot() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(30 * MS, true, -1);
    t.finish(40 * MS, 1L, null);

    assertThat(t.ttftNanos()).isEqualTo(30 * MS);
    assertThat(t.outputTokens()).isEqualTo(1);
    assertThat(t.tokenSource()).isEqualTo(TokenSource.USAGE);
    assertThat(t.tpotNanos()).isEqualTo(-1);
    // 1 token in 40 ms.
    assertThat(t.outputTokensPerSecond()).isCloseTo(25.0, within(1e-9));
  }

  @Test
  void emptyFirstChunkIsNotTheFirstToken() {
    long s = 1_000_000;
    StreamTiming t = StreamTiming.start(s);
    t.onChunk(s + 5 * MS, false, -1);
    t.onChunk(s + 20 * MS, true, -1);
    t.onChunk(s + 30 * MS, true, -1);
    t.onChunk(s + 45 * MS, true, -1);
    t.finish(s + 50 * MS, null, null);

    assertThat(t.ttftNanos()).isEqualTo(20 * MS);
    assertThat(t.chunkGapsNanos()).containsExactly(10 * MS, 15 * MS);
    assertThat(t.outputTokens()).isEqualTo(3);
    assertThat(t.tokenSource()).isEqualTo(TokenSource.CHUNKS);
    // (50 - 20) / (3 - 1) = 15 ms.
    assertThat(t.tpotNanos()).isEqualTo(15 * MS);
  }

  @Test
  void gapsAreKeptToTheMicrosecondAndTheLongestIsFound() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(100 * MS, true, -1);
    // 12.3456789 ms, then 40.000999 ms, then 7 ms: kept as whole microseconds, as the histograms
    // record them.
    t.onChunk(100 * MS + 12_345_678, true, -1);
    t.onChunk(100 * MS + 12_345_678 + 40_000_999, true, -1);
    t.onChunk(100 * MS + 12_345_678 + 40_000_999 + 7 * MS, true, -1);
    t.finish(200 * MS, null, null);

    assertThat(t.chunkGapsNanos()).containsExactly(12_345_000L, 40_000_000L, 7 * MS);
    assertThat(t.maxGapNanos()).isEqualTo(40_000_000L);
    assertThat(StreamTiming.start(0).maxGapNanos()).isZero();
  }

  @Test
  void roleOnlyChunksAreIgnoredForTtftAndGaps() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(2 * MS, false, -1); // {"role":"assistant"}
    t.onChunk(100 * MS, true, -1);
    t.onChunk(110 * MS, true, -1);
    t.onChunk(115 * MS, false, -1); // keep-alive between tokens
    t.onChunk(130 * MS, true, -1);
    t.finish(130 * MS, null, null);

    assertThat(t.ttftNanos()).isEqualTo(100 * MS);
    assertThat(t.chunkGapsNanos()).containsExactly(10 * MS, 20 * MS);
    assertThat(t.nonEmptyChunks()).isEqualTo(3);
  }

  /** Three chunks of 2 tokens each at 100, 120, 140 ms; the stream ends at 150 ms. */
  private static StreamTiming threeChunksOfTwo(int tokensInChunk) {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(100 * MS, true, tokensInChunk);
    t.onChunk(120 * MS, true, tokensInChunk);
    t.onChunk(140 * MS, true, tokensInChunk);
    return t;
  }

  @Test
  void multiTokenChunksCountTokensFromUsageNotChunks() {
    StreamTiming usage = threeChunksOfTwo(-1);
    usage.finish(150 * MS, 6L, 7);
    assertThat(usage.outputTokens()).isEqualTo(6);
    assertThat(usage.tokenSource()).isEqualTo(TokenSource.USAGE);
    // (150 - 100) / (6 - 1) = 10 ms.
    assertThat(usage.tpotNanos()).isEqualTo(10 * MS);

    StreamTiming chunks = threeChunksOfTwo(-1);
    chunks.finish(150 * MS, null, null);
    assertThat(chunks.outputTokens()).isEqualTo(3);
    assertThat(chunks.tokenSource()).isEqualTo(TokenSource.CHUNKS);
    // (150 - 100) / (3 - 1) = 25 ms: chunks overstate TPOT 2.5x here.
    assertThat(chunks.tpotNanos()).isEqualTo(25 * MS);

    StreamTiming tokenizer = threeChunksOfTwo(-1);
    tokenizer.finish(150 * MS, null, 6);
    assertThat(tokenizer.outputTokens()).isEqualTo(6);
    assertThat(tokenizer.tokenSource()).isEqualTo(TokenSource.TOKENIZER);

    // Per-chunk counts from the server are the server's count, preferred to a tokenizer's.
    StreamTiming perChunk = threeChunksOfTwo(2);
    perChunk.finish(150 * MS, null, 5);
    assertThat(perChunk.outputTokens()).isEqualTo(6);
    assertThat(perChunk.tokenSource()).isEqualTo(TokenSource.USAGE);
    assertThat(perChunk.tpotNanos()).isEqualTo(10 * MS);
  }

  @Test
  void perChunkCountsAreIgnoredUnlessEveryChunkHasOne() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(100 * MS, true, 2);
    t.onChunk(120 * MS, true, -1);
    t.finish(150 * MS, null, null);
    assertThat(t.outputTokens()).isEqualTo(2);
    assertThat(t.tokenSource()).isEqualTo(TokenSource.CHUNKS);
  }

  @Test
  void tpotExcludesTtft() {
    // First token after 500 ms, then one token every 10 ms: 11 tokens, done at 600 ms.
    StreamTiming t = StreamTiming.start(0);
    for (int i = 0; i <= 10; i++) {
      t.onChunk((500 + 10L * i) * MS, true, 1);
    }
    t.finish(600 * MS, 11L, null);

    assertThat(t.ttftNanos()).isEqualTo(500 * MS);
    assertThat(t.tpotNanos()).isEqualTo(10 * MS);
    // The pitfall: latency / tokens (54.5 ms) or latency / (tokens - 1) (60 ms) includes TTFT.
    assertThat(t.tpotNanos()).isNotEqualTo(t.latencyNanos() / 11).isNotEqualTo(60 * MS);
    assertThat(t.chunkGapsNanos()).hasSize(10).containsOnly(10 * MS);
  }

  @Test
  void perUserTokensPerSecondIsOneOverTpot() {
    StreamTiming t = StreamTiming.start(0);
    for (int i = 0; i <= 10; i++) {
      t.onChunk((500 + 10L * i) * MS, true, -1);
    }
    t.finish(600 * MS, 11L, null);

    // TPOT 10 ms: 100 tokens/s for the user once decoding started.
    assertThat(t.perUserTokensPerSecond()).isCloseTo(100.0, within(1e-9));
    // Over the whole request, TTFT included: 11 tokens / 0.6 s.
    assertThat(t.outputTokensPerSecond()).isCloseTo(11 / 0.6, within(1e-9));
  }

  @Test
  void manyChunksGrowTheGapArray() {
    StreamTiming t = StreamTiming.start(0);
    for (int i = 1; i <= 100; i++) {
      t.onChunk(i * MS, true, -1);
    }
    t.finish(100 * MS, null, null);
    assertThat(t.chunkGapsNanos()).hasSize(99).containsOnly(MS);
    assertThat(t.tpotNanos()).isEqualTo(MS);
  }

  @Test
  void anUnfinishedTimingHasNoTokensAndIsTimedToItsLastChunk() {
    StreamTiming t = StreamTiming.start(0);
    t.onChunk(10 * MS, true, -1);
    t.onChunk(25 * MS, true, -1);
    assertThat(t.isFinished()).isFalse();
    assertThat(t.latencyNanos()).isEqualTo(25 * MS);
    assertThat(t.tokenSource()).isNull();
    assertThat(t.tpotNanos()).isEqualTo(-1);
  }

  @Test
  void chunksAfterFinishAndDoubleFinishAreRejected() {
    StreamTiming t = StreamTiming.start(0);
    t.finish(MS, null, null);
    assertThatThrownBy(() -> t.onChunk(2 * MS, true, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.finish(2 * MS, null, null))
        .isInstanceOf(IllegalStateException.class);
  }
}
