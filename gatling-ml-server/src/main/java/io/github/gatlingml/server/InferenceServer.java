/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.grpc.GrpcServer;
import io.github.gatlingml.server.model.Model;
import io.github.gatlingml.server.model.TinyLlmModel;
import io.github.gatlingml.server.net.NetworkStats;
import io.github.gatlingml.server.rest.RestServer;
import io.github.gatlingml.server.tls.TlsConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The embedded KServe v2 / Triton-compatible inference server: REST, gRPC and Prometheus metrics
 * over simulated models with realistic capacity. Start it in one line:
 *
 * <pre>{@code
 * try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
 *   String url = server.restBaseUrl();    // http://127.0.0.1:<port>
 *   String target = server.grpcTarget();  // 127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class InferenceServer implements AutoCloseable {
  private final ServerConfig config;
  private final InferenceEngine engine;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService grpcExecutor;
  private final RestServer rest;
  private final RestServer metrics;
  private final GrpcServer grpc;
  private final NetworkStats network;

  private InferenceServer(
      ServerConfig config,
      InferenceEngine engine,
      EventLoopGroup boss,
      EventLoopGroup workers,
      ExecutorService grpcExecutor,
      RestServer rest,
      RestServer metrics,
      GrpcServer grpc,
      NetworkStats network) {
    this.config = config;
    this.engine = engine;
    this.boss = boss;
    this.workers = workers;
    this.grpcExecutor = grpcExecutor;
    this.rest = rest;
    this.metrics = metrics;
    this.grpc = grpc;
    this.network = network;
  }

  /** Starts a server on free ports with every model at default capacity. */
  public static InferenceServer startOnFreePorts() {
    return start(ServerConfig.onFreePorts());
  }

  /**
   * Starts a server.
   *
   * @throws IllegalStateException when a port cannot be bound (the message names it), or when the
   *     TLS settings cannot be used
   */
  public static InferenceServer start(ServerConfig config) {
    List<Model> models = new ArrayList<>();
    for (String name : config.models()) {
      models.add(
          name.equals(TinyLlmModel.NAME)
              ? new TinyLlmModel(config.llm())
              : ServerConfig.KNOWN_MODELS.get(name).get());
    }
    SslContext restSsl = null;
    SslContext grpcSsl = null;
    if (config.tls().isPresent()) {
      TlsConfig tls = config.tls().get();
      try {
        restSsl = config.httpPort() >= 0 ? tls.restContext() : null;
        grpcSsl = config.grpcPort() >= 0 ? tls.grpcContext() : null;
      } catch (SSLException | RuntimeException e) {
        throw new IllegalStateException("cannot set up TLS (" + tls + "): " + e.getMessage(), e);
      }
    }
    NetworkStats network = new NetworkStats();
    InferenceEngine engine =
        new InferenceEngine(models, config.capacities(), config.versions(), config.seed());
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("gatling-ml-server-accept", true), io);
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("gatling-ml-server-io", true),
            io);
    ExecutorService grpcExecutor =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("gatling-ml-server-grpc", true));
    RestServer rest = null;
    RestServer metrics = null;
    GrpcServer grpc = null;
    int port = config.httpPort();
    String what = "HTTP";
    try {
      if (config.httpPort() >= 0) {
        rest =
            RestServer.bind(
                engine,
                config.host(),
                config.httpPort(),
                config.maxRequestBytes(),
                false,
                restSsl,
                config.limits(),
                network,
                boss,
                workers,
                channelType);
      }
      what = "gRPC";
      port = config.grpcPort();
      if (config.grpcPort() >= 0) {
        grpc =
            GrpcServer.start(
                engine,
                config.host(),
                config.grpcPort(),
                config.maxRequestBytes(),
                grpcSsl,
                config.limits(),
                network,
                boss,
                workers,
                channelType,
                grpcExecutor);
      }
      what = "metrics";
      port = config.metricsPort();
      if (config.metricsPort() >= 0) {
        metrics =
            RestServer.bind(
                engine,
                config.host(),
                config.metricsPort(),
                1024 * 1024,
                true,
                null,
                config.limits(),
                network,
                boss,
                workers,
                channelType);
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      InferenceServer partial =
          new InferenceServer(
              config, engine, boss, workers, grpcExecutor, rest, metrics, grpc, network);
      partial.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "cannot start the "
              + what
              + " listener on "
              + config.host()
              + ":"
              + port
              + " ("
              + e
              + "); is another server using that port? Pass 0 to pick a free port",
          e);
    }
    return new InferenceServer(
        config, engine, boss, workers, grpcExecutor, rest, metrics, grpc, network);
  }

  /**
   * The REST base URL, e.g. {@code http://127.0.0.1:8000}, or {@code https://127.0.0.1:8000} when
   * the server serves TLS.
   */
  public String restBaseUrl() {
    return (tlsEnabled() ? "https://" : "http://") + hostForUrl() + ":" + httpPort();
  }

  /** Whether REST and gRPC are served over TLS (the metrics listener is always plaintext). */
  public boolean tlsEnabled() {
    return config.tls().isPresent();
  }

  /** Whether clients must present a certificate (mutual TLS). */
  public boolean mutualTls() {
    return config.tls().map(TlsConfig::mutualTls).orElse(false);
  }

  /**
   * What the protections against slow or hostile clients did (refused connections, timeouts,
   * dropped streams, the largest backlog a streaming client left).
   */
  public NetworkStats networkStats() {
    return network;
  }

  /** The gRPC target, e.g. {@code 127.0.0.1:8001} (over TLS when {@link #tlsEnabled()}). */
  public String grpcTarget() {
    return hostForUrl() + ":" + grpcPort();
  }

  /** The Prometheus metrics URL, e.g. {@code http://127.0.0.1:8002/metrics}. */
  public String metricsUrl() {
    return "http://" + hostForUrl() + ":" + metricsPort() + "/metrics";
  }

  private String hostForUrl() {
    String h = config.host();
    if (h.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /** The bound HTTP port, or -1 when disabled. */
  public int httpPort() {
    return rest == null ? -1 : rest.port();
  }

  /** The bound gRPC port, or -1 when disabled. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** The bound metrics port, or -1 when disabled. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /**
   * gRPC ModelStreamInfer streams clients have opened so far (0 when gRPC is disabled): tells a
   * test whether requests shared a stream.
   */
  public long grpcStreamsOpened() {
    return grpc == null ? 0 : grpc.streamsOpened();
  }

  /** The engine, for statistics and for loading/unloading models. */
  public InferenceEngine engine() {
    return engine;
  }

  /** The configuration this server started with. */
  public ServerConfig config() {
    return config;
  }

  /** Stops every listener, then the model timers and threads. */
  @Override
  public void close() {
    if (grpc != null) {
      grpc.close();
    }
    if (rest != null) {
      rest.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    engine.close();
    grpcExecutor.shutdown();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
