/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.metrics.RequestInfo;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.metrics.RequestKind;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.function.Consumer;

/**
 * KServe v2 inference over one {@link TensorTransport}. A request whose parts are all fixed is
 * encoded once, when the simulation is built; otherwise it is assembled per request from tensors
 * that are themselves encoded once (raw bytes are shared, never re-encoded).
 */
public final class InferAction implements MlAction {
  /** How an inference request travels; the DSL's transports map onto these. */
  public enum Wire {
    /** Unary gRPC, raw tensor contents. */
    GRPC_RAW,
    /** Unary gRPC, typed tensor contents. */
    GRPC_TYPED,
    /** REST, JSON tensors. */
    REST_JSON,
    /** REST, Triton's binary tensor extension. */
    REST_BINARY
  }

  private final String requestName;
  private final PayloadSpec payload;
  private final TensorTransport transport;
  private final RequestOutcome outcome;

  /** The encoded request when every part is fixed. */
  private final TensorTransport.Encoded fixed;

  /**
   * @param overStream send on the virtual user's own ModelStreamInfer stream rather than as unary
   *     calls (gRPC wires only)
   * @throws IllegalArgumentException when the protocol lacks the wire's target, or a fixed request
   *     cannot be encoded
   */
  public InferAction(
      String requestName,
      MlRuntime runtime,
      PayloadSpec payload,
      Wire wire,
      boolean overStream,
      List<MlCheck> checks) {
    this.requestName = requestName;
    this.payload = payload;
    this.transport = transport(runtime, wire, overStream);
    String model = payload.model().isFixed() ? payload.model().fixed() : null;
    this.outcome =
        new RequestOutcome(
            runtime,
            requestName,
            runtime
                .metrics()
                .recorder(requestName, RequestInfo.of(RequestKind.INFER, transport.label(), model)),
            checks);
    this.fixed = payload.isFixed() ? transport.encode(payload.resolve(null)) : null;
  }

  private static TensorTransport transport(MlRuntime runtime, Wire wire, boolean overStream) {
    RequestHeaders headers = new RequestHeaders(runtime.protocol().headers());
    boolean grpc = wire == Wire.GRPC_RAW || wire == Wire.GRPC_TYPED;
    if (overStream && !grpc) {
      throw new IllegalArgumentException(
          "only gRPC requests can be sent over a stream: use .grpc() or .grpcTyped() with"
              + " .overStream()");
    }
    if (overStream) {
      return new StreamTensorTransport(runtime, headers, wire == Wire.GRPC_RAW);
    }
    return grpc
        ? new GrpcTensorTransport(runtime, headers, wire == Wire.GRPC_RAW)
        : new RestTensorTransport(runtime, headers, wire == Wire.REST_BINARY);
  }

  @Override
  public String name() {
    return requestName;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    RequestOutcome.Unary attempt = outcome.begin(session, next);
    try {
      TensorTransport.Encoded request =
          fixed != null ? fixed : transport.encode(payload.resolve(session));
      transport.send(attempt, loop, request);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      attempt.crash(e);
    }
  }
}
