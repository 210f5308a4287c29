/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.InferTensorContents;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Malformed input must fail with a message that names the tensor, the element and the fix. */
class TensorCodecErrorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String s) throws IOException {
    return MAPPER.readTree(s);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> readFails(
      DataType type, Shape shape, String data) throws IOException {
    JsonNode node = json(data);
    return assertThatThrownBy(() -> KServeJsonCodec.readData("x", type, shape, node))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("tensor 'x'");
  }

  private static Tensor read(DataType type, Shape shape, String data) throws IOException {
    return KServeJsonCodec.readData("x", type, shape, json(data));
  }

  // ------------------------------------------------------------------ JSON elements

  @Test
  void jsonRejectsFractionsOutOfRangeAndWrongKinds() throws IOException {
    readFails(DataType.INT32, Shape.of(2), "[1, 3.5]")
        .hasMessageContaining("element 1")
        .hasMessageContaining("the number 3.5")
        .hasMessageContaining("expected a whole number between -2147483648 and 2147483647");
    readFails(DataType.INT8, Shape.of(1), "[128]")
        .hasMessageContaining("element 0")
        .hasMessageContaining("128")
        .hasMessageContaining("between -128 and 127");
    readFails(DataType.UINT8, Shape.of(1), "[-1]").hasMessageContaining("between 0 and 255");
    readFails(DataType.UINT32, Shape.of(1), "[4294967296]").hasMessageContaining("4294967296");
    readFails(DataType.INT64, Shape.of(1), "[9223372036854775808]")
        .hasMessageContaining("9223372036854775808");
    readFails(DataType.UINT64, Shape.of(1), "[18446744073709551616]")
        .hasMessageContaining("between 0 and 18446744073709551615");
    readFails(DataType.UINT64, Shape.of(1), "[-1]").hasMessageContaining("the number -1");
    readFails(DataType.INT32, Shape.of(1), "[\"5\"]")
        .hasMessageContaining("the string \"5\"")
        .hasMessageContaining("whole number");
    readFails(DataType.FP32, Shape.of(1), "[\"abc\"]")
        .hasMessageContaining("the string \"abc\"")
        .hasMessageContaining("\"NaN\", \"Infinity\" or \"-Infinity\"");
    readFails(DataType.FP32, Shape.of(1), "[1e39]").hasMessageContaining("FP32 range");
    readFails(DataType.FP16, Shape.of(1), "[70000]").hasMessageContaining("FP16 range");
    readFails(DataType.BYTES, Shape.of(2), "[\"a\", 5]")
        .hasMessageContaining("element 1")
        .hasMessageContaining("the number 5")
        .hasMessageContaining("JSON string");
    readFails(DataType.BOOL, Shape.of(1), "[2]").hasMessageContaining("true or false (or 0 or 1)");
    readFails(DataType.BOOL, Shape.of(1), "[\"true\"]").hasMessageContaining("the string");
    readFails(DataType.INT32, Shape.of(1), "[null]").hasMessageContaining("is null");
  }

  @Test
  void jsonAcceptsLenientButExactForms() throws IOException {
    assertThat(read(DataType.INT32, Shape.of(2), "[3.0, -4e0]").getLong(0)).isEqualTo(3);
    assertThat(read(DataType.INT32, Shape.of(2), "[3.0, -4e0]").getLong(1)).isEqualTo(-4);
    Tensor bools = read(DataType.BOOL, Shape.of(3), "[1, 0, true]");
    assertThat(bools.data()).containsExactly(1, 0, 1);
    assertThat(read(DataType.FP64, Shape.of(1), "[\"-Infinity\"]").getDouble(0))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    // 2^53 + 1 is not a double: it must come from the token, not through one.
    assertThat(read(DataType.INT64, Shape.of(1), "[9007199254740993]").getLong(0))
        .isEqualTo(9007199254740993L);
    assertThat(read(DataType.UINT64, Shape.of(1), "[18446744073709551615]").getLong(0))
        .isEqualTo(-1L);
    // A 2^64 - 1 written as a decimal fraction reaches us as BigDecimal when the mapper asks.
    ObjectMapper exact =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    Tensor big =
        KServeJsonCodec.readData(
            "x", DataType.UINT64, Shape.of(1), exact.readTree("[18446744073709551615.0]"));
    assertThat(big.getLong(0)).isEqualTo(-1L);
    assertThat(read(DataType.FP32, Shape.of(1), "[0.1]").data())
        .isEqualTo(new byte[] {(byte) 0xCD, (byte) 0xCC, (byte) 0xCC, 0x3D});
  }

