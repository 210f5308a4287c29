/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.feeder;

import java.util.List;
import java.util.Optional;

/**
 * A model's declared inputs and outputs, as its metadata endpoint reports them. Fetched once at
 * simulation start by {@code MlFeeders.modelFrom(...)}, then handed to the feeders that need
 * datatypes and shapes the files do not carry.
 *
 * @param model the model name
 * @param inputs the declared inputs, in the server's order
 * @param outputs the declared outputs, in the server's order
 */
public record ModelSignature(
    String model, List<TensorSignature> inputs, List<TensorSignature> outputs) {
  public ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The input called {@code name}, if the model has one. */
  public Optional<TensorSignature> input(String name) {
    return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The output called {@code name}, if the model has one. */
  public Optional<TensorSignature> output(String name) {
    return outputs.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
