/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.metrics.ServerMetrics;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferStatistics;
import io.github.gatlingml.proto.inference.ModelStatistics;
import io.github.gatlingml.proto.inference.ModelStatisticsRequest;
import io.github.gatlingml.proto.inference.ModelStatisticsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches Triton's ModelStatistics at the start and at the end of the run, over gRPC when the
 * protocol's server requests go over gRPC, else over REST ({@code GET /v2/models/stats}), and turns
 * the two into per-model deltas. Runs on the scrapers' loop group, never Gatling's.
 */
final class ModelStatsFetcher {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One model's cumulative figures at one moment. */
  record Totals(
      long success,
      long successNs,
      long fail,
      long queueCount,
      long queueNs,
      long inputCount,
      long inputNs,
      long inferCount,
      long inferNs,
      long outputCount,
      long outputNs,
      long inferences,
      long executions) {
    Totals plus(Totals o) {
      return new Totals(
          success + o.success,
          successNs + o.successNs,
          fail + o.fail,
          queueCount + o.queueCount,
          queueNs + o.queueNs,
          inputCount + o.inputCount,
          inputNs + o.inputNs,
          inferCount + o.inferCount,
          inferNs + o.inferNs,
          outputCount + o.outputCount,
          outputNs + o.outputNs,
          inferences + o.inferences,
          executions + o.executions);
    }
  }

  private final MlProtocol protocol;
  private final List<String> models;
  private final boolean grpc;
  private final HttpGet http;
  private final ManagedChannel channel;
  private final Map<String, String> headers = new TreeMap<>();
  private final long timeoutMs;

