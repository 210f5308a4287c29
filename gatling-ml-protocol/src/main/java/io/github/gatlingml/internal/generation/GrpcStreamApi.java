/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import io.github.gatlingml.internal.transport.grpc.StreamInfer;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Triton's gRPC {@code ModelStreamInfer} against a decoupled model: {@code text_input} in, one
 * response per chunk with {@code text_output}, the last marked {@code triton_final_response}.
 */
final class GrpcStreamApi implements TextApi {
  static final GrpcStreamApi INSTANCE = new GrpcStreamApi();

  private GrpcStreamApi() {}

  @Override
  public String label() {
    return "grpc-stream";
  }

  @Override
  public Carrier carrier() {
    return Carrier.GRPC_STREAM;
  }

  @Override
  public ModelInferRequest grpcRequest(TextRequest r) {
    Map<String, Object> params = new LinkedHashMap<>(r.parameters());
    if (r.maxTokens() != null) {
      params.put("max_tokens", r.maxTokens());
    }
    return StreamInfer.textRequest(r.model(), "", "", r.prompt(), params);
  }

  @Override
  public String missingEnd() {
    return "the stream ended without a final response (triton_final_response)";
  }
}
