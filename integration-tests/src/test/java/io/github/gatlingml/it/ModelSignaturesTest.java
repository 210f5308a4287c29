/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.feeder.ModelSignatures;
import io.github.gatlingml.internal.feeder.synthetic.SyntheticTensors;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.KServeJsonCodec;
import io.github.gatlingml.tensor.Tensor;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model signatures read from the embedded server over REST and gRPC, and used to feed it. */
class ModelSignaturesTest {
  private static InferenceServer server;

  @BeforeAll
  static void start() {
    server = InferenceServer.start(ServerConfig.onFreePorts());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void assertAddSub(ModelSignature sig) {
    assertThat(sig.model()).isEqualTo("add_sub");
    assertThat(sig.inputs())
        .containsExactly(
            new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 16}),
            new TensorSignature("INPUT1", DataType.FP32, new long[] {-1, 16}));
    assertThat(sig.outputs()).extracting(TensorSignature::name).contains("OUTPUT0", "OUTPUT1");
    assertThat(sig.input("INPUT1")).isPresent();
    assertThat(sig.input("OUTPUT0")).isEmpty();
  }

  @Test
  void restMetadata() {
    assertAddSub(ModelSignatures.fromRest(server.restBaseUrl(), "add_sub", null));
    assertAddSub(ModelSignatures.fromRest(server.restBaseUrl() + "/", "add_sub", ""));
    ModelSignature identity = ModelSignatures.fromRest(server.restBaseUrl(), "identity", null);
    assertThat(identity.inputs())
        .containsExactly(new TensorSignature("INPUT0", DataType.FP32, new long[] {-1}));
    ModelSignature classifier =
        ModelSignatures.fromRest(server.restBaseUrl(), "simple_classifier", null);
    assertThat(classifier.inputs())
        .containsExactly(new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 8}));
  }

  @Test
  void grpcMetadataAgreesWithRest() {
    ModelSignature grpc = ModelSignatures.fromGrpc(server.grpcTarget(), "add_sub", null);
    assertAddSub(grpc);
    assertThat(grpc).isEqualTo(ModelSignatures.fromRest(server.restBaseUrl(), "add_sub", null));
  }

  @Test
  void syntheticFeederFromRealMetadataIsAcceptedByTheServer() throws Exception {
    ModelSignature sig = ModelSignatures.fromRest(server.restBaseUrl(), "add_sub", null);
    List<TensorRecord> records =
        SyntheticTensors.of(sig.inputs())
            .seed(11)
            .dim("INPUT0", 0, 1, 3)
            .dim("INPUT1", 0, 1, 3)
            .records(2);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (TensorRecord record : records) {
      StringWriter body = new StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(body)) {
        g.writeStartObject();
        g.writeArrayFieldStart("inputs");
        for (Tensor t : record.inputs()) {
          KServeJsonCodec.writeTensor(t, g);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(server.restBaseUrl() + "/v2/models/add_sub/infer"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("OUTPUT0");
    }
  }

  @Test
  void unknownModel() {
    assertThatThrownBy(() -> ModelSignatures.fromRest(server.restBaseUrl(), "no_such_model", null))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(
            "metadata of model 'no_such_model' from "
                + server.restBaseUrl()
                + "/v2/models/no_such_model: HTTP 404")
        .hasMessageContaining("check the model name and version");
    assertThatThrownBy(() -> ModelSignatures.fromGrpc(server.grpcTarget(), "no_such_model", null))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("model 'no_such_model' from gRPC target " + server.grpcTarget())
        .hasMessageContaining("check the model name and version");
  }

  @Test
  void unreachablePort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    assertThatThrownBy(() -> ModelSignatures.fromRest(url, "add_sub", null))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(
            "cannot read the metadata of model 'add_sub' from " + url + "/v2/models/add_sub")
        .hasMessageContaining("check that the server is running");
    assertThatThrownBy(() -> ModelSignatures.fromGrpc("127.0.0.1:" + port, "add_sub", "1"))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(
            "model 'add_sub' version 1 from gRPC target 127.0.0.1:" + port + ": UNAVAILABLE")
        .hasMessageContaining("check that the server is running");
  }
}
