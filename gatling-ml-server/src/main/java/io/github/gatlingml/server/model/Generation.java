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
 * @param promptTokens tokens (words) in the prompt
 * @param completionTokens tokens generated in all
 * @param finishReason {@code "length"} when {@code max_tokens} cut the text short, else {@code
 *     "stop"}
 */
public record Generation(
    List<String> chunks,
    int[] chunkTokens,
    int promptTokens,
    int completionTokens,
    String finishReason) {
  public Generation {
    chunks = List.copyOf(chunks);
    chunkTokens = chunkTokens.clone();
  }

  /** The whole generated text. */
  public String text() {
    return String.join("", chunks);
  }
}
