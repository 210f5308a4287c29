/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

/**
 * OpenAI-compatible {@code POST /v1/completions} with {@code stream: true}: text in {@code
 * choices[0].text}, ended by {@code data: [DONE]}.
 */
final class OpenAiCompletionsApi implements TextApi {
  static final OpenAiCompletionsApi INSTANCE = new OpenAiCompletionsApi();

  private OpenAiCompletionsApi() {}

  @Override
  public String label() {
    return "openai-completions";
  }

  @Override
  public Carrier carrier() {
    return Carrier.SSE;
  }

  @Override
  public String path(String model) {
    return "/v1/completions";
  }

  @Override
  public byte[] body(TextRequest r) {
    return GenerationCodec.completionsBody(
        r.model(), r.prompt(), r.maxTokens(), true, r.includeUsage(), r.parameters());
  }

  @Override
  public StreamChunk read(byte[] data, int length) {
    return GenerationCodec.Api.COMPLETIONS.interpret(data, length);
  }

  @Override
  public String missingEnd() {
    return "the stream ended without data: [DONE]";
  }
}