  // ------------------------------------------------------------------ JSON structure

  @Test
  void jsonDataMustMatchTheShape() throws IOException {
    readFails(DataType.FP32, Shape.of(2, 3), "[1, 2, 3, 4, 5]")
        .hasMessageContaining("has 5 elements in 'data' but its shape needs 6");
    readFails(DataType.FP32, Shape.of(2, 2), "[[1, 2], [3]]")
        .hasMessageContaining("data[1] is a list of 1 where dimension 1 needs a list of 2");
    readFails(DataType.FP32, Shape.of(2, 2), "[[1, 2], 3]")
        .hasMessageContaining("data[1] is the number 3 where dimension 1 needs a list of 2");
    readFails(DataType.FP32, Shape.of(3, 2), "[[1, 2], [3, 4]]")
        .hasMessageContaining("data is a list of 2 where dimension 0 needs a list of 3");
    readFails(DataType.FP32, Shape.of(2), "[[1], [2]]")
        .hasMessageContaining("data[0] is a list but the shape has only 1 dimensions");
    readFails(DataType.INT32, Shape.of(2, 2), "[[1, 2], [3, 4.5]]")
        .hasMessageContaining("element 3 (data[1][1]) is the number 4.5");
    readFails(DataType.FP32, Shape.of(2), "{\"a\": 1}")
        .hasMessageContaining("'data' is an object; expected a list of 2 elements");
  }

  @Test
  void jsonTensorObjectNeedsEveryMember() throws IOException {
    assertThatThrownBy(() -> KServeJsonCodec.readTensor(json("{\"datatype\":\"FP32\"}")))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("without a 'name'");
    assertThatThrownBy(() -> KServeJsonCodec.readTensor(json("{\"name\":\"in\",\"shape\":[1]}")))
        .hasMessageContaining("tensor 'in' has no 'datatype'");
    assertThatThrownBy(
            () -> KServeJsonCodec.readTensor(json("{\"name\":\"in\",\"datatype\":\"FP99\"}")))
        .hasMessageContaining("tensor 'in': unknown datatype 'FP99'")
        .hasMessageContaining("BF16");
    assertThatThrownBy(
            () -> KServeJsonCodec.readTensor(json("{\"name\":\"in\",\"datatype\":\"FP32\"}")))
        .hasMessageContaining("tensor 'in' has no 'shape'");
    assertThatThrownBy(
            () ->
                KServeJsonCodec.readTensor(
                    json("{\"name\":\"in\",\"datatype\":\"FP32\",\"shape\":[-1]}")))
        .hasMessageContaining("tensor 'in': dimension 0")
        .hasMessageContaining("the number -1");
    assertThatThrownBy(
            () ->
                KServeJsonCodec.readTensor(
                    json("{\"name\":\"in\",\"datatype\":\"FP32\",\"shape\":[1]}")))
        .hasMessageContaining("tensor 'in' (FP32 [1]) has no 'data'")
        .hasMessageContaining("binary_data_size");
    assertThatThrownBy(() -> KServeJsonCodec.readTensor(json("[1]")))
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void jsonWriteRefusesInvalidUtf8() {
    Tensor bad =
        Tensor.ofByteElements(
            "blob", Shape.of(2), List.of(new byte[] {'o', 'k'}, new byte[] {(byte) 0xC3, 0x28}));
    StringWriter out = new StringWriter();
    assertThatThrownBy(
            () -> {
              try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
                KServeJsonCodec.writeData(bad, g);
              }
            })
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("tensor 'blob'")
        .hasMessageContaining("element 1 is not valid UTF-8")
        .hasMessageContaining("binary tensor extension");
    // Nothing was written before the failure.
    assertThat(out.toString()).isEmpty();
  }

