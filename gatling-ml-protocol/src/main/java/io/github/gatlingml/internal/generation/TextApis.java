/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

/** The generation APIs the plugin speaks; each is one small class of this package. */
public final class TextApis {
  private TextApis() {}

  /** OpenAI-compatible {@code /v1/chat/completions}, streamed. */
  public static TextApi openAiChat() {
    return OpenAiChatApi.INSTANCE;
  }

  /** OpenAI-compatible {@code /v1/completions}, streamed. */
  public static TextApi openAiCompletions() {
    return OpenAiCompletionsApi.INSTANCE;
  }

  /** Triton's {@code generate_stream} (SSE) or {@code generate} (one answer). */
  public static TextApi tritonGenerate(boolean streamed) {
    return streamed ? TritonGenerateApi.STREAMED : TritonGenerateApi.WHOLE;
  }

  /** Hugging Face TGI's {@code /generate_stream} (SSE) or {@code /generate} (one answer). */
  public static TextApi tgiGenerate(boolean streamed) {
    return streamed ? TgiGenerateApi.STREAMED : TgiGenerateApi.WHOLE;
  }

  /** Triton's gRPC {@code ModelStreamInfer} against a decoupled model. */
  public static TextApi grpcStream() {
    return GrpcStreamApi.INSTANCE;
  }
}
