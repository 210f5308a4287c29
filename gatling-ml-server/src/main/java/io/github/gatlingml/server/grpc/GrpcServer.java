/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.grpc;

import io.github.gatlingml.server.ConnectionLimits;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.net.ConnectionCap;
import io.github.gatlingml.server.net.NetworkStats;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC front end on grpc-netty: GRPCInferenceService, {@code grpc.health.v1.Health} and server
 * reflection (v1 and v1alpha, so grpcurl and similar tools can explore the API).
 */
public final class GrpcServer implements AutoCloseable {
  private final Server server;
  private final HealthStatusManager health;
  private final InferenceGrpcService service;

  private GrpcServer(Server server, HealthStatusManager health, InferenceGrpcService service) {
    this.server = server;
    this.health = health;
    this.service = service;
  }

  /**
   * Starts the server on the given Netty event loops; {@code executor} completes inferences (and
   * encodes their responses) off the model timers.
   *
   * @param ssl the TLS context ({@code TlsConfig.grpcContext()}), or null for plaintext
   * @param limits idle timeout (max connection idle), request timeout (handshake), connection cap,
   *     and the bound of the responses queued for a stream whose client does not read
   */
  @SuppressWarnings("deprecation") // v1alpha reflection: older grpcurl releases only speak it
  public static GrpcServer start(
      InferenceEngine engine,
      String host,
      int port,
      int maxMessageBytes,
      SslContext ssl,
      ConnectionLimits limits,
      NetworkStats stats,
      EventLoopGroup boss,
      EventLoopGroup workers,
      Class<? extends ServerChannel> channelType,
      Executor executor)
      throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("inference.GRPCInferenceService", ServingStatus.SERVING);
    InferenceGrpcService service =
        new InferenceGrpcService(engine, executor, workers, limits.maxStreamBufferBytes(), stats);
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            // The connection cap sits in the listening channel's pipeline.
            .channelFactory(
                new ConnectionCap(limits.maxConnections(), stats).channelFactory(channelType))
            // Handlers never block (inference is asynchronous), so they run on the Netty event
            // loop that read the request: no hop before a request reaches its model's queue.
            .directExecutor()
            .maxInboundMessageSize(maxMessageBytes)
            // Dead peers are found by pings (after a minute without frames, 20 s to answer);
            // clients may ping as often as every 10 s, even between calls, without a GOAWAY.
            .keepAliveTime(60, TimeUnit.SECONDS)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addStreamTracerFactory(new ArrivalStamps())
            .addService(service)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
    if (!limits.idleTimeout().isZero()) {
      // A connection without calls for this long gets a GOAWAY (clients reconnect when needed).
      b.maxConnectionIdle(limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (!limits.requestTimeout().isZero()) {
      // TLS and HTTP/2 handshakes must finish in time: a connection that never speaks is closed.
      b.handshakeTimeout(limits.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (ssl != null) {
      b.sslContext(ssl);
    }
    Server server = b.build().start();
    return new GrpcServer(server, health, service);
  }

  /** ModelStreamInfer streams opened by clients so far. */
  public long streamsOpened() {
    return service.streamsOpened();
  }

  /** The port actually bound. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
