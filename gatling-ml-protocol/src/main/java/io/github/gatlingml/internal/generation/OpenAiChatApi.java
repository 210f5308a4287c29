/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

/**
 * OpenAI-compatible {@code POST /v1/chat/completions} with {@code stream: true}: text in {@code
 * choices[0].delta.content} (and reasoning), ended by {@code data: [DONE]}.
 */
final class OpenAiChatApi implements TextApi {
  static final OpenAiChatApi INSTANCE = new OpenAiChatApi();

  private OpenAiChatApi() {}

  @Override
  public String label() {
    return "openai-chat";
  }

  @Override
  public Carrier carrier() {
    return Carrier.SSE;
  }

  @Override
  public boolean takesMessages() {
    return true;
  }

  @Override
  public String path(String model) {
    return "/v1/chat/completions";
  }

  @Override
  public byte[] body(TextRequest r) {
    return GenerationCodec.chatBody(
        r.model(), r.messages(), r.maxTokens(), true, r.includeUsage(), r.parameters());
  }

  @Override
  public StreamChunk read(byte[] data, int length) {
    return GenerationCodec.Api.CHAT.interpret(data, length);
  }

  @Override
  public String missingEnd() {
    return "the stream ended without data: [DONE]";
  }
}
