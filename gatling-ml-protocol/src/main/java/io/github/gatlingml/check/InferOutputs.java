/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.check;

import io.github.gatlingml.tensor.Tensor;
import java.util.List;

/**
 * The outputs of an inference response, decoded on first use: a run whose checks only look at the
 * status never pays for decoding tensors.
 */
public interface InferOutputs {
  /**
   * Every output tensor, in response order.
   *
   * @throws io.github.gatlingml.internal.transport.MalformedResponseException when the response
   *     cannot be decoded
   */
  List<Tensor> outputs();

  /**
   * Checks that the response is well-formed without necessarily decoding every tensor (run for
   * every successful response, so that garbage is a KO even when no check reads the outputs).
   *
   * @throws io.github.gatlingml.internal.transport.MalformedResponseException when it is not
   */
  default void validate() {
    outputs();
  }

  /** The output with this name, or null. */
  default Tensor output(String name) {
    for (Tensor t : outputs()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
