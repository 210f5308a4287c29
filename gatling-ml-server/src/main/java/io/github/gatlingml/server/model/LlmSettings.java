/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.ServiceTime;
import java.time.Duration;

/**
 * How the simulated LLM ({@link TinyLlmModel}) generates: how many tokens, how many per streamed
 * chunk, and when they come out.
 *
 * @param tokens output length when the request does not cap it lower with {@code max_tokens} (the
 *     model's "end of sequence"); at least 1
 * @param tokensPerChunk tokens joined into one streamed response; at least 1
 * @param ttft time from the start of execution (a free slot) to the first chunk
 * @param tokenGap time between two successive tokens; a chunk of k tokens follows the previous one
 *     after k sampled gaps
 */
public record LlmSettings(int tokens, int tokensPerChunk, ServiceTime ttft, ServiceTime tokenGap) {
  public LlmSettings {
    if (tokens < 1) {
      throw new IllegalArgumentException(
          "the LLM needs to generate at least 1 token, got " + tokens);
    }
    if (tokensPerChunk < 1) {
      throw new IllegalArgumentException(
          "tokens per chunk must be at least 1, got " + tokensPerChunk);
    }
  }

  /** 16 tokens, 1 per chunk, TTFT normal(50ms,5ms), token gap normal(10ms,2ms). */
  public static LlmSettings defaults() {
    return new LlmSettings(
        16,
        1,
        ServiceTime.normal(Duration.ofMillis(50), Duration.ofMillis(5)),
        ServiceTime.normal(Duration.ofMillis(10), Duration.ofMillis(2)));
  }

  public LlmSettings withTokens(int n) {
    return new LlmSettings(n, tokensPerChunk, ttft, tokenGap);
  }

  public LlmSettings withTokensPerChunk(int n) {
    return new LlmSettings(tokens, n, ttft, tokenGap);
  }

  public LlmSettings withTtft(ServiceTime t) {
    return new LlmSettings(tokens, tokensPerChunk, t, tokenGap);
  }

  public LlmSettings withTokenGap(ServiceTime t) {
    return new LlmSettings(tokens, tokensPerChunk, ttft, t);
  }

  @Override
  public String toString() {
    return tokens
        + " tokens, "
        + tokensPerChunk
        + " per chunk, ttft "
        + ttft
        + ", token gap "
        + tokenGap;
  }
}
