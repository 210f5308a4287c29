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
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.*;
import io.github.gatlingml.server.engine.Capacity;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every rpc of GRPCInferenceService, plus health and reflection, against computed answers. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GrpcApiTest {
  private static InferenceServer server;
  private static ManagedChannel channel;
  private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(3, Duration.ofMillis(1))));
    channel = Grpc.channel(server);
    stub =
        GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Grpc.close(channel);
    if (server != null) {
      server.close();
    }
  }

  private static Status.Code codeOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    return Status.Code.OK;
  }

  // ------------------------------------------------------------------ health and metadata

  @Test
  void liveReadyAndModelReady() {
    assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    assertThat(
            stub.modelReady(ModelReadyRequest.newBuilder().setName("identity").build()).getReady())
        .isTrue();
    assertThat(
            stub.modelReady(
                    ModelReadyRequest.newBuilder().setName("identity").setVersion("1").build())
                .getReady())
        .isTrue();
    assertThatThrownBy(
            () -> stub.modelReady(ModelReadyRequest.newBuilder().setName("nope").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains("nope").contains("add_sub");
            });
    assertThat(
            codeOf(
                () ->
                    stub.modelReady(
                        ModelReadyRequest.newBuilder()
                            .setName("identity")
                            .setVersion("2")
                            .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void serverMetadata() {
    ServerMetadataResponse m = stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
    assertThat(m.getName()).isEqualTo("gatling-ml-server");
    assertThat(m.getVersion()).isNotEmpty();
    assertThat(m.getExtensionsList()).contains("classification", "model_repository", "statistics");
  }

  @Test
  void modelMetadata() {
    ModelMetadataResponse m =
        stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("simple_classifier").build());
    assertThat(m.getName()).isEqualTo("simple_classifier");
    assertThat(m.getVersionsList()).containsExactly("1");
    assertThat(m.getInputsList()).hasSize(1);
    assertThat(m.getInputs(0).getName()).isEqualTo("INPUT0");
    assertThat(m.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(m.getInputs(0).getShapeList()).containsExactly(-1L, 8L);
    assertThat(m.getOutputs(0).getName()).isEqualTo("PROBABILITIES");
    assertThat(m.getOutputs(0).getShapeList()).containsExactly(-1L, 4L);
    assertThat(
            codeOf(
                () -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("x").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void modelConfig() {
    ModelConfig c =
        stub.modelConfig(ModelConfigRequest.newBuilder().setName("add_sub").build()).getConfig();
    assertThat(c.getName()).isEqualTo("add_sub");
    assertThat(c.getMaxBatchSize()).isEqualTo(8);
    assertThat(c.getInputList())
        .extracting(ModelInput::getName)
        .containsExactly("INPUT0", "INPUT1");
    assertThat(c.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
    assertThat(c.getInput(0).getDimsList()).containsExactly(16L);
    assertThat(c.getOutput(1).getName()).isEqualTo("OUTPUT1");
    assertThat(c.getOutput(1).getDimsList()).containsExactly(16L);
    assertThat(c.getInstanceGroupCount()).isEqualTo(1);
    assertThat(c.getInstanceGroup(0).getCount()).isEqualTo(3);
    assertThat(c.getModelTransactionPolicy().getDecoupled()).isFalse();

    ModelConfig classifier =
        stub.modelConfig(ModelConfigRequest.newBuilder().setName("simple_classifier").build())
            .getConfig();
    assertThat(classifier.getInput(0).getDimsList()).containsExactly(8L);
    assertThat(classifier.getOutput(0).getDimsList()).containsExactly(4L);
    assertThat(classifier.getInstanceGroup(0).getCount()).isEqualTo(4);
    assertThat(codeOf(() -> stub.modelConfig(ModelConfigRequest.newBuilder().setName("x").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void modelStatisticsCountInferences() throws InterruptedException {
    try (InferenceServer own = InferenceServer.start(ServerConfig.onFreePorts())) {
      ManagedChannel ch = Grpc.channel(own);
      try {
        var s =
            GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        float[] two = new float[32];
        for (int i = 0; i < 5; i++) {
          s.modelInfer(
              ModelInferRequest.newBuilder()
                  .setModelName("add_sub")
                  .addInputs(input("INPUT0", "FP32", 2, 16).setContents(fp32(two)))
                  .addInputs(input("INPUT1", "FP32", 2, 16).setContents(fp32(two)))
                  .build());
        }
        ModelStatistics st =
            s.modelStatistics(ModelStatisticsRequest.newBuilder().setName("add_sub").build())
                .getModelStats(0);
        assertThat(st.getName()).isEqualTo("add_sub");
        assertThat(st.getVersion()).isEqualTo("1");
        assertThat(st.getExecutionCount()).isEqualTo(5);
        assertThat(st.getInferenceCount()).isEqualTo(10); // batch of 2 counts twice
        assertThat(st.getLastInference()).isPositive();
        InferStatistics inf = st.getInferenceStats();
        assertThat(inf.getSuccess().getCount()).isEqualTo(5);
        assertThat(inf.getFail().getCount()).isZero();
        assertThat(inf.getQueue().getCount()).isEqualTo(5);
        assertThat(inf.getComputeInfer().getCount()).isEqualTo(5);
        // Each execution lasts at least the 1 ms service time.
        assertThat(inf.getComputeInfer().getNs()).isGreaterThanOrEqualTo(5_000_000L);
        assertThat(inf.getSuccess().getNs()).isGreaterThanOrEqualTo(inf.getComputeInfer().getNs());
        assertThat(st.getBatchStatsList()).hasSize(1);
        assertThat(st.getBatchStats(0).getBatchSize()).isEqualTo(2);
        assertThat(st.getBatchStats(0).getComputeInfer().getCount()).isEqualTo(5);

        ModelStatisticsResponse all =
            s.modelStatistics(ModelStatisticsRequest.getDefaultInstance());
        assertThat(all.getModelStatsList())
            .extracting(ModelStatistics::getName)
            .containsExactly(
                "add_sub", "identity", "simple_classifier", "sequence_accumulate", "tiny_llm");
        assertThat(all.getModelStats(1).getExecutionCount()).isZero();
        assertThat(
                codeOf(
                    () ->
                        s.modelStatistics(
                            ModelStatisticsRequest.newBuilder().setName("x").build())))
            .isEqualTo(Status.Code.NOT_FOUND);
      } finally {
        Grpc.close(ch);
      }
    }
  }

  // ------------------------------------------------------------------ inference

  @Test
  void addSubTypedAnswersTyped() {
    ModelInferResponse r = stub.modelInfer(Grpc.addSub("a1"));
    assertThat(r.getModelName()).isEqualTo("add_sub");
    assertThat(r.getModelVersion()).isEqualTo("1");
    assertThat(r.getId()).isEqualTo("a1");
    assertThat(r.getRawOutputContentsCount()).isZero();
    assertThat(r.getOutputsList())
        .extracting(ModelInferResponse.InferOutputTensor::getName)
        .containsExactly("OUTPUT0", "OUTPUT1");
    ModelInferResponse.InferOutputTensor sum = r.getOutputs(0);
    assertThat(sum.getDatatype()).isEqualTo("FP32");
    assertThat(sum.getShapeList()).containsExactly(1L, 16L);
    for (int i = 0; i < 16; i++) {
      assertThat(sum.getContents().getFp32Contents(i)).isEqualTo(i + 2f);
      assertThat(r.getOutputs(1).getContents().getFp32Contents(i)).isEqualTo(i - 2f);
    }
  }

  @Test
  void addSubInt32RawAnswersRawAndWraps() {
    int[] x = new int[16];
    int[] y = new int[16];
    for (int i = 0; i < 16; i++) {
      x[i] = 7 * i;
      y[i] = -i;
    }
    x[0] = Integer.MAX_VALUE;
    y[0] = 2;
    ModelInferResponse r =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("add_sub")
                .addInputs(input("INPUT0", "INT32", 1, 16))
                .addInputs(input("INPUT1", "INT32", 1, 16))
                .addRawInputContents(Grpc.rawInts(x))
                .addRawInputContents(Grpc.rawInts(y))
                .addOutputs(
                    ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("OUTPUT0"))
                .build());
    assertThat(r.getOutputsCount()).isEqualTo(1);
    assertThat(r.getOutputs(0).hasContents()).isFalse();
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("INT32");
    int[] sum = Grpc.ints(r.getRawOutputContents(0));
    assertThat(sum).hasSize(16);
    assertThat(sum[0]).isEqualTo(-2147483647); // 2^31 - 1 + 2 wraps to -2^31 + 1
    for (int i = 1; i < 16; i++) {
      assertThat(sum[i]).isEqualTo(6 * i);
    }
  }

  @Test
  void addSubFp32Raw() {
    float[] x = new float[16];
    float[] y = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = 0.5f * i;
      y[i] = 0.25f;
    }
    ModelInferResponse r =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("add_sub")
                .addInputs(input("INPUT0", "FP32", 1, 16))
                .addInputs(input("INPUT1", "FP32", 1, 16))
                .addRawInputContents(Grpc.rawFloats(x))
                .addRawInputContents(Grpc.rawFloats(y))
                .build());
    assertThat(r.getRawOutputContentsCount()).isEqualTo(2);
    float[] diff = Grpc.floats(r.getRawOutputContents(1));
    for (int i = 0; i < 16; i++) {
      assertThat(diff[i]).isEqualTo(0.5f * i - 0.25f);
    }
  }

  @Test
  void identityTypedBytesBoolUint64() {
    ModelInferResponse bytes =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(
                    input("INPUT0", "BYTES", 2)
                        .setContents(
                            InferTensorContents.newBuilder()
                                .addBytesContents(ByteString.copyFromUtf8("hi"))
                                .addBytesContents(
                                    ByteString.copyFrom(new byte[] {0, (byte) 0xff}))))
                .build());
    assertThat(bytes.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(bytes.getOutputs(0).getContents().getBytesContents(0).toStringUtf8())
        .isEqualTo("hi");
    assertThat(bytes.getOutputs(0).getContents().getBytesContents(1).toByteArray())
        .containsExactly(0, 0xff);

    ModelInferResponse bools =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(
                    input("INPUT0", "BOOL", 1, 3)
                        .setContents(
                            InferTensorContents.newBuilder()
                                .addBoolContents(true)
                                .addBoolContents(false)
                                .addBoolContents(true)))
                .build());
    assertThat(bools.getOutputs(0).getShapeList()).containsExactly(1L, 3L);
    assertThat(bools.getOutputs(0).getContents().getBoolContentsList())
        .containsExactly(true, false, true);

    long max = -1L; // 2^64 - 1 as an unsigned uint64
    ModelInferResponse u64 =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(
                    input("INPUT0", "UINT64", 2, 1, 1, 1)
                        .setContents(
                            InferTensorContents.newBuilder()
                                .addUint64Contents(max)
                                .addUint64Contents(42)))
                .build());
    assertThat(u64.getOutputs(0).getShapeList()).containsExactly(2L, 1L, 1L, 1L);
    assertThat(
            new BigInteger(
                Long.toUnsignedString(u64.getOutputs(0).getContents().getUint64Contents(0))))
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThat(u64.getOutputs(0).getContents().getUint64Contents(1)).isEqualTo(42);
  }

  @Test
  void identityRawInt16AndBytes() {
    byte[] int16 = {1, 0, (byte) 0xff, (byte) 0xff, 0, (byte) 0x80}; // 1, -1, -32768
    byte[] strings = {3, 0, 0, 0, 'a', 'b', 'c', 0, 0, 0, 0}; // "abc", ""
    ModelInferResponse r =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(input("INPUT0", "INT16", 3))
                .addRawInputContents(ByteString.copyFrom(int16))
                .build());
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("INT16");
    assertThat(r.getRawOutputContents(0).toByteArray()).containsExactly(int16);

    ModelInferResponse s =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(input("INPUT0", "BYTES", 2))
                .addRawInputContents(ByteString.copyFrom(strings))
                .build());
    assertThat(s.getRawOutputContents(0).toByteArray()).containsExactly(strings);
  }

  @Test
  void identityFp16ThroughRaw() {
    // 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 65504 = 0x7BFF, little-endian.
    byte[] halves = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38, (byte) 0xFF, 0x7B};
    ModelInferResponse r =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(input("INPUT0", "FP16", 2, 2))
                .addRawInputContents(ByteString.copyFrom(halves))
                .build());
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("FP16");
    assertThat(r.getOutputs(0).getShapeList()).containsExactly(2L, 2L);
    assertThat(r.getOutputs(0).hasContents()).isFalse();
    assertThat(r.getRawOutputContents(0).toByteArray()).containsExactly(halves);
  }

  @Test
  void classifierTypedAndRawMatchOwnSoftmax() {
    float[] both = new float[16];
    System.arraycopy(RestApiTest.ROW0, 0, both, 0, 8);
    System.arraycopy(RestApiTest.ROW1, 0, both, 8, 8);
    double[] e0 = RestApiTest.expectedProbabilities(RestApiTest.ROW0);
    double[] e1 = RestApiTest.expectedProbabilities(RestApiTest.ROW1);

    ModelInferResponse typed =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("simple_classifier")
                .addInputs(input("INPUT0", "FP32", 2, 8).setContents(fp32(both)))
                .build());
    ModelInferResponse.InferOutputTensor p = typed.getOutputs(0);
    assertThat(p.getName()).isEqualTo("PROBABILITIES");
    assertThat(p.getShapeList()).containsExactly(2L, 4L);
    for (int c = 0; c < 4; c++) {
      assertThat((double) p.getContents().getFp32Contents(c)).isCloseTo(e0[c], within(1e-6));
      assertThat((double) p.getContents().getFp32Contents(4 + c)).isCloseTo(e1[c], within(1e-6));
    }

    ModelInferResponse raw =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("simple_classifier")
                .addInputs(input("INPUT0", "FP32", 2, 8))
                .addRawInputContents(Grpc.rawFloats(both))
                .build());
    float[] probs = Grpc.floats(raw.getRawOutputContents(0));
    for (int c = 0; c < 4; c++) {
      assertThat((double) probs[c]).isCloseTo(e0[c], within(1e-6));
      assertThat((double) probs[4 + c]).isCloseTo(e1[c], within(1e-6));
    }
  }

  @Test
  void classificationOverGrpc() {
    ModelInferResponse r =
        stub.modelInfer(
            ModelInferRequest.newBuilder()
                .setModelName("simple_classifier")
                .addInputs(input("INPUT0", "FP32", 1, 8).setContents(fp32(RestApiTest.ROW0)))
                .addOutputs(
                    ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("PROBABILITIES")
                        .putParameters(
                            "classification", InferParameter.newBuilder().setInt64Param(1).build()))
                .build());
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(r.getOutputs(0).getShapeList()).containsExactly(1L, 1L);
    double[] p = RestApiTest.expectedProbabilities(RestApiTest.ROW0);
    int best = 0;
    for (int c = 1; c < 4; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    String[] parts =
        r.getOutputs(0)
            .getContents()
            .getBytesContents(0)
            .toString(StandardCharsets.UTF_8)
            .split(":");
    assertThat(Double.parseDouble(parts[0])).isCloseTo(p[best], within(2e-6));
    assertThat(parts[1]).isEqualTo(Integer.toString(best));
    assertThat(parts[2]).isEqualTo(new String[] {"cat", "dog", "bird", "fish"}[best]);
  }

  // ------------------------------------------------------------------ repository and settings

  @Test
  void repositoryIndexUnloadLoad() throws InterruptedException {
    try (InferenceServer own = InferenceServer.start(ServerConfig.onFreePorts())) {
      ManagedChannel ch = Grpc.channel(own);
      try {
        var s =
            GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        RepositoryIndexResponse index =
            s.repositoryIndex(RepositoryIndexRequest.getDefaultInstance());
        assertThat(index.getModelsList())
            .extracting(RepositoryIndexResponse.ModelIndex::getName)
            .containsExactly(
                "add_sub", "identity", "simple_classifier", "sequence_accumulate", "tiny_llm");
        assertThat(index.getModelsList())
            .allSatisfy(m -> assertThat(m.getState()).isEqualTo("READY"));

        s.repositoryModelUnload(
            RepositoryModelUnloadRequest.newBuilder().setModelName("identity").build());
        assertThat(
                s.modelReady(ModelReadyRequest.newBuilder().setName("identity").build()).getReady())
            .isFalse();
        RepositoryIndexResponse after =
            s.repositoryIndex(RepositoryIndexRequest.getDefaultInstance());
        assertThat(after.getModels(1).getState()).isEqualTo("UNAVAILABLE");
        assertThat(
                s.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build())
                    .getModelsCount())
            .isEqualTo(4);
        ModelInferRequest echo =
            ModelInferRequest.newBuilder()
                .setModelName("identity")
                .addInputs(input("INPUT0", "INT32", 1).setContents(Grpc.int32(5)))
                .build();
        assertThatThrownBy(() -> s.modelInfer(echo))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                  assertThat(e.getStatus().getDescription())
                      .contains("identity")
                      .contains("not ready");
                });

        s.repositoryModelLoad(
            RepositoryModelLoadRequest.newBuilder().setModelName("identity").build());
        assertThat(
                s.modelReady(ModelReadyRequest.newBuilder().setName("identity").build()).getReady())
            .isTrue();
        assertThat(s.modelInfer(echo).getOutputs(0).getContents().getIntContents(0)).isEqualTo(5);
        assertThat(
                codeOf(
                    () ->
                        s.repositoryModelLoad(
                            RepositoryModelLoadRequest.newBuilder().setModelName("x").build())))
            .isEqualTo(Status.Code.NOT_FOUND);
      } finally {
        Grpc.close(ch);
      }
    }
  }

  @Test
  void sharedMemoryIsUnimplemented() {
    assertThatThrownBy(
            () ->
                stub.systemSharedMemoryRegister(
                    SystemSharedMemoryRegisterRequest.newBuilder()
                        .setName("r")
                        .setKey("/k")
                        .setByteSize(64)
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription()).contains("shared memory");
            });
    assertThat(
            codeOf(
                () ->
                    stub.cudaSharedMemoryRegister(
                        CudaSharedMemoryRegisterRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(
            stub.systemSharedMemoryStatus(SystemSharedMemoryStatusRequest.getDefaultInstance())
                .getRegionsCount())
        .isZero();
  }

  @Test
  void traceAndLogSettingsRoundTrip() {
    TraceSettingResponse t =
        stub.traceSetting(
            TraceSettingRequest.newBuilder()
                .putSettings(
                    "trace_level",
                    TraceSettingRequest.SettingValue.newBuilder().addValue("TIMESTAMPS").build())
                .build());
    assertThat(t.getSettingsMap().get("trace_level").getValueList()).containsExactly("TIMESTAMPS");
    assertThat(t.getSettingsMap()).containsKey("trace_rate");
    // A read (empty request) returns what was set.
    assertThat(
            stub.traceSetting(TraceSettingRequest.getDefaultInstance())
                .getSettingsMap()
                .get("trace_level")
                .getValueList())
        .containsExactly("TIMESTAMPS");

    LogSettingsResponse l =
        stub.logSettings(
            LogSettingsRequest.newBuilder()
                .putSettings(
                    "log_verbose_level",
                    LogSettingsRequest.SettingValue.newBuilder().setUint32Param(2).build())
                .putSettings(
                    "log_info",
                    LogSettingsRequest.SettingValue.newBuilder().setBoolParam(false).build())
                .build());
    assertThat(l.getSettingsMap().get("log_verbose_level").getUint32Param()).isEqualTo(2);
    assertThat(l.getSettingsMap().get("log_info").getBoolParam()).isFalse();
    LogSettingsResponse read = stub.logSettings(LogSettingsRequest.getDefaultInstance());
    assertThat(read.getSettingsMap().get("log_verbose_level").getUint32Param()).isEqualTo(2);
    assertThat(read.getSettingsMap().get("log_format").getStringParam()).isEqualTo("default");
  }

  // ------------------------------------------------------------------ standard services

  @Test
  void standardHealthCheck() {
    var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("inference.GRPCInferenceService")
                        .build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflectionListsTheInferenceService() throws InterruptedException {
    List<String> services = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
                      services.add(s.getName());
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure.set(t);
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(failure.get()).isNull();
    assertThat(services).contains("inference.GRPCInferenceService", "grpc.health.v1.Health");
  }

  // ------------------------------------------------------------------ streaming

  @Test
  void streamInferAnswersEveryRequestThenCompletes() throws InterruptedException {
    List<ModelStreamInferResponse> responses = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StreamObserver<ModelInferRequest> requests =
        GRPCInferenceServiceGrpc.newStub(channel)
            .modelStreamInfer(
                new StreamObserver<ModelStreamInferResponse>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    responses.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure.set(t);
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        // Invalid: INPUT1 missing.
        requests.onNext(
            ModelInferRequest.newBuilder()
                .setModelName("add_sub")
                .setId("bad")
                .addInputs(input("INPUT0", "FP32", 1, 16).setContents(fp32(new float[16])))
                .build());
      } else {
        requests.onNext(Grpc.addSub("s" + i));
      }
    }
    requests.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).as("stream completes after half-close").isTrue();
    assertThat(failure.get()).isNull();
    assertThat(responses).hasSize(5);
    List<String> ok = new ArrayList<>();
    int errors = 0;
    for (ModelStreamInferResponse r : responses) {
      if (r.getErrorMessage().isEmpty()) {
        ModelInferResponse inf = r.getInferResponse();
        ok.add(inf.getId());
        assertThat(inf.getParametersMap().get("triton_final_response").getBoolParam()).isTrue();
        assertThat(inf.getOutputs(0).getContents().getFp32Contents(3)).isEqualTo(5f);
      } else {
        errors++;
        assertThat(r.getErrorMessage()).contains("INPUT1");
        assertThat(r.getInferResponse().getId()).isEqualTo("bad");
      }
    }
    assertThat(errors).isEqualTo(1);
    assertThat(ok).containsExactlyInAnyOrder("s0", "s1", "s3", "s4");
  }

  @Test
  void streamInferReportsDecodeErrorsAndUnknownModels() throws InterruptedException {
    List<ModelStreamInferResponse> responses = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<ModelInferRequest> requests =
        GRPCInferenceServiceGrpc.newStub(channel)
            .modelStreamInfer(
                new StreamObserver<ModelStreamInferResponse>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    responses.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    requests.onNext(ModelInferRequest.newBuilder().setModelName("nope").setId("n").build());
    requests.onNext(
        ModelInferRequest.newBuilder()
            .setModelName("add_sub")
            .setId("raw")
            .addInputs(input("INPUT0", "FP32", 1, 16))
            .addInputs(input("INPUT1", "FP32", 1, 16))
            .addRawInputContents(Grpc.rawFloats(new float[16]))
            .build());
    requests.onNext(Grpc.addSub("fine"));
    requests.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(responses).hasSize(3);
    assertThat(responses)
        .filteredOn(r -> r.getInferResponse().getId().equals("n"))
        .singleElement()
        .satisfies(r -> assertThat(r.getErrorMessage()).contains("nope"));
    assertThat(responses)
        .filteredOn(r -> r.getInferResponse().getId().equals("raw"))
        .singleElement()
        .satisfies(r -> assertThat(r.getErrorMessage()).contains("raw_input_contents"));
    assertThat(responses)
        .filteredOn(r -> r.getInferResponse().getId().equals("fine"))
        .singleElement()
        .satisfies(r -> assertThat(r.getErrorMessage()).isEmpty());
  }
}
