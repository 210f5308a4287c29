/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.action.PayloadSpec.Part;
import io.github.gatlingml.internal.action.StreamSpec;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.tensor.Tensor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults and validation of the DSL's specs, in plain Java: no Gatling run needed. */
class SpecsTest {
  private static final InputSpec INPUT =
      InputSpec.fixed(Tensor.ofFloats("INPUT0", io.github.gatlingml.tensor.Shape.of(1, 2), 1f, 2f));

  private static MlProtocol protocol(ProtocolSpec p) {
    return p.toProtocol();
  }

  @Test
  void protocolDefaultsFollowTheTargets() {
    MlProtocol both =
        protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000").withGrpcTarget("h:8001"));
    assertThat(both.defaultWire()).isEqualTo(InferAction.Wire.GRPC_RAW);
    assertThat(both.defaultTextApi().label()).isEqualTo("openai-chat");
    MlProtocol restOnly = protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000"));
    assertThat(restOnly.defaultWire()).isEqualTo(InferAction.Wire.REST_JSON);
    MlProtocol grpcOnly = protocol(ProtocolSpec.DEFAULT.withGrpcTarget("h:8001"));
    assertThat(grpcOnly.defaultTextApi().label()).isEqualTo("grpc-stream");
    MlProtocol chosen =
        protocol(
            ProtocolSpec.DEFAULT
                .withRestBaseUrl("http://h:8000")
                .withGrpcTarget("h:8001")
                .withTransport(InferTransport.REST_BINARY)
                .withGenerationApi(GenerationApi.TGI_GENERATE_STREAM));
    assertThat(chosen.defaultWire()).isEqualTo(InferAction.Wire.REST_BINARY);
    assertThat(chosen.defaultTextApi().label()).isEqualTo("tgi-generate-stream");
  }

