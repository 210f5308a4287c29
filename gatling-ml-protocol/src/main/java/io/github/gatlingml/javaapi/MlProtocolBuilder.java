/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.El;
import io.github.gatlingml.internal.MlProtocolAdapter;
import io.github.gatlingml.protocol.MlProtocol;
import io.github.gatlingml.transport.Transport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Configures the {@code ml} protocol: where the inference server is and how to talk to it.
 * Immutable: every method returns a new builder and leaves this one unchanged.
 *
 * <pre>{@code
 * MlProtocolBuilder kserve = ml.restBaseUrl("http://localhost:8000").grpcTarget("localhost:8001")
 *     .model("add_sub").header("Authorization", "Bearer #{token}");
 * }</pre>
 */
public final class MlProtocolBuilder implements ProtocolBuilder {
  static final MlProtocolBuilder DEFAULT =
      new MlProtocolBuilder(
          null,
          null,
          null,
          null,
          "",
          List.of(),
          Duration.ofSeconds(60),
          1024,
          2,
          false,
          64 * 1024 * 1024,
          null);

  private final String restBaseUrl;
  private final String grpcTarget;
  private final Transport transport;
  private final String model;
  private final String version;
  private final List<MlProtocol.Header> headers;
  private final Duration requestTimeout;
  private final int httpConnections;
  private final int grpcChannels;
  private final boolean perUser;
  private final int maxResponseBytes;
  private final String summaryPath;

  private MlProtocolBuilder(
      String restBaseUrl,
      String grpcTarget,
      Transport transport,
      String model,
      String version,
      List<MlProtocol.Header> headers,
      Duration requestTimeout,
      int httpConnections,
      int grpcChannels,
      boolean perUser,
      int maxResponseBytes,
      String summaryPath) {
    this.restBaseUrl = restBaseUrl;
    this.grpcTarget = grpcTarget;
    this.transport = transport;
    this.model = model;
    this.version = version;
    this.headers = headers;
    this.requestTimeout = requestTimeout;
    this.httpConnections = httpConnections;
    this.grpcChannels = grpcChannels;
    this.perUser = perUser;
    this.maxResponseBytes = maxResponseBytes;
    this.summaryPath = summaryPath;
  }

