/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.transport;

/** How an inference request travels. */
public enum Transport {
  /** gRPC with tensors in {@code raw_input_contents}: the fast path. */
  GRPC("grpc"),
  /** gRPC with typed {@code contents} (no FP16/BF16: those have no typed field). */
  GRPC_TYPED("grpc-typed"),
  /** REST with tensors as JSON {@code data} arrays. */
  REST_JSON("rest-json"),
  /** REST with Triton's binary tensor extension, inputs and outputs as raw blobs. */
  REST_BINARY("rest-binary"),
  /** Triton's generate_stream: server-sent events over REST. */
  TRITON_GENERATE_STREAM("triton-generate-stream"),
  /** Triton's generate: one JSON answer over REST. */
  TRITON_GENERATE("triton-generate"),
  /** gRPC ModelStreamInfer against a decoupled model. */
  GRPC_STREAM("grpc-stream"),
  /** OpenAI-compatible /v1/completions with stream: true. */
  OPENAI_COMPLETIONS("openai-completions"),
  /** OpenAI-compatible /v1/chat/completions with stream: true. */
  OPENAI_CHAT("openai-chat");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  /** The name used in summaries and reports, e.g. {@code rest-json}. */
  public String label() {
    return label;
  }

  /** True for the gRPC transports. */
  public boolean isGrpc() {
    return this == GRPC || this == GRPC_TYPED || this == GRPC_STREAM;
  }

  /** True for the transports of {@code infer(...)} (KServe v2 tensors). */
  public boolean isInfer() {
    return this == GRPC || this == GRPC_TYPED || this == REST_JSON || this == REST_BINARY;
  }
}
