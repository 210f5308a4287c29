/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.model.AddSubModel;
import io.github.gatlingml.server.model.IdentityModel;
import io.github.gatlingml.server.model.LinearClassifierModel;
import io.github.gatlingml.server.model.LlmSettings;
import io.github.gatlingml.server.model.Model;
import io.github.gatlingml.server.model.SequenceAccumulatorModel;
import io.github.gatlingml.server.model.TinyLlmModel;
import io.github.gatlingml.server.tls.TlsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to start the embedded server: address, ports, models and their capacity. Immutable; every
 * {@code with...} returns a new configuration.
 *
 * <p>Ports default to Triton's (HTTP 8000, gRPC 8001, metrics 8002); 0 picks a free port, which
 * {@link InferenceServer} then reports.
 */
public final class ServerConfig {
  /** Models this server knows, by name, in their default order. */
  public static final Map<String, Supplier<Model>> KNOWN_MODELS = knownModels();

  private final String host;
  private final int httpPort;
  private final int grpcPort;
  private final int metricsPort;
  private final List<String> models;
  private final Capacity defaultCapacity;
  private final Map<String, Capacity> capacities;
  private final int maxRequestBytes;
  private final long seed;
  private final LlmSettings llm;
  private final TlsConfig tls;
  private final ConnectionLimits limits;

  /** Versions served beside each model's own ("1"), by model, each with its capacity. */
  private final Map<String, Map<String, Capacity>> versions;

  private ServerConfig(
      String host,
      int httpPort,
      int grpcPort,
      int metricsPort,
      List<String> models,
      Capacity defaultCapacity,
      Map<String, Capacity> capacities,
      int maxRequestBytes,
      long seed) {
    this(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        LlmSettings.defaults(),
        null,
        ConnectionLimits.defaults(),
        Map.of());
  }

  private ServerConfig(
      String host,
      int httpPort,
      int grpcPort,
      int metricsPort,
      List<String> models,
      Capacity defaultCapacity,
      Map<String, Capacity> capacities,
      int maxRequestBytes,
      long seed,
      LlmSettings llm,
      TlsConfig tls,
      ConnectionLimits limits,
      Map<String, Map<String, Capacity>> versions) {
    this.host = host;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
    this.metricsPort = metricsPort;
    this.models = List.copyOf(models);
    this.defaultCapacity = defaultCapacity;
    this.capacities = Map.copyOf(capacities);
    this.maxRequestBytes = maxRequestBytes;
    this.seed = seed;
    this.llm = llm;
    this.tls = tls;
    this.limits = limits;
    Map<String, Map<String, Capacity>> copy = new LinkedHashMap<>();
    versions.forEach((m, v) -> copy.put(m, Map.copyOf(v)));
    this.versions = Map.copyOf(copy);
  }

  private static Map<String, Supplier<Model>> knownModels() {
    Map<String, Supplier<Model>> m = new LinkedHashMap<>();
    m.put(AddSubModel.NAME, AddSubModel::new);
    m.put(IdentityModel.NAME, IdentityModel::new);
    m.put(LinearClassifierModel.NAME, LinearClassifierModel::new);
    m.put(SequenceAccumulatorModel.NAME, SequenceAccumulatorModel::new);
    m.put(TinyLlmModel.NAME, TinyLlmModel::new);
    return m;
  }

  /** Triton's ports on 127.0.0.1, every known model, {@link Capacity#defaults()}. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8000,
        8001,
        8002,
        new ArrayList<>(KNOWN_MODELS.keySet()),
        Capacity.defaults(),
        Map.of(),
        64 * 1024 * 1024,
        42L);
  }

  /** Like {@link #defaults()} but on free ports: for tests and simulations' {@code before()}. */
  public static ServerConfig onFreePorts() {
    return defaults().withPorts(0, 0, 0);
  }

