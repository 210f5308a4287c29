/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.TlsSettings;
import io.github.gatlingml.internal.transport.rest.RestCallback;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.github.gatlingml.internal.transport.rest.RestRequest;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.ModelMetadataRequest;
import io.github.gatlingml.proto.inference.ModelMetadataResponse;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.TensorFormatException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a model's {@link ModelSignature} from its metadata endpoint, over REST ({@code GET
 * /v2/models/{m}[/versions/{v}]}) or gRPC ({@code ModelMetadata}).
 *
 * <p>Meant for simulation start, before any load: the calls block (at most {@link #TIMEOUT} each)
 * and must never run on an event loop. Every failure (server unreachable, unknown model, a body
 * that is not model metadata) is a {@link FeederException} naming the URL or target, the model and
 * what to check.
 */
public final class ModelSignatures {
  /** Connect and request timeout of each metadata call. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelSignatures() {}

  /**
   * The signature of {@code model} from a KServe v2 REST server.
   *
   * @param baseUrl e.g. {@code http://localhost:8000} (a trailing slash is ignored)
   * @param model model name
   * @param version model version, or null / empty for the server's choice
   * @throws FeederException when the server cannot be reached, answers other than 200, or its body
   *     is not model metadata
   */
  public static ModelSignature fromRest(String baseUrl, String model, String version) {
    return fromRest(baseUrl, model, version, TlsSettings.DEFAULT, Map.of());
  }

  /**
   * The signature of {@code model} from a KServe v2 REST server, over http:// or https:// with the
   * protocol's TLS settings and headers (e.g. an {@code Authorization} token).
   *
   * @param headers HTTP headers to send (fixed values)
   * @throws FeederException when the server cannot be reached, answers other than 200, or its body
   *     is not model metadata
   */
  public static ModelSignature fromRest(
      String baseUrl, String model, String version, TlsSettings tls, Map<String, String> headers) {
    String url = metadataUrl(baseUrl, model, version);
    Answer response = get(url, tls, headers, model);
    if (response.status() != 200) {
      String body = response.body() == null ? "" : response.body().strip();
      if (body.length() > 200) {
        body = body.substring(0, 200) + "...";
      }
      String hint =
          response.status() == 404
              ? "check the model name and version and that the model is loaded (GET "
                  + trimSlash(baseUrl)
                  + "/v2/repository/index lists a Triton server's models)"
              : "check the server's log";
      throw new FeederException(
          String.format(
              "metadata of model '%s' from %s: HTTP %d %s; %s",
              model, url, response.status(), body, hint));
    }
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new FeederException(
          String.format(
              "metadata of model '%s' from %s is not JSON (%s); check that the URL points at a"
                  + " KServe v2 server",
              model, url, e.getOriginalMessage()),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new FeederException(
          String.format(
              "metadata of model '%s' from %s is not a JSON object; check that the URL points at"
                  + " a KServe v2 server",
              model, url));
    }
    String where = url;
    return new ModelSignature(
        model,
        restTensors(root, "inputs", where, model),
        restTensors(root, "outputs", where, model));
  }

  private record Answer(int status, String body) {}

  /**
   * One GET with the plugin's own REST client (so TLS behaves exactly as during the run), on an
   * event loop of its own that is shut down before returning.
   */
  private static Answer get(
      String url, TlsSettings tls, Map<String, String> headers, String model) {
    URI uri = URI.create(url);
    URI base;
    try {
      base = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);
    } catch (java.net.URISyntaxException e) {
      throw new FeederException("'" + url + "' is not a URL: " + e.getMessage(), e);
    }
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    try (RestClient client =
        new RestClient(base, 1, 64 * 1024 * 1024, (int) TIMEOUT.toMillis(), tls)) {
      EventLoop loop = group.next();
      DefaultHttpHeaders h = new DefaultHttpHeaders();
      h.set(HttpHeaderNames.ACCEPT, "application/json");
      headers.forEach(h::add);
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      RestRequest request =
          new RestRequest(
              HttpMethod.GET, path, client.completeHeaders(h, 0), new byte[0], TIMEOUT.toNanos());
      loop.execute(
          () ->
              client.execute(
                  loop,
                  0,
                  false,
                  request,
                  new RestCallback() {
                    @Override
                    public void onResponse(FullHttpResponse response) {
                      answer.complete(
                          new Answer(
                              response.status().code(),
                              response.content().toString(StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void onFailure(KoReason reason) {
                      answer.completeExceptionally(new IOException(reason.detail()));
                    }
                  }));
      return answer.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      String why = e instanceof ExecutionException ? e.getCause().getMessage() : "no answer";
      throw new FeederException(
          String.format(
              "cannot read the metadata of model '%s' from %s: %s; check that the server is"
                  + " running and the base URL (host, port, http/https) and TLS settings are"
                  + " right",
              model, url, why),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeederException(
          "interrupted while reading the metadata of model '" + model + "' from " + url, e);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static List<TensorSignature> restTensors(
      JsonNode root, String field, String where, String model) {
    JsonNode list = root.get(field);
    if (list == null || list.isNull()) {
      if ("outputs".equals(field)) {
        return List.of();
      }
      throw new FeederException(
          String.format(
              "metadata of model '%s' from %s has no '%s' list; check that the URL points at a"
                  + " KServe v2 server",
              model, where, field));
    }
    if (!list.isArray()) {
      throw badMetadata(model, where, "'" + field + "' is not a list");
    }
    List<TensorSignature> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode t = list.get(i);
      String at = field + "[" + i + "]";
      if (!t.isObject()
          || !t.path("name").isTextual()
          || !t.path("datatype").isTextual()
          || !t.path("shape").isArray()) {
        throw badMetadata(model, where, at + " needs name, datatype and shape");
      }
      JsonNode shape = t.get("shape");
      long[] dims = new long[shape.size()];
      for (int d = 0; d < dims.length; d++) {
        if (!shape.get(d).isIntegralNumber() || shape.get(d).longValue() < -1) {
          throw badMetadata(
              model, where, at + ".shape " + shape + " is not a list of integers >= -1");
        }
        dims[d] = shape.get(d).longValue();
      }
      out.add(
          new TensorSignature(
              t.get("name").textValue(),
              datatype(t.get("datatype").textValue(), model, where, at),
              dims));
    }
    return out;
  }

  private static DataType datatype(String name, String model, String where, String at) {
    try {
      return DataType.fromWireName(name);
    } catch (TensorFormatException e) {
      throw badMetadata(model, where, at + ": " + e.getMessage());
    }
  }

  private static FeederException badMetadata(String model, String where, String problem) {
    return new FeederException(
        String.format(
            "metadata of model '%s' from %s is malformed: %s; check that it is a KServe v2 server",
            model, where, problem));
  }

  /**
   * The signature of {@code model} from a KServe v2 / Triton gRPC server, over a short-lived
   * plaintext channel that is shut down before returning.
   *
   * @param target gRPC target, e.g. {@code localhost:8001}
   * @param model model name
   * @param version model version, or null / empty for the server's choice
   * @throws FeederException when the server cannot be reached, does not know the model, or fails
   */
  public static ModelSignature fromGrpc(String target, String model, String version) {
    return fromGrpc(target, model, version, null, Map.of());
  }

  /**
   * The signature of {@code model} from a KServe v2 / Triton gRPC server, with the protocol's TLS
   * settings (null for plaintext) and metadata.
   *
   * @param metadata gRPC metadata to send (fixed values; names are lower-cased)
   */
  public static ModelSignature fromGrpc(
      String target, String model, String version, TlsSettings tls, Map<String, String> metadata) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target);
    if (tls == null) {
      builder.usePlaintext();
    } else {
      builder.sslContext(tls.grpcContext()).negotiationType(NegotiationType.TLS);
      if (tls.serverName() != null) {
        builder.overrideAuthority(tls.serverName());
      }
    }
    if (!metadata.isEmpty()) {
      Metadata m = new Metadata();
      metadata.forEach(
          (k, v) ->
              m.put(
                  Metadata.Key.of(k.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                  v));
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(m));
    }
    ManagedChannel channel = builder.build();
    String where = "gRPC target " + target;
    try {
      ModelMetadataResponse response =
          GRPCInferenceServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .modelMetadata(
                  ModelMetadataRequest.newBuilder()
                      .setName(model)
                      .setVersion(version == null ? "" : version)
                      .build());
      String at = where + " (ModelMetadata)";
      return new ModelSignature(
          model,
          grpcTensors(response.getInputsList(), "inputs", model, at),
          grpcTensors(response.getOutputsList(), "outputs", model, at));
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      String hint;
      switch (code) {
        case UNAVAILABLE:
        case DEADLINE_EXCEEDED:
          hint =
              "check that the server is running and the target (host:port of its gRPC port)"
                  + " and TLS settings (grpcs:// or ml.grpcTls() for a TLS port) are right";
          break;
        case NOT_FOUND:
        case INVALID_ARGUMENT:
          hint = "check the model name and version and that the model is loaded";
          break;
        case UNIMPLEMENTED:
          hint = "check that the target is a KServe v2 / Triton gRPC server";
          break;
        default:
          hint = "check the server's log";
      }
      throw new FeederException(
          String.format(
              "cannot read the metadata of model '%s'%s from %s: %s%s; %s",
              model,
              version == null || version.isEmpty() ? "" : " version " + version,
              where,
              code,
              e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription(),
              hint),
          e);
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<TensorSignature> grpcTensors(
      List<ModelMetadataResponse.TensorMetadata> list, String field, String model, String where) {
    List<TensorSignature> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      ModelMetadataResponse.TensorMetadata t = list.get(i);
      String at = field + "[" + i + "]";
      long[] dims = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
      for (long d : dims) {
        if (d < -1) {
          throw badMetadata(model, where, at + ".shape has " + d);
        }
      }
      out.add(new TensorSignature(t.getName(), datatype(t.getDatatype(), model, where, at), dims));
    }
    return out;
  }

  /** {@code baseUrl/v2/models/{model}[/versions/{version}]} with encoded path segments. */
  static String metadataUrl(String baseUrl, String model, String version) {
    if (model == null || model.isEmpty()) {
      throw new FeederException("a model name is needed to read its metadata from " + baseUrl);
    }
    String url = trimSlash(baseUrl) + "/v2/models/" + segment(model);
    if (version != null && !version.isEmpty()) {
      url += "/versions/" + segment(version);
    }
    try {
      URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new FeederException(
          "invalid metadata URL "
              + url
              + ": "
              + e.getMessage()
              + "; check the base URL, e.g. http://localhost:8000",
          e);
    }
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new FeederException(
          "invalid metadata URL "
              + url
              + ": the base URL must start with http:// or https://, e.g. http://localhost:8000");
    }
    return url;
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
