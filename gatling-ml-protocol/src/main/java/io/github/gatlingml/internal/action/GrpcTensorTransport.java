/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.internal.transport.grpc.KServeGrpcCodec;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.netty.channel.EventLoop;

/** KServe v2 inference as unary gRPC {@code ModelInfer} calls, raw or typed tensor contents. */
final class GrpcTensorTransport implements TensorTransport {
  private final boolean raw;
  private final GrpcChannelPool pool;
  private final RequestHeaders headers;
  private final long timeoutNanos;
  private final boolean perUser;

  GrpcTensorTransport(MlRuntime runtime, RequestHeaders headers, boolean raw) {
    this.raw = raw;
    this.pool = runtime.grpc();
    this.headers = headers;
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.perUser = runtime.protocol().connectionPerUser();
  }

  @Override
  public String label() {
    return raw ? "grpc" : "grpc-typed";
  }

  @Override
  public Encoded encode(InferPayload payload) {
    return new Encoded(KServeGrpcCodec.encode(payload, raw), -1, null, null);
  }

  @Override
  public void send(RequestOutcome.Unary attempt, EventLoop loop, Encoded request) {
    byte[] body = request.body();
    Metadata metadata = headers.grpc(attempt.session);
    ManagedChannel channel = pool.channel(loop, attempt.session.userId(), perUser);
    attempt.bytesSent = body.length;
    attempt.sent();
    GrpcChannelPool.unary(
        channel,
        KServeGrpcCodec.MODEL_INFER_BYTES,
        body,
        metadata,
        timeoutNanos,
        (status, response, trailers) -> {
          // grpc-java would swallow an exception thrown here and the user would wait forever.
          try {
            if (status.isOk() && response != null) {
              MlResponse r =
                  MlResponse.grpc("OK", null, response, KServeGrpcCodec.decode(response), null);
              attempt.responded(r, response.length);
            } else {
              attempt.grpcClosed(status, pool.target(), pool.usesTls(), timeoutNanos);
            }
          } catch (RuntimeException e) {
            attempt.ko(KoReason.of(KoReason.MALFORMED, KoReason.describe(e)), null);
          }
        });
  }
}
