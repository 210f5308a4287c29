/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.grpc;

import io.github.gatlingml.server.engine.InferenceEngine;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
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
   */
  @SuppressWarnings("deprecation") // v1alpha reflection: older grpcurl releases only speak it
  public static GrpcServer start(
      InferenceEngine engine,
      String host,
      int port,
      int maxMessageBytes,
      EventLoopGroup boss,
      EventLoopGroup workers,
      Class<? extends ServerChannel> channelType,
      Executor executor)
      throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("inference.GRPCInferenceService", ServingStatus.SERVING);
    InferenceGrpcService service = new InferenceGrpcService(engine, executor, workers);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelType(channelType)
            // Handlers never block (inference is asynchronous), so they run on the Netty event
            // loop that read the request: no hop before a request reaches its model's queue.
            .directExecutor()
            .maxInboundMessageSize(maxMessageBytes)
            .addStreamTracerFactory(new ArrivalStamps())
            .addService(service)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance())
            .build()
            .start();
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
