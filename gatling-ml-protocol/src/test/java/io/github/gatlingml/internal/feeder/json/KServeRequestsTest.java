/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.json;

import static io.github.gatlingml.internal.feeder.json.PerfAnalyzerJsonTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KServeRequestsTest {
  @TempDir Path dir;

  @Test
  void directoryOfBodiesInNameOrder() {
    List<TensorRecord> records = KServeRequests.fromDirectory(resource("kserve_dir"));
    assertThat(records)
        .extracting(TensorRecord::source)
        .containsExactly("a_001.json", "b_002.json");
    TensorRecord a = records.get(0);
    assertThat(a.inputs()).hasSize(2);
    assertThat(a.inputs().get(0).shape()).isEqualTo(Shape.of(1, 2));
    assertThat(a.inputs().get(0).getDouble(1)).isEqualTo(2.0);
    assertThat(new String(a.inputs().get(1).getBytes(0), StandardCharsets.UTF_8)).isEqualTo("hi");
    TensorRecord b = records.get(1);
    assertThat(b.inputs().get(0).shape()).isEqualTo(Shape.of(2, 2));
    assertThat(b.inputs().get(0).getDouble(3)).isEqualTo(4.5);
    assertThat(b.expected()).isEmpty();
  }

  @Test
  void jsonlSkipsBlankLines() {
    List<TensorRecord> records = KServeRequests.fromJsonl(resource("requests.jsonl"));
    assertThat(records)
        .extracting(TensorRecord::source)
        .containsExactly("requests.jsonl:1", "requests.jsonl:4");
    assertThat(records.get(0).inputs().get(0).datatype()).isEqualTo(DataType.INT64);
    assertThat(records.get(0).inputs().get(0).getLong(2)).isEqualTo(3);
    assertThat(records.get(1).inputs().get(0).shape()).isEqualTo(Shape.of(1, 2));
    assertThat(records.get(1).inputs().get(0).getLong(1)).isEqualTo(50);
  }

  @Test
  void streamingReadsOneLineAtATime() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("big.jsonl"),
            "{\"inputs\": [{\"name\": \"X\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [7]}]}\n"
                + "\n"
                + "{\"inputs\": [{\"name\": \"X\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [8]}]}\n"
                + "this line is broken\n");
    Iterator<TensorRecord> it = KServeRequests.streamJsonl(f);
    assertThat(it.hasNext()).isTrue();
    assertThat(it.next().inputs().get(0).getLong(0)).isEqualTo(7);
    TensorRecord second = it.next();
    assertThat(second.source()).isEqualTo("big.jsonl:3");
    assertThat(second.inputs().get(0).getLong(0)).isEqualTo(8);
    // The broken line fails only when reached: the first two were served lazily.
    assertThatThrownBy(it::hasNext)
        .isInstanceOf(FeederException.class)
        .hasMessageStartingWith("big.jsonl:4: not valid JSON");

    Iterator<TensorRecord> whole = KServeRequests.streamJsonl(resource("requests.jsonl"));
    int n = 0;
    while (whole.hasNext()) {
      whole.next();
      n++;
    }
    assertThat(n).isEqualTo(2);
    assertThat(whole.hasNext()).isFalse();
  }

  @Test
  void signatureChecks() throws IOException {
    List<TensorSignature> model =
        List.of(new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 2}));
    Path f =
        Files.writeString(
            dir.resolve("req.jsonl"),
            "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"FP32\", \"shape\": [3, 2],"
                + " \"data\": [1,2,3,4,5,6]}]}\n"
                + "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"FP64\", \"shape\": [1, 2],"
                + " \"data\": [1,2]}]}\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(f, model))
        .isInstanceOf(FeederException.class)
        .hasMessage(
            "req.jsonl:2: input 'INPUT0' is FP64 but the model declares FP32; change its"
                + " \"datatype\" (and data) to FP32");
    Iterator<TensorRecord> it = KServeRequests.streamJsonl(f, model);
    assertThat(it.next().inputs().get(0).shape()).isEqualTo(Shape.of(3, 2));
    assertThatThrownBy(it::next).hasMessageStartingWith("req.jsonl:2: input 'INPUT0' is FP64");

    Path shape =
        Files.writeString(
            dir.resolve("shape.jsonl"),
            "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"FP32\", \"shape\": [1, 3],"
                + " \"data\": [1,2,3]}]}\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(shape, model))
        .hasMessage(
            "shape.jsonl:1: input 'INPUT0' has shape [1, 3] but the model declares"
                + " [-1, 2]; give a shape of the same rank whose fixed dimensions match (-1 takes any"
                + " size)");

    Path unknown =
        Files.writeString(
            dir.resolve("unknown.jsonl"),
            "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"FP32\", \"shape\": [1, 2],"
                + " \"data\": [1,2]}, {\"name\": \"EXTRA\", \"datatype\": \"FP32\", \"shape\": [1],"
                + " \"data\": [1]}]}\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(unknown, model))
        .hasMessage(
            "unknown.jsonl:1: input 'EXTRA' is not an input of the model; the model's"
                + " inputs are INPUT0");

    List<TensorSignature> two =
        List.of(
            new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 2}),
            new TensorSignature("INPUT1", DataType.FP32, new long[] {-1, 2}));
    Path reqDir = Files.createDirectory(dir.resolve("bodies"));
    Files.writeString(
        reqDir.resolve("r1.json"),
        "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"FP32\", \"shape\": [1, 2],"
            + " \"data\": [1,2]}]}");
    assertThatThrownBy(() -> KServeRequests.fromDirectory(reqDir, two))
        .hasMessage("r1.json: input 'INPUT1' is missing; the model's inputs are INPUT0, INPUT1");
    assertThat(KServeRequests.fromDirectory(reqDir)).hasSize(1);
  }

  @Test
  void malformedBodies() throws IOException {
    Path noInputs = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": \"1\"}\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(noInputs))
        .hasMessageStartingWith("a.jsonl:1: has no \"inputs\" list");
    Path badTensor =
        Files.writeString(
            dir.resolve("b.jsonl"),
            "{\"inputs\": [{\"name\": \"X\", \"datatype\": \"FP32\", \"shape\": [2], \"data\": [1]}]}\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(badTensor))
        .hasMessageStartingWith(
            "b.jsonl:1: inputs[0]: tensor 'X' (FP32 [2]) has 1 elements in"
                + " 'data' but its shape needs 2");
    Path blank = Files.writeString(dir.resolve("c.jsonl"), "\n\n");
    assertThatThrownBy(() -> KServeRequests.fromJsonl(blank))
        .hasMessageStartingWith("c.jsonl: holds no request bodies");
    Path emptyDir = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> KServeRequests.fromDirectory(emptyDir))
        .hasMessageEndingWith("holds no *.json request bodies");
    assertThatThrownBy(() -> KServeRequests.streamJsonl(dir.resolve("missing.jsonl")))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("missing.jsonl: no such file");
  }
}
