/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferStatistics;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.proto.inference.ModelStatistics;
import io.github.gatlingml.proto.inference.ModelStatisticsRequest;
import io.github.gatlingml.server.engine.Capacity;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slots, queueing and queue limits, measured by the wall clock and by the server's statistics. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CapacityTest {
  private static final long MS = 1_000_000L;

  private static ModelInferRequest warmUp() {
    return ModelInferRequest.newBuilder()
        .setModelName("identity")
        .addInputs(Grpc.input("INPUT0", "INT32", 1).setContents(Grpc.int32(1)))
        .build();
  }

  @Test
  void twoSlotsServeEightConcurrentRequestsInFourRounds() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts().withCapacity("add_sub", Capacity.of(2, Duration.ofMillis(20)));
    try (InferenceServer server = InferenceServer.start(config)) {
      ManagedChannel channel = Grpc.channel(server);
      try {
        var blocking =
            GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        // Connect and warm the code paths on another model, so add_sub's statistics hold only the
        // burst.
        for (int i = 0; i < 20; i++) {
          blocking.modelInfer(warmUp());
        }
        var async =
            GRPCInferenceServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        List<ListenableFuture<ModelInferResponse>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
          calls.add(async.modelInfer(Grpc.addSub("c" + i)));
        }
        for (ListenableFuture<ModelInferResponse> f : calls) {
          assertThat(f.get(10, TimeUnit.SECONDS).getOutputs(0).getContents().getFp32Contents(1))
              .isEqualTo(3f);
        }
        long wall = System.nanoTime() - start;
        // 8 requests, 2 at a time, 20 ms each: 4 rounds, 80 ms. The lower bounds prove the
        // queueing;
        // the upper bounds are loose because timers fire late on a busy 2-core machine.
        assertThat(wall).as("wall ns").isGreaterThanOrEqualTo(75 * MS).isLessThan(600 * MS);

        ModelStatistics st =
            blocking
                .modelStatistics(ModelStatisticsRequest.newBuilder().setName("add_sub").build())
                .getModelStats(0);
        InferStatistics inf = st.getInferenceStats();
        assertThat(st.getExecutionCount()).isEqualTo(8);
        assertThat(st.getInferenceCount()).isEqualTo(8);
        assertThat(inf.getSuccess().getCount()).isEqualTo(8);
        assertThat(inf.getQueue().getCount()).isEqualTo(8);
        // Waits of 0, 0, 20, 20, 40, 40, 60, 60 ms: 240 ms in all.
        assertThat(inf.getQueue().getNs()).as("queue ns").isBetween(200 * MS, 700 * MS);
        assertThat(inf.getComputeInfer().getCount()).isEqualTo(8);
        assertThat(inf.getComputeInfer().getNs())
            .as("compute_infer ns")
            .isBetween(155 * MS, 450 * MS);
        // A request's total time holds its queueing and its execution.
        assertThat(inf.getSuccess().getNs())
            .isGreaterThanOrEqualTo(inf.getQueue().getNs() + inf.getComputeInfer().getNs());
        assertThat(server.engine().models().iterator().next().stats().pending()).isZero();
      } finally {
        Grpc.close(channel);
      }
    }
  }

  @Test
  void fullQueueRejectsWithUnavailable() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withCapacity("add_sub", Capacity.of(1, Duration.ofMillis(100)).withMaxQueue(1));
    try (InferenceServer server = InferenceServer.start(config)) {
      ManagedChannel channel = Grpc.channel(server);
      try {
        var blocking =
            GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        blocking.modelInfer(warmUp());
        var async =
            GRPCInferenceServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        List<ListenableFuture<ModelInferResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          calls.add(async.modelInfer(Grpc.addSub("q" + i)));
        }
        int ok = 0;
        List<Status> rejected = new ArrayList<>();
        for (ListenableFuture<ModelInferResponse> f : calls) {
          try {
            f.get(10, TimeUnit.SECONDS);
            ok++;
          } catch (ExecutionException e) {
            rejected.add(((StatusRuntimeException) e.getCause()).getStatus());
          }
        }
        assertThat(ok).isEqualTo(2);
        assertThat(rejected)
            .singleElement()
            .satisfies(
                s -> {
                  assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                  assertThat(s.getDescription()).contains("add_sub").contains("queue is full");
                });

        InferStatistics inf =
            blocking
                .modelStatistics(ModelStatisticsRequest.newBuilder().setName("add_sub").build())
                .getModelStats(0)
                .getInferenceStats();
        assertThat(inf.getSuccess().getCount()).isEqualTo(2);
        assertThat(inf.getFail().getCount()).isEqualTo(1);
        String metrics = Http.text(Http.get(server.metricsUrl()));
        assertThat(metrics)
            .contains(
                "nv_inference_request_failure{model=\"add_sub\",reason=\"REJECTED\",version=\"1\"} 1\n");
        assertThat(metrics)
            .contains("nv_inference_request_success{model=\"add_sub\",version=\"1\"} 2\n");
      } finally {
        Grpc.close(channel);
      }
    }
  }
}
