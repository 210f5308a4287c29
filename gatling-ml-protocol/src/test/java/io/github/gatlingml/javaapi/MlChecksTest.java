/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.github.gatlingml.javaapi.MlDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.github.gatlingml.internal.transport.grpc.KServeGrpcCodec;
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.ProtoTensorCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ml checks against responses decoded by the real codecs: what passes, what fails with which
 * message, and what saveAs puts in the session.
 */
class MlChecksTest {
  private static final String BODY =
      "{\"model_name\":\"m\",\"outputs\":["
          + "{\"name\":\"OUTPUT0\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[0.5,2.0,-1.0,2.0]},"
          + "{\"name\":\"LABELS\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"0.9:3:fish\",\"0.1:0:cat\"]}]}";

  private static Session session() {
    return new Session(io.gatling.core.session.Session$.MODULE$.apply("s", 7L, null));
  }

  private static MlResponse rest() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    return MlResponse.rest(200, body, null, KServeRestCodec.decode(body, -1));
  }

  @Test
  void passingChecksSaveWhatTheyLookedAt() {
    Session s = session();
    s = output("OUTPUT0").values().is(0.5, 2.0, -1.0, 2.0).saveAs("v").check(rest(), s);
    s = output("OUTPUT0").shape().is(1, 4).check(rest(), s);
    s = output("OUTPUT0").argmax().saveAs("best").check(rest(), s);
    s = output("OUTPUT0").topK(3).is(1, 3, 0).check(rest(), s);
    s = output("LABELS").classLabels().is("fish", "cat").saveAs("labels").check(rest(), s);
    s = output("OUTPUT0").datatype().is(DataType.FP32).check(rest(), s);
    s = status().isOk().check(rest(), s);
    assertThat((double[]) s.get("v")).containsExactly(0.5, 2.0, -1.0, 2.0);
    // 2.0 appears at indices 1 and 3: argmax takes the first.
    assertThat(s.getInt("best")).isEqualTo(1);
    assertThat(s.getList("labels")).containsExactly("fish", "cat");
  }

  @Test
  void failuresSayWhatWasExpectedAndFound() {
    assertThatThrownBy(
            () -> output("OUTPUT0").values().is(0.5, 2.0, -1.5, 2.0).check(rest(), session()))
        .isInstanceOf(CheckFailure.class)
        .hasMessageContaining("output 'OUTPUT0' values")
        .hasMessageContaining("element 2: expected -1.5 but found -1.0");
    assertThatThrownBy(() -> output("OUTPUT0").shape().is(1, 16).check(rest(), session()))
        .hasMessage("output 'OUTPUT0' shape: expected [1, 16] but found [1, 4]");
    assertThatThrownBy(() -> output("NOPE").exists().check(rest(), session()))
        .hasMessageContaining("output 'NOPE' not found in the response; it has [OUTPUT0, LABELS]");
    assertThatThrownBy(() -> output("OUTPUT0").value(9).is(1).check(rest(), session()))
        .hasMessageContaining("has 4 elements; element 9 does not exist");
    assertThatThrownBy(() -> output("LABELS").values().is(1).check(rest(), session()))
        .hasMessageContaining("is BYTES, not numbers");
    assertThatThrownBy(() -> output("OUTPUT0").value(0).within(0.4, 0.05).check(rest(), session()))
        .hasMessageContaining("expected 0.4 ± 0.05 but found 0.5");
  }

  @Test
  void toleranceAcceptsCloseValuesOnly() {
    output("OUTPUT0").values().within(0.01, 0.505, 2.0, -1.0, 1.995).check(rest(), session());
    assertThatThrownBy(
            () ->
                output("OUTPUT0")
                    .values()
                    .within(0.001, 0.505, 2.0, -1.0, 2.0)
                    .check(rest(), session()))
        .hasMessageContaining("element 0");
  }

  @Test
  void statusChecksReadTheTransportStatus() {
    byte[] body = "{\"error\":\"unknown model 'x'\"}".getBytes(StandardCharsets.UTF_8);
    MlResponse notFound = MlResponse.rest(404, body, KServeRestCodec.errorMessage(body), null);
    assertThatThrownBy(() -> status().isOk().check(notFound, session()))
        .hasMessage("status: expected success but found 404 (unknown model 'x')");
    status().is(404).check(notFound, session());
    assertThat(status().isOk().isStatusCheck()).isTrue();
    assertThat(output("X").exists().isStatusCheck()).isFalse();
    MlResponse unavailable = MlResponse.grpc("UNAVAILABLE", "queue full", new byte[0], null, null);
    status().in("OK", "UNAVAILABLE").check(unavailable, session());
    assertThatThrownBy(() -> output("OUTPUT0").exists().check(unavailable, session()))
        .hasMessageContaining("the response has no outputs (status UNAVAILABLE)");
  }

  @Test
  void grpcOutputsDecodeLazilyAndReportMalformedBytes() {
    Tensor t = Tensor.ofInts("OUTPUT0", Shape.of(3), 4, -5, 6);
    byte[] response =
        ModelInferResponse.newBuilder()
            .addOutputs(
                ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName("OUTPUT0")
                    .setDatatype("INT32")
                    .addShape(3))
            .addRawOutputContents(ProtoTensorCodec.toRaw(t))
            .build()
            .toByteArray();
    MlResponse ok = MlResponse.grpc("OK", null, response, KServeGrpcCodec.decode(response), null);
    output("OUTPUT0").values().is(4, -5, 6).check(ok, session());

    byte[] garbage = {(byte) 0xff, 0x13, 0x37};
    MlResponse bad = MlResponse.grpc("OK", null, garbage, KServeGrpcCodec.decode(garbage), null);
    // A status-only check never decodes the body, so garbage passes it...
    status().isOk().check(bad, session());
    // ...and a check on outputs reports the malformed message.
    assertThatThrownBy(() -> output("OUTPUT0").exists().check(bad, session()))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("not a valid ModelInferResponse");
  }

  @Test
  void everyRestResponseIsValidatedWithoutDecodingTensors() {
    KServeRestCodec.decode(BODY.getBytes(StandardCharsets.UTF_8), -1).validate();
    assertThatThrownBy(
            () ->
                KServeRestCodec.decode("not json".getBytes(StandardCharsets.UTF_8), -1).validate())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageStartingWith("response is not valid JSON");
    assertThatThrownBy(
            () ->
                KServeRestCodec.decode(
                        "{\"model_name\":\"m\"}".getBytes(StandardCharsets.UTF_8), -1)
                    .validate())
        .hasMessage("response has no \"outputs\" array");
    assertThatThrownBy(
            () ->
                KServeRestCodec.decode("{\"outputs\":[1,2".getBytes(StandardCharsets.UTF_8), -1)
                    .validate())
        .isInstanceOf(MalformedResponseException.class);
    assertThatThrownBy(
            () ->
                KServeRestCodec.decode("{\"outputs\":[]}".getBytes(StandardCharsets.UTF_8), 99)
                    .validate())
        .hasMessageContaining("larger than the response body");
  }

  @Test
  void restRequestBodiesRoundTripThroughTheJsonAndBinaryLayouts() throws Exception {
    Tensor a = Tensor.ofFloats("INPUT0", Shape.of(1, 2), 1.5f, -2f);
    InferPayload p =
        new InferPayload("m", "", "r1", Map.of("sequence_id", 9L), List.of(a), List.of());
    KServeRestCodec.Body json = KServeRestCodec.encode(p, false);
    assertThat(json.jsonLength()).isEqualTo(-1);
    String text = new String(json.bytes(), StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            "{\"id\":\"r1\",\"parameters\":{\"sequence_id\":9},\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1.5,-2.0]}]}");

    KServeRestCodec.Body binary = KServeRestCodec.encode(p, true);
    String header = new String(binary.bytes(), 0, binary.jsonLength(), StandardCharsets.UTF_8);
    assertThat(header)
        .contains("\"parameters\":{\"binary_data_size\":8}")
        .doesNotContain("\"data\"");
    // 1.5f = 0x3FC00000, -2f = 0xC0000000, little-endian after the JSON header.
    byte[] blob =
        java.util.Arrays.copyOfRange(binary.bytes(), binary.jsonLength(), binary.bytes().length);
    assertThat(blob).containsExactly(0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0);
  }
}
