/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferParameter;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelConfigRequest;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.proto.inference.ModelMetadataRequest;
import io.github.gatlingml.proto.inference.ModelStreamInferResponse;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** tiny_llm over gRPC: decoupled ModelStreamInfer, final flags, concurrency, ModelInfer refused. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LlmGrpcTest {
  private static InferenceServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("add_sub", "tiny_llm"))
                .withLlm(
                    LlmSettings.defaults()
                        .withTokens(6)
                        .withTtft(ServiceTime.parse("20ms"))
                        .withTokenGap(ServiceTime.parse("5ms"))));
    channel = Grpc.channel(server);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Grpc.close(channel);
    server.close();
  }

  private static ModelInferRequest.Builder prompt(String id, String text) {
    return ModelInferRequest.newBuilder()
        .setModelName("tiny_llm")
        .setId(id)
        .addInputs(
            Grpc.input("text_input", "BYTES", 1)
                .setContents(
                    InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8(text))));
  }

  /** Sends the requests on one stream, half-closes, and collects every response until the end. */
  private static List<ModelStreamInferResponse> exchange(ModelInferRequest... requests)
      throws InterruptedException {
    List<ModelStreamInferResponse> got = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    StreamObserver<ModelInferRequest> out =
        GRPCInferenceServiceGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .modelStreamInfer(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    got.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure[0] = t;
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    for (ModelInferRequest r : requests) {
      out.onNext(r);
    }
    out.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failure[0]).isNull();
    return got;
  }

  private static String text(ModelInferResponse r) {
    assertThat(r.getOutputs(0).getName()).isEqualTo("text_output");
    assertThat(r.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(r.getOutputs(0).getShapeList()).containsExactly(1L);
    return r.getOutputs(0).getContents().getBytesContents(0).toStringUtf8();
  }

  private static boolean isFinal(ModelInferResponse r) {
    return r.getParametersOrThrow("triton_final_response").getBoolParam();
  }

  @Test
  void oneResponsePerChunkTheLastFinal() throws Exception {
    List<ModelStreamInferResponse> got = exchange(prompt("a", "hello world").build());
    assertThat(got).hasSize(6);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < got.size(); i++) {
      ModelInferResponse r = got.get(i).getInferResponse();
      assertThat(got.get(i).getErrorMessage()).isEmpty();
      assertThat(r.getId()).isEqualTo("a");
      assertThat(r.getModelName()).isEqualTo("tiny_llm");
      assertThat(isFinal(r)).isEqualTo(i == 5);
      text.append(text(r));
    }
    String rest =
        Http.json(
                Http.post(
                    server.restBaseUrl() + "/v2/models/tiny_llm/generate",
                    "{\"text_input\":\"hello world\"}"))
            .get("text_output")
            .asText();
    assertThat(text.toString()).isEqualTo(rest);
  }

  @Test
  void emptyFinalResponseWhenAskedFor() throws Exception {
    List<ModelStreamInferResponse> got =
        exchange(
            prompt("e", "x")
                .putParameters(
                    "triton_enable_empty_final_response",
                    InferParameter.newBuilder().setBoolParam(true).build())
                .putParameters("max_tokens", InferParameter.newBuilder().setInt64Param(3).build())
                .build());
    assertThat(got).hasSize(4);
    for (int i = 0; i < 3; i++) {
      assertThat(isFinal(got.get(i).getInferResponse())).isFalse();
      assertThat(text(got.get(i).getInferResponse())).isNotEmpty();
    }
    ModelInferResponse last = got.get(3).getInferResponse();
    assertThat(isFinal(last)).isTrue();
    assertThat(last.getOutputsCount()).isZero();
    assertThat(last.getId()).isEqualTo("e");
  }

  @Test
  void aRequestSentLongAfterItsStreamOpenedStillWaitsItsWholeTtft() throws Exception {
    // TTFT counts from the request's arrival, not from when the stream was opened.
    long[] firstAt = new long[1];
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<ModelInferRequest> out =
        GRPCInferenceServiceGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .modelStreamInfer(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    if (firstAt[0] == 0) {
                      firstAt[0] = System.nanoTime();
                    }
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
    Thread.sleep(150);
    long sent = System.nanoTime();
    out.onNext(prompt("late", "late prompt").build());
    out.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    // The server's TTFT is 20 ms: had it counted from the stream's opening 150 ms earlier, the
    // first chunk would have come at once.
    assertThat((firstAt[0] - sent) / 1e6)
        .as("ms from sending to the first chunk")
        .isGreaterThanOrEqualTo(20.0);
  }

  @Test
  void concurrentRequestsOnOneStreamKeepTheirIds() throws Exception {
    ModelInferRequest two =
        prompt("two", "second prompt")
            .addInputs(Grpc.input("max_tokens", "INT32", 1).setContents(Grpc.int32(2)))
            .build();
    long start = System.nanoTime();
    List<ModelStreamInferResponse> got = exchange(prompt("six", "first prompt").build(), two);
    double ms = (System.nanoTime() - start) / 1e6;
    List<ModelInferResponse> six = new ArrayList<>();
    List<ModelInferResponse> short2 = new ArrayList<>();
    for (ModelStreamInferResponse r : got) {
      (r.getInferResponse().getId().equals("six") ? six : short2).add(r.getInferResponse());
    }
    assertThat(six).hasSize(6);
    assertThat(short2).hasSize(2);
    assertThat(isFinal(six.get(5))).isTrue();
    assertThat(isFinal(short2.get(1))).isTrue();
    // Both ran at once (4 slots): the shorter one finished among the longer one's chunks.
    assertThat(
            got.indexOf(
                got.stream()
                    .filter(
                        r ->
                            r.getInferResponse().getId().equals("two")
                                && isFinal(r.getInferResponse()))
                    .findFirst()
                    .orElseThrow()))
        .isLessThan(got.size() - 1);
    assertThat(ms).isLessThan(5000);
  }

  @Test
  void badRequestsGetAnErrorMessageOnTheStream() throws Exception {
    List<ModelStreamInferResponse> got =
        exchange(
            ModelInferRequest.newBuilder()
                .setModelName("tiny_llm")
                .setId("bad")
                .addInputs(
                    Grpc.input("prompt", "BYTES", 1)
                        .setContents(
                            InferTensorContents.newBuilder()
                                .addBytesContents(ByteString.copyFromUtf8("x"))))
                .build());
    assertThat(got).hasSize(1);
    assertThat(got.get(0).getErrorMessage()).contains("prompt").contains("text_input");
    assertThat(got.get(0).getInferResponse().getId()).isEqualTo("bad");
  }

  @Test
  void modelInferRefusesDecoupledModels() {
    var blocking =
        GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> blocking.modelInfer(prompt("u", "x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription())
                  .contains(
                      "ModelInfer RPC doesn't support models with decoupled transaction policy");
            });
  }

  @Test
  void metadataAndConfigDeclareADecoupledTextModel() {
    var blocking =
        GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    var meta =
        blocking.modelMetadata(ModelMetadataRequest.newBuilder().setName("tiny_llm").build());
    assertThat(meta.getInputs(0).getName()).isEqualTo("text_input");
    assertThat(meta.getInputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(meta.getInputs(0).getShapeList()).containsExactly(1L);
    assertThat(meta.getOutputs(0).getName()).isEqualTo("text_output");
    var config =
        blocking
            .modelConfig(ModelConfigRequest.newBuilder().setName("tiny_llm").build())
            .getConfig();
    assertThat(config.getModelTransactionPolicy().getDecoupled()).isTrue();
  }
}
