/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.time.Duration;
import java.util.List;

/**
 * Calls every method of the public DSL, so that an incompatible change to it fails compilation. It
 * is compiled, never run (like Gatling's own *JavaCompileTest classes).
 */
public class MlJavaCompileTest extends Simulation {
  private final MlProtocolBuilder protocol =
      ml.restBaseUrl("http://localhost:8000")
          .grpcTarget("localhost:8001")
          .transport(InferTransport.GRPC)
          .generationApi(GenerationApi.TGI_GENERATE_STREAM)
          .model("add_sub")
          .modelVersion("1")
          .header("Authorization", "Bearer #{token}")
          .header("X-Run", session -> "run-" + session.userId())
          .requestTimeout(Duration.ofSeconds(5))
          .httpConnectionsPerEventLoop(16)
          .grpcChannelsPerEventLoop(4)
          .connectionPerUser()
          .sharedConnections()
          .maxResponseBytes(1 << 20)
          .summaryPath("target/ml-summary.json")
          .scrape("http://localhost:8002/metrics")
          .scrape(
              ScrapeTarget.of("http://localhost:9400/metrics")
                  .name("gpu")
                  .interval(Duration.ofSeconds(2))
                  .timeout(Duration.ofMillis(500))
                  .series("DCGM_FI_DEV_.*", "node_network_receive_bytes_total")
                  .label("gpu", "0|1")
                  .header("Authorization", "Bearer abcdef"))
          .modelStatistics()
          .modelStatistics("add_sub");

  // TLS settings check their files when called, so they stay in a method that is compiled only.
  @SuppressWarnings("unused")
  private MlProtocolBuilder tls() {
    return protocol
        .grpcTarget("grpcs://models.example.com:443")
        .grpcTls()
        .trustedCaPem("ca.pem")
        .clientCertificatePem("client.pem", "client-key.pem")
        .clientCertificatePem("client.pem", "client-key.pem", "secret")
        .clientKeyStore("client.p12", "secret")
        .tlsServerName("models.internal")
        .insecureTls();
  }

  @SuppressWarnings("unused")
  private io.github.gatlingml.feeder.ModelSignature signature() {
    return MlFeeders.modelFrom(protocol, "add_sub");
  }

  private final Tensor tensor = Tensor.ofFloats("INPUT0", Shape.of(1, 2), 1f, 2f);

  private final ScenarioBuilder scenario =
      scenario("compile")
          .exec(
              infer("every infer option")
                  .model("add_sub")
                  .model(session -> "add_sub")
                  .version("1")
                  .version(session -> "1")
                  .requestId("#{id}")
                  .requestId(session -> "r")
                  .grpc()
                  .grpcTyped()
                  .overStream()
                  .restJson()
                  .restBinary()
                  .transport(InferTransport.REST_JSON)
                  .parameter("flag", true)
                  .parameter("count", 3L)
                  .parameter("ratio", 0.5)
                  .parameter("text", "#{text}")
                  .parameter("computed", session -> 1L)
                  .sequenceId(42L)
                  .sequenceId("#{seq}")
                  .sequenceId(session -> 42L)
                  .sequenceStart(true)
                  .sequenceStart("#{start}")
                  .sequenceStart(session -> true)
                  .sequenceEnd(false)
                  .sequenceEnd("#{end}")
                  .sequenceEnd(session -> false)
                  .input(tensor)
                  .input("INPUT1", FP32, shape(1, 16), "#{b}")
                  .input("INPUT2", INT32, shape(2), session -> new int[] {1, 2})
                  .inputValues("INPUT3", FP16, shape(2), 1.5, 2.5)
                  .inputStrings("TEXT", shape(1), "hello")
                  .inputTensor("IMAGE", "#{image}")
                  .output("OUTPUT0")
                  .binaryOutput("OUTPUT1")
                  .classification("PROBABILITIES", 3)
                  .check(
                      status().isOk(),
                      status().is("OK"),
                      status().is(200),
                      status().in("OK", "UNAVAILABLE"),
                      status().saveAs("code"),
                      output("OUTPUT0").exists(),
                      output("OUTPUT0").exists().saveAs("tensor"),
                      output("MISSING").notExists(),
                      output("OUTPUT0").tensor().saveAs("out"),
                      output("OUTPUT0").datatype().is(FP32),
                      output("OUTPUT0").datatype().saveAs("dt"),
                      output("OUTPUT0").shape().is(1, 16),
                      output("OUTPUT0").shape().saveAs("shape"),
                      output("OUTPUT0").values().is(1, 2),
                      output("OUTPUT0").values().within(1e-6, 1, 2),
                      output("OUTPUT0").values().saveAs("values"),
                      output("OUTPUT0").value(0).is(1),
                      output("OUTPUT0").value(0).within(1, 1e-6),
                      output("OUTPUT0").value(0).gt(0),
                      output("OUTPUT0").value(0).lt(2),
                      output("OUTPUT0").value(0).saveAs("first"),
                      output("TEXT").strings().is("a", "b"),
                      output("TEXT").strings().contains("a"),
                      output("TEXT").strings().saveAs("texts"),
                      output("PROBABILITIES").classLabels().is("cat"),
                      output("PROBABILITIES").classLabels().contains("dog"),
                      output("PROBABILITIES").classLabels().saveAs("labels"),
                      output("PROBABILITIES").argmax().is(3),
                      output("PROBABILITIES").argmax().saveAs("best"),
                      output("PROBABILITIES").topK(2).is(3, 1),
                      output("PROBABILITIES").topK(2).saveAs("top"))
                  .check(
                      jsonPath("$.outputs[0].name").is("OUTPUT0"),
                      substring("OUTPUT0"),
                      regex("\"name\""),
                      bodyString().exists()))
          .exec(serverLive("live").grpc().rest().check(status().isOk()))
          .exec(serverReady("ready"))
          .exec(
              modelReady("model ready")
                  .model("add_sub")
                  .model(session -> "add_sub")
                  .version("1")
                  .version(session -> "1"))
          .exec(serverMetadata("server metadata").check(jsonPath("$.name").exists()))
          .exec(modelMetadata("model metadata").model("add_sub"))
          .exec(modelConfig("model config").model("add_sub"))
          .exec(modelStatistics("statistics"));

