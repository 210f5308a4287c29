/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.servermetrics.ServerMetricsConfig;
import io.github.gatlingml.internal.transport.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link MlProtocolBuilder} has been told, as given: one immutable value, copied with one
 * field changed per DSL call; defaults and validation happen once, in {@link #toProtocol()}.
 */
record ProtocolSpec(
    String restBaseUrl,
    String grpcTarget,
    InferTransport transport,
    GenerationApi generationApi,
    String model,
    String version,
    List<MlProtocol.Header> headers,
    Duration requestTimeout,
    int httpConnections,
    int grpcChannels,
    boolean perUser,
    int maxResponseBytes,
    String summaryPath,
    TlsSettings tls,
    boolean grpcTls,
    ServerMetricsConfig serverMetrics) {

  static final ProtocolSpec DEFAULT =
      new ProtocolSpec(
          null,
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
          null,
          TlsSettings.DEFAULT,
          false,
          ServerMetricsConfig.NONE);

  ProtocolSpec {
    headers = List.copyOf(headers);
  }

  ProtocolSpec withRestBaseUrl(String v) {
    return new ProtocolSpec(
        v,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withGrpcTarget(String v) {
    return new ProtocolSpec(
        restBaseUrl,
        v,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withTransport(InferTransport v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        v,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withGenerationApi(GenerationApi v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        v,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withModel(String v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        v,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withVersion(String v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        v,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withRequestTimeout(Duration v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        v,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withHttpConnections(int v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        v,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withGrpcChannels(int v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        v,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withPerUser(boolean v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        v,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withMaxResponseBytes(int v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        v,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withSummaryPath(String v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        v,
        tls,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withTls(TlsSettings v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        v,
        grpcTls,
        serverMetrics);
  }

  ProtocolSpec withGrpcTls(boolean v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        v,
        serverMetrics);
  }

  ProtocolSpec withServerMetrics(ServerMetricsConfig v) {
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        v);
  }

  ProtocolSpec withHeader(MlProtocol.Header h) {
    List<MlProtocol.Header> all = new ArrayList<>(headers);
    all.add(h);
    return new ProtocolSpec(
        restBaseUrl,
        grpcTarget,
        transport,
        generationApi,
        model,
        version,
        all,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        serverMetrics);
  }

  /**
   * The validated configuration, with every default filled in.
   *
   * @throws IllegalArgumentException naming the setting to fix
   */
  MlProtocol toProtocol() {
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
      boolean web =
          "http".equalsIgnoreCase(rest.getScheme()) || "https".equalsIgnoreCase(rest.getScheme());
      if (!web || rest.getHost() == null) {
        throw new IllegalArgumentException(
            "ml.restBaseUrl('"
                + restBaseUrl
                + "') must look like http://host:port or https://host:port");
      }
    }
    String grpc = grpcTarget == null ? null : grpcTarget.trim();
    boolean grpcUsesTls = grpcTls;
    if (grpc != null && grpc.regionMatches(true, 0, "grpcs://", 0, 8)) {
      grpc = grpc.substring(8);
      grpcUsesTls = true;
    } else if (grpc != null && grpc.regionMatches(true, 0, "grpc://", 0, 7)) {
      grpc = grpc.substring(7);
    }
    if (grpc != null && (grpc.isEmpty() || grpc.contains("://") && !grpc.startsWith("dns:"))) {
      throw new IllegalArgumentException(
          "ml.grpcTarget('"
              + grpcTarget
              + "') must be host:port (grpcs://host:port for TLS), e.g. localhost:8001");
    }
    if (rest == null && grpc == null) {
      throw new IllegalArgumentException(
          "the ml protocol has no target: set ml.restBaseUrl(\"http://host:8000\") and/or"
              + " ml.grpcTarget(\"host:8001\")");
    }
    InferTransport t =
        transport != null
            ? transport
            : grpc != null ? InferTransport.GRPC : InferTransport.REST_JSON;
    if (t.isGrpc() && grpc == null) {
      throw new IllegalArgumentException(
          "ml.transport(" + t + ") needs ml.grpcTarget(\"host:port\")");
    }
    if (!t.isGrpc() && rest == null) {
      throw new IllegalArgumentException(
          "ml.transport(" + t + ") needs ml.restBaseUrl(\"http://host:port\")");
    }
    GenerationApi g =
        generationApi != null
            ? generationApi
            : rest != null ? GenerationApi.OPENAI_CHAT : GenerationApi.GRPC_STREAM;
    if (g.isGrpc() && grpc == null) {
      throw new IllegalArgumentException(
          "ml.generationApi(" + g + ") needs ml.grpcTarget(\"host:port\")");
    }
    if (!g.isGrpc() && rest == null) {
      throw new IllegalArgumentException(
          "ml.generationApi(" + g + ") needs ml.restBaseUrl(\"http://host:port\")");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    positive(httpConnections, "httpConnectionsPerEventLoop");
    positive(grpcChannels, "grpcChannelsPerEventLoop");
    positive(maxResponseBytes, "maxResponseBytes");
    InferAction.Wire wire = t.wire();
    return new MlProtocol(
        rest,
        grpc,
        wire,
        g.api(),
        model,
        version,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        perUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcUsesTls,
        serverMetrics);
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
