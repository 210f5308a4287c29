/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Triton's generate extension: {@code POST /v2/models/{m}/generate_stream} (one event per response,
 * text in {@code text_output}) or {@code .../generate} (one answer, so TTFT is the whole latency).
 */
final class TritonGenerateApi implements TextApi {
  static final TritonGenerateApi STREAMED = new TritonGenerateApi(true);
  static final TritonGenerateApi WHOLE = new TritonGenerateApi(false);

  private final boolean streamed;

  private TritonGenerateApi(boolean streamed) {
    this.streamed = streamed;
  }

  @Override
  public String label() {
    return streamed ? "triton-generate-stream" : "triton-generate";
  }

  @Override
  public Carrier carrier() {
    return streamed ? Carrier.SSE : Carrier.JSON;
  }

  @Override
  public String path(String model) {
    String m = URLEncoder.encode(model, StandardCharsets.UTF_8);
    return "/v2/models/" + m + (streamed ? "/generate_stream" : "/generate");
  }

  @Override
  public byte[] body(TextRequest r) {
    return GenerationCodec.generateBody(null, r.prompt(), r.maxTokens(), r.parameters());
  }

  @Override
  public StreamChunk read(byte[] data, int length) {
    return streamed
        ? GenerationCodec.Api.TRITON_GENERATE.interpret(data, length)
        : GenerationCodec.tritonChunk(new String(data, 0, length, StandardCharsets.UTF_8));
  }
}
