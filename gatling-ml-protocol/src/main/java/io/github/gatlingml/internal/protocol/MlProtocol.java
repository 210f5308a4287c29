/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.generation.TextApi;
import io.github.gatlingml.internal.servermetrics.ServerMetricsConfig;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.internal.transport.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The resolved configuration of the {@code ml} protocol, built by the DSL's protocol builder and
 * validated there: everything here is already known to be usable.
 *
 * @param restBaseUrl REST endpoint ({@code http://host:port}), or null for none
 * @param grpcTarget gRPC target ({@code host:port}), or null for none
 * @param defaultWire transport of inference requests that do not choose one
 * @param defaultTextApi generation API of {@code generate(...)} requests that do not choose one
 * @param defaultModel model of requests that do not name one, or null
 * @param defaultVersion model version of requests that do not name one ("" for the server's choice)
 * @param headers HTTP headers / gRPC metadata added to every request, values resolved per session
 * @param requestTimeout time allowed for one request, from hand-over to the complete response
 * @param httpConnections shared HTTP connections per Gatling event loop
 * @param grpcChannels shared gRPC channels (HTTP/2 connections) per Gatling event loop
 * @param connectionPerUser one HTTP connection and one gRPC channel per virtual user instead of
 *     shared ones (models clients that each hold their own connection)
 * @param maxResponseBytes largest response accepted
 * @param summaryPath where to write ml-summary.json, or null to write it next to Gatling's report
 * @param tls how TLS connections trust servers and present themselves (https:// REST, and gRPC when
 *     {@code grpcTls})
 * @param grpcTls gRPC channels use TLS
 * @param serverMetrics the server side to watch during the run: scrape targets and ModelStatistics
 */
public record MlProtocol(
    URI restBaseUrl,
    String grpcTarget,
    InferAction.Wire defaultWire,
    TextApi defaultTextApi,
    String defaultModel,
    String defaultVersion,
    List<Header> headers,
    Duration requestTimeout,
    int httpConnections,
    int grpcChannels,
    boolean connectionPerUser,
    int maxResponseBytes,
    String summaryPath,
    TlsSettings tls,
    boolean grpcTls,
    ServerMetricsConfig serverMetrics) {

  /** A header (REST) or metadata entry (gRPC) whose value may depend on the session. */
  public record Header(
      String name, Function<Session, String> value, boolean dynamic, String staticValue) {
    /** True when the value is a credential, never to be written anywhere. */
    public boolean sensitive() {
      return Secrets.isSensitive(name);
    }
  }

  public MlProtocol {
    headers = List.copyOf(headers);
    serverMetrics = serverMetrics == null ? ServerMetricsConfig.NONE : serverMetrics;
  }

  /** A configuration that watches nothing on the server side. */
  public MlProtocol(
      URI restBaseUrl,
      String grpcTarget,
      InferAction.Wire defaultWire,
      TextApi defaultTextApi,
      String defaultModel,
      String defaultVersion,
      List<Header> headers,
      Duration requestTimeout,
      int httpConnections,
      int grpcChannels,
      boolean connectionPerUser,
      int maxResponseBytes,
      String summaryPath,
      TlsSettings tls,
      boolean grpcTls) {
    this(
        restBaseUrl,
        grpcTarget,
        defaultWire,
        defaultTextApi,
        defaultModel,
        defaultVersion,
        headers,
        requestTimeout,
        httpConnections,
        grpcChannels,
        connectionPerUser,
        maxResponseBytes,
        summaryPath,
        tls,
        grpcTls,
        ServerMetricsConfig.NONE);
  }
}