  private final io.github.gatlingml.feeder.ModelSignature signature =
      new io.github.gatlingml.feeder.ModelSignature(
          "add_sub",
          List.of(
              new io.github.gatlingml.feeder.TensorSignature("INPUT0", FP32, new long[] {-1, 16})),
          List.of());

  private final ScenarioBuilder feeders =
      scenario("feeders")
          .feed(
              MlFeeders.npy("a.npy", "INPUT0")
                  .andNpy("b.npy", "INPUT1")
                  .batchOfOne()
                  .tensors()
                  .checkedAgainst(signature)
                  .feeder()
                  .circular())
          .feed(
              MlFeeders.npz("ab.npz").map("a", "INPUT0").dropBatchDim().tensors().feeder().random())
          .feed(
              listFeeder(
                  MlFeeders.npz("ab.npz")
                      .whole()
                      .tensors()
                      .checkedAgainst(signature.inputs())
                      .records()))
          .feed(MlFeeders.perfAnalyzer("inputs.json", signature).feeder().shuffle())
          .feed(MlFeeders.kserveRequests("requests.jsonl").stream())
          .feed(
              MlFeeders.synthetic(signature)
                  .seed(1)
                  .random()
                  .zeros()
                  .range(0, 1)
                  .dim("INPUT0", 0, 1, 2)
                  .dim("INPUT0", 0, () -> 4L)
                  .records(10)
                  .feeder())
          .feed(MlFeeders.synthetic(signature).endless())
          .feed(MlFeeders.promptsJsonl("prompts.jsonl"))
          .feed(MlFeeders.promptLines("prompts.txt").circular())
          .feed(MlFeeders.syntheticPrompts(100, 120, 30, 7))
          .exec(infer("from feeder").inputsFromFeeder().inputsFromFeeder(1e-3))
          .feed(MlFeeders.perfAnalyzerSequences("sequences.json", signature).feeder().queue())
          .exec(sequence(infer("step").model("sequence_accumulate").inputsFromFeeder()));

  private final ScenarioBuilder streams =
      scenario("streams")
          .exec(
              generate("every generate option")
                  .model("tiny_llm")
                  .model(session -> "tiny_llm")
                  .tritonStream()
                  .tritonGenerate()
                  .grpcStream()
                  .openAiCompletions()
                  .openAiChat()
                  .tgiStream()
                  .tgiGenerate()
                  .api(GenerationApi.OPENAI_CHAT)
                  .prompt("#{prompt}")
                  .prompt(session -> "hello")
                  .messages("#{messages}")
                  .messages(session -> session.get("messages"))
                  .conversation("history")
                  .maxTokens(64)
                  .maxTokens("#{max}")
                  .maxTokens(session -> 32)
                  .parameter("temperature", 0.7)
                  .parameter("top_p", session -> 0.9)
                  .includeUsage(true)
                  .tokenizer(text -> text.split(" ").length)
                  .idleTimeout(Duration.ofSeconds(5))
                  .slo(Duration.ofMillis(200), Duration.ofMillis(20))
                  .check(
                      ttft().lt(Duration.ofMillis(500)),
                      ttft().lteMillis(500),
                      ttft().lte(Duration.ofMillis(500)),
                      ttft().saveAs("ttft"),
                      tpot().lt(Duration.ofMillis(50)),
                      maxChunkGap().lt(Duration.ofMillis(100)),
                      outputTokens().is(64),
                      outputTokens().gte(1),
                      outputTokens().between(1, 64),
                      outputTokens().saveAs("tokens"),
                      text().is("x"),
                      text().contains("x"),
                      text().matches("\\w+"),
                      text().saveAs("reply"),
                      finishReason().is("length"))
                  .check(substring("x")));

  private void unusedSignatureFetchers() {
    MlFeeders.modelFromRest("http://localhost:8000", "add_sub");
    MlFeeders.modelFromGrpc("localhost:8001", "add_sub");
  }

  {
    List<Object> datatypes =
        List.of(
            BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES,
            BF16);
    if (datatypes.size() != 14) {
      throw new IllegalStateException("every datatype constant must be reachable from MlDsl");
    }
    setUp(
            scenario.injectOpen(atOnceUsers(1)),
            feeders.injectOpen(atOnceUsers(1)),
            streams.injectOpen(atOnceUsers(1)))
        .protocols(protocol);
  }
}
