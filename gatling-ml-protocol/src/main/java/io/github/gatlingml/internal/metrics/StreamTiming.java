/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import java.util.Arrays;

/**
 * The timing of one streamed request, built incrementally from {@link System#nanoTime()} stamps as
 * its chunks arrive, then read as the quantities defined in {@code docs/metrics.md}: TTFT, chunk
 * gaps, latency, output tokens (and where their count came from), TPOT.
 *
 * <p>Use: {@link #start(long)} when the request's first byte is handed to the transport, {@link
 * #requestWritten(long)} if the transport tells when it wrote the request to its connection, {@link
 * #onChunk(long, boolean, int)} for every response of the stream (including empty and role-only
 * ones, which are told apart by {@code nonEmpty}), {@link #finish(long, Long, Integer)} at the
 * final response or the failure, then pass it to {@link StreamRecorder}.
 *
 * <p>Not thread-safe: one request's chunks arrive in order on one event loop. Allocation-light: a
 * few primitive fields, plus an array of chunk gaps (whole microseconds, as the histograms keep
 * them: 4 bytes a chunk, since it grows with every chunk of a stream held open) allocated at the
 * second non-empty chunk and doubled when full.
 */
public final class StreamTiming {
  /** Where {@link #outputTokens()} came from, in order of preference. */
  public enum TokenSource {
    /**
     * The server's own count: {@code usage.completion_tokens}, or per-chunk counts the server
     * reported for every non-empty chunk (e.g. the token ids of each Triton response).
     */
    USAGE,
    /** A client-side tokenizer applied to the output text. */
    TOKENIZER,
    /**
     * The number of non-empty chunks: not tokens when the server sends several tokens per chunk
     * (speculative decoding, batching of the stream), so reports say so.
     */
    CHUNKS;

    /**
     * The name used in the summary file.
     *
     * @return {@code "usage"}, {@code "tokenizer"} or {@code "chunks"}
     */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final int INITIAL_GAPS = 16;

  private long startNanos;
  private long firstChunkNanos = -1;
  private long lastChunkNanos = -1;
  private int nonEmptyChunks;
  private long chunkTokens;
  private boolean allChunksCounted = true;
  private int[] gaps;
  private int gapCount;

  private boolean finished;
  private long endNanos;
  private long outputTokens;
  private TokenSource tokenSource;

  private StreamTiming(long startNanos) {
    this.startNanos = startNanos;
  }

  /**
   * Starts timing a streamed request.
   *
   * @param startNanos {@link System#nanoTime()} when the request's first byte was handed to the
   *     transport
   * @return a new timing
   */
  public static StreamTiming start(long startNanos) {
    return new StreamTiming(startNanos);
  }

  /**
   * Moves the start to when the transport wrote the request's first bytes to its connection, which
   * excludes the client library's own work before that (creating an HTTP/2 stream, waiting for a
   * pooled connection) from TTFT and latency. Ignored once a chunk has arrived or the timing is
   * finished, and when {@code nanos} is before the start.
   *
   * @param nanos {@link System#nanoTime()} when the request was written
   */
  public void requestWritten(long nanos) {
    if (finished || nonEmptyChunks > 0 || nanos < startNanos) {
      return;
    }
    startNanos = nanos;
  }

  /**
   * Notes one response of the stream.
   *
   * @param nanos {@link System#nanoTime()} when it arrived
   * @param nonEmpty whether it carries output (a token or text); control frames, role-only chunks
   *     and empty responses are {@code false} and are ignored, for TTFT and chunk gaps alike
   * @param tokensInChunk the tokens the server says this chunk carries, or -1 if unknown; used only
   *     when every non-empty chunk gives one and no server total is given at {@link #finish}
   * @throws IllegalStateException if the timing is finished
   */
  public void onChunk(long nanos, boolean nonEmpty, int tokensInChunk) {
    if (finished) {
      throw new IllegalStateException("chunk after the stream's timing was finished");
    }
    if (!nonEmpty) {
      return;
    }
    if (tokensInChunk < 0) {
      allChunksCounted = false;
    } else {
      chunkTokens += tokensInChunk;
    }
    if (nonEmptyChunks == 0) {
      firstChunkNanos = nanos;
    } else {
      if (gaps == null) {
        gaps = new int[INITIAL_GAPS];
      } else if (gapCount == gaps.length) {
        gaps = Arrays.copyOf(gaps, gapCount * 2);
      }
      gaps[gapCount++] =
          (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos - lastChunkNanos) / 1000);
    }
    lastChunkNanos = nanos;
    nonEmptyChunks++;
  }

