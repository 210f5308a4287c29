/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static io.github.gatlingml.server.Http.get;
import static io.github.gatlingml.server.Http.json;
import static io.github.gatlingml.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.proto.inference.ModelMetadataRequest;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two versions of add_sub served side by side, each with its own service time (1 ms and 30 ms):
 * requests reach the version they name over REST and gRPC, and the server's own statistics show the
 * named version's injected service time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ModelVersionsTest {
  static final Duration V1 = Duration.ofMillis(1);
  static final Duration V2 = Duration.ofMillis(30);

  private static InferenceServer server;
  private static ManagedChannel channel;
  private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
  private static String base;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("add_sub", "identity"))
                .withCapacity("add_sub", Capacity.of(4, V1))
                .withModelVersion("add_sub", "2", Capacity.of(4, V2)));
    base = server.restBaseUrl();
    channel = Grpc.channel(server);
    stub =
        GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Grpc.close(channel);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void restRoutesByVersionAndEachVersionTakesItsServiceTime() {
    long v1Before = computeNanos("1");
    long v2Before = computeNanos("2");
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> r = post(base + "/v2/models/add_sub/versions/2/infer", body());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("model_version").asText()).isEqualTo("2");
      // add_sub's OUTPUT0 is INPUT0 + INPUT1, whatever the version
      assertThat(json(r).get("outputs").get(0).get("data").get(3).asDouble()).isEqualTo(5.0);
    }
    HttpResponse<byte[]> unversioned = post(base + "/v2/models/add_sub/infer", body());
    assertThat(json(unversioned).get("model_version").asText()).isEqualTo("1");

    // The server's statistics: 3 executions of version 2 at its fixed 30 ms each, 1 of version 1.
    long v2Nanos = computeNanos("2") - v2Before;
    long v1Nanos = computeNanos("1") - v1Before;
    assertThat(v2Nanos).isGreaterThanOrEqualTo(3 * V2.toNanos());
    assertThat(v1Nanos).isLessThan(V2.toNanos());
  }

  @Test
  void metadataListsBothVersionsAndAnUnknownOneNamesThem() {
    JsonNode meta = json(get(base + "/v2/models/add_sub"));
    assertThat(meta.get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(json(get(base + "/v2/models/identity")).get("versions").toString())
        .isEqualTo("[\"1\"]");
    HttpResponse<byte[]> v3 = post(base + "/v2/models/add_sub/versions/3/infer", body());
    assertThat(v3.statusCode()).isEqualTo(404);
    assertThat(Http.error(v3)).contains("'3'").contains("available versions: 1, 2");
    assertThat(
            stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("add_sub").build())
                .getVersionsList())
        .containsExactly("1", "2");
  }

  @Test
  void grpcRoutesByModelVersion() {
    ModelInferResponse r =
        stub.modelInfer(Grpc.addSub("g2").toBuilder().setModelVersion("2").build());
    assertThat(r.getModelVersion()).isEqualTo("2");
    ModelInferRequest unknown = Grpc.addSub("g3").toBuilder().setModelVersion("3").build();
    try {
      stub.modelInfer(unknown);
      throw new AssertionError("version 3 answered");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.getStatus().getDescription()).contains("available versions: 1, 2");
    }
  }

  @Test
  void prometheusLabelsEachVersion() {
    String metrics = Http.text(get(server.metricsUrl()));
    assertThat(metrics)
        .contains("nv_inference_pending_request_count{model=\"add_sub\",version=\"1\"}")
        .contains("nv_inference_pending_request_count{model=\"add_sub\",version=\"2\"}");
  }

  @Test
  void mainParsesModelVersions() {
    ServerConfig c =
        InferenceServerMain.parse(
            new String[] {
              "--model-capacity", "add_sub:slots=3,service=10ms",
              "--model-version", "add_sub:2:service=13ms",
              "--model-version", "add_sub:3"
            });
    Capacity v2 = c.versions().get("add_sub").get("2");
    assertThat(v2.slots()).as("slots from the model's own capacity").isEqualTo(3);
    assertThat(v2.serviceTime().toString())
        .isEqualTo(ServiceTime.fixed(Duration.ofMillis(13)).toString());
    assertThat(c.versions().get("add_sub").get("3").serviceTime().toString())
        .isEqualTo(ServiceTime.fixed(Duration.ofMillis(10)).toString());
  }

  private static long computeNanos(String version) {
    JsonNode stats = json(get(base + "/v2/models/add_sub/versions/" + version + "/stats"));
    JsonNode m = stats.get("model_stats").get(0);
    assertThat(m.get("version").asText()).isEqualTo(version);
    return m.get("inference_stats").get("compute_infer").get("ns").asLong();
  }

  /** add_sub of INPUT0[i] = i and INPUT1[i] = 2. */
  private static String body() {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      x.append(i == 0 ? "" : ",").append(i);
      y.append(i == 0 ? "" : ",").append(2);
    }
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":["
        + x
        + "]},{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":["
        + y
        + "]}]}";
  }
}
