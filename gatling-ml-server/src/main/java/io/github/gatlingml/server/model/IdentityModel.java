/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;

/**
 * Echoes INPUT0 as OUTPUT0: any datatype, any shape (metadata can only say FP32 [-1]). The bytes
 * are shared, not copied, so large payloads cost the server nothing but transport.
 */
public final class IdentityModel implements Model {
  /** The model name clients use. */
  public static final String NAME = "identity";

  private final ModelSpec spec =
      new ModelSpec(
          NAME,
          "1",
          "python",
          "python",
          0,
          List.of(TensorSpec.of("INPUT0", DataType.FP32, -1).anyDatatypeAnyShape()),
          List.of(TensorSpec.of("OUTPUT0", DataType.FP32, -1).anyDatatypeAnyShape()),
          false);

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<Tensor> compute(InferenceRequest request) {
    return List.of(request.input("INPUT0").withName("OUTPUT0"));
  }
}
