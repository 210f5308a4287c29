/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import java.util.List;

/**
 * What one request to a generative model will produce, decided before the first token.
 *
 * @param chunks the text of each streamed response, in order; their concatenation is the whole text
 * @param chunkTokens tokens in each chunk
 * @param tokens the text of each token, in order (chunk {@code i} is the concatenation of its
 *     {@code chunkTokens[i]} tokens), for APIs that stream token by token
 * @param tokenIds each token's id in the model's vocabulary
 * @param tokenLogprobs each token's log-probability (negative)
 * @param promptTokens tokens (words) in the prompt
 * @param completionTokens tokens generated in all
 * @param finishReason {@code "length"} when {@code max_tokens} cut the text short, else {@code
 *     "stop"}
 */
public record Generation(
    List<String> chunks,
    int[] chunkTokens,
    List<String> tokens,
    int[] tokenIds,
    float[] tokenLogprobs,
    int promptTokens,
    int completionTokens,
    String finishReason) {
  public Generation {
    chunks = List.copyOf(chunks);
    chunkTokens = chunkTokens.clone();
    tokens = List.copyOf(tokens);
    tokenIds = tokenIds.clone();
    tokenLogprobs = tokenLogprobs.clone();
    if (tokenIds.length != tokens.size() || tokenLogprobs.length != tokens.size()) {
      throw new IllegalArgumentException(
          "one id and one logprob per token: "
              + tokens.size()
              + " tokens, "
              + tokenIds.length
              + " ids, "
              + tokenLogprobs.length
              + " logprobs");
    }
  }

  /** The whole generated text. */
  public String text() {
    return String.join("", chunks);
  }

  /** Whether the model ended the text itself (an end of sequence), not a token cap. */
  public boolean stopped() {
    return "stop".equals(finishReason);
  }
}
