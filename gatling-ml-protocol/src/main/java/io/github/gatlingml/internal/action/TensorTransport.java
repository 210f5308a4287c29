/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.github.gatlingml.internal.transport.InferPayload;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * How a KServe v2 inference request travels: its encoding and its exchange. One implementation per
 * transport (REST JSON or binary, unary gRPC raw or typed, the user's own gRPC stream); the infer
 * action knows only this interface. Implementations are built once per action.
 */
interface TensorTransport {
  /** The name in summaries and reports, e.g. {@code rest-json}, {@code grpc (stream)}. */
  String label();

  /**
   * The request in this transport's encoding, from tensors that are themselves encoded once. Called
   * once for the whole run when every part of the request is fixed.
   */
  Encoded encode(InferPayload payload);

  /**
   * Sends the request and ends {@code attempt} when the answer (or the failure) comes, on {@code
   * loop}. Whatever can fail before the request is handed over (a header's session value) throws
   * from here, before {@link Attempt#sent()}, so it counts as "request not built".
   */
  void send(RequestOutcome.Unary attempt, EventLoop loop, Encoded request);

  /**
   * An encoded request.
   *
   * @param body gRPC message bytes, or the REST body
   * @param jsonLength REST binary extension: the length of the JSON header, else -1
   * @param path REST path, or null for gRPC
   * @param fixedHeaders the request's complete REST headers when they depend on nothing per
   *     request, else null
   */
  record Encoded(byte[] body, int jsonLength, String path, HttpHeaders fixedHeaders) {}
}
