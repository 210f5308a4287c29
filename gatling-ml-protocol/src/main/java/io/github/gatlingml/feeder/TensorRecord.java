/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.feeder;

import io.github.gatlingml.tensor.Tensor;
import java.util.List;

/**
 * One request's worth of data read from a file: its input tensors (already decoded and encoded
 * once, in the one internal layout) and, when the file has validation data, the outputs the server
 * is expected to return.
 *
 * @param source where the record came from, for error messages (e.g. {@code inputs.json, data[3]})
 * @param inputs input tensors, named as the model's inputs
 * @param expected expected output tensors (empty when the file has none)
 */
public record TensorRecord(String source, List<Tensor> inputs, List<Tensor> expected) {
  public TensorRecord {
    inputs = List.copyOf(inputs);
    expected = List.copyOf(expected);
  }

  /** A record without validation data. */
  public static TensorRecord of(String source, List<Tensor> inputs) {
    return new TensorRecord(source, inputs, List.of());
  }
}