  // ------------------------------------------------------------------ binary and raw

  @Test
  void binaryLengthMustMatchTheShape() {
    assertThatThrownBy(
            () ->
                BinaryTensorCodec.read(
                    "INPUT0", DataType.FP32, Shape.of(1, 16), new byte[60], 0, 60))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining(
            "binary_data_size 60 of tensor 'INPUT0' (FP32 [1, 16]) does not match the 64 bytes its"
                + " shape needs");
    assertThatThrownBy(
            () -> BinaryTensorCodec.read("INPUT0", DataType.FP32, Shape.of(2), new byte[10], 4, 8))
        .hasMessageContaining("runs past the end of the 10-byte body");
    // "ab" declared as 3 bytes: truncated.
    byte[] truncated = {3, 0, 0, 0, 'a', 'b'};
    assertThatThrownBy(
            () -> BinaryTensorCodec.read("s", DataType.BYTES, Shape.of(1), truncated, 0, 6))
        .hasMessageContaining(
            "tensor 's' (BYTES [1]) is truncated: element 0 declares 3 bytes but only 2 remain");
    byte[] trailing = {1, 0, 0, 0, 'a', 9};
    assertThatThrownBy(
            () -> BinaryTensorCodec.read("s", DataType.BYTES, Shape.of(1), trailing, 0, 6))
        .hasMessageContaining("leaves 1 bytes after its 1 elements");
    assertThatThrownBy(
            () -> BinaryTensorCodec.read("s", DataType.BYTES, Shape.of(2), trailing, 0, 5))
        .hasMessageContaining("ends after 1 of its 2 elements");
  }

  @Test
  void rawLengthMustMatchTheShape() {
    assertThatThrownBy(
            () ->
                ProtoTensorCodec.fromRaw(
                    "OUT", DataType.INT64, Shape.of(3), ByteString.copyFrom(new byte[20])))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("raw contents of 20 bytes of tensor 'OUT' (INT64 [3])")
        .hasMessageContaining("24 bytes its shape needs");
  }

  // ------------------------------------------------------------------ typed contents

  @Test
  void typedContentsMustUseTheRightFieldAndCount() {
    InferTensorContents floats = InferTensorContents.newBuilder().addFp32Contents(1f).build();
    assertThatThrownBy(
            () -> ProtoTensorCodec.fromContents("in", DataType.INT32, Shape.of(1), floats))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("tensor 'in' (INT32 [1]) carries its elements in fp32_contents")
        .hasMessageContaining("INT32 elements belong in int_contents");
    assertThatThrownBy(
            () -> ProtoTensorCodec.fromContents("in", DataType.FP16, Shape.of(1), floats))
        .hasMessageContaining("FP16 has no typed contents field");
    InferTensorContents ints =
        InferTensorContents.newBuilder().addIntContents(1).addIntContents(300).build();
    assertThatThrownBy(() -> ProtoTensorCodec.fromContents("in", DataType.INT32, Shape.of(3), ints))
        .hasMessageContaining("has 2 elements in int_contents but its shape needs 3");
    assertThatThrownBy(() -> ProtoTensorCodec.fromContents("in", DataType.INT8, Shape.of(2), ints))
        .hasMessageContaining(
            "element 1 of int_contents is 300, outside the INT8 range -128 to 127");
    InferTensorContents uints = InferTensorContents.newBuilder().addUintContents(-1).build();
    assertThatThrownBy(
            () -> ProtoTensorCodec.fromContents("in", DataType.UINT16, Shape.of(1), uints))
        .hasMessageContaining("element 0 of uint_contents is 4294967295, outside the UINT16 range");
    assertThatThrownBy(
            () ->
                ProtoTensorCodec.fromContents(
                    "in", DataType.BF16, Shape.of(1), InferTensorContents.getDefaultInstance()))
        .hasMessageContaining("BF16 has no typed contents field, so send it as raw_input_contents");
  }
}
