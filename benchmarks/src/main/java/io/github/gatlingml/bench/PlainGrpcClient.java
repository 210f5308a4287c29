/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import io.github.gatlingml.internal.transport.grpc.KServeGrpcCodec;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Baseline: a plain grpc-java async client (generated stub, grpc-netty, one channel) keeping {@code
 * inFlight} ModelInfer calls open, each call re-issued from the previous one's {@code onCompleted}
 * callback. The request is the same {@code ModelInferRequest} (raw contents) that gatling-ml's
 * {@code grpc()} sends; the generated stub parses every response into a {@code ModelInferResponse}.
 *
 * <p>Two configurations:
 *
 * <ul>
 *   <li>{@link Mode#DIRECT} (the fair baseline of issue 16): {@code directExecutor()} on the
 *       channel, so the callbacks (and the next call) run on the channel's Netty event loop with no
 *       thread hop; no per-call deadline unless {@code deadlineSeconds > 0} (gatling-ml sets one).
 *   <li>{@link Mode#DEFAULT_EXECUTOR} (the older, unfair baseline): grpc-java's default executor (a
 *       thread hop to {@code grpc-default-executor} per callback) and a 60 s deadline per call.
 * </ul>
 */
final class PlainGrpcClient {
  enum Mode {
    DIRECT,
    DEFAULT_EXECUTOR
  }

  private final ManagedChannel channel;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
  private final ModelInferRequest request;
  private final long deadlineSeconds;
  private final LongAdder errors = new LongAdder();
  private volatile boolean stopping;
  private CountDownLatch done;

  /** The older configuration: default executor, 60 s deadline per call. */
  PlainGrpcClient(String target) {
    this(target, Mode.DEFAULT_EXECUTOR, 60);
  }

  /**
   * @param deadlineSeconds deadline per call, 0 for none
   */
  PlainGrpcClient(String target, Mode mode, long deadlineSeconds) {
    NettyChannelBuilder b =
        NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20);
    if (mode == Mode.DIRECT) {
      b = b.directExecutor();
    }
    channel = b.build();
    stub = GRPCInferenceServiceGrpc.newStub(channel);
    request = KServeGrpcCodec.toMessage(Payloads.addSubPayload(), true);
    this.deadlineSeconds = deadlineSeconds;
  }

  /** Runs {@code inFlight} call chains for {@code seconds}, then stops and closes the channel. */
  void run(int inFlight, int seconds) throws InterruptedException {
    done = new CountDownLatch(inFlight);
    for (int i = 0; i < inFlight; i++) {
      next();
    }
    Thread.sleep(seconds * 1000L);
    stopping = true;
    done.await(10, TimeUnit.SECONDS);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  long errors() {
    return errors.sum();
  }

  private void next() {
    if (stopping) {
      done.countDown();
      return;
    }
    GRPCInferenceServiceGrpc.GRPCInferenceServiceStub s =
        deadlineSeconds > 0 ? stub.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS) : stub;
    s.modelInfer(
        request,
        new StreamObserver<ModelInferResponse>() {
          @Override
          public void onNext(ModelInferResponse value) {}

          @Override
          public void onError(Throwable t) {
            errors.increment();
            next();
          }

          @Override
          public void onCompleted() {
            next();
          }
        });
  }
}
