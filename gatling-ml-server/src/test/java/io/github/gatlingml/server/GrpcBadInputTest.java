/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static io.github.gatlingml.server.Grpc.fp32;
import static io.github.gatlingml.server.Grpc.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad gRPC inference requests: the right status code, a message naming the problem, and no harm
 * done.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GrpcBadInputTest {
  private static final int MAX_BYTES = 64 * 1024;
  private static InferenceServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    server = InferenceServer.start(ServerConfig.onFreePorts().withMaxRequestBytes(MAX_BYTES));
    channel = Grpc.channel(server);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Grpc.close(channel);
    if (server != null) {
      server.close();
    }
  }

  private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** After each bad request the same channel still gets a correct answer. */
  @AfterEach
  void stillServes() {
    ModelInferResponse r = stub().modelInfer(Grpc.addSub("after"));
    assertThat(r.getOutputs(0).getContents().getFp32Contents(5)).isEqualTo(7f);
    assertThat(server.engine().models()).allSatisfy(m -> assertThat(m.stats().pending()).isZero());
  }

  private static void assertFails(ModelInferRequest request, Status.Code code, String... words) {
    assertThatThrownBy(() -> stub().modelInfer(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(String.valueOf(e.getStatus())).isEqualTo(code);
              for (String w : words) {
                assertThat(e.getStatus().getDescription()).contains(w);
              }
            });
  }

  private static ModelInferRequest.Builder addSub(String datatype, long... shape) {
    return ModelInferRequest.newBuilder()
        .setModelName("add_sub")
        .addInputs(input("INPUT0", datatype, shape))
        .addInputs(input("INPUT1", datatype, shape));
  }

  @Test
  void unknownModel() {
    assertFails(
        Grpc.addSub("x").toBuilder().setModelName("bert").build(),
        Status.Code.NOT_FOUND,
        "bert",
        "add_sub, identity, simple_classifier");
  }

  @Test
  void unknownVersion() {
    assertFails(
        Grpc.addSub("x").toBuilder().setModelVersion("7").build(), Status.Code.NOT_FOUND, "'7'");
  }

  @Test
  void wrongDatatype() {
    ModelInferRequest.Builder b = addSub("INT64", 1, 16);
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (int i = 0; i < 16; i++) {
      c.addInt64Contents(i);
    }
    b.getInputsBuilder(0).setContents(c);
    b.getInputsBuilder(1).setContents(c);
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "INPUT0", "INT64", "FP32");
  }

  @Test
  void unknownDatatype() {
    ModelInferRequest.Builder b = addSub("FLOAT", 1, 16);
    b.getInputsBuilder(0).setContents(fp32(new float[16]));
    b.getInputsBuilder(1).setContents(fp32(new float[16]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "FLOAT", "INPUT0");
  }

  @Test
  void wrongShapeForModel() {
    ModelInferRequest.Builder b = addSub("FP32", 1, 15);
    b.getInputsBuilder(0).setContents(fp32(new float[15]));
    b.getInputsBuilder(1).setContents(fp32(new float[15]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "INPUT0", "[1, 15]", "[-1, 16]");
  }

  @Test
  void contentsDoNotFillTheShape() {
    ModelInferRequest.Builder b = addSub("FP32", 1, 16);
    b.getInputsBuilder(0).setContents(fp32(1, 2, 3));
    b.getInputsBuilder(1).setContents(fp32(new float[16]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "INPUT0", "3", "16");
  }

  @Test
  void batchTooLarge() {
    ModelInferRequest.Builder b = addSub("FP32", 9, 16);
    b.getInputsBuilder(0).setContents(fp32(new float[144]));
    b.getInputsBuilder(1).setContents(fp32(new float[144]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "batch size 1..8");
  }

  @Test
  void rawCountDiffersFromInputs() {
    ModelInferRequest r =
        addSub("FP32", 1, 16).addRawInputContents(Grpc.rawFloats(new float[16])).build();
    assertFails(r, Status.Code.INVALID_ARGUMENT, "raw_input_contents has 1 entries", "2 inputs");
  }

  @Test
  void rawAndContentsMixed() {
    ModelInferRequest.Builder b =
        addSub("FP32", 1, 16)
            .addRawInputContents(Grpc.rawFloats(new float[16]))
            .addRawInputContents(Grpc.rawFloats(new float[16]));
    b.getInputsBuilder(1).setContents(fp32(new float[16]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "INPUT1", "raw_input_contents");
  }

  @Test
  void rawOfTheWrongLength() {
    ModelInferRequest r =
        addSub("FP32", 1, 16)
            .addRawInputContents(Grpc.rawFloats(new float[16]))
            .addRawInputContents(ByteString.copyFrom(new byte[63]))
            .build();
    assertFails(r, Status.Code.INVALID_ARGUMENT, "INPUT1", "63");
  }

  @Test
  void wrongContentsFieldForDatatype() {
    ModelInferRequest.Builder b = addSub("INT32", 1, 16);
    b.getInputsBuilder(0).setContents(fp32(new float[16]));
    b.getInputsBuilder(1).setContents(Grpc.int32(new int[16]));
    assertFails(b.build(), Status.Code.INVALID_ARGUMENT, "INPUT0", "int_contents", "fp32_contents");
  }

  @Test
  void fp16WithTypedContents() {
    ModelInferRequest r =
        ModelInferRequest.newBuilder()
            .setModelName("identity")
            .addInputs(input("INPUT0", "FP16", 2).setContents(fp32(1, 2)))
            .build();
    assertFails(r, Status.Code.INVALID_ARGUMENT, "INPUT0", "FP16", "raw");
  }

  @Test
  void missingAndUnexpectedInputsAndUnknownOutput() {
    ModelInferRequest.Builder one =
        ModelInferRequest.newBuilder()
            .setModelName("add_sub")
            .addInputs(input("INPUT0", "FP32", 1, 16).setContents(fp32(new float[16])));
    assertFails(one.build(), Status.Code.INVALID_ARGUMENT, "missing INPUT1");
    assertFails(
        Grpc.addSub("x").toBuilder()
            .addInputs(input("EXTRA", "FP32", 1, 16).setContents(fp32(new float[16])))
            .build(),
        Status.Code.INVALID_ARGUMENT,
        "unexpected input 'EXTRA'");
    assertFails(
        Grpc.addSub("x").toBuilder()
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("OUT"))
            .build(),
        Status.Code.INVALID_ARGUMENT,
        "unknown output 'OUT'");
  }

  @Test
  void messageOverMaxSize() {
    ModelInferRequest r =
        ModelInferRequest.newBuilder()
            .setModelName("identity")
            .addInputs(input("INPUT0", "UINT8", 2 * MAX_BYTES))
            .addRawInputContents(ByteString.copyFrom(new byte[2 * MAX_BYTES]))
            .build();
    assertThatThrownBy(() -> stub().modelInfer(r))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }
}
