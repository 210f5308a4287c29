/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.generation.TextApi;
import io.github.gatlingml.internal.generation.TextApis;
import io.github.gatlingml.internal.protocol.SetupException;
import java.util.function.Supplier;

/**
 * The text-generation APIs {@code generate(...)} speaks. Tensor inference has its own: {@link
 * InferTransport}.
 */
public enum GenerationApi {
  /**
   * OpenAI-compatible {@code /v1/chat/completions}, streamed (vLLM, TGI, SGLang, Triton's
   * frontend...).
   */
  OPENAI_CHAT(TextApis::openAiChat),
  /** OpenAI-compatible {@code /v1/completions}, streamed. */
  OPENAI_COMPLETIONS(TextApis::openAiCompletions),
  /** Triton's {@code /v2/models/{m}/generate_stream} (server-sent events). */
  TRITON_GENERATE_STREAM(() -> TextApis.tritonGenerate(true)),
  /** Triton's {@code /v2/models/{m}/generate}: one answer, so TTFT is the whole latency. */
  TRITON_GENERATE(() -> TextApis.tritonGenerate(false)),
  /** Triton's gRPC {@code ModelStreamInfer} against a decoupled model. */
  GRPC_STREAM(TextApis::grpcStream),
  /** Hugging Face TGI's native {@code /generate_stream} (server-sent events, one token each). */
  TGI_GENERATE_STREAM(() -> TextApis.tgiGenerate(true)),
  /** Hugging Face TGI's native {@code /generate}: one answer. */
  TGI_GENERATE(() -> TextApis.tgiGenerate(false));

  private final TextApi api;

  GenerationApi(Supplier<TextApi> api) {
    this.api = api.get();
  }

  /** The name used in summaries and reports, e.g. {@code openai-chat}. */
  public String label() {
    return api.label();
  }

  /** True for the API that travels over gRPC. */
  public boolean isGrpc() {
    return api.carrier() == TextApi.Carrier.GRPC_STREAM;
  }

  TextApi api() {
    return api;
  }

  /**
   * The API named {@code label} (e.g. {@code openai-chat}, {@code tgi-generate-stream}), e.g. from
   * a system property.
   *
   * @throws IllegalArgumentException for another name, listing the valid ones
   */
  public static GenerationApi fromLabel(String label) {
    StringBuilder names = new StringBuilder();
    for (GenerationApi a : values()) {
      if (a.label().equalsIgnoreCase(label.trim())) {
        return a;
      }
      names.append(names.length() == 0 ? "" : ", ").append(a.label());
    }
    throw new SetupException("unknown generation API '" + label + "': use one of " + names);
  }
}
