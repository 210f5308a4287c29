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
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import io.github.gatlingml.internal.transport.rest.RestCallback;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.github.gatlingml.internal.transport.rest.RestRequest;
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

/** KServe v2 inference over REST: JSON tensors, or Triton's binary tensor extension. */
final class RestTensorTransport implements TensorTransport {
  private final boolean binary;
  private final RestClient client;
  private final RequestHeaders headers;
  private final HttpHeaders contentHeaders = new DefaultHttpHeaders();
  private final long timeoutNanos;
  private final boolean perUser;

  RestTensorTransport(MlRuntime runtime, RequestHeaders headers, boolean binary) {
    this.binary = binary;
    this.client = runtime.rest();
    this.headers = headers;
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.perUser = runtime.protocol().connectionPerUser();
    contentHeaders.set(
        HttpHeaderNames.CONTENT_TYPE, binary ? "application/octet-stream" : "application/json");
    contentHeaders.set(HttpHeaderNames.ACCEPT, "application/json");
  }

  @Override
  public String label() {
    return binary ? "rest-binary" : "rest-json";
  }

  @Override
  public Encoded encode(InferPayload payload) {
    KServeRestCodec.Body body = KServeRestCodec.encode(payload, binary);
    HttpHeaders fixed =
        headers.isStatic()
            ? headers.http(null, contentHeaders, client, body.bytes().length, body.jsonLength())
            : null;
    return new Encoded(body.bytes(), body.jsonLength(), path(payload), fixed);
  }

  @Override
  public void send(RequestOutcome.Unary attempt, EventLoop loop, Encoded request) {
    byte[] body = request.body();
    HttpHeaders h =
        request.fixedHeaders() != null
            ? request.fixedHeaders()
            : headers.http(
                attempt.session, contentHeaders, client, body.length, request.jsonLength());
    RestRequest r = new RestRequest(HttpMethod.POST, request.path(), h, body, timeoutNanos);
    attempt.bytesSent = body.length;
    attempt.sent();
    client.execute(
        loop,
        attempt.session.userId(),
        perUser,
        r,
        new RestCallback() {
          @Override
          public void onResponse(FullHttpResponse response) {
            try {
              attempt.retryAfter(
                  response.status().code(), response.headers().get(HttpHeaderNames.RETRY_AFTER));
              attempt.responded(toMlResponse(response), response.content().readableBytes());
            } catch (RuntimeException e) {
              attempt.ko(KoReason.of(KoReason.MALFORMED, KoReason.describe(e)), null);
            }
          }

          @Override
          public void onFailure(KoReason reason) {
            attempt.ko(reason, null);
          }
        });
  }

  /**
   * The response as checks see it. The checks run inside the callback, while the buffer is alive:
   * the body is copied only if one of them asks for it.
   */
  private static MlResponse toMlResponse(FullHttpResponse response) {
    ByteBuf content = response.content();
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      int headerLength = response.headers().getInt(KServeRestCodec.HEADER_LENGTH, -1);
      return MlResponse.rest(
          status,
          () -> ByteBufUtil.getBytes(content),
          null,
          KServeRestCodec.decode(content, headerLength));
    }
    byte[] bytes = ByteBufUtil.getBytes(content);
    return MlResponse.rest(status, bytes, KServeRestCodec.errorMessage(bytes), null);
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
