/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.metrics.RequestInfo;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.protocol.MlRuntime;
import io.github.gatlingml.transport.InferPayload;
import io.github.gatlingml.transport.Transport;
import io.github.gatlingml.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.transport.grpc.KServeGrpcCodec;
import io.github.gatlingml.transport.grpc.UserStreams;
import io.github.gatlingml.transport.rest.KServeRestCodec;
import io.github.gatlingml.transport.rest.RestCallback;
import io.github.gatlingml.transport.rest.RestRequest;
import io.grpc.ManagedChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * KServe v2 inference over gRPC or REST. A request whose parts are all fixed is encoded once, when
 * the simulation is built; otherwise it is assembled per request from tensors that are themselves
 * encoded once (raw bytes are shared, never re-encoded).
 */
public final class InferAction implements MlAction {
  private final String requestName;
  private final MlRuntime runtime;
  private final PayloadSpec payload;
  private final Transport transport;
  private final RequestHeaders headers;
  private final RequestOutcome outcome;
  private final long timeoutNanos;
  private final boolean perUser;
  private final boolean overStream;
  private final HttpHeaders restContentHeaders;

  /** The encoded request when every part is fixed: gRPC message bytes or REST body. */
  private final byte[] fixedBody;

  private final int fixedJsonLength;
  private final String fixedPath;

  /** The complete REST headers when neither the body nor any header depends on the session. */
  private final HttpHeaders fixedRestHeaders;

  public InferAction(
      String requestName,
      MlRuntime runtime,
      PayloadSpec payload,
      Transport transport,
      List<MlCheck> checks) {
    this(requestName, runtime, payload, transport, false, checks);
  }

  /**
   * @param overStream send on the virtual user's own ModelStreamInfer stream ({@link
   *     io.github.gatlingml.transport.grpc.UserStreams}) rather than a unary call (gRPC only)
   */
  public InferAction(
      String requestName,
      MlRuntime runtime,
      PayloadSpec payload,
      Transport transport,
      boolean overStream,
      List<MlCheck> checks) {
    this.requestName = requestName;
    this.runtime = runtime;
    this.payload = payload;
    this.transport = transport;
    this.headers = new RequestHeaders(runtime.protocol().headers());
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.perUser = runtime.protocol().connectionPerUser();
    if (overStream && !transport.isGrpc()) {
      throw new IllegalArgumentException(
          requestName + ": only gRPC requests can be sent over a stream, not " + transport.label());
    }
    this.overStream = overStream;
    String model = payload.model().isFixed() ? payload.model().fixed() : null;
    // The summary tells the two gRPC modes apart: a stream's requests are not unary calls.
    String label = overStream ? transport.label() + " (stream)" : transport.label();
    this.outcome =
        new RequestOutcome(
            runtime,
            requestName,
            runtime
                .metrics()
                .recorder(requestName, RequestInfo.of(RequestKind.INFER, label, model)),
            checks);
    this.restContentHeaders = new DefaultHttpHeaders();
    restContentHeaders.set(
        HttpHeaderNames.CONTENT_TYPE,
        transport == Transport.REST_BINARY ? "application/octet-stream" : "application/json");
    restContentHeaders.set(HttpHeaderNames.ACCEPT, "application/json");
    if (transport.isGrpc()) {
      runtime.grpc(); // fail at build time when the protocol has no gRPC target
    } else {
      runtime.rest();
    }
    if (payload.isFixed()) {
      InferPayload p = payload.resolve(null);
      KServeRestCodec.Body body = encode(p);
      fixedBody = body.bytes();
      fixedJsonLength = body.jsonLength();
      fixedPath = path(p);
    } else {
      fixedBody = null;
      fixedJsonLength = -1;
      fixedPath = null;
    }
    fixedRestHeaders =
        fixedBody != null && !transport.isGrpc() && headers.isStatic()
            ? headers.http(
                null, restContentHeaders, runtime.rest(), fixedBody.length, fixedJsonLength)
            : null;
  }

  @Override
  public String name() {
    return requestName;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    byte[] body;
    int jsonLength;
    String path;
    try {
      if (fixedBody != null) {
        body = fixedBody;
        jsonLength = fixedJsonLength;
        path = fixedPath;
      } else {
        InferPayload p = payload.resolve(session);
        path = path(p);
        KServeRestCodec.Body b = encode(p);
        body = b.bytes();
        jsonLength = b.jsonLength();
      }
    } catch (RuntimeException e) {
      outcome.notSent(session, requestName + ": " + e.getMessage(), next);
      return;
    }
    if (transport.isGrpc()) {
      sendGrpc(session, loop, body, next);
    } else {
      sendRest(session, loop, body, jsonLength, path, next);
    }
  }

