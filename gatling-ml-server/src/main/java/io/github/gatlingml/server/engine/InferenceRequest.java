/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import io.github.gatlingml.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One decoded inference request, the same whether it came over REST (JSON or binary) or gRPC.
 *
 * @param modelName model to run
 * @param modelVersion requested version, empty for the server's choice
 * @param id client's request id, echoed in the response (may be empty)
 * @param parameters request parameters (Boolean, Long, Double or String values)
 * @param inputs input tensors in request order
 * @param outputs outputs asked for; empty means all of the model's outputs
 */
public record InferenceRequest(
    String modelName,
    String modelVersion,
    String id,
    Map<String, Object> parameters,
    List<Tensor> inputs,
    List<RequestedOutput> outputs) {

  public InferenceRequest {
    modelVersion = modelVersion == null ? "" : modelVersion;
    id = id == null ? "" : id;
    parameters = Map.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The input with this name, or null. */
  public Tensor input(String name) {
    for (Tensor t : inputs) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
