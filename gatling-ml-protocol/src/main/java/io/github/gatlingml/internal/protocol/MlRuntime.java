/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.internal.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.internal.transport.grpc.UserStreams;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.netty.channel.EventLoop;

/**
 * What one ml protocol configuration holds during a run: its REST client and gRPC channel pool,
 * both on Gatling's event loops, and the run it records into.
 */
public final class MlRuntime implements AutoCloseable {
  private final MlProtocol protocol;
  private final MlRun run;
  private final RestClient rest;
  private final GrpcChannelPool grpc;
  private final UserStreams userStreams = new UserStreams();

  public MlRuntime(MlProtocol protocol, MlRun run) {
    this.protocol = protocol;
    this.run = run;
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, protocol.requestTimeout().toMillis());
    this.rest =
        protocol.restBaseUrl() == null
            ? null
            : new RestClient(
                protocol.restBaseUrl(),
                protocol.httpConnections(),
                protocol.maxResponseBytes(),
                connectTimeout,
                protocol.tls());
    this.grpc =
        protocol.grpcTarget() == null
            ? null
            : new GrpcChannelPool(
                protocol.grpcTarget(),
                protocol.grpcChannels(),
                protocol.maxResponseBytes(),
                protocol.grpcTls() ? protocol.tls() : null,
                protocol.tls().serverName());
    boolean usesTls =
        protocol.grpcTls()
            || protocol.restBaseUrl() != null
                && "https".equalsIgnoreCase(protocol.restBaseUrl().getScheme());
    if (usesTls && protocol.tls().insecure()) {
      System.out.println(
          "gatling-ml: WARNING: TLS certificates are not verified (ml.insecureTls()): any server"
              + " can pose as "
              + Secrets.redact(
                  protocol.restBaseUrl() != null
                      ? protocol.restBaseUrl().toString()
                      : protocol.grpcTarget())
              + "; use it with test servers only");
    }
    run.register(this);
  }

  public MlProtocol protocol() {
    return protocol;
  }

  public MlRun run() {
    return run;
  }

  public StatsLogger stats() {
    return run.stats();
  }

  public MetricsRegistry metrics() {
    return run.metrics();
  }

  /** The REST client. */
  public RestClient rest() {
    if (rest == null) {
      throw new IllegalArgumentException(
          "this request uses REST but the ml protocol has no restBaseUrl; set ml.restBaseUrl(\"http://host:8000\")");
    }
    return rest;
  }

  /** The gRPC channel pool. */
  public GrpcChannelPool grpc() {
    if (grpc == null) {
      throw new IllegalArgumentException(
          "this request uses gRPC but the ml protocol has no grpcTarget; set ml.grpcTarget(\"host:8001\")");
    }
    return grpc;
  }

  /**
   * The virtual users' own ModelStreamInfer streams ({@code infer(...).overStream()}), on the gRPC
   * channels of {@link #grpc()}.
   */
  public UserStreams userStreams() {
    grpc();
    return userStreams;
  }

  /**
   * Frees what a virtual user held on its own: its stream, and its connections in the per-user
   * connection model. Call on its loop.
   */
  public void releaseUser(Session session, EventLoop loop) {
    userStreams.release(loop, session.userId());
    if (!protocol.connectionPerUser()) {
      return;
    }
    if (rest != null) {
      rest.releaseUser(loop, session.userId());
    }
    if (grpc != null) {
      grpc.releaseUser(loop, session.userId());
    }
  }

  /** Closes every connection; exchanges still open fail, so they are counted. */
  @Override
  public void close() {
    if (rest != null) {
      rest.close();
    }
    if (grpc != null) {
      grpc.close();
    }
  }
}