  private void sendGrpc(Session session, EventLoop loop, byte[] body, Consumer<Session> next) {
    GrpcChannelPool pool = runtime.grpc();
    long startMs = outcome.nowMillis();
    long startNanos = System.nanoTime();
    outcome.sent();
    try {
      ManagedChannel channel = pool.channel(loop, session.userId(), perUser);
      if (overStream) {
        sendOnStream(session, loop, channel, body, startMs, startNanos, next);
        return;
      }
      GrpcChannelPool.unary(
          channel,
          KServeGrpcCodec.MODEL_INFER_BYTES,
          body,
          headers.grpc(session),
          timeoutNanos,
          (status, response, trailers) -> {
            if (status.isOk() && response != null) {
              MlResponse r =
                  MlResponse.grpc(
                      transport, "OK", null, response, KServeGrpcCodec.decode(response), null);
              outcome.responded(
                  session, r, startMs, startNanos, body.length, response.length, next);
            } else {
              outcome.grpcError(
                  session,
                  status,
                  transport,
                  pool.target(),
                  timeoutNanos,
                  startMs,
                  startNanos,
                  body.length,
                  next);
            }
          });
    } catch (RuntimeException e) {
      outcome.failed(
          session,
          "cannot start gRPC call to " + pool.target() + ": " + e.getMessage(),
          "client error",
          null,
          startMs,
          startNanos,
          body.length,
          next);
    }
  }

  private void sendOnStream(
      Session session,
      EventLoop loop,
      ManagedChannel channel,
      byte[] body,
      long startMs,
      long startNanos,
      Consumer<Session> next) {
    GrpcChannelPool pool = runtime.grpc();
    runtime
        .userStreams()
        .send(
            channel,
            loop,
            session.userId(),
            headers.grpc(session),
            body,
            timeoutNanos,
            new UserStreams.Callback() {
              @Override
              public void onResponse(byte[] inferResponse, String errorMessage, int bytesReceived) {
                MlResponse r =
                    errorMessage == null
                        ? MlResponse.grpc(
                            transport,
                            "OK",
                            null,
                            inferResponse,
                            KServeGrpcCodec.decode(inferResponse),
                            null)
                        // Triton answers a failed request on a stream with error_message, the
                        // stream going on.
                        : MlResponse.grpc(
                            transport, "STREAM_ERROR", errorMessage, new byte[0], null, null);
                outcome.responded(
                    session, r, startMs, startNanos, body.length, bytesReceived, next);
              }

              @Override
              public void onFailure(io.grpc.Status status) {
                outcome.grpcError(
                    session,
                    status,
                    transport,
                    pool.target(),
                    timeoutNanos,
                    startMs,
                    startNanos,
                    body.length,
                    next);
              }
            });
  }

  private void sendRest(
      Session session,
      EventLoop loop,
      byte[] body,
      int jsonLength,
      String path,
      Consumer<Session> next) {
    HttpHeaders h =
        fixedRestHeaders != null
            ? fixedRestHeaders
            : headers.http(session, restContentHeaders, runtime.rest(), body.length, jsonLength);
    RestRequest request = new RestRequest(HttpMethod.POST, path, h, body, timeoutNanos);
    long startMs = outcome.nowMillis();
    long startNanos = System.nanoTime();
    outcome.sent();
    runtime
        .rest()
        .execute(
            loop,
            session.userId(),
            perUser,
            request,
            new RestCallback() {
              @Override
              public void onResponse(FullHttpResponse response) {
                // The checks run now, inside this callback, while the buffer is alive: the body is
                // only
                // copied if one of them asks for it.
                ByteBuf content = response.content();
                int received = content.readableBytes();
                int status = response.status().code();
                MlResponse r;
                if (status >= 200 && status < 300) {
                  int headerLength = response.headers().getInt(KServeRestCodec.HEADER_LENGTH, -1);
                  r =
                      MlResponse.rest(
                          transport,
                          status,
                          () -> ByteBufUtil.getBytes(content),
                          null,
                          KServeRestCodec.decode(content, headerLength));
                } else {
                  byte[] bytes = ByteBufUtil.getBytes(content);
                  r =
                      MlResponse.rest(
                          transport, status, bytes, KServeRestCodec.errorMessage(bytes), null);
                }
                outcome.responded(session, r, startMs, startNanos, body.length, received, next);
              }

              @Override
              public void onFailure(String reason, Throwable cause) {
                outcome.restError(session, reason, startMs, startNanos, body.length, next);
              }
            });
  }

  /**
   * The request in this action's transport: gRPC message bytes, or a REST body (JSON length when
   * binary).
   */
  private KServeRestCodec.Body encode(InferPayload p) {
    if (transport.isGrpc()) {
      return new KServeRestCodec.Body(KServeGrpcCodec.encode(p, transport == Transport.GRPC), -1);
    }
    return KServeRestCodec.encode(p, transport == Transport.REST_BINARY);
  }

  private static String path(InferPayload p) {
    String model = URLEncoder.encode(p.model(), StandardCharsets.UTF_8);
    return p.version().isEmpty()
        ? "/v2/models/" + model + "/infer"
        : "/v2/models/"
            + model
            + "/versions/"
            + URLEncoder.encode(p.version(), StandardCharsets.UTF_8)
            + "/infer";
  }
}
