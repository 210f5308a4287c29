/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;

/**
 * A simulated model: real arithmetic on real tensors, fast enough that the time a request takes is
 * set by the model's service-time distribution and capacity, not by this code.
 */
public interface Model {
  /** The model's declaration. */
  ModelSpec spec();

  /**
   * Computes every declared output. The request has been validated against {@link #spec()}: every
   * declared input is present with an accepted datatype and a matching shape.
   */
  List<Tensor> compute(InferenceRequest request);
}
