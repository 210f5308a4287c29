/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.github.gatlingml.javaapi.MlDsl.*;

import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.javaapi.InferActionBuilder;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The request payloads every contender sends: the same tensors, the same outputs asked for. */
final class Payloads {
  static final String ADD_SUB = "add_sub";
  static final String IDENTITY = "identity";

  /** FP32 [1,3,224,224]: 150,528 elements, 602,112 bytes. */
  static final long[] LARGE_SHAPE = {1, 3, 224, 224};

  static final int LARGE_BYTES = 1 * 3 * 224 * 224 * 4;

  private Payloads() {}

  static double[] addSubA() {
    double[] a = new double[16];
    for (int i = 0; i < 16; i++) {
      a[i] = i;
    }
    return a;
  }

  static double[] addSubB() {
    double[] b = new double[16];
    java.util.Arrays.fill(b, 1);
    return b;
  }

  static double[] largeValues() {
    double[] v = new double[LARGE_BYTES / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 255) / 255.0; // image-like values in [0,1]
    }
    return v;
  }

  /** The gatling-ml request for {@code model} over {@code transport}. */
  static InferActionBuilder mlRequest(String name, String model, InferTransport transport) {
    InferActionBuilder b = infer(name).model(model).transport(transport);
    if (ADD_SUB.equals(model)) {
      return b.inputValues("INPUT0", FP32, shape(1, 16), addSubA())
          .inputValues("INPUT1", FP32, shape(1, 16), addSubB())
          .output("OUTPUT0")
          .output("OUTPUT1");
    }
    b = b.inputValues("INPUT0", FP32, shape(LARGE_SHAPE), largeValues());
    return transport == InferTransport.REST_BINARY
        ? b.binaryOutput("OUTPUT0")
        : b.output("OUTPUT0");
  }

  /** The same add_sub request as a transport-neutral payload (for the baselines' bytes). */
  static InferPayload addSubPayload() {
    return new InferPayload(
        ADD_SUB,
        "",
        "",
        Map.of(),
        List.of(
            Tensor.ofNumbers("INPUT0", FP32, Shape.of(1, 16), addSubA()),
            Tensor.ofNumbers("INPUT1", FP32, Shape.of(1, 16), addSubB())),
        List.of(new OutputRequest("OUTPUT0", false, 0), new OutputRequest("OUTPUT1", false, 0)));
  }
}
