/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.internal.transport.grpc.StreamInfer;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * StreamInfer against tiny_llm over gRPC ModelStreamInfer, on a pool channel bound to a test event
 * loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamInferTest {
  static final int TOKENS = 6;
  static final double TTFT_MS = 100;
  static final double GAP_MS = 40;
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  static InferenceServer server;
  static MultiThreadIoEventLoopGroup group;
  static EventLoop loop;
  static GrpcChannelPool pool;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("tiny_llm"))
                .withLlm(
                    LlmSettings.defaults()
                        .withTokens(TOKENS)
                        .withTokensPerChunk(1)
                        .withTtft(ServiceTime.parse("100ms"))
                        .withTokenGap(ServiceTime.parse("40ms"))));
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    loop = group.next();
    pool = new GrpcChannelPool(server.grpcTarget(), 1, 1 << 20);
  }

  @AfterAll
  static void stop() {
    pool.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    server.close();
  }

  record Response(
      double atMs, String error, String text, boolean isFinal, String id, boolean onLoop) {}

  static final class Outcome {
    final List<Response> responses = new ArrayList<>();
    double endMs = -1;
    String failure;
    Status status;
  }

  static Outcome run(
      long timeoutNanos,
      java.util.function.Consumer<StreamInfer> whileRunning,
      ModelInferRequest... requests)
      throws Exception {
    Outcome o = new Outcome();
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          long start = System.nanoTime();
          ManagedChannel ch = pool.channel(loop, 1, false);
          StreamInfer s =
              StreamInfer.start(
                  ch,
                  new Metadata(),
                  timeoutNanos,
                  List.of(requests),
                  new StreamInfer.Listener() {
                    @Override
                    public void onResponse(
                        long nanos,
                        String errorMessage,
                        String text,
                        boolean isFinal,
                        String requestId) {
                      o.responses.add(
                          new Response(
                              (nanos - start) / 1e6,
                              errorMessage,
                              text,
                              isFinal,
                              requestId,
                              loop.inEventLoop()));
                    }

                    @Override
                    public void onEnd(long nanos) {
                      o.endMs = (nanos - start) / 1e6;
                      done.complete(o);
                    }

                    @Override
                    public void onFailure(KoReason failure, Status status) {
                      String reason = failure.detail();
                      o.failure = reason;
                      o.status = status;
                      done.complete(o);
                    }
                  });
          whileRunning.accept(s);
        });
    return done.get(20, TimeUnit.SECONDS);
  }

  static ModelInferRequest prompt(String id, Map<String, ?> params) {
    return StreamInfer.textRequest("tiny_llm", "", id, "hello world", params);
  }

  @Test
  void oneResponsePerChunkOnTimeTheLastFinal() throws Exception {
    Outcome o = run(10 * SECOND, s -> {}, prompt("a", Map.of()));
    assertThat(o.failure).isNull();
    assertThat(o.responses).hasSize(TOKENS);
    for (int i = 0; i < TOKENS; i++) {
      Response r = o.responses.get(i);
      assertThat(r.error()).isNull();
      assertThat(r.text()).isNotEmpty();
      assertThat(r.id()).isEqualTo("a");
      assertThat(r.isFinal()).isEqualTo(i == TOKENS - 1);
      assertThat(r.onLoop()).isTrue();
      assertThat(r.atMs()).as("response %d", i).isGreaterThanOrEqualTo(TTFT_MS + i * GAP_MS - 2);
    }
    double last = TTFT_MS + (TOKENS - 1) * GAP_MS;
    assertThat(o.responses.get(0).atMs()).isLessThan(last);
    assertThat(o.responses.get(TOKENS - 1).atMs()).isLessThan(last + 1000);
    assertThat(o.endMs).isGreaterThanOrEqualTo(o.responses.get(TOKENS - 1).atMs());
  }

  @Test
  void emptyFinalResponseHasNoText() throws Exception {
    Outcome o =
        run(
            10 * SECOND,
            s -> {},
            prompt("e", Map.of("max_tokens", 2, "triton_enable_empty_final_response", true)));
    assertThat(o.failure).isNull();
    assertThat(o.responses).extracting(Response::isFinal).containsExactly(false, false, true);
    assertThat(o.responses.get(2).text()).isEmpty();
  }

  @Test
  void twoRequestsOnOneStreamEndAfterBothFinals() throws Exception {
    Outcome o =
        run(
            10 * SECOND,
            s -> {},
            prompt("x", Map.of("max_tokens", 3)),
            prompt("y", Map.of("max_tokens", 5)));
    assertThat(o.failure).isNull();
    assertThat(o.responses).hasSize(8);
    assertThat(o.responses.stream().filter(r -> r.id().equals("x"))).hasSize(3);
    assertThat(o.responses.stream().filter(r -> r.id().equals("y"))).hasSize(5);
    assertThat(o.responses.stream().filter(Response::isFinal).map(Response::id))
        .containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void errorResponseEndsItsRequest() throws Exception {
    Outcome o =
        run(
            10 * SECOND,
            s -> {},
            StreamInfer.textRequest("no_such_model", "", "bad", "hi", Map.of()));
    assertThat(o.failure).isNull();
    assertThat(o.responses).hasSize(1);
    assertThat(o.responses.get(0).error()).contains("no_such_model");
    assertThat(o.responses.get(0).isFinal()).isTrue();
  }

  @Test
  void deadlineFailsTheStream() throws Exception {
    Outcome o = run(TimeUnit.MILLISECONDS.toNanos(150), s -> {}, prompt("d", Map.of()));
    assertThat(o.failure).isEqualTo("timeout after 150 ms (DEADLINE_EXCEEDED)");
    assertThat(o.status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(o.responses.size()).isLessThan(TOKENS);
  }

  @Test
  void cancelFailsWithItsReason() throws Exception {
    Outcome o =
        run(
            10 * SECOND,
            s -> loop.schedule(() -> s.cancel("user gave up"), 50, TimeUnit.MILLISECONDS),
            prompt("c", Map.of()));
    assertThat(o.failure).isEqualTo("cancelled: user gave up");
    assertThat(o.status.getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(o.responses).isEmpty();
  }
}