  private MlProtocolBuilder copy(
      String restBaseUrl,
      String grpcTarget,
      Transport transport,
      String model,
      String version,
      List<MlProtocol.Header> headers,
      Duration requestTimeout,
      int httpConnections,
      int grpcChannels,
      boolean perUser,
      int maxResponseBytes,
      String summaryPath) {
    return new MlProtocolBuilder(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** The KServe v2 REST endpoint, e.g. {@code "http://localhost:8000"}. */
  public MlProtocolBuilder restBaseUrl(String url) {
    return copy(
        url,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** The gRPC endpoint, {@code "host:port"}, e.g. {@code "localhost:8001"}. */
  public MlProtocolBuilder grpcTarget(String target) {
    return copy(
        restBaseUrl,
        target,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /**
   * The transport of requests that do not choose one. Default: gRPC (raw contents) when a gRPC
   * target is set, else REST JSON.
   */
  public MlProtocolBuilder transport(Transport t) {
    return copy(
        restBaseUrl,
        grpcTarget,
        t,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** The model of requests that do not name one. */
  public MlProtocolBuilder model(String name) {
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        name,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** The model version of requests that do not name one (default: the server's choice). */
  public MlProtocolBuilder modelVersion(String v) {
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        v,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /**
   * A header (REST) and metadata entry (gRPC, name lower-cased) sent with every request; the value
   * may use Gatling EL, e.g. {@code header("Authorization", "Bearer #{token}")}.
   */
  public MlProtocolBuilder header(String name, String value) {
    List<MlProtocol.Header> h = new ArrayList<>(headers);
    h.add(new MlProtocol.Header(name, El.compile(value, String.class), El.isDynamic(value), value));
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        List.copyOf(h),
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** A header whose value a function computes from the session. */
  public MlProtocolBuilder header(String name, Function<Session, String> value) {
    List<MlProtocol.Header> h = new ArrayList<>(headers);
    h.add(new MlProtocol.Header(name, value, true, null));
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        List.copyOf(h),
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** Time allowed per request from hand-over to the complete response (default 60 s). */
  public MlProtocolBuilder requestTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + timeout);
    }
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        timeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /**
   * Shared HTTP connections each Gatling event loop may open (default 1024); requests beyond wait
   * for a free connection, and that wait counts in their latency, so keep it above the number of
   * requests in flight (streams hold a connection for their whole generation).
   */
  public MlProtocolBuilder httpConnectionsPerEventLoop(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "httpConnectionsPerEventLoop must be at least 1, got " + n);
    }
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        n,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /**
   * Shared gRPC channels (HTTP/2 connections) per Gatling event loop (default 2), so that the
   * server's concurrent-stream limit does not queue requests in the client.
   */
  public MlProtocolBuilder grpcChannelsPerEventLoop(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("grpcChannelsPerEventLoop must be at least 1, got " + n);
    }
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        n,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  /** One HTTP connection and one gRPC channel per virtual user, like independent clients. */
  public MlProtocolBuilder connectionPerUser() {
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        true,
        maxResponseBytes,
        summaryPath);
  }

  /** Connections shared by the virtual users (the default). */
  public MlProtocolBuilder sharedConnections() {
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        false,
        maxResponseBytes,
        summaryPath);
  }

  /** Largest response accepted, in bytes (default 64 MiB); larger ones are KOs. */
  public MlProtocolBuilder maxResponseBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive, got " + bytes);
    }
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        bytes,
        summaryPath);
  }

  /**
   * Where to write {@code ml-summary.json} (a file, or a folder to put it in). Default: next to
   * Gatling's report of the run.
   */
  public MlProtocolBuilder summaryPath(String path) {
    return copy(
        restBaseUrl,
        grpcTarget,
        transport,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        path);
  }

  /** The validated configuration. */
  MlProtocol build() {
    URI rest = null;
    if (restBaseUrl != null) {
      try {
        rest = new URI(restBaseUrl.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "ml.restBaseUrl('"
                + restBaseUrl
                + "') is not a URL: "
                + e.getReason()
                + "; use http://host:port");
      }
      if (!"http".equalsIgnoreCase(rest.getScheme()) || rest.getHost() == null) {
        throw new IllegalArgumentException(
            "ml.restBaseUrl('" + restBaseUrl + "') must look like http://host:port");
      }
    }
    String grpc = grpcTarget == null ? null : grpcTarget.trim();
    if (grpc != null && (grpc.isEmpty() || grpc.contains("://") && !grpc.startsWith("dns:"))) {
      throw new IllegalArgumentException(
          "ml.grpcTarget('" + grpcTarget + "') must be host:port, e.g. localhost:8001");
    }
    if (rest == null && grpc == null) {
      throw new IllegalArgumentException(
          "the ml protocol has no target: set ml.restBaseUrl(\"http://host:8000\") and/or ml.grpcTarget(\"host:8001\")");
    }
    Transport t =
        transport != null ? transport : grpc != null ? Transport.GRPC : Transport.REST_JSON;
    if (t.isGrpc() && grpc == null) {
      throw new IllegalArgumentException(
          "ml.transport(" + t + ") needs ml.grpcTarget(\"host:port\")");
    }
    if (!t.isGrpc() && rest == null) {
      throw new IllegalArgumentException(
          "ml.transport(" + t + ") needs ml.restBaseUrl(\"http://host:port\")");
    }
    return new MlProtocol(
        rest,
        grpc,
        t,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath);
  }

  @Override
  public Protocol protocol() {
    return new MlProtocolAdapter(build());
  }
}
