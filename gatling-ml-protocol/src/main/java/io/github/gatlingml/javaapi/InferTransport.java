/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.protocol.SetupException;

/**
 * How {@code infer(...)} sends tensors (KServe v2 / Open Inference Protocol). Text generation has
 * its own APIs: {@link GenerationApi}.
 */
public enum InferTransport {
  /** gRPC {@code ModelInfer} with tensors in {@code raw_input_contents}: the fast path. */
  GRPC("grpc", InferAction.Wire.GRPC_RAW),
  /** gRPC {@code ModelInfer} with typed {@code contents} (FP16/BF16 have no typed field). */
  GRPC_TYPED("grpc-typed", InferAction.Wire.GRPC_TYPED),
  /** REST with tensors as JSON {@code data} arrays. */
  REST_JSON("rest-json", InferAction.Wire.REST_JSON),
  /** REST with Triton's binary tensor extension, inputs and outputs as raw blobs. */
  REST_BINARY("rest-binary", InferAction.Wire.REST_BINARY);

  private final String label;
  private final InferAction.Wire wire;

  InferTransport(String label, InferAction.Wire wire) {
    this.label = label;
    this.wire = wire;
  }

  /** The name used in summaries and reports, e.g. {@code rest-json}. */
  public String label() {
    return label;
  }

  /** True for the gRPC transports. */
  public boolean isGrpc() {
    return this == GRPC || this == GRPC_TYPED;
  }

  InferAction.Wire wire() {
    return wire;
  }

  /**
   * The transport named {@code label} ({@code grpc}, {@code grpc-typed}, {@code rest-json}, {@code
   * rest-binary}), e.g. from a system property.
   *
   * @throws IllegalArgumentException for another name, listing the valid ones
   */
  public static InferTransport fromLabel(String label) {
    for (InferTransport t : values()) {
      if (t.label.equalsIgnoreCase(label.trim())) {
        return t;
      }
    }
    throw new SetupException(
        "unknown inference transport '"
            + label
            + "': use grpc, grpc-typed, rest-json or rest-binary");
  }
}
