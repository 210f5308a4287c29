/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.protocol;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.metrics.MetricsRegistry;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryWriter;
import io.github.gatlingml.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.transport.rest.RestClient;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything the ml protocol holds for one run: the REST client and gRPC channel pool (on
 * Gatling's event loops), the ML metrics registry and the link to Gatling's stats. Closed once,
 * when the run ends, after which ml-summary.json is written.
 */
public final class MlRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MlRuntime.class.getName());

  private final MlProtocol protocol;
  private final StatsLogger stats;
  private final MetricsRegistry metrics;
  private final RestClient rest;
  private final GrpcChannelPool grpc;
  private final long startEpochMs;
  private final AtomicBoolean closed = new AtomicBoolean();

  public MlRuntime(MlProtocol protocol, StatsLogger stats, EventLoopGroup eventLoops) {
    this.protocol = protocol;
    this.stats = stats;
    this.startEpochMs = System.currentTimeMillis();
    this.metrics = MetricsRegistry.create();
    this.metrics.start();
    this.metrics.probeEventLoops(eventLoops, 100);
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, protocol.requestTimeout().toMillis());
    this.rest =
        protocol.restBaseUrl() == null
            ? null
            : new RestClient(protocol.restBaseUrl(), protocol.httpConnections(), protocol.maxResponseBytes(), connectTimeout);
    this.grpc =
        protocol.grpcTarget() == null
            ? null
            : new GrpcChannelPool(protocol.grpcTarget(), protocol.grpcChannels(), protocol.maxResponseBytes());
  }

  public MlProtocol protocol() {
    return protocol;
  }

  public StatsLogger stats() {
    return stats;
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  /** The REST client; the protocol builder made sure one exists when a request needs it. */
  public RestClient rest() {
    if (rest == null) {
      throw new IllegalStateException(
          "this request uses REST but the ml protocol has no restBaseUrl; set ml.restBaseUrl(\"http://host:8000\")");
    }
    return rest;
  }

  /** The gRPC channel pool. */
  public GrpcChannelPool grpc() {
    if (grpc == null) {
      throw new IllegalStateException(
          "this request uses gRPC but the ml protocol has no grpcTarget; set ml.grpcTarget(\"host:8001\")");
    }
    return grpc;
  }

  /** True when the REST client exists. */
  public boolean hasRest() {
    return rest != null;
  }

  /** True when the gRPC pool exists. */
  public boolean hasGrpc() {
    return grpc != null;
  }

  /** Frees what a virtual user held on its own (per-user connection model). */
  public void releaseUser(Session session, EventLoop loop) {
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

  /**
   * Ends the run: closes connections (failing what is still in flight, so it is counted), takes
   * the final metrics sample and writes ml-summary.json.
   *
   * @param resultsRoot Gatling's results folder if known, used to find this run's report folder
   */
  public Optional<Path> finish(Path resultsRoot) {
    if (!closed.compareAndSet(false, true)) {
      return Optional.empty();
    }
    close();
    metrics.stop();
    Path target = summaryTarget(resultsRoot);
    String simulation = simulationName(target);
    RunSummary summary = metrics.summary(simulation, target.getParent().getFileName().toString());
    try {
      Files.createDirectories(target.getParent());
      SummaryWriter.write(summary, target);
      System.out.println("gatling-ml: ML summary written to " + target.toAbsolutePath());
      return Optional.of(target);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "gatling-ml: cannot write " + target + ": " + e, e);
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (rest != null) {
      rest.close();
    }
    if (grpc != null) {
      grpc.close();
    }
  }

  /**
   * Where the summary goes: the configured path, else the newest Gatling run folder (the one
   * holding a simulation.log written since this run started), else the results root itself.
   */
  private Path summaryTarget(Path resultsRoot) {
    if (protocol.summaryPath() != null) {
      Path p = Path.of(protocol.summaryPath());
      return Files.isDirectory(p) ? p.resolve("ml-summary.json") : p;
    }
    Path root = resultsRoot != null ? resultsRoot : ResultsFolder.guess();
    return ResultsFolder.newestRunSince(root, startEpochMs)
        .map(dir -> dir.resolve("ml-summary.json"))
        .orElse(root.resolve("ml-summary-" + Instant.ofEpochMilli(startEpochMs).toString().replace(':', '-') + "/ml-summary.json"));
  }

  private static String simulationName(Path target) {
    String dir = target.getParent().getFileName().toString();
    int dash = dir.lastIndexOf('-');
    return dash > 0 ? dir.substring(0, dash) : dir;
  }
}