  @Test
  void protocolRefusesWhatCannotWork() {
    assertThatThrownBy(() -> protocol(ProtocolSpec.DEFAULT))
        .hasMessageContaining("no target")
        .hasMessageContaining("ml.restBaseUrl");
    assertThatThrownBy(() -> protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("ftp://h:21")))
        .hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> protocol(ProtocolSpec.DEFAULT.withGrpcTarget("http://h:8001")))
        .hasMessageContaining("host:port");
    assertThatThrownBy(
            () ->
                protocol(
                    ProtocolSpec.DEFAULT
                        .withRestBaseUrl("http://h:8000")
                        .withTransport(InferTransport.GRPC)))
        .hasMessageContaining("ml.grpcTarget");
    assertThatThrownBy(
            () ->
                protocol(
                    ProtocolSpec.DEFAULT
                        .withRestBaseUrl("http://h:8000")
                        .withGenerationApi(GenerationApi.GRPC_STREAM)))
        .hasMessageContaining("ml.generationApi(GRPC_STREAM) needs ml.grpcTarget");
    assertThatThrownBy(
            () ->
                protocol(
                    ProtocolSpec.DEFAULT.withGrpcTarget("h:1").withRequestTimeout(Duration.ZERO)))
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void inferTakesTheProtocolsModelVersionAndTransport() {
    MlProtocol p =
        protocol(
            ProtocolSpec.DEFAULT
                .withRestBaseUrl("http://h:8000")
                .withModel("add_sub")
                .withVersion("3"));
    InferSpec.Resolved r = InferSpec.named("x").withInput(INPUT).resolve(p);
    assertThat(r.wire()).isEqualTo(InferAction.Wire.REST_JSON);
    assertThat(r.payload().model().fixed()).isEqualTo("add_sub");
    assertThat(r.payload().resolve(null).version()).isEqualTo("3");
    InferSpec.Resolved own =
        InferSpec.named("x")
            .withInput(INPUT)
            .withModel(Part.of("mine"))
            .withTransport(InferTransport.REST_BINARY)
            .withOutput(new OutputRequest("OUT", false, 0))
            .resolve(p);
    assertThat(own.payload().model().fixed()).isEqualTo("mine");
    assertThat(own.wire()).isEqualTo(InferAction.Wire.REST_BINARY);
    // Binary all the way: the named output comes back as a blob.
    assertThat(own.payload().resolve(null).outputs())
        .containsExactly(new OutputRequest("OUT", true, 0));
  }

  @Test
  void inferRefusesWhatCannotBeSent() {
    MlProtocol p = protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000").withModel("m"));
    assertThatThrownBy(() -> InferSpec.named("empty").resolve(p))
        .hasMessage("infer(\"empty\") has no input: add .input(...)");
    MlProtocol noModel = protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000"));
    assertThatThrownBy(() -> InferSpec.named("anon").withInput(INPUT).resolve(noModel))
        .hasMessageContaining("names no model");
    assertThatThrownBy(
            () ->
                InferSpec.named("s")
                    .withInput(INPUT)
                    .withTransport(InferTransport.REST_JSON)
                    .withOverStream(true)
                    .resolve(p))
        .hasMessageContaining("overStream()")
        .hasMessageContaining("rest-json");
    // Over a stream without a transport: raw gRPC.
    assertThat(InferSpec.named("s").withInput(INPUT).withOverStream(true).resolve(p).wire())
        .isEqualTo(InferAction.Wire.GRPC_RAW);
  }

  @Test
  void specsAreImmutable() {
    InferSpec base = InferSpec.named("x");
    InferSpec changed = base.withInput(INPUT).withModel(Part.of("m"));
    assertThat(base.inputs()).isEmpty();
    assertThat(base.model()).isNull();
    assertThat(changed.inputs()).hasSize(1);
    GenerateSpec g = GenerateSpec.named("g");
    GenerateSpec withApi = g.withApi(GenerationApi.TGI_GENERATE);
    assertThat(g.api()).isNull();
    assertThat(withApi.api()).isEqualTo(GenerationApi.TGI_GENERATE);
  }

  @Test
  void generateTakesTheProtocolsApiAndModel() {
    MlProtocol p =
        protocol(
            ProtocolSpec.DEFAULT
                .withRestBaseUrl("http://h:8000")
                .withModel("llm")
                .withGenerationApi(GenerationApi.TRITON_GENERATE_STREAM));
    StreamSpec s = GenerateSpec.named("g").resolve(p);
    assertThat(s.api().label()).isEqualTo("triton-generate-stream");
    assertThat(s.fixedModel()).isEqualTo("llm");
    StreamSpec own =
        GenerateSpec.named("g")
            .withApi(GenerationApi.OPENAI_COMPLETIONS)
            .withSlo(200_000, 0)
            .resolve(p);
    assertThat(own.api().label()).isEqualTo("openai-completions");
    assertThat(own.ttftSloMicros()).isEqualTo(200_000);
    assertThat(own.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void generateRefusesAnApiWithoutItsTarget() {
    MlProtocol restOnly =
        protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000").withModel("llm"));
    assertThatThrownBy(
            () -> GenerateSpec.named("g").withApi(GenerationApi.GRPC_STREAM).resolve(restOnly))
        .hasMessageContaining("generate(\"g\") uses grpc-stream")
        .hasMessageContaining("ml.grpcTarget");
    MlProtocol noModel = protocol(ProtocolSpec.DEFAULT.withRestBaseUrl("http://h:8000"));
    assertThatThrownBy(() -> GenerateSpec.named("g").resolve(noModel))
        .hasMessageContaining("names no model");
  }

  @Test
  void labelsReadBackToTheirValues() {
    for (InferTransport t : InferTransport.values()) {
      assertThat(InferTransport.fromLabel(t.label())).isSameAs(t);
    }
    for (GenerationApi a : GenerationApi.values()) {
      assertThat(GenerationApi.fromLabel(a.label())).isSameAs(a);
    }
    assertThatThrownBy(() -> GenerationApi.fromLabel("grpc"))
        .hasMessageContaining("openai-chat")
        .hasMessageContaining("tgi-generate-stream");
    assertThatThrownBy(() -> InferTransport.fromLabel("openai-chat"))
        .hasMessageContaining("rest-json");
  }
}
