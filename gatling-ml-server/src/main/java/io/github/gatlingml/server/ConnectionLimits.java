/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import java.time.Duration;

/**
 * How the server protects itself from slow or hostile clients, with defaults generous enough not to
 * disturb a load test. Immutable; every {@code with...} returns new limits.
 *
 * <ul>
 *   <li>{@code idleTimeout} (60 s): a REST connection with no request in progress or being answered
 *       is closed after this long; a gRPC connection with no call gets a GOAWAY (max connection
 *       idle). {@link Duration#ZERO} = never.
 *   <li>{@code requestTimeout} (30 s): a REST request whose head and body have not all arrived this
 *       long after its first byte closes the connection (slow-loris); it also bounds the TLS and
 *       HTTP/2 handshake of a gRPC connection. {@link Duration#ZERO} = never.
 *   <li>{@code maxConnections} (10,000): connections each listener (REST, gRPC, metrics) holds at
 *       once; those beyond it are closed as soon as accepted. 0 = no cap.
 *   <li>{@code maxStreamBufferBytes} (1 MiB): bytes that may wait for one streaming client (an SSE
 *       response, a gRPC stream) that does not read; beyond it the generation is cancelled and the
 *       connection (SSE) or stream (gRPC, RESOURCE_EXHAUSTED) dropped.
 * </ul>
 */
public final class ConnectionLimits {
  private final Duration idleTimeout;
  private final Duration requestTimeout;
  private final int maxConnections;
  private final int maxStreamBufferBytes;

  private ConnectionLimits(
      Duration idleTimeout, Duration requestTimeout, int maxConnections, int maxStreamBufferBytes) {
    this.idleTimeout = requireNonNegative("idle timeout", idleTimeout);
    this.requestTimeout = requireNonNegative("request timeout", requestTimeout);
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "max connections must be 0 (no cap) or more, got " + maxConnections);
    }
    if (maxStreamBufferBytes < 1) {
      throw new IllegalArgumentException(
          "max stream buffer bytes must be at least 1, got " + maxStreamBufferBytes);
    }
    this.maxConnections = maxConnections;
    this.maxStreamBufferBytes = maxStreamBufferBytes;
  }

  /** 60 s idle, 30 s per request, 10,000 connections per listener, 1 MiB per stream. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(60), Duration.ofSeconds(30), 10_000, 1 << 20);
  }

  public ConnectionLimits withIdleTimeout(Duration timeout) {
    return new ConnectionLimits(timeout, requestTimeout, maxConnections, maxStreamBufferBytes);
  }

  public ConnectionLimits withRequestTimeout(Duration timeout) {
    return new ConnectionLimits(idleTimeout, timeout, maxConnections, maxStreamBufferBytes);
  }

  public ConnectionLimits withMaxConnections(int max) {
    return new ConnectionLimits(idleTimeout, requestTimeout, max, maxStreamBufferBytes);
  }

  public ConnectionLimits withMaxStreamBufferBytes(int bytes) {
    return new ConnectionLimits(idleTimeout, requestTimeout, maxConnections, bytes);
  }

  /** {@link Duration#ZERO} = never. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** {@link Duration#ZERO} = never. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** 0 = no cap. */
  public int maxConnections() {
    return maxConnections;
  }

  public int maxStreamBufferBytes() {
    return maxStreamBufferBytes;
  }

  private static Duration requireNonNegative(String what, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be 0 (never) or more, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "idle timeout "
        + describe(idleTimeout)
        + ", request timeout "
        + describe(requestTimeout)
        + ", max connections "
        + (maxConnections == 0 ? "unlimited" : maxConnections)
        + ", max stream buffer "
        + maxStreamBufferBytes
        + " bytes";
  }

  private static String describe(Duration d) {
    return d.isZero()
        ? "none"
        : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
