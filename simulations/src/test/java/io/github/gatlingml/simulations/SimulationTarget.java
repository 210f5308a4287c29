/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.time.Duration;

/**
 * Where an example simulation sends its load: the endpoints given by system properties ({@code
 * -Dml.rest.url=http://host:8000}, {@code -Dml.grpc.target=host:8001}), or, when neither is given,
 * an embedded server started on free ports so the example runs on a fresh machine.
 */
final class SimulationTarget implements AutoCloseable {
  final String restUrl;
  final String grpcTarget;
  private final InferenceServer embedded;

  private SimulationTarget(String restUrl, String grpcTarget, InferenceServer embedded) {
    this.restUrl = restUrl;
    this.grpcTarget = grpcTarget;
    this.embedded = embedded;
  }

  /**
   * The configured target, or an embedded server whose models each get {@code slots} execution
   * slots of {@code serviceTime}.
   */
  static SimulationTarget fromSystemProperties(int slots, Duration serviceTime) {
    String rest = blankToNull(System.getProperty("ml.rest.url"));
    String grpc = blankToNull(System.getProperty("ml.grpc.target"));
    if (rest != null || grpc != null) {
      return new SimulationTarget(rest, grpc, null);
    }
    InferenceServer server =
        InferenceServer.start(
            ServerConfig.onFreePorts().withDefaultCapacity(Capacity.of(slots, serviceTime)));
    return new SimulationTarget(server.restBaseUrl(), server.grpcTarget(), server);
  }

  /**
   * The configured target, or an embedded server serving only {@code model}, with {@code slots}
   * execution slots of {@code serviceTime}: a server of known capacity (slots / service time),
   * whose simulated GPU is that model's alone.
   */
  static SimulationTarget fromSystemProperties(String model, int slots, Duration serviceTime) {
    String rest = blankToNull(System.getProperty("ml.rest.url"));
    String grpc = blankToNull(System.getProperty("ml.grpc.target"));
    if (rest != null || grpc != null) {
      return new SimulationTarget(rest, grpc, null);
    }
    InferenceServer server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(java.util.List.of(model))
                .withCapacity(model, Capacity.of(slots, serviceTime)));
    return new SimulationTarget(server.restBaseUrl(), server.grpcTarget(), server);
  }

  /** The embedded server's Prometheus endpoint, or the one given by {@code ml.metrics.url}. */
  String metricsUrl() {
    String configured = blankToNull(System.getProperty("ml.metrics.url"));
    if (configured != null) {
      return configured;
    }
    return embedded == null ? null : embedded.metricsUrl();
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  String describe() {
    return (embedded != null ? "embedded server: " : "")
        + "REST "
        + (restUrl == null ? "-" : restUrl)
        + ", gRPC "
        + (grpcTarget == null ? "-" : grpcTarget);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
