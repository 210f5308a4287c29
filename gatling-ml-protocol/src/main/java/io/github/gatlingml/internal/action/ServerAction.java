/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.action;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.metrics.RequestInfo;
import io.github.gatlingml.protocol.MlRuntime;
import io.github.gatlingml.transport.Transport;
import io.github.gatlingml.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.transport.rest.KServeRestCodec;
import io.github.gatlingml.transport.rest.RestCallback;
import io.github.gatlingml.transport.rest.RestRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Health, metadata, configuration and statistics requests, logged like any other request. Over gRPC
 * the answer is also turned into JSON (snake_case field names, like the REST answers), so the same
 * {@code jsonPath} checks work on both transports.
 */
public final class ServerAction implements MlAction {
  private static final byte[] EMPTY = new byte[0];

  /**
   * snake_case like the REST answers, and fields at their default value printed too: proto3 omits
   * false/0/"" otherwise, so a not-ready answer would read {@code {}} and {@code $.ready} not
   * exist.
   */
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer()
          .preservingProtoFieldNames()
          .alwaysPrintFieldsWithNoPresence()
          .omittingInsignificantWhitespace();

  private final String requestName;
  private final MlRuntime runtime;
  private final ServerCall call;
  private final Function<Session, String> model;
  private final Function<Session, String> version;
  private final Transport transport;
  private final RequestHeaders headers;
  private final RequestOutcome outcome;
  private final long timeoutNanos;
  private final HttpHeaders restHeaders = new DefaultHttpHeaders();

  public ServerAction(
      String requestName,
      MlRuntime runtime,
      ServerCall call,
      Function<Session, String> model,
      Function<Session, String> version,
      String fixedModel,
      Transport transport,
      List<MlCheck> checks) {
    this.requestName = requestName;
    this.runtime = runtime;
    this.call = call;
    this.model = model;
    this.version = version;
    this.transport = transport;
    this.headers = new RequestHeaders(runtime.protocol().headers());
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.outcome =
        new RequestOutcome(
            runtime,
            requestName,
            runtime
                .metrics()
                .recorder(
                    requestName,
                    RequestInfo.of(call.kind(), transport.isGrpc() ? "grpc" : "rest", fixedModel)),
            checks);
    restHeaders.set(HttpHeaderNames.ACCEPT, "application/json");
    if (transport.isGrpc()) {
      runtime.grpc();
    } else {
      runtime.rest();
    }
  }

  @Override
  public String name() {
    return requestName;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    String m;
    String v;
    try {
      m = model == null ? null : model.apply(session);
      v = version == null ? "" : version.apply(session);
    } catch (RuntimeException e) {
      outcome.notSent(session, requestName + ": " + e.getMessage(), next);
      return;
    }
    if (transport.isGrpc()) {
      grpc(session, loop, m, v, next);
    } else {
      rest(session, loop, m, v, next);
    }
  }

  private void grpc(Session session, EventLoop loop, String m, String v, Consumer<Session> next) {
    GrpcChannelPool pool = runtime.grpc();
    Message request = call.grpcRequest(m, v);
    long startMs = outcome.nowMillis();
    long startNanos = System.nanoTime();
    outcome.sent();
    int sent = request.getSerializedSize();
    try {
      GrpcChannelPool.unary(
          pool.channel(loop, session.userId(), runtime.protocol().connectionPerUser()),
          call.method(),
          request,
          headers.grpc(session),
          timeoutNanos,
          (status, response, trailers) -> {
            if (status.isOk() && response != null) {
              Boolean healthy = call.healthy(response);
              String json;
              try {
                json = JSON.print(response);
              } catch (InvalidProtocolBufferException e) {
                json = "{}";
              }
              String code = Boolean.FALSE.equals(healthy) ? "NOT_READY" : "OK";
              MlResponse r =
                  MlResponse.grpc(
                      transport,
                      code,
                      Boolean.FALSE.equals(healthy) ? "server answered " + json : null,
                      response.toByteArray(),
                      null,
                      json);
              outcome.responded(
                  session, r, startMs, startNanos, sent, response.getSerializedSize(), next);
            } else {
              outcome.grpcError(
                  session,
                  status,
                  transport,
                  pool.target(),
                  timeoutNanos,
                  startMs,
                  startNanos,
                  sent,
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
          sent,
          next);
    }
  }

  private void rest(Session session, EventLoop loop, String m, String v, Consumer<Session> next) {
    RestRequest request =
        new RestRequest(
            HttpMethod.GET,
            call.restPath(m, v),
            headers.http(session, restHeaders, runtime.rest(), 0, -1),
            EMPTY,
            timeoutNanos);
    long startMs = outcome.nowMillis();
    long startNanos = System.nanoTime();
    outcome.sent();
    runtime
        .rest()
        .execute(
            loop,
            session.userId(),
            runtime.protocol().connectionPerUser(),
            request,
            new RestCallback() {
              @Override
              public void onResponse(FullHttpResponse response) {
                byte[] bytes = ByteBufUtil.getBytes(response.content());
                int status = response.status().code();
                String error =
                    status >= 200 && status < 300 ? null : KServeRestCodec.errorMessage(bytes);
                outcome.responded(
                    session,
                    MlResponse.rest(transport, status, bytes, error, null),
                    startMs,
                    startNanos,
                    0,
                    bytes.length,
                    next);
              }

              @Override
              public void onFailure(String reason, Throwable cause) {
                outcome.restError(session, reason, startMs, startNanos, 0, next);
              }
            });
  }
}
