/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.proto.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generated classes must speak the wire format of KServe v2 / Triton servers. Messages are
 * built byte by byte from the published field numbers and parsed with the generated classes, and
 * generated messages are read back tag by tag, so a renumbered field in our .proto cannot pass.
 */
class WireCompatibilityTest {
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;
  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer w) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    w.write(out);
    out.flush();
    return buf.toByteArray();
  }

  /** One map<string, InferParameter> entry: key = 1, value = 2. */
  private static byte[] paramEntry(String key, Writer param) throws IOException {
    byte[] value = bytes(param);
    return bytes(
        o -> {
          o.writeString(1, key);
          o.writeByteArray(2, value);
        });
  }

  private static byte[] packedInt64(long... values) throws IOException {
    return bytes(
        o -> {
          for (long v : values) {
            o.writeInt64NoTag(v);
          }
        });
  }

  /** A top-level field as found on the wire. */
  record Field(int number, int wireType, long varint, ByteString bytes) {}

  private static List<Field> fields(ByteString message) throws IOException {
    CodedInputStream in = message.newCodedInput();
    List<Field> out = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      int type = WireFormat.getTagWireType(tag);
      switch (type) {
        case VARINT -> out.add(new Field(number, type, in.readRawVarint64(), null));
        case LEN -> out.add(new Field(number, type, 0, in.readBytes()));
        case FIXED64 -> out.add(new Field(number, type, in.readRawLittleEndian64(), null));
        case WireFormat.WIRETYPE_FIXED32 ->
            out.add(new Field(number, type, in.readRawLittleEndian32(), null));
        default -> throw new AssertionError("unexpected wire type " + type);
      }
    }
    return out;
  }

  private static List<Field> fields(com.google.protobuf.MessageLite m) throws IOException {
    return fields(m.toByteString());
  }

  private static List<Integer> numbers(List<Field> fields) {
    return fields.stream().map(Field::number).collect(Collectors.toList());
  }

  private static long[] unpackVarints(ByteString packed) throws IOException {
    CodedInputStream in = packed.newCodedInput();
    List<Long> values = new ArrayList<>();
    while (!in.isAtEnd()) {
      values.add(in.readRawVarint64());
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  // ------------------------------------------------------------------ ModelInferRequest

  @Test
  void modelInferRequestParsesFromHandBuiltBytes() throws IOException {
    byte[] contents =
        bytes(
            o ->
                o.writeByteArray(
                    6,
                    bytes(
                        p -> {
                          p.writeFloatNoTag(1.0f);
                          p.writeFloatNoTag(2.0f);
                        })));
    byte[] input =
        bytes(
            o -> {
              o.writeString(1, "INPUT0");
              o.writeString(2, "FP32");
              o.writeByteArray(3, packedInt64(1, 2));
              o.writeByteArray(4, paramEntry("binary_data_size", p -> p.writeInt64(2, 8)));
              o.writeByteArray(5, contents);
            });
    byte[] output =
        bytes(
            o -> {
              o.writeString(1, "OUTPUT0");
              o.writeByteArray(2, paramEntry("classification", p -> p.writeInt64(2, 3)));
            });
    byte[] wire =
        bytes(
            o -> {
              o.writeString(1, "simple");
              o.writeString(2, "3");
              o.writeString(3, "req-1");
              o.writeByteArray(4, paramEntry("sequence_start", p -> p.writeBool(1, true)));
              o.writeByteArray(4, paramEntry("priority", p -> p.writeInt64(2, -1)));
              o.writeByteArray(4, paramEntry("sequence_id", p -> p.writeString(3, "s-9")));
              o.writeByteArray(4, paramEntry("temperature", p -> p.writeDouble(4, 0.5)));
              o.writeByteArray(4, paramEntry("timeout", p -> p.writeUInt64(5, -1L)));
              o.writeByteArray(5, input);
              o.writeByteArray(6, output);
              o.writeByteArray(7, new byte[] {1, 2, 3});
            });

    ModelInferRequest r = ModelInferRequest.parseFrom(wire);
    assertThat(r.getModelName()).isEqualTo("simple");
    assertThat(r.getModelVersion()).isEqualTo("3");
    assertThat(r.getId()).isEqualTo("req-1");
    assertThat(r.getParametersMap()).hasSize(5);
    assertThat(r.getParametersOrThrow("sequence_start").getBoolParam()).isTrue();
    assertThat(r.getParametersOrThrow("priority").getInt64Param()).isEqualTo(-1);
    assertThat(r.getParametersOrThrow("sequence_id").getStringParam()).isEqualTo("s-9");
    assertThat(r.getParametersOrThrow("temperature").getDoubleParam()).isEqualTo(0.5);
    assertThat(r.getParametersOrThrow("timeout").getUint64Param()).isEqualTo(-1L);
    assertThat(r.getParametersOrThrow("timeout").getParameterChoiceCase())
        .isEqualTo(InferParameter.ParameterChoiceCase.UINT64_PARAM);
    ModelInferRequest.InferInputTensor in = r.getInputs(0);
    assertThat(in.getName()).isEqualTo("INPUT0");
    assertThat(in.getDatatype()).isEqualTo("FP32");
    assertThat(in.getShapeList()).containsExactly(1L, 2L);
    assertThat(in.getParametersOrThrow("binary_data_size").getInt64Param()).isEqualTo(8);
    assertThat(in.getContents().getFp32ContentsList()).containsExactly(1.0f, 2.0f);
    assertThat(r.getOutputs(0).getName()).isEqualTo("OUTPUT0");
    assertThat(r.getOutputs(0).getParametersOrThrow("classification").getInt64Param()).isEqualTo(3);
    assertThat(r.getRawInputContents(0).toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void modelInferRequestSerializesToTheSameFieldNumbers() throws IOException {
    ModelInferRequest r =
        ModelInferRequest.newBuilder()
            .setModelName("simple")
            .setModelVersion("3")
            .setId("req-1")
            .putParameters("sequence_end", InferParameter.newBuilder().setBoolParam(true).build())
            .addInputs(
                ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("INPUT0")
                    .setDatatype("INT64")
                    .addShape(1)
                    .addShape(-1)
                    .putParameters("p", InferParameter.newBuilder().setUint64Param(7).build())
                    .setContents(InferTensorContents.newBuilder().addInt64Contents(5)))
            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("OUT"))
            .addRawInputContents(ByteString.copyFrom(new byte[] {9}))
            .build();
    List<Field> top = fields(r);
    assertThat(numbers(top)).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(top).allSatisfy(f -> assertThat(f.wireType()).isEqualTo(LEN));
    assertThat(top.get(0).bytes().toStringUtf8()).isEqualTo("simple");
    assertThat(top.get(1).bytes().toStringUtf8()).isEqualTo("3");
    assertThat(top.get(2).bytes().toStringUtf8()).isEqualTo("req-1");
    List<Field> entry = fields(top.get(3).bytes());
    assertThat(numbers(entry)).containsExactly(1, 2);
    assertThat(entry.get(0).bytes().toStringUtf8()).isEqualTo("sequence_end");
    List<Field> param = fields(entry.get(1).bytes());
    assertThat(param).containsExactly(new Field(1, VARINT, 1, null));

    List<Field> input = fields(top.get(4).bytes());
    assertThat(numbers(input)).containsExactly(1, 2, 3, 4, 5);
    assertThat(input.get(1).bytes().toStringUtf8()).isEqualTo("INT64");
    assertThat(input.get(2).wireType()).isEqualTo(LEN); // packed
    assertThat(unpackVarints(input.get(2).bytes())).containsExactly(1L, -1L);
    List<Field> inputParam = fields(fields(input.get(3).bytes()).get(1).bytes());
    assertThat(inputParam).containsExactly(new Field(5, VARINT, 7, null));
    List<Field> contents = fields(input.get(4).bytes());
    assertThat(contents.get(0).number()).isEqualTo(3);
    assertThat(unpackVarints(contents.get(0).bytes())).containsExactly(5L);

    assertThat(fields(top.get(5).bytes()).get(0).bytes().toStringUtf8()).isEqualTo("OUT");
    assertThat(top.get(6).bytes().toByteArray()).containsExactly(9);
  }

  // ------------------------------------------------------------------ responses

  @Test
  void modelInferResponseRoundTripsThroughTheWire() throws IOException {
    byte[] output =
        bytes(
            o -> {
              o.writeString(1, "OUTPUT0");
              o.writeString(2, "BYTES");
              o.writeByteArray(3, packedInt64(2));
              o.writeByteArray(4, paramEntry("binary_data_size", p -> p.writeInt64(2, 10)));
              o.writeByteArray(
                  5,
                  bytes(
                      c -> {
                        c.writeBytes(8, ByteString.copyFromUtf8("a"));
                        c.writeBytes(8, ByteString.copyFromUtf8("bc"));
                      }));
            });
    byte[] wire =
        bytes(
            o -> {
              o.writeString(1, "m");
              o.writeString(2, "1");
              o.writeString(3, "id-7");
              o.writeByteArray(4, paramEntry("triton_final_response", p -> p.writeBool(1, true)));
              o.writeByteArray(5, output);
              o.writeByteArray(6, new byte[] {4, 5});
            });
    ModelInferResponse r = ModelInferResponse.parseFrom(wire);
    assertThat(r.getModelName()).isEqualTo("m");
    assertThat(r.getModelVersion()).isEqualTo("1");
    assertThat(r.getId()).isEqualTo("id-7");
    assertThat(r.getParametersOrThrow("triton_final_response").getBoolParam()).isTrue();
    ModelInferResponse.InferOutputTensor out = r.getOutputs(0);
    assertThat(out.getName()).isEqualTo("OUTPUT0");
    assertThat(out.getDatatype()).isEqualTo("BYTES");
    assertThat(out.getShapeList()).containsExactly(2L);
    assertThat(out.getParametersOrThrow("binary_data_size").getInt64Param()).isEqualTo(10);
    assertThat(out.getContents().getBytesContentsList())
        .containsExactly(ByteString.copyFromUtf8("a"), ByteString.copyFromUtf8("bc"));
    assertThat(r.getRawOutputContents(0).toByteArray()).containsExactly(4, 5);
    // The generated serializer writes exactly the hand-built bytes (fields in number order).
    assertThat(r.toByteArray()).isEqualTo(wire);

    List<Field> top = fields(r);
    assertThat(numbers(top)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void modelStreamInferResponseCarriesErrorOrResponse() throws IOException {
    byte[] inner = bytes(o -> o.writeString(1, "m"));
    byte[] wire =
        bytes(
            o -> {
              o.writeString(1, "model failed");
              o.writeByteArray(2, inner);
            });
    ModelStreamInferResponse r = ModelStreamInferResponse.parseFrom(wire);
    assertThat(r.getErrorMessage()).isEqualTo("model failed");
    assertThat(r.getInferResponse().getModelName()).isEqualTo("m");

    ModelStreamInferResponse ok =
        ModelStreamInferResponse.newBuilder()
            .setInferResponse(ModelInferResponse.newBuilder().setId("x"))
            .build();
    List<Field> top = fields(ok);
    assertThat(numbers(top)).containsExactly(2);
    assertThat(fields(top.get(0).bytes()))
        .containsExactly(new Field(3, LEN, 0, ByteString.copyFromUtf8("x")));
  }

  // ------------------------------------------------------------------ tensor contents

  @Test
  void inferTensorContentsUsesPackedFieldsOneToEight() throws IOException {
    byte[] wire =
        bytes(
            o -> {
              o.writeByteArray(
                  1,
                  bytes(
                      p -> {
                        p.writeBoolNoTag(true);
                        p.writeBoolNoTag(false);
                      }));
              o.writeByteArray(2, bytes(p -> p.writeInt32NoTag(-1)));
              o.writeByteArray(3, bytes(p -> p.writeInt64NoTag(Long.MIN_VALUE)));
              o.writeByteArray(4, bytes(p -> p.writeUInt32NoTag(-1))); // 4294967295
              o.writeByteArray(5, bytes(p -> p.writeUInt64NoTag(-1L))); // 2^64 - 1
              o.writeByteArray(6, bytes(p -> p.writeFloatNoTag(Float.NaN)));
              o.writeByteArray(7, bytes(p -> p.writeDoubleNoTag(-0.0)));
              o.writeBytes(8, ByteString.copyFromUtf8("x"));
              o.writeBytes(8, ByteString.EMPTY);
            });
    InferTensorContents c = InferTensorContents.parseFrom(wire);
    assertThat(c.getBoolContentsList()).containsExactly(true, false);
    assertThat(c.getIntContentsList()).containsExactly(-1);
    assertThat(c.getInt64ContentsList()).containsExactly(Long.MIN_VALUE);
    assertThat(Integer.toUnsignedLong(c.getUintContents(0))).isEqualTo(4294967295L);
    assertThat(Long.toUnsignedString(c.getUint64Contents(0))).isEqualTo("18446744073709551615");
    assertThat(c.getFp32Contents(0)).isNaN();
    assertThat(Double.doubleToRawLongBits(c.getFp64Contents(0))).isEqualTo(0x8000000000000000L);
    assertThat(c.getBytesContentsList())
        .containsExactly(ByteString.copyFromUtf8("x"), ByteString.EMPTY);
    assertThat(c.toByteArray()).isEqualTo(wire);

    List<Field> f = fields(c);
    assertThat(numbers(f)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 8);
    assertThat(f).allSatisfy(x -> assertThat(x.wireType()).isEqualTo(LEN));
    assertThat(unpackVarints(f.get(0).bytes())).containsExactly(1L, 0L);
    assertThat(f.get(1).bytes().size()).isEqualTo(10); // negative int32 is sign-extended to 64 bits
    assertThat(f.get(3).bytes().size()).isEqualTo(5); // uint32 is not
    assertThat(f.get(5).bytes().size()).isEqualTo(4); // fixed32
    assertThat(f.get(6).bytes().size()).isEqualTo(8); // fixed64
  }

  // ------------------------------------------------------------------ statistics and metadata

  @Test
  void modelStatisticsParsesEveryField() throws IOException {
    Writer duration =
        o -> {
          o.writeUInt64(1, 3);
          o.writeUInt64(2, 4500);
        };
    byte[] d = bytes(duration);
    byte[] stats =
        bytes(
            o -> {
              for (int n = 1; n <= 8; n++) {
                o.writeByteArray(n, d);
              }
            });
    byte[] batch =
        bytes(
            o -> {
              o.writeUInt64(1, 8);
              o.writeByteArray(2, d);
              o.writeByteArray(3, d);
              o.writeByteArray(4, d);
            });
    byte[] memory =
        bytes(
            o -> {
              o.writeString(1, "GPU");
              o.writeInt64(2, 0);
              o.writeUInt64(3, 1 << 20);
            });
    byte[] responseStats =
        bytes(
            o -> {
              for (int n = 1; n <= 6; n++) {
                o.writeByteArray(n, d);
              }
            });
    byte[] wire =
        bytes(
            o -> {
              o.writeString(1, "m");
              o.writeString(2, "1");
              o.writeUInt64(3, 1_700_000_000_000L);
              o.writeUInt64(4, 100);
              o.writeUInt64(5, 25);
              o.writeByteArray(6, stats);
              o.writeByteArray(7, batch);
              o.writeByteArray(8, memory);
              o.writeByteArray(
                  9,
                  bytes(
                      e -> {
                        e.writeString(1, "0");
                        e.writeByteArray(2, responseStats);
                      }));
            });
    ModelStatistics s = ModelStatistics.parseFrom(wire);
    assertThat(s.getName()).isEqualTo("m");
    assertThat(s.getVersion()).isEqualTo("1");
    assertThat(s.getLastInference()).isEqualTo(1_700_000_000_000L);
    assertThat(s.getInferenceCount()).isEqualTo(100);
    assertThat(s.getExecutionCount()).isEqualTo(25);
    InferStatistics i = s.getInferenceStats();
    for (StatisticDuration x :
        List.of(
            i.getSuccess(),
            i.getFail(),
            i.getQueue(),
            i.getComputeInput(),
            i.getComputeInfer(),
            i.getComputeOutput(),
            i.getCacheHit(),
            i.getCacheMiss())) {
      assertThat(x.getCount()).isEqualTo(3);
      assertThat(x.getNs()).isEqualTo(4500);
    }
    assertThat(s.getBatchStats(0).getBatchSize()).isEqualTo(8);
    assertThat(s.getBatchStats(0).getComputeOutput().getNs()).isEqualTo(4500);
    assertThat(s.getMemoryUsage(0).getType()).isEqualTo("GPU");
    assertThat(s.getMemoryUsage(0).getByteSize()).isEqualTo(1 << 20);
    InferResponseStatistics r = s.getResponseStatsOrThrow("0");
    assertThat(r.getComputeInfer().getCount()).isEqualTo(3);
    assertThat(r.getCancel().getNs()).isEqualTo(4500);

    List<Field> top = fields(s);
    assertThat(numbers(top)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(top.get(2)).isEqualTo(new Field(3, VARINT, 1_700_000_000_000L, null));
    assertThat(numbers(fields(top.get(5).bytes()))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void modelMetadataResponseParsesAndSerializes() throws IOException {
    byte[] tensor =
        bytes(
            o -> {
              o.writeString(1, "INPUT0");
              o.writeString(2, "FP32");
              o.writeByteArray(3, packedInt64(-1, 16));
            });
    byte[] wire =
        bytes(
            o -> {
              o.writeString(1, "simple");
              o.writeString(2, "1");
              o.writeString(2, "2");
              o.writeString(3, "onnxruntime_onnx");
              o.writeByteArray(4, tensor);
              o.writeByteArray(5, tensor);
            });
    ModelMetadataResponse m = ModelMetadataResponse.parseFrom(wire);
    assertThat(m.getName()).isEqualTo("simple");
    assertThat(m.getVersionsList()).containsExactly("1", "2");
    assertThat(m.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(m.getInputs(0).getName()).isEqualTo("INPUT0");
    assertThat(m.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(m.getInputs(0).getShapeList()).containsExactly(-1L, 16L);
    assertThat(m.getOutputs(0).getShapeList()).containsExactly(-1L, 16L);
    assertThat(m.toByteArray()).isEqualTo(wire);
    assertThat(numbers(fields(m))).containsExactly(1, 2, 2, 3, 4, 5);
  }

  // ------------------------------------------------------------------ service

  @Test
  void serviceMethodsHaveTheServersFullNames() {
    assertThat(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName())
        .isEqualTo("inference.GRPCInferenceService/ModelInfer");
    Set<String> expected =
        Set.of(
                "ServerLive",
                "ServerReady",
                "ModelReady",
                "ServerMetadata",
                "ModelMetadata",
                "ModelInfer",
                "ModelStreamInfer",
                "ModelConfig",
                "ModelStatistics",
                "RepositoryIndex",
                "RepositoryModelLoad",
                "RepositoryModelUnload",
                "SystemSharedMemoryStatus",
                "SystemSharedMemoryRegister",
                "SystemSharedMemoryUnregister",
                "CudaSharedMemoryStatus",
                "CudaSharedMemoryRegister",
                "CudaSharedMemoryUnregister",
                "TraceSetting",
                "LogSettings")
            .stream()
            .map(n -> "inference.GRPCInferenceService/" + n)
            .collect(Collectors.toSet());
    assertThat(expected).hasSize(20);
    List<MethodDescriptor<?, ?>> methods =
        new ArrayList<>(GRPCInferenceServiceGrpc.getServiceDescriptor().getMethods());
    assertThat(methods.stream().map(MethodDescriptor::getFullMethodName))
        .containsExactlyInAnyOrderElementsOf(expected);
    for (MethodDescriptor<?, ?> m : methods) {
      MethodType type =
          m.getFullMethodName().endsWith("/ModelStreamInfer")
              ? MethodType.BIDI_STREAMING
              : MethodType.UNARY;
      assertThat(m.getType()).as(m.getFullMethodName()).isEqualTo(type);
    }
    assertThat(GRPCInferenceServiceGrpc.getModelStreamInferMethod().getType())
        .isEqualTo(MethodType.BIDI_STREAMING);
    assertThat(GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName())
        .isEqualTo("inference.GRPCInferenceService/ServerLive");
    assertThat(GRPCInferenceServiceGrpc.getLogSettingsMethod().getFullMethodName())
        .isEqualTo("inference.GRPCInferenceService/LogSettings");
  }
}
