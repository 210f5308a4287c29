/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import io.github.gatlingml.proto.inference.ModelInferRequest;

/**
 * One text-generation API: how its request is built, where it goes, how each piece of its answer
 * reads and how its stream ends. The stream action knows only this interface and the three
 * carriers; adding an API is one implementation (see {@link TextApis}), one DSL method and the
 * embedded server's support. Implementations are immutable and thread-safe.
 */
public interface TextApi {
  /** How an API's answer travels. */
  enum Carrier {
    /** Server-sent events over HTTP, one chunk per event. */
    SSE,
    /** One JSON document over HTTP: the whole answer is one chunk. */
    JSON,
    /** Triton's gRPC {@code ModelStreamInfer}, one chunk per response. */
    GRPC_STREAM
  }

  /** The name in summaries and reports, e.g. {@code openai-chat}. */
  String label();

  /** How the answer travels. */
  Carrier carrier();

  /** True when the API takes chat messages; the others take a prompt. */
  default boolean takesMessages() {
    return false;
  }

  /** HTTP carriers: the request's path, e.g. {@code /v1/chat/completions}. */
  default String path(String model) {
    throw new UnsupportedOperationException(label() + " is not sent over HTTP");
  }

  /** HTTP carriers: the request body. */
  default byte[] body(TextRequest request) {
    throw new UnsupportedOperationException(label() + " is not sent over HTTP");
  }

  /**
   * HTTP carriers: what one SSE event's data (or the whole JSON answer) says, from UTF-8 bytes
   * {@code data[0..length)}. Never throws: what cannot be read is a {@link StreamChunk#failure}.
   */
  default StreamChunk read(byte[] data, int length) {
    throw new UnsupportedOperationException(label() + " is not read over HTTP");
  }

  /** gRPC carrier: the {@code ModelInferRequest} sent on the stream. */
  default ModelInferRequest grpcRequest(TextRequest request) {
    throw new UnsupportedOperationException(label() + " is not sent over gRPC");
  }

  /**
   * The KO detail of an answer that ended well but without this API's end marker (OpenAI's {@code
   * [DONE]}, TGI's final event), or null when the API has none to wait for.
   */
  default String missingEnd() {
    return null;
  }
}