  /**
   * Ends the stream, at its final response or at its failure, and settles the output token count:
   * the server's total if given, else per-chunk server counts if every non-empty chunk had one,
   * else the tokenizer's count if given, else the number of non-empty chunks.
   *
   * @param endNanos {@link System#nanoTime()} when the final response (or the failure) arrived
   * @param serverTokenCount the server's count of output tokens ({@code usage.completion_tokens}, a
   *     Triton output tensor), or {@code null}
   * @param tokenizerCount a client-side tokenizer's count of the output, or {@code null}
   * @throws IllegalStateException if already finished
   */
  public void finish(long endNanos, Long serverTokenCount, Integer tokenizerCount) {
    if (finished) {
      throw new IllegalStateException("the stream's timing is already finished");
    }
    finished = true;
    this.endNanos = endNanos;
    if (serverTokenCount != null) {
      outputTokens = Math.max(0, serverTokenCount);
      tokenSource = TokenSource.USAGE;
    } else if (nonEmptyChunks > 0 && allChunksCounted) {
      outputTokens = chunkTokens;
      tokenSource = TokenSource.USAGE;
    } else if (tokenizerCount != null) {
      outputTokens = Math.max(0, tokenizerCount);
      tokenSource = TokenSource.TOKENIZER;
    } else {
      outputTokens = nonEmptyChunks;
      tokenSource = TokenSource.CHUNKS;
    }
  }

  /**
   * Whether {@link #finish} was called.
   *
   * @return true once finished
   */
  public boolean isFinished() {
    return finished;
  }

  /**
   * When the request started.
   *
   * @return the start stamp given to {@link #start(long)}
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Time to first token: the first non-empty chunk minus the start.
   *
   * @return ns, or -1 if no non-empty chunk arrived
   */
  public long ttftNanos() {
    return nonEmptyChunks == 0 ? -1 : Math.max(0, firstChunkNanos - startNanos);
  }

  /**
   * End-to-end latency: the final response (or failure) minus the start. For a timing not finished,
   * up to its last non-empty chunk (0 if none).
   *
   * @return ns, at least 0
   */
  public long latencyNanos() {
    long end = finished ? endNanos : (nonEmptyChunks == 0 ? startNanos : lastChunkNanos);
    return Math.max(0, end - startNanos);
  }

  /**
   * The number of non-empty chunks received.
   *
   * @return the count
   */
  public int nonEmptyChunks() {
    return nonEmptyChunks;
  }

  /**
   * The gaps between successive non-empty chunks, in arrival order.
   *
   * @return a new array of ns (whole microseconds), one fewer than the non-empty chunks (empty if
   *     fewer than 2)
   */
  public long[] chunkGapsNanos() {
    long[] out = new long[gapCount];
    for (int i = 0; i < gapCount; i++) {
      out[i] = gapAt(i);
    }
    return out;
  }

  /**
   * The longest gap between two successive non-empty chunks.
   *
   * @return ns (whole microseconds), 0 if fewer than 2 non-empty chunks
   */
  public long maxGapNanos() {
    long max = 0;
    for (int i = 0; i < gapCount; i++) {
      max = Math.max(max, gaps[i]);
    }
    return max * 1000;
  }

  int gapCount() {
    return gapCount;
  }

  long gapAt(int i) {
    return gaps[i] * 1000L;
  }

  /**
   * The output tokens, from the source {@link #tokenSource()} names.
   *
   * @return the count, or 0 before {@link #finish}
   */
  public long outputTokens() {
    return outputTokens;
  }

  /**
   * Where {@link #outputTokens()} came from.
   *
   * @return the source, or {@code null} before {@link #finish}
   */
  public TokenSource tokenSource() {
    return tokenSource;
  }

  /**
   * Time per output token after the first: {@code (latency - TTFT) / (tokens - 1)}, so TTFT is not
   * in it. Defined only for finished requests with a first token, at least 2 output tokens and at
   * least 2 non-empty chunks: an answer that arrives whole (Triton's or TGI's non-streamed {@code
   * generate}) says nothing about the pace of its tokens, whatever count the server gives.
   *
   * @return ns (rounded down), or -1 when undefined
   */
  public long tpotNanos() {
    long ttft = ttftNanos();
    if (!finished || ttft < 0 || outputTokens < 2 || nonEmptyChunks() < 2) {
      return -1;
    }
    return Math.max(0, latencyNanos() - ttft) / (outputTokens - 1);
  }

  /**
   * Output tokens over the whole latency, TTFT included: the request's average output rate.
   *
   * @return tokens per second, 0 when the latency is 0 or before {@link #finish}
   */
  public double outputTokensPerSecond() {
    long latency = latencyNanos();
    return !finished || latency == 0 ? 0.0 : outputTokens * 1e9 / latency;
  }

  /**
   * What {@code docs/metrics.md} calls per-user tokens/s: {@code 1 / TPOT}, the decode rate one
   * user sees once the first token has arrived.
   *
   * @return tokens per second; -1 when TPOT is undefined, infinity when TPOT is 0
   */
  public double perUserTokensPerSecond() {
    long tpot = tpotNanos();
    if (tpot < 0) {
      return -1;
    }
    return tpot == 0 ? Double.POSITIVE_INFINITY : 1e9 / tpot;
  }
}