  /** Binds to this address (default 127.0.0.1; 0.0.0.0 to serve other machines). */
  public ServerConfig withHost(String newHost) {
    return new ServerConfig(
        newHost,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /** HTTP, gRPC and metrics ports; 0 picks a free one, -1 disables that listener. */
  public ServerConfig withPorts(int http, int grpc, int metrics) {
    return new ServerConfig(
        host,
        http,
        grpc,
        metrics,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /**
   * Serves only these models (names from {@link #KNOWN_MODELS}).
   *
   * @throws IllegalArgumentException naming the unknown model and the known ones
   */
  public ServerConfig withModels(List<String> names) {
    for (String n : names) {
      if (!KNOWN_MODELS.containsKey(n)) {
        throw new IllegalArgumentException(
            "unknown model '"
                + n
                + "'; the embedded server offers "
                + String.join(", ", KNOWN_MODELS.keySet()));
      }
    }
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        names,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /** Capacity of every model without its own. */
  public ServerConfig withDefaultCapacity(Capacity capacity) {
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        capacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /** Capacity of one model. */
  public ServerConfig withCapacity(String model, Capacity capacity) {
    Map<String, Capacity> all = new LinkedHashMap<>(capacities);
    all.put(model, capacity);
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        all,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /**
   * Serves another version of a model beside its own version "1", with a capacity of its own (its
   * own slots, queue and service time), so that two versions can be compared in one run (a canary).
   * Requests name it as {@code /v2/models/M/versions/V/infer} or gRPC's {@code model_version}; a
   * request without a version goes to version "1".
   *
   * @param model a served model
   * @param version the version's name, not "1" and without '/'
   * @param capacity the version's capacity
   */
  public ServerConfig withModelVersion(String model, String version, Capacity capacity) {
    if (version.isEmpty() || version.contains("/") || version.equals(DEFAULT_VERSION)) {
      throw new IllegalArgumentException(
          "a model's extra version needs a name other than '"
              + DEFAULT_VERSION
              + "' (its own) and without '/', got '"
              + version
              + "'");
    }
    Map<String, Map<String, Capacity>> all = new LinkedHashMap<>(versions);
    Map<String, Capacity> ofModel = new LinkedHashMap<>(all.getOrDefault(model, Map.of()));
    ofModel.put(version, capacity);
    all.put(model, ofModel);
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        limits,
        all);
  }

  /**
   * The versions served beside each model's own, by model name.
   *
   * @throws IllegalArgumentException when a version names a model that is not served
   */
  public Map<String, Map<String, Capacity>> versions() {
    for (String model : versions.keySet()) {
      if (!models.contains(model)) {
        throw new IllegalArgumentException(
            "a version is given for model '" + model + "', which is not served; served: " + models);
      }
    }
    return versions;
  }

  /** The version every model serves first. */
  public static final String DEFAULT_VERSION = "1";

  /** Largest accepted request body (REST) or message (gRPC), in bytes. */
  public ServerConfig withMaxRequestBytes(int bytes) {
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        bytes,
        seed,
        llm,
        tls,
        limits,
        versions);
  }

  /** Seed of the service-time samplers, so a run can be repeated exactly. */
  public ServerConfig withSeed(long newSeed) {
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        newSeed,
        llm,
        tls,
        limits,
        versions);
  }

  /**
   * How {@code tiny_llm} generates: output length, tokens per chunk, TTFT and token-gap
   * distributions. Its slots and queue come from its capacity (whose service time it ignores).
   */
  public ServerConfig withLlm(LlmSettings settings) {
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        settings,
        tls,
        limits,
        versions);
  }

  /**
   * Serves REST (including SSE streams) and gRPC over TLS, or mutual TLS when {@code tls} names
   * client CAs; {@code null} = plaintext (the default). The metrics listener stays plaintext.
   */
  public ServerConfig withTls(TlsConfig newTls) {
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        newTls,
        limits,
        versions);
  }

  /** Timeouts, connection cap and stream buffer limit ({@link ConnectionLimits#defaults()}). */
  public ServerConfig withLimits(ConnectionLimits newLimits) {
    if (newLimits == null) {
      throw new IllegalArgumentException("limits cannot be null; use ConnectionLimits.defaults()");
    }
    return new ServerConfig(
        host,
        httpPort,
        grpcPort,
        metricsPort,
        models,
        defaultCapacity,
        capacities,
        maxRequestBytes,
        seed,
        llm,
        tls,
        newLimits,
        versions);
  }

  /** The TLS settings of the REST and gRPC listeners; empty when they serve plaintext. */
  public Optional<TlsConfig> tls() {
    return Optional.ofNullable(tls);
  }

  public ConnectionLimits limits() {
    return limits;
  }

  public LlmSettings llm() {
    return llm;
  }

  public String host() {
    return host;
  }

  public int httpPort() {
    return httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public List<String> models() {
    return models;
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  public long seed() {
    return seed;
  }

  /** Capacity of each served model, defaults filled in. */
  public Map<String, Capacity> capacities() {
    Map<String, Capacity> all = new LinkedHashMap<>();
    for (String m : models) {
      all.put(m, capacities.getOrDefault(m, defaultCapacity));
    }
    for (String named : capacities.keySet()) {
      if (!models.contains(named)) {
        throw new IllegalArgumentException(
            "capacity given for model '"
                + named
                + "' which is not served; served models: "
                + models);
      }
    }
    return all;
  }
}
