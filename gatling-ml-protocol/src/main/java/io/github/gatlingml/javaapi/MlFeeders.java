/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.FeederBuilder;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.internal.feeder.ModelSignatures;
import io.github.gatlingml.internal.feeder.json.KServeRequests;
import io.github.gatlingml.internal.feeder.json.PerfAnalyzerJson;
import io.github.gatlingml.internal.feeder.prompt.PromptFeeds;
import io.github.gatlingml.internal.feeder.synthetic.SyntheticTensors;
import io.github.gatlingml.internal.protocol.MlProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feeders of real ML data: tensors from NumPy files, perf_analyzer input JSON, KServe request
 * bodies or synthesized from a model's metadata, and prompts for LLM endpoints. They plug into
 * Gatling's own feeder strategies:
 *
 * <pre>{@code
 * feed(MlFeeders.npy("data/images.npy", "INPUT0").tensors().feeder().circular())
 *     .exec(infer("classify").model("resnet").inputsFromFeeder())
 * }</pre>
 *
 * Data is decoded and encoded once when the simulation starts; errors in the data (a corrupt file,
 * an unsupported dtype, a shape the model does not accept) stop it there, naming the file, the
 * record and the problem.
 */
public final class MlFeeders {
  private MlFeeders() {}

  /**
   * A {@code .npy} file as input {@code inputName}; add more with {@code .andNpy(path, input)}
   * (rows are paired by index). Rows become records, each with a batch dimension of 1.
   */
  public static NumpyFeederBuilder npy(String path, String inputName) {
    return NumpyFeederBuilder.ofNpy(path, inputName);
  }

  /**
   * A {@code .npz} archive (stored or compressed): every array as the input of its own name, or
   * rename with {@code .map(array, input)}.
   */
  public static NumpyFeederBuilder npz(String path) {
    return NumpyFeederBuilder.ofNpz(path);
  }

  /**
   * A model's inputs and outputs (names, datatypes, shapes) from its metadata over REST, fetched
   * now (at simulation start), e.g. {@code modelFromRest("http://localhost:8000", "add_sub")}.
   */
  public static ModelSignature modelFromRest(String baseUrl, String model) {
    return ModelSignatures.fromRest(baseUrl, model, "");
  }

  /** A model's inputs and outputs from its metadata over gRPC ({@code host:port}), fetched now. */
  public static ModelSignature modelFromGrpc(String target, String model) {
    return ModelSignatures.fromGrpc(target, model, "");
  }

  /**
   * A model's inputs and outputs from its metadata, fetched now through the simulation's own
   * protocol: over its REST URL when it has one (http or https), else its gRPC target, with its TLS
   * settings (CA, client certificate, server name) and its fixed headers (e.g. {@code
   * header("Authorization", "Bearer " + token)}; headers with Gatling EL or functions need a
   * session and are not sent), e.g. {@code modelFrom(kserve, "resnet50")}.
   */
  public static ModelSignature modelFrom(MlProtocolBuilder protocol, String model) {
    MlProtocol p = protocol.build();
    Map<String, String> headers = new LinkedHashMap<>();
    for (MlProtocol.Header h : p.headers()) {
      if (!h.dynamic()) {
        headers.put(h.name(), h.staticValue());
      }
    }
    String version = p.defaultVersion() == null ? "" : p.defaultVersion();
    if (p.restBaseUrl() != null) {
      return ModelSignatures.fromRest(p.restBaseUrl().toString(), model, version, p.tls(), headers);
    }
    return ModelSignatures.fromGrpc(
        p.grpcTarget(), model, version, p.grpcTls() ? p.tls() : null, headers);
  }

  /**
   * perf_analyzer's input data JSON, unchanged: one record per entry of {@code "data"}, its {@code
   * "validation_data"} as expected outputs. Datatypes (and shapes not given in the file) come from
   * the model, as they do for perf_analyzer.
   */
  public static TensorFeederBuilder perfAnalyzer(String path, ModelSignature model) {
    return new TensorFeederBuilder(
            path,
            () ->
                PerfAnalyzerJson.records(
                    FeederFiles.resolve(path), model.inputs(), model.outputs()),
            null)
        .checkedAgainst(model.inputs());
  }

  /**
   * perf_analyzer's sequence form ({@code "data": [[step, ...], ...]}): one record per sequence,
   * for {@code MlDsl.sequence(...)}.
   */
  public static SequenceFeederBuilder perfAnalyzerSequences(String path, ModelSignature model) {
    return new SequenceFeederBuilder(
        path,
        () ->
            PerfAnalyzerJson.sequences(FeederFiles.resolve(path), model.inputs(), model.outputs()));
  }

  /**
   * KServe v2 infer request bodies: a directory of {@code *.json} files (sorted by name) or a
   * {@code .jsonl} file of one body per line, which {@code .stream()} reads as it is fed.
   */
  public static TensorFeederBuilder kserveRequests(String path) {
    return new TensorFeederBuilder(
        path,
        () -> {
          Path p = FeederFiles.resolve(path);
          return Files.isDirectory(p)
              ? KServeRequests.fromDirectory(p)
              : KServeRequests.fromJsonl(p);
        },
        () -> {
          Path p = FeederFiles.resolve(path);
          return Files.isDirectory(p)
              ? KServeRequests.fromDirectory(p).iterator()
              : KServeRequests.streamJsonl(p);
        });
  }

  /** Tensors generated to fit a model's inputs; see {@link SyntheticFeederBuilder}. */
  public static SyntheticFeederBuilder synthetic(ModelSignature model) {
    return new SyntheticFeederBuilder(SyntheticTensors.of(model.inputs()));
  }

  /**
   * Prompts from a JSONL file of {@code {"prompt": ...}} or chat {@code {"messages": [...]}} lines,
   * for LLM streaming requests (records set {@code prompt} or {@code messages}).
   */
  public static FeederBuilder<Object> promptsJsonl(String path) {
    return CoreDsl.listFeeder(PromptFeeds.jsonl(FeederFiles.resolve(path)));
  }

  /** Prompts from a text file, one per non-blank line (records set {@code prompt}). */
  public static FeederBuilder<Object> promptLines(String path) {
    return CoreDsl.listFeeder(PromptFeeds.textLines(FeederFiles.resolve(path)));
  }

  /**
   * {@code count} synthetic prompts whose lengths in words (standing in for tokens) follow a normal
   * distribution; records set {@code prompt} and {@code prompt_tokens}.
   */
  public static FeederBuilder<Object> syntheticPrompts(
      int count, double meanTokens, double stddevTokens, long seed) {
    return CoreDsl.listFeeder(PromptFeeds.synthetic(count, meanTokens, stddevTokens, seed));
  }
}
