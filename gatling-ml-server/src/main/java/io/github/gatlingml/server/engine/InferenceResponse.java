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
 * The result of one inference, before the front end encodes it.
 *
 * @param modelName model that ran
 * @param modelVersion version that ran
 * @param id the request's id
 * @param parameters response parameters
 * @param outputs output tensors, in the order requested (or the model's order)
 */
public record InferenceResponse(
    String modelName,
    String modelVersion,
    String id,
    Map<String, Object> parameters,
    List<Tensor> outputs) {

  public InferenceResponse {
    parameters = Map.copyOf(parameters);
    outputs = List.copyOf(outputs);
  }
}
