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
import io.github.gatlingml.internal.transport.grpc.UserStreams;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.channel.EventLoop;

/**
 * KServe v2 inference on the virtual user's own gRPC {@code ModelStreamInfer} stream (Triton's
 * streaming API): one request at a time, the stream's next response answers it.
 */
final class StreamTensorTransport implements TensorTransport {
  private final boolean raw;
  private final GrpcChannelPool pool;
  private final UserStreams streams;
  private final RequestHeaders headers;
  private final long timeoutNanos;
  private final boolean perUser;

  StreamTensorTransport(MlRuntime runtime, RequestHeaders headers, boolean raw) {
    this.raw = raw;
    this.pool = runtime.grpc();
    this.streams = runtime.userStreams();
    this.headers = headers;
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.perUser = runtime.protocol().connectionPerUser();
  }

  @Override
  public String label() {
    // The summary tells the two gRPC modes apart: a stream's requests are not unary calls.
    return (raw ? "grpc" : "grpc-typed") + " (stream)";
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
    streams.send(
        channel,
        loop,
        attempt.session.userId(),
        metadata,
        body,
        timeoutNanos,
        new UserStreams.Callback() {
          @Override
          public void onResponse(byte[] inferResponse, String errorMessage, int bytesReceived) {
            try {
              MlResponse r =
                  errorMessage == null
                      ? MlResponse.grpc(
                          "OK", null, inferResponse, KServeGrpcCodec.decode(inferResponse), null)
                      // Triton answers a failed request on a stream with error_message, the
                      // stream going on.
                      : MlResponse.grpc("STREAM_ERROR", errorMessage, new byte[0], null, null);
              attempt.responded(r, bytesReceived);
            } catch (RuntimeException e) {
              attempt.ko(KoReason.of(KoReason.MALFORMED, KoReason.describe(e)), null);
            }
          }

          @Override
          public void onFailure(Status status) {
            attempt.grpcClosed(status, pool.target(), pool.usesTls(), timeoutNanos);
          }
        });
  }
}