  ModelStatsFetcher(
      MlProtocol protocol, List<String> models, EventLoopGroup group, long timeoutMs) {
    this.protocol = protocol;
    this.models = models.isEmpty() ? List.of("") : List.copyOf(models);
    this.timeoutMs = timeoutMs;
    // The same rule as server requests: over gRPC when the protocol's transport is gRPC.
    boolean grpcWire =
        protocol.defaultWire() == InferAction.Wire.GRPC_RAW
            || protocol.defaultWire() == InferAction.Wire.GRPC_TYPED;
    this.grpc = grpcWire && protocol.grpcTarget() != null || protocol.restBaseUrl() == null;
    for (MlProtocol.Header h : protocol.headers()) {
      if (!h.dynamic()) {
        headers.put(h.name(), h.staticValue());
      }
    }
    if (grpc) {
      NettyChannelBuilder b =
          NettyChannelBuilder.forTarget(protocol.grpcTarget())
              .eventLoopGroup(group)
              .channelType(NioSocketChannel.class)
              .directExecutor()
              .disableRetry();
      if (protocol.grpcTls()) {
        b.sslContext(protocol.tls().grpcContext()).negotiationType(NegotiationType.TLS);
        if (protocol.tls().serverName() != null) {
          b.overrideAuthority(protocol.tls().serverName());
        }
      } else {
        b.usePlaintext();
      }
      this.channel = b.build();
      this.http = null;
    } else {
      this.channel = null;
      boolean https = "https".equalsIgnoreCase(protocol.restBaseUrl().getScheme());
      this.http = new HttpGet(group, https ? protocol.tls() : null, protocol.tls().serverName());
      String userInfo = protocol.restBaseUrl().getUserInfo();
      if (userInfo != null && !userInfo.isEmpty()) {
        headers.put(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  String source() {
    return grpc ? "grpc" : "rest";
  }

  /**
   * The statistics now, by model name (versions added up).
   *
   * @param maxMs the longest each request may take, below the protocol's own bound
   * @throws Exception with a one-line message naming what failed
   */
  Map<String, Totals> fetch(long maxMs) throws Exception {
    long timeout = Math.max(1, Math.min(timeoutMs, maxMs));
    Map<String, Totals> out = new TreeMap<>();
    for (String model : models) {
      if (grpc) {
        fetchGrpc(model, out, timeout);
      } else {
        fetchRest(model, out, timeout);
      }
    }
    return out;
  }

  private void fetchGrpc(String model, Map<String, Totals> out, long timeoutMs) throws Exception {
    Metadata md = new Metadata();
    headers.forEach(
        (k, v) ->
            md.put(
                Metadata.Key.of(k.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), v));
    ModelStatisticsResponse r;
    try {
      r =
          GRPCInferenceServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
              .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
              .modelStatistics(
                  ModelStatisticsRequest.newBuilder()
                      .setName(model)
                      .setVersion(
                          protocol.defaultVersion() == null ? "" : protocol.defaultVersion())
                      .build());
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException(
          "ModelStatistics"
              + (model.isEmpty() ? "" : " of " + model)
              + " over gRPC failed: "
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " (" + e.getStatus().getDescription() + ")"));
    }
    for (ModelStatistics m : r.getModelStatsList()) {
      InferStatistics s = m.getInferenceStats();
      out.merge(
          m.getName(),
          new Totals(
              s.getSuccess().getCount(),
              s.getSuccess().getNs(),
              s.getFail().getCount(),
              s.getQueue().getCount(),
              s.getQueue().getNs(),
              s.getComputeInput().getCount(),
              s.getComputeInput().getNs(),
              s.getComputeInfer().getCount(),
              s.getComputeInfer().getNs(),
              s.getComputeOutput().getCount(),
              s.getComputeOutput().getNs(),
              m.getInferenceCount(),
              m.getExecutionCount()),
          Totals::plus);
    }
  }

  private void fetchRest(String model, Map<String, Totals> out, long timeoutMs) throws Exception {
    URI base = protocol.restBaseUrl();
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    String path =
        model.isEmpty()
            ? prefix + "/v2/models/stats"
            : prefix
                + "/v2/models/"
                + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + (protocol.defaultVersion() == null || protocol.defaultVersion().isEmpty()
                    ? ""
                    : "/versions/" + protocol.defaultVersion())
                + "/stats";
    URI uri = new URI(base.getScheme(), null, base.getHost(), base.getPort(), null, null, null);
    uri = URI.create(uri.toString() + path);
    HttpGet.Response r;
    try {
      r = http.get(uri, headers, timeoutMs).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "GET " + Secrets.redact(uri.toString()) + " failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new IllegalStateException("GET " + Secrets.redact(uri.toString()) + " failed: timeout");
    }
    if (r.status() != 200) {
      throw new IllegalStateException(
          "GET "
              + Secrets.redact(uri.toString())
              + " answered HTTP "
              + r.status()
              + ": "
              + PrometheusText.excerpt(r.body()));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "GET "
              + Secrets.redact(uri.toString())
              + " did not answer JSON: "
              + KoReason.describe(e));
    }
    JsonNode list = root == null ? null : root.get("model_stats");
    if (list == null || !list.isArray()) {
      throw new IllegalStateException(
          "GET " + Secrets.redact(uri.toString()) + " answered no 'model_stats' array");
    }
    for (JsonNode m : list) {
      JsonNode s = m.path("inference_stats");
      out.merge(
          m.path("name").asText(),
          new Totals(
              s.path("success").path("count").asLong(),
              s.path("success").path("ns").asLong(),
              s.path("fail").path("count").asLong(),
              s.path("queue").path("count").asLong(),
              s.path("queue").path("ns").asLong(),
              s.path("compute_input").path("count").asLong(),
              s.path("compute_input").path("ns").asLong(),
              s.path("compute_infer").path("count").asLong(),
              s.path("compute_infer").path("ns").asLong(),
              s.path("compute_output").path("count").asLong(),
              s.path("compute_output").path("ns").asLong(),
              m.path("inference_count").asLong(),
              m.path("execution_count").asLong()),
          Totals::plus);
    }
  }

  /**
   * Per-model change from {@code start} to {@code end}; models absent at the start count from 0.
   */
  static Map<String, ServerMetrics.ModelDelta> deltas(
      Map<String, Totals> start, Map<String, Totals> end) {
    Map<String, ServerMetrics.ModelDelta> out = new TreeMap<>();
    Totals zero = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    end.forEach(
        (name, e) -> {
          Totals s = start.getOrDefault(name, zero);
          out.put(
              name,
              new ServerMetrics.ModelDelta(
                  e.success - s.success,
                  e.fail - s.fail,
                  e.inferences - s.inferences,
                  e.executions - s.executions,
                  perRequestUs(e.successNs - s.successNs, e.success - s.success),
                  perRequestUs(e.queueNs - s.queueNs, e.queueCount - s.queueCount),
                  perRequestUs(e.inputNs - s.inputNs, e.inputCount - s.inputCount),
                  perRequestUs(e.inferNs - s.inferNs, e.inferCount - s.inferCount),
                  perRequestUs(e.outputNs - s.outputNs, e.outputCount - s.outputCount)));
        });
    return out;
  }

  private static Double perRequestUs(long ns, long count) {
    return count > 0 ? ns / 1000.0 / count : null;
  }

  void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }
}
