/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

/**
 * What one streamed event says, whatever API it came from (OpenAI chat / completions, Triton
 * generate_stream). See {@link GenerationCodec}.
 *
 * @param text the answer text of this chunk ({@code ""} when none)
 * @param nonEmpty true when the chunk carries generated tokens: answer text or reasoning text (a
 *     role-only chat chunk, a finish-reason chunk, a usage chunk and {@code [DONE]} do not)
 * @param finishReason {@code choices[0].finish_reason} when present, else null
 * @param completionTokens {@code usage.completion_tokens} when the chunk has usage, else null
 * @param promptTokens {@code usage.prompt_tokens} when the chunk has usage, else null
 * @param error the server's error message (an {@code error} event), or a parse-error reason for an
 *     event that is not JSON or not an object; null when the chunk is fine. A stream whose chunk
 *     has an error is failed.
 * @param done the end marker: OpenAI's {@code [DONE]}, or Triton/OIP {@code "done": true} (whose
 *     text, if any, still counts)
 * @param reasoning the reasoning text of this chunk ({@code reasoning_content} or {@code reasoning}
 *     of a chat delta), {@code ""} when none; counted in {@code nonEmpty}
 */
public record StreamChunk(
    String text,
    boolean nonEmpty,
    String finishReason,
    Long completionTokens,
    Long promptTokens,
    String error,
    boolean done,
    String reasoning) {

  /** A chunk without reasoning text. */
  public StreamChunk(
      String text,
      boolean nonEmpty,
      String finishReason,
      Long completionTokens,
      Long promptTokens,
      String error,
      boolean done) {
    this(text, nonEmpty, finishReason, completionTokens, promptTokens, error, done, "");
  }

  /** OpenAI's {@code data: [DONE]}. */
  public static final StreamChunk DONE = new StreamChunk("", false, null, null, null, null, true);

  /** A chunk that only reports an error (the server's, or a parse error). */
  public static StreamChunk failure(String error) {
    return new StreamChunk("", false, null, null, null, error, false);
  }

  /** True when the chunk reports an error: the stream should be failed with {@link #error()}. */
  public boolean failed() {
    return error != null;
  }
}
