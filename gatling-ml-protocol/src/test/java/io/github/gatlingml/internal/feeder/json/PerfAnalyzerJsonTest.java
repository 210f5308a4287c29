/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfAnalyzerJsonTest {
  static final List<TensorSignature> ADD_SUB_IN =
      List.of(
          new TensorSignature("INPUT0", DataType.FP32, new long[] {-1, 4}),
          new TensorSignature("INPUT1", DataType.FP32, new long[] {-1, 4}));
  static final List<TensorSignature> ADD_SUB_OUT =
      List.of(
          new TensorSignature("OUTPUT0", DataType.FP32, new long[] {-1, 4}),
          new TensorSignature("OUTPUT1", DataType.FP32, new long[] {-1, 4}));

  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(PerfAnalyzerJsonTest.class.getResource("/feeders/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  static float[] floats(Tensor t) {
    float[] out = new float[(int) t.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) t.getDouble(i);
    }
    return out;
  }

  @Test
  void flatNestedContentAndB64Forms() {
    List<TensorRecord> records =
        PerfAnalyzerJson.records(resource("pa_flat.json"), ADD_SUB_IN, ADD_SUB_OUT);
    assertThat(records).hasSize(2);

    TensorRecord first = records.get(0);
    assertThat(first.source()).isEqualTo("pa_flat.json, data[0]");
    Tensor in0 = first.inputs().get(0);
    assertThat(in0.name()).isEqualTo("INPUT0");
    assertThat(in0.datatype()).isEqualTo(DataType.FP32);
    assertThat(in0.shape()).isEqualTo(Shape.of(1, 4)); // -1 inferred from 4 elements
    assertThat(floats(in0)).containsExactly(1f, 2f, 3f, 4f);
    // Nested list, flattened row-major; [-1, 4] with 4 elements -> [1, 4].
    Tensor in1 = first.inputs().get(1);
    assertThat(in1.shape()).isEqualTo(Shape.of(1, 4));
    assertThat(floats(in1)).containsExactly(0.5f, 1.5f, 2.5f, 3.5f);
    assertThat(first.expected()).hasSize(1);
    assertThat(first.expected().get(0).name()).isEqualTo("OUTPUT0");
    assertThat(floats(first.expected().get(0))).containsExactly(1.5f, 3.5f, 5.5f, 7.5f);

    TensorRecord second = records.get(1);
    assertThat(second.inputs().get(0).shape()).isEqualTo(Shape.of(2, 4));
    assertThat(floats(second.inputs().get(0))).containsExactly(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
    // b64 of 00 00 80 3F | 00 00 00 40 | 00 00 C0 BF | 00 00 00 3F
    Tensor b64 = second.inputs().get(1);
    assertThat(b64.shape()).isEqualTo(Shape.of(1, 4));
    assertThat(b64.data())
        .containsExactly(0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0xC0, 0xBF, 0, 0, 0, 0x3F);
    assertThat(floats(b64)).containsExactly(1.0f, 2.0f, -1.5f, 0.5f);
    assertThat(second.expected().get(0).shape()).isEqualTo(Shape.of(2, 4));
  }

  @Test
  void bytesStringsAndB64() {
    List<TensorSignature> in =
        List.of(
            new TensorSignature("TEXT", DataType.BYTES, new long[] {-1}),
            new TensorSignature("IDS", DataType.INT32, new long[] {2}));
    List<TensorRecord> records =
        PerfAnalyzerJson.records(resource("pa_strings.json"), in, List.of());
    Tensor text = records.get(0).inputs().get(0);
    assertThat(text.shape()).isEqualTo(Shape.of(2));
    assertThat(new String(text.getBytes(0), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(new String(text.getBytes(1), StandardCharsets.UTF_8)).isEqualTo("world");
    Tensor ids = records.get(0).inputs().get(1);
    assertThat(ids.getLong(0)).isEqualTo(1);
    assertThat(ids.getLong(1)).isEqualTo(-1);
    // b64 of a BYTES input is one element holding the decoded bytes, as perf_analyzer sends it.
    Tensor b64Text = records.get(1).inputs().get(0);
    assertThat(b64Text.shape()).isEqualTo(Shape.of(1));
    assertThat(new String(b64Text.getBytes(0), StandardCharsets.UTF_8)).isEqualTo("hi there");
    assertThat(records.get(1).inputs().get(1).getLong(1)).isEqualTo(8);
  }

  @Test
  void sequencesWithValidationPerStep() {
    List<TensorSignature> in =
        List.of(new TensorSignature("INPUT", DataType.INT32, new long[] {1}));
    List<TensorSignature> out =
        List.of(new TensorSignature("OUTPUT", DataType.INT32, new long[] {1}));
    List<List<TensorRecord>> seqs =
        PerfAnalyzerJson.sequences(resource("pa_sequences.json"), in, out);
    assertThat(seqs).hasSize(2);
    assertThat(seqs.get(0)).hasSize(3);
    assertThat(seqs.get(1)).hasSize(2);
    assertThat(seqs.get(0).get(2).inputs().get(0).getLong(0)).isEqualTo(3);
    assertThat(seqs.get(0).get(2).expected().get(0).getLong(0)).isEqualTo(6);
    assertThat(seqs.get(1).get(1).inputs().get(0).getLong(0)).isEqualTo(20);
    assertThat(seqs.get(1).get(1).expected().get(0).getLong(0)).isEqualTo(30);
    assertThat(seqs.get(1).get(1).source()).isEqualTo("pa_sequences.json, data[1][1]");

    assertThatThrownBy(() -> PerfAnalyzerJson.records(resource("pa_sequences.json"), in, out))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("pa_sequences.json: 'data' is a list of lists")
        .hasMessageContaining("PerfAnalyzerJson.sequences(...)");
    assertThatThrownBy(
            () -> PerfAnalyzerJson.sequences(resource("pa_flat.json"), ADD_SUB_IN, ADD_SUB_OUT))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("pa_flat.json, data[0]: is an object, not a list of steps")
        .hasMessageContaining("PerfAnalyzerJson.records(...)");
  }

  @Test
  void sequenceValidationMustBeNestedLikeData() throws IOException {
    List<TensorSignature> in =
        List.of(new TensorSignature("INPUT", DataType.INT32, new long[] {1}));
    Path f =
        write(
            "seq.json",
            "{\"data\": [[{\"INPUT\": [1]}, {\"INPUT\": [2]}]],"
                + " \"validation_data\": [[{\"OUTPUT\": [1]}]]}");
    assertThatThrownBy(
            () ->
                PerfAnalyzerJson.sequences(
                    f, in, List.of(new TensorSignature("OUTPUT", DataType.INT32, new long[] {1}))))
        .hasMessageContaining(
            "seq.json, validation_data[0]: is a list of 1 but data[0] has 2 steps");
  }

  @Test
  void missingInputNamesItAndTheRecord() throws IOException {
    Path f =
        write(
            "inputs.json",
            "{\"data\": ["
                + "{\"INPUT0\": [1,2,3,4], \"INPUT1\": [1,2,3,4]},".repeat(3)
                + "{\"INPUT0\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(f, ADD_SUB_IN, ADD_SUB_OUT))
        .isInstanceOf(FeederException.class)
        .hasMessage(
            "inputs.json, data[3]: input 'INPUT1' is missing; the model's inputs are"
                + " INPUT0, INPUT1");
  }

  @Test
  void unknownInput() throws IOException {
    Path f =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": [1,2,3,4], \"INPUT1\": [1,2,3,4], \"INPUT9\": [1]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(f, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessage(
            "inputs.json, data[0]: 'INPUT9' is not an input of the model; the model's"
                + " inputs are INPUT0, INPUT1");
  }

  @Test
  void notJsonAndNoData() throws IOException {
    Path bad = write("bad.json", "{\"data\": [ {\"INPUT0\": [1, 2,");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(bad, ADD_SUB_IN, ADD_SUB_OUT))
        .isInstanceOf(FeederException.class)
        .hasMessageStartingWith("bad.json: not valid JSON (")
        .hasMessageContaining("fix the syntax");
    Path noData = write("nodata.json", "{\"inputs\": []}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(noData, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith("nodata.json: has no \"data\"");
    Path empty = write("empty.json", "{\"data\": []}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(empty, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith("empty.json: \"data\" is empty");
    assertThatThrownBy(
            () -> PerfAnalyzerJson.records(dir.resolve("absent.json"), ADD_SUB_IN, ADD_SUB_OUT))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("absent.json: no such file");
  }

  @Test
  void wrongValueType() throws IOException {
    Path f =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": [1, 2, \"three\", 4], \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(f, ADD_SUB_IN, ADD_SUB_OUT))
        .isInstanceOf(FeederException.class)
        .hasMessageStartingWith("inputs.json, data[0]: tensor 'INPUT0' (FP32 [1, 4]): element 2")
        .hasMessageContaining("the string \"three\"");
  }

  @Test
  void elementCountVersusShape() throws IOException {
    Path notMultiple =
        write("inputs.json", "{\"data\": [{\"INPUT0\": [1, 2, 3], \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(notMultiple, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessage(
            "inputs.json, data[0]: 'INPUT0' has 3 elements, which does not fill the"
                + " model's shape [-1, 4] (a multiple of 4 is needed); fix the data or give"
                + " {\"content\": [...], \"shape\": [...]}");
    Path contentVsShape =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": {\"content\": [1,2,3,4], \"shape\": [2, 4]},"
                + " \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(contentVsShape, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith(
            "inputs.json, data[0]: tensor 'INPUT0' (FP32 [2, 4]) has 4"
                + " elements in 'data' but its shape needs 8");
    Path shapeVsModel =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": {\"content\": [1,2,3], \"shape\": [1, 3]},"
                + " \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(shapeVsModel, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith(
            "inputs.json, data[0]: 'INPUT0'.shape [1, 3] does not fit the"
                + " model's shape [-1, 4]");
    List<TensorSignature> fixed =
        List.of(new TensorSignature("X", DataType.INT8, new long[] {2, 2}));
    Path fixedCount = write("inputs.json", "{\"data\": [{\"X\": [1, 2, 3]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(fixedCount, fixed, List.of()))
        .hasMessage(
            "inputs.json, data[0]: 'X' has 3 elements but the model's shape [2, 2] needs"
                + " 4; give the right number of elements");
  }

  @Test
  void twoDynamicDimensionsNeedAShape() throws IOException {
    List<TensorSignature> in =
        List.of(new TensorSignature("IMG", DataType.UINT8, new long[] {-1, -1}));
    Path f = write("inputs.json", "{\"data\": [{\"IMG\": [1, 2, 3, 4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(f, in, List.of()))
        .hasMessageContaining(
            "inputs.json, data[0]: 'IMG' has 4 elements but the model declares"
                + " it [-1, -1] with more than one -1")
        .hasMessageContaining("\"shape\"");
    Path ok =
        write(
            "ok.json",
            "{\"data\": [{\"IMG\": {\"content\": [1, 2, 3, 4, 5, 6], \"shape\": [2, 3]}}]}");
    Tensor t = PerfAnalyzerJson.records(ok, in, List.of()).get(0).inputs().get(0);
    assertThat(t.shape()).isEqualTo(Shape.of(2, 3));
    assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void b64LengthVersusShape() throws IOException {
    // 6 bytes: not a whole number of FP32 elements.
    Path odd =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": {\"b64\": \"AAAAAAAA\"}, \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(odd, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith(
            "inputs.json, data[0]: 'INPUT0'.b64 decodes to 6 bytes, not a"
                + " whole number of FP32 elements (4 bytes each)");
    // 16 bytes with an explicit shape of 8 elements.
    Path shaped =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": {\"b64\": \"AACAPwAAAEAAAMC/AAAAPw==\", \"shape\": [2, 4]},"
                + " \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(shaped, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith(
            "inputs.json, data[0]: tensor 'INPUT0' (FP32, shape [2, 4]) needs"
                + " 8 elements = 32 bytes but has 16 bytes");
    Path notBase64 =
        write(
            "inputs.json", "{\"data\": [{\"INPUT0\": {\"b64\": \"@@@\"}, \"INPUT1\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(notBase64, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessageStartingWith("inputs.json, data[0]: 'INPUT0'.b64 is not valid base64");
  }

  @Test
  void validationDataLengthMustMatch() throws IOException {
    Path f =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": [1,2,3,4], \"INPUT1\": [1,2,3,4]}],"
                + " \"validation_data\": [{\"OUTPUT0\": [1,2,3,4]}, {\"OUTPUT0\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(f, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessage(
            "inputs.json: \"validation_data\" is a list of 2 but \"data\" has 1 entries;"
                + " give one validation entry per data entry, in the same order");
    Path unknownOut =
        write(
            "inputs.json",
            "{\"data\": [{\"INPUT0\": [1,2,3,4], \"INPUT1\": [1,2,3,4]}],"
                + " \"validation_data\": [{\"OUT\": [1,2,3,4]}]}");
    assertThatThrownBy(() -> PerfAnalyzerJson.records(unknownOut, ADD_SUB_IN, ADD_SUB_OUT))
        .hasMessage(
            "inputs.json, validation_data[0]: 'OUT' is not an output of the model; the"
                + " model's outputs are OUTPUT0, OUTPUT1");
  }
}
