/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;

/**
 * Stamps when each request message reached the server, as the transport saw it: when grpc-java
 * started reading the message, before it parses it and calls the handler. Timing the model from the
 * handler instead would add grpc-java's parsing and dispatch (a good fraction of a millisecond on a
 * quiet machine, where that code is cold) to every latency the server promises: tiny_llm's TTFT is
 * "80 ms from arrival". Not the stream's headers: a client may open a stream long before it sends
 * its first request on it.
 */
final class ArrivalStamps extends ServerStreamTracer.Factory {
  private static final Context.Key<Stamps> KEY = Context.key("gatling-ml.arrival");

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    return new Stamps();
  }

  /**
   * When message {@code index} (0-based) of the current call arrived; {@code System.nanoTime()}
   * when the call carries no stamps (not served through {@link GrpcServer}).
   */
  static long arrivedNanos(int index) {
    Stamps stamps = KEY.get();
    return stamps == null ? System.nanoTime() : stamps.arrivedNanos(index);
  }

  private static final class Stamps extends ServerStreamTracer {
    // Written and read on the call's event loop (handlers run there, see GrpcServer).
    private int lastIndex = -1;
    private long lastNanos;

    @Override
    public Context filterContext(Context context) {
      return context.withValue(KEY, this);
    }

    @Override
    public void inboundMessage(int seqNo) {
      lastIndex = seqNo;
      lastNanos = System.nanoTime();
    }

    long arrivedNanos(int index) {
      return index == lastIndex ? lastNanos : System.nanoTime();
    }
  }
}
