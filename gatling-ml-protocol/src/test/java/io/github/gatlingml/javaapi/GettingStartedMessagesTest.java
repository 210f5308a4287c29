/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.github.gatlingml.javaapi.MlDsl.ml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.internal.feeder.prompt.PromptFeeds;
import io.github.gatlingml.internal.protocol.SetupException;
import io.github.gatlingml.tensor.DataType;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a new user meets first, each message with its test: feeder files found as Gatling finds its
 * own (classpath, then working directory) with one "not found" message for every feeder, transport
 * and API labels that list the valid ones, the NumPy fix for FP64 data sent to an FP32 model, and
 * configuration errors that are their message alone (no stack trace).
 */
class GettingStartedMessagesTest {
  @TempDir Path dir;

  private static final ModelSignature ADD_SUB =
      new ModelSignature(
          "add_sub",
          List.of(
              new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 16}),
              new TensorSignature("INPUT1", DataType.FP32, new long[] {-1, 16})),
          List.of());

  // ------------------------------------------------------------------ feeder files

  @Test
  void aRelativePathIsFoundOnTheClasspathLikeGatlingsCsv() {
    // src/test/resources/feeders/prompts.jsonl is on the test classpath, not in the working dir.
    assertThat(Path.of("feeders/prompts.jsonl")).doesNotExist();
    assertThat(PromptFeeds.jsonl(FeederFiles.resolve("feeders/prompts.jsonl"))).isNotEmpty();
    // Through the DSL (MlFeeders.promptsJsonl needs a running Gatling for its feeder).
    assertThat(MlFeeders.kserveRequests("feeders/kserve_dir").records()).hasSize(2);
    assertThat(MlFeeders.kserveRequests("feeders/requests.jsonl").records()).isNotEmpty();
    assertThat(FeederFiles.resolve("./feeders/requests.jsonl")).exists();
  }

  @Test
  void aRelativePathNotOnTheClasspathIsLookedUpInTheWorkingDirectory() throws Exception {
    Path file = Files.createTempFile(Path.of("target"), "prompts", ".txt");
    try {
      Files.writeString(file, "hello\nworld\n");
      String relative = Path.of("").toAbsolutePath().relativize(file.toAbsolutePath()).toString();
      assertThat(PromptFeeds.textLines(FeederFiles.resolve(relative))).hasSize(2);
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void aFileInsideAJarOnTheClasspathIsRead() throws Exception {
    // A Gatling Enterprise package carries src/test/resources inside a jar.
    Path jar = dir.resolve("package.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("data/"));
      out.putNextEntry(new JarEntry("data/enterprise-prompts.txt"));
      out.write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      Path copy = FeederFiles.resolve("data/enterprise-prompts.txt");
      assertThat(copy.getFileName()).hasToString("enterprise-prompts.txt");
      assertThat(PromptFeeds.textLines(copy)).hasSize(3);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "npy",
        "npz",
        "perfAnalyzer",
        "perfAnalyzerSequences",
        "kserveRequests",
        "promptsJsonl",
        "promptLines"
      })
  void everyFeederSaysNotFoundTheSameWayNamingWhereItLooked(String feeder) {
    String path = "nowhere/absent-" + feeder + ".data";
    Throwable t = catchThrowable(() -> load(feeder, path));
    assertThat(t).isInstanceOf(FeederException.class);
    assertThat(t.getMessage())
        .isEqualTo(
            path
                + ": no such file; looked on the classpath (src/test/resources,"
                + " src/main/resources, or a Gatling Enterprise package) and at "
                + Path.of("").toAbsolutePath().resolve(path));
    assertThat(t.getStackTrace()).as("the message says it all").isEmpty();
  }

  @Test
  void anAbsolutePathIsTakenAsItIs() {
    String path = dir.resolve("absent.npy").toString();
    assertThatThrownBy(() -> MlFeeders.npy(path, "INPUT0").tensors().records())
        .isInstanceOf(FeederException.class)
        .hasMessage(path + ": no such file");
  }

  private static void load(String feeder, String path) {
    switch (feeder) {
      case "npy":
        MlFeeders.npy(path, "INPUT0").tensors().records();
        break;
      case "npz":
        MlFeeders.npz(path).tensors().records();
        break;
      case "perfAnalyzer":
        MlFeeders.perfAnalyzer(path, ADD_SUB).records();
        break;
      case "perfAnalyzerSequences":
        MlFeeders.perfAnalyzerSequences(path, ADD_SUB).feeder();
        break;
      case "kserveRequests":
        MlFeeders.kserveRequests(path).stream();
        break;
      case "promptsJsonl":
        MlFeeders.promptsJsonl(path);
        break;
      default:
        MlFeeders.promptLines(path);
    }
  }

  // ------------------------------------------------------------------ datatypes

  @Test
  void fp64DataForAnFp32ModelNamesTheNumpyFix() throws Exception {
    Path npy = dir.resolve("float64.npy");
    Files.write(npy, npy("<f8", 2, 16, 8));
    Throwable t =
        catchThrowable(
            () ->
                MlFeeders.npy(npy.toString(), "INPUT0")
                    .andNpy(npy.toString(), "INPUT1")
                    .tensors()
                    .checkedAgainst(ADD_SUB)
                    .records());
    assertThat(t)
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("input 'INPUT0' is FP64 but the model expects FP32")
        .hasMessageEndingWith("convert it with arr.astype(np.float32) and save it again");
  }

  /** A C-order NPY v1.0 file of zeros. */
  private static byte[] npy(String descr, int rows, int cols, int itemSize) {
    String header =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + rows
            + ", "
            + cols
            + "), }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.writeBytes(
        ByteBuffer.allocate(2)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short) header.length())
            .array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[rows * cols * itemSize]);
    return out.toByteArray();
  }

  // ------------------------------------------------------------------ labels

  @Test
  void transportLabelsParseForConfigurationAndListTheValidOnes() {
    assertThat(InferTransport.fromLabel(" REST-json ")).isEqualTo(InferTransport.REST_JSON);
    assertThat(InferTransport.fromLabel("grpc-typed")).isEqualTo(InferTransport.GRPC_TYPED);
    for (InferTransport t : InferTransport.values()) {
      assertThat(InferTransport.fromLabel(t.label())).isEqualTo(t);
    }
    assertThatThrownBy(() -> InferTransport.fromLabel("http"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown inference transport 'http': use grpc, grpc-typed, rest-json or rest-binary");
  }

  @Test
  void generationApiLabelsParseForConfigurationAndListTheValidOnes() {
    for (GenerationApi a : GenerationApi.values()) {
      assertThat(GenerationApi.fromLabel(a.label().toUpperCase())).isEqualTo(a);
    }
    assertThatThrownBy(() -> GenerationApi.fromLabel("openai"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown generation API 'openai': use one of openai-chat, ")
        .hasMessageContaining("tgi-generate-stream");
  }

  // ------------------------------------------------------------------ start-up errors

  @Test
  void aConfigurationErrorIsItsMessageAloneWithoutAStackTrace() {
    Throwable t = catchThrowable(() -> ml.restBaseUrl("ftp://models:8000").build());
    assertThat(t)
        .isInstanceOf(SetupException.class)
        .hasMessageContaining("ftp://models:8000")
        .hasMessageContaining("http://host:port or https://host:port");
    assertThat(t.getStackTrace()).isEmpty();
    assertThat(t.getCause()).isNull();
    Throwable label = catchThrowable(() -> InferTransport.fromLabel("soap"));
    assertThat(label.getStackTrace()).isEmpty();
  }

  @Test
  void tlsTargetsAreAccepted() {
    Consumer<MlProtocolBuilder> builds = b -> assertThat(b.build()).isNotNull();
    builds.accept(ml.restBaseUrl("https://models.example:8443"));
    builds.accept(ml.grpcTarget("grpcs://models.example:443"));
    builds.accept(ml.grpcTarget("models.example:443").grpcTls());
  }
}
