/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.metrics.RequestInfo;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import io.github.gatlingml.internal.transport.rest.RestCallback;
import io.github.gatlingml.internal.transport.rest.RestRequest;
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
  private final boolean grpc;
  private final RequestHeaders headers;
  private final RequestOutcome outcome;
  private final long timeoutNanos;
  private final HttpHeaders restHeaders = new DefaultHttpHeaders();

  /**
   * @param grpc over gRPC, else REST
   * @throws IllegalArgumentException when the protocol lacks the target
   */
  public ServerAction(
      String requestName,
      MlRuntime runtime,
      ServerCall call,
      Function<Session, String> model,
      Function<Session, String> version,
      String fixedModel,
      boolean grpc,
      List<MlCheck> checks) {
    this.requestName = requestName;
    this.runtime = runtime;
    this.call = call;
    this.model = model;
    this.version = version;
    this.grpc = grpc;
    this.headers = new RequestHeaders(runtime.protocol().headers());
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.outcome =
        new RequestOutcome(
            runtime,
            requestName,
            runtime
                .metrics()
                .recorder(
                    requestName, RequestInfo.of(call.kind(), grpc ? "grpc" : "rest", fixedModel)),
            checks);
    restHeaders.set(HttpHeaderNames.ACCEPT, "application/json");
    if (grpc) {
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
    RequestOutcome.Unary attempt = outcome.begin(session, next);
    try {
      String m = model == null ? null : model.apply(session);
      String v = version == null ? "" : version.apply(session);
      if (grpc) {
        grpc(attempt, loop, m, v);
      } else {
        rest(attempt, loop, m, v);
      }
    } catch (RuntimeException | LinkageError | AssertionError e) {
      attempt.crash(e);
    }
  }

  private void grpc(RequestOutcome.Unary attempt, EventLoop loop, String m, String v) {
    GrpcChannelPool pool = runtime.grpc();
    Message request = call.grpcRequest(m, v);
    io.grpc.Metadata metadata = headers.grpc(attempt.session);
    io.grpc.ManagedChannel channel =
        pool.channel(loop, attempt.session.userId(), runtime.protocol().connectionPerUser());
    attempt.bytesSent = request.getSerializedSize();
    attempt.sent();
    GrpcChannelPool.unary(
        channel,
        call.method(),
        request,
        metadata,
        timeoutNanos,
        (status, response, trailers) -> {
          try {
            if (status.isOk() && response != null) {
              attempt.responded(answer(response), response.getSerializedSize());
            } else {
              attempt.grpcClosed(status, pool.target(), pool.usesTls(), timeoutNanos);
            }
          } catch (RuntimeException e) {
            attempt.ko(KoReason.of(KoReason.MALFORMED, KoReason.describe(e)), null);
          }
        });
  }

  /** A gRPC answer as checks see it: the message, and JSON for jsonPath checks. */
  private MlResponse answer(Message response) {
    Boolean healthy = call.healthy(response);
    String json;
    try {
      json = JSON.print(response);
    } catch (InvalidProtocolBufferException e) {
      json = "{}";
    }
    boolean notReady = Boolean.FALSE.equals(healthy);
    return MlResponse.grpc(
        notReady ? "NOT_READY" : "OK",
        notReady ? "server answered " + json : null,
        response.toByteArray(),
        null,
        json);
  }

  private void rest(RequestOutcome.Unary attempt, EventLoop loop, String m, String v) {
    RestRequest request =
        new RestRequest(
            HttpMethod.GET,
            call.restPath(m, v),
            headers.http(attempt.session, restHeaders, runtime.rest(), 0, -1),
            EMPTY,
            timeoutNanos);
    attempt.sent();
    runtime
        .rest()
        .execute(
            loop,
            attempt.session.userId(),
            runtime.protocol().connectionPerUser(),
            request,
            new RestCallback() {
              @Override
              public void onResponse(FullHttpResponse response) {
                byte[] bytes = ByteBufUtil.getBytes(response.content());
                int status = response.status().code();
                attempt.retryAfter(status, response.headers().get(HttpHeaderNames.RETRY_AFTER));
                String error =
                    status >= 200 && status < 300 ? null : KServeRestCodec.errorMessage(bytes);
                attempt.responded(MlResponse.rest(status, bytes, error, null), bytes.length);
              }

              @Override
              public void onFailure(KoReason reason) {
                attempt.ko(reason, null);
              }
            });
  }
}
