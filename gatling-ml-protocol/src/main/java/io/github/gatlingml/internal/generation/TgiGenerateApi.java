/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import java.nio.charset.StandardCharsets;

/**
 * Hugging Face Text Generation Inference's native API: {@code POST /generate_stream} (one SSE event
 * per token, {@code token {id, text, logprob, special}}, the last with {@code generated_text} and
 * {@code details}) or {@code POST /generate} (one answer). TGI serves one model, so the path names
 * none. Special tokens are not output text; the token count is TGI's own {@code generated_tokens},
 * which {@code details: true} asks for.
 */
final class TgiGenerateApi implements TextApi {
  static final TgiGenerateApi STREAMED = new TgiGenerateApi(true);
  static final TgiGenerateApi WHOLE = new TgiGenerateApi(false);

  private final boolean streamed;

  private TgiGenerateApi(boolean streamed) {
    this.streamed = streamed;
  }

  @Override
  public String label() {
    return streamed ? "tgi-generate-stream" : "tgi-generate";
  }

  @Override
  public Carrier carrier() {
    return streamed ? Carrier.SSE : Carrier.JSON;
  }

  @Override
  public String path(String model) {
    return streamed ? "/generate_stream" : "/generate";
  }

  @Override
  public byte[] body(TextRequest r) {
    return GenerationCodec.tgiBody(r.prompt(), r.maxTokens(), r.parameters());
  }

  @Override
  public StreamChunk read(byte[] data, int length) {
    return streamed
        ? GenerationCodec.Api.TGI.interpret(data, length)
        : GenerationCodec.tgiAnswer(new String(data, 0, length, StandardCharsets.UTF_8));
  }

  @Override
  public String missingEnd() {
    return streamed ? "the stream ended without its final event (generated_text)" : null;
  }
}
