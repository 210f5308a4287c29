/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stateful (sequence) model like those behind Triton's sequence batcher: OUTPUT0 is the running
 * sum of INPUT0 (FP32 [1]) over the requests of one sequence. A sequence is named by the request
 * parameter {@code sequence_id} (integer or string), begins with {@code sequence_start: true}
 * (which resets the sum) and ends with {@code sequence_end: true} (which forgets it). Requests
 * without a sequence id, or continuing a sequence that was never started, are refused as Triton
 * refuses them, so a load test learns that its sequences are wired wrongly.
 */
public final class SequenceAccumulatorModel implements Model {
  /** The model name clients use. */
  public static final String NAME = "sequence_accumulate";

  private final Map<Object, Double> sums = new ConcurrentHashMap<>();

  private final ModelSpec spec =
      new ModelSpec(
          NAME,
          "1",
          "python",
          "python",
          0,
          List.of(TensorSpec.of("INPUT0", DataType.FP32, 1)),
          List.of(TensorSpec.of("OUTPUT0", DataType.FP32, 1)),
          false);

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<Tensor> compute(InferenceRequest request) {
    Object id = request.parameters().get("sequence_id");
    if (id == null || Long.valueOf(0).equals(id) || "".equals(id)) {
      throw InferenceException.invalid(
          "model '"
              + NAME
              + "' is a sequence model: every request needs a non-zero parameter sequence_id "
              + "(and sequence_start: true on the first request of a sequence)");
    }
    boolean start = Boolean.TRUE.equals(request.parameters().get("sequence_start"));
    boolean end = Boolean.TRUE.equals(request.parameters().get("sequence_end"));
    double value = request.input("INPUT0").getDouble(0);
    Double previous = start ? Double.valueOf(0) : sums.get(id);
    if (previous == null) {
      throw InferenceException.invalid(
          "sequence "
              + id
              + " of model '"
              + NAME
              + "' was not started: send sequence_start: true first");
    }
    double sum = previous + value;
    if (end) {
      sums.remove(id);
    } else {
      sums.put(id, sum);
    }
    return List.of(Tensor.ofFloats("OUTPUT0", Shape.of(1), (float) sum));
  }

  /** Sequences started and not yet ended (for tests and statistics). */
  public int openSequences() {
    return sums.size();
  }
}
