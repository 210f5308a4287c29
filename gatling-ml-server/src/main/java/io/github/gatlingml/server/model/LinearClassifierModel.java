/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A small real classifier: a fixed-weight linear layer over 8 FP32 features followed by softmax
 * over 4 classes. {@code PROBABILITIES = softmax(W x + b)} per batch row, with {@code W[c][f] = ((c
 * + 1) * (f + 1) mod 7 - 3) / 4} and {@code b[c] = c / 10}, so tests can compute the expected
 * answer on their own. Supports the classification extension (labels below).
 */
public final class LinearClassifierModel implements Model {
  /** The model name clients use. */
  public static final String NAME = "simple_classifier";

  /** Number of input features. */
  public static final int FEATURES = 8;

  /** Class labels, by index. */
  public static final List<String> LABELS = List.of("cat", "dog", "bird", "fish");

  private static final int CLASSES = 4;
  private static final int MAX_BATCH = 8;

  private final float[][] weights = new float[CLASSES][FEATURES];
  private final float[] bias = new float[CLASSES];

  private final ModelSpec spec =
      new ModelSpec(
          NAME,
          "1",
          "python",
          "python",
          MAX_BATCH,
          List.of(TensorSpec.of("INPUT0", DataType.FP32, -1, FEATURES)),
          List.of(
              TensorSpec.of("PROBABILITIES", DataType.FP32, -1, CLASSES)
                  .withLabels(LABELS.toArray(new String[0]))),
          false);

  public LinearClassifierModel() {
    for (int c = 0; c < CLASSES; c++) {
      bias[c] = c / 10f;
      for (int f = 0; f < FEATURES; f++) {
        weights[c][f] = (((c + 1) * (f + 1)) % 7 - 3) / 4f;
      }
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<Tensor> compute(InferenceRequest request) {
    Tensor input = request.input("INPUT0");
    int rows = (int) input.shape().dim(0);
    ByteBuffer x = ByteBuffer.wrap(input.data()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(rows * CLASSES * 4).order(ByteOrder.LITTLE_ENDIAN);
    double[] logits = new double[CLASSES];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        double z = bias[c];
        for (int f = 0; f < FEATURES; f++) {
          z += weights[c][f] * x.getFloat((r * FEATURES + f) * 4);
        }
        logits[c] = z;
        max = Math.max(max, z);
      }
      // Subtracting the max keeps exp() finite for large logits without changing the result.
      double total = 0;
      for (int c = 0; c < CLASSES; c++) {
        logits[c] = Math.exp(logits[c] - max);
        total += logits[c];
      }
      for (int c = 0; c < CLASSES; c++) {
        out.putFloat((float) (logits[c] / total));
      }
    }
    return List.of(Tensor.of("PROBABILITIES", DataType.FP32, Shape.of(rows, CLASSES), out.array()));
  }
}
