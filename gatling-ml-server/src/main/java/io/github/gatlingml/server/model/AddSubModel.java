/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Triton's classic example: OUTPUT0 = INPUT0 + INPUT1 and OUTPUT1 = INPUT0 - INPUT1, element-wise
 * over [batch, 16] tensors of FP32 (as metadata says) or INT32 (both inputs the same type; the
 * outputs take it too). INT32 arithmetic wraps like C's.
 */
public final class AddSubModel implements Model {
  /** The model name clients use. */
  public static final String NAME = "add_sub";

  private static final int WIDTH = 16;
  private static final int MAX_BATCH = 8;

  private final ModelSpec spec =
      new ModelSpec(
          NAME,
          "1",
          "python",
          "python",
          MAX_BATCH,
          List.of(
              TensorSpec.of("INPUT0", DataType.FP32, -1, WIDTH).accepting(DataType.INT32),
              TensorSpec.of("INPUT1", DataType.FP32, -1, WIDTH).accepting(DataType.INT32)),
          List.of(
              TensorSpec.of("OUTPUT0", DataType.FP32, -1, WIDTH),
              TensorSpec.of("OUTPUT1", DataType.FP32, -1, WIDTH)),
          false);

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<Tensor> compute(InferenceRequest request) {
    Tensor a = request.input("INPUT0");
    Tensor b = request.input("INPUT1");
    if (a.datatype() != b.datatype()) {
      throw InferenceException.invalid(
          "add_sub needs INPUT0 and INPUT1 of the same datatype, got "
              + a.datatype()
              + " and "
              + b.datatype()
              + "; send both as FP32 (or both as INT32)");
    }
    if (!a.shape().equals(b.shape())) {
      throw InferenceException.invalid(
          "add_sub needs INPUT0 and INPUT1 of the same shape, got "
              + a.shape()
              + " and "
              + b.shape());
    }
    int n = (int) a.elementCount();
    ByteBuffer x = ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer y = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer sum = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer diff = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    if (a.datatype() == DataType.FP32) {
      for (int i = 0; i < n; i++) {
        float p = x.getFloat(i * 4);
        float q = y.getFloat(i * 4);
        sum.putFloat(i * 4, p + q);
        diff.putFloat(i * 4, p - q);
      }
    } else {
      for (int i = 0; i < n; i++) {
        int p = x.getInt(i * 4);
        int q = y.getInt(i * 4);
        sum.putInt(i * 4, p + q);
        diff.putInt(i * 4, p - q);
      }
    }
    return List.of(
        Tensor.of("OUTPUT0", a.datatype(), a.shape(), sum.array()),
        Tensor.of("OUTPUT1", a.datatype(), a.shape(), diff.array()));
  }
}
