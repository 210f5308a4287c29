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
 * Baseline: a plain grpc-java async client (generated stub, grpc-netty, the channel's default event
 * loops and executor) keeping {@code inFlight} ModelInfer calls open: each completion starts the
 * next. Same request message (raw contents) and the same 60 s deadline per call as gatling-ml's
 * gRPC transport.
 */
final class PlainGrpcClient {
  private final ManagedChannel channel;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
  private final ModelInferRequest request;
  private final LongAdder errors = new LongAdder();
  private volatile boolean stopping;
  private CountDownLatch done;

  PlainGrpcClient(String target) {
    channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
    stub = GRPCInferenceServiceGrpc.newStub(channel);
    request = KServeGrpcCodec.toMessage(Payloads.addSubPayload(), true);
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
    stub.withDeadlineAfter(60, TimeUnit.SECONDS)
        .modelInfer(
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
