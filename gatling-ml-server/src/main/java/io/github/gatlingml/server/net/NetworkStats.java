/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server's protections did: connections refused over the cap, closed by a timeout, streams
 * dropped because their client did not read. Counters since the start; thread-safe.
 */
public final class NetworkStats {
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong requestTimeouts = new AtomicLong();
  private final AtomicLong idleTimeouts = new AtomicLong();
  private final AtomicLong slowStreams = new AtomicLong();
  private final AtomicLong peakPending = new AtomicLong();

  /** Connections closed at once because the listener had its maximum open. */
  public long connectionsRefused() {
    return refused.get();
  }

  /** REST connections closed because a request did not arrive whole within the request timeout. */
  public long requestTimeouts() {
    return requestTimeouts.get();
  }

  /** REST connections closed after staying idle (no request in progress) for the idle timeout. */
  public long idleTimeouts() {
    return idleTimeouts.get();
  }

  /**
   * Streams (SSE or gRPC) dropped because more than the per-stream buffer limit was waiting for a
   * client that did not read.
   */
  public long slowStreamsDropped() {
    return slowStreams.get();
  }

  /**
   * The most bytes ever seen waiting to be sent to one streaming client: a REST connection's
   * outbound buffer after writing an SSE chunk, or a gRPC stream's responses queued while the
   * transport was not ready.
   */
  public long peakStreamPendingBytes() {
    return peakPending.get();
  }

  void refused() {
    refused.incrementAndGet();
  }

  public void requestTimedOut() {
    requestTimeouts.incrementAndGet();
  }

  public void idleTimedOut() {
    idleTimeouts.incrementAndGet();
  }

  public void slowStreamDropped() {
    slowStreams.incrementAndGet();
  }

  /** Records the bytes waiting for one streaming client. */
  public void streamPending(long bytes) {
    // A read first: no contended write while the peak stays.
    if (bytes > peakPending.get()) {
      peakPending.accumulateAndGet(bytes, Math::max);
    }
  }

  @Override
  public String toString() {
    return "connections refused "
        + connectionsRefused()
        + ", request timeouts "
        + requestTimeouts()
        + ", idle timeouts "
        + idleTimeouts()
        + ", slow streams dropped "
        + slowStreamsDropped()
        + ", peak stream pending bytes "
        + peakStreamPendingBytes();
  }
}
