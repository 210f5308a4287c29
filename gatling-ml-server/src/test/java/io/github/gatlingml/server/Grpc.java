/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/** gRPC helpers: a plaintext channel and request builders. */
final class Grpc {
  private Grpc() {}

  static ManagedChannel channel(InferenceServer server) {
    return NettyChannelBuilder.forTarget(server.grpcTarget()).usePlaintext().build();
  }

  static void close(ManagedChannel channel) throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static ModelInferRequest.InferInputTensor.Builder input(
      String name, String datatype, long... shape) {
    ModelInferRequest.InferInputTensor.Builder b =
        ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  static InferTensorContents fp32(float... values) {
    InferTensorContents.Builder b = InferTensorContents.newBuilder();
    for (float v : values) {
      b.addFp32Contents(v);
    }
    return b.build();
  }

  static InferTensorContents int32(int... values) {
    InferTensorContents.Builder b = InferTensorContents.newBuilder();
    for (int v : values) {
      b.addIntContents(v);
    }
    return b.build();
  }

  static ByteString rawFloats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return ByteString.copyFrom(b.array());
  }

  static ByteString rawInts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return ByteString.copyFrom(b.array());
  }

  static float[] floats(ByteString raw) {
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.size() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  static int[] ints(ByteString raw) {
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[raw.size() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  /** A typed FP32 add_sub request of one row: INPUT0[i] = i, INPUT1[i] = 2. */
  static ModelInferRequest addSub(String id) {
    float[] x = new float[16];
    float[] y = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i;
      y[i] = 2;
    }
    return ModelInferRequest.newBuilder()
        .setModelName("add_sub")
        .setId(id)
        .addInputs(input("INPUT0", "FP32", 1, 16).setContents(fp32(x)))
        .addInputs(input("INPUT1", "FP32", 1, 16).setContents(fp32(y)))
        .build();
  }
}
