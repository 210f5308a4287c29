/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.github.gatlingml.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything one inference request carries, independent of the transport.
 *
 * @param model model name
 * @param version model version, empty for the server's choice
 * @param id request id, empty for none
 * @param parameters request parameters: Boolean, Long, Double or String values
 * @param inputs input tensors
 * @param outputs requested outputs; empty asks for all
 */
public record InferPayload(
    String model,
    String version,
    String id,
    Map<String, Object> parameters,
    List<Tensor> inputs,
    List<OutputRequest> outputs) {
  public InferPayload {
    version = version == null ? "" : version;
    id = id == null ? "" : id;
    parameters = Map.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
