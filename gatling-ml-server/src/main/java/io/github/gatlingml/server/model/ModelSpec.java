/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import java.util.List;

/**
 * What a model declares: the source of its metadata, its configuration and request validation.
 *
 * @param name model name
 * @param version the one version this server serves
 * @param platform platform string reported in metadata (e.g. "python")
 * @param backend backend name reported in the configuration
 * @param maxBatchSize largest batch (first dimension) accepted, or 0 when the model does not batch
 * @param inputs declared inputs; for a batching model the first dimension is the batch (-1)
 * @param outputs declared outputs
 * @param decoupled true when the model streams zero, one or many responses per request
 */
public record ModelSpec(
    String name,
    String version,
    String platform,
    String backend,
    int maxBatchSize,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    boolean decoupled) {

  public ModelSpec {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The declared input with this name, or null. */
  public TensorSpec input(String inputName) {
    return find(inputs, inputName);
  }

  /** The declared output with this name, or null. */
  public TensorSpec output(String outputName) {
    return find(outputs, outputName);
  }

  private static TensorSpec find(List<TensorSpec> specs, String name) {
    for (TensorSpec s : specs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
