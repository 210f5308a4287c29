/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.InferTensorContents;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every datatype through every encoding. The expected little-endian bytes, JSON text and typed
 * contents are written out by hand, so each codec is checked against the wire, not against itself.
 */
class TensorCodecRoundTripTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One datatype: its elements as hand-written LE hex, as JSON, and as typed contents. */
  record Case(
      DataType type, String hex, String json, Consumer<InferTensorContents.Builder> contents) {
    byte[] bytes() {
      return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    int count() {
      return tree(json).size();
    }

    Tensor tensor() {
      return Tensor.of("t", type, Shape.of(count()), bytes());
    }

    @Override
    public String toString() {
      return type.toString();
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            DataType.BOOL,
            "01 00 01 01",
            "[true,false,true,true]",
            b -> b.addAllBoolContents(List.of(true, false, true, true))),
        new Case(
            DataType.UINT8,
            "00 01 7F FF",
            "[0,1,127,255]",
            b -> b.addAllUintContents(List.of(0, 1, 127, 255))),
        new Case(
            DataType.INT8,
            "80 FF 00 7F",
            "[-128,-1,0,127]",
            b -> b.addAllIntContents(List.of(-128, -1, 0, 127))),
        new Case(
            DataType.UINT16,
            "0000 0100 0201 FFFF",
            "[0,1,258,65535]",
            b -> b.addAllUintContents(List.of(0, 1, 258, 65535))),
        new Case(
            DataType.INT16,
            "0080 FFFF 0000 FF7F",
            "[-32768,-1,0,32767]",
            b -> b.addAllIntContents(List.of(-32768, -1, 0, 32767))),
        new Case(
            DataType.UINT32,
            "00000000 01000000 04030201 FFFFFFFF",
            "[0,1,16909060,4294967295]",
            // uint32 travels in a Java int holding the same bits: 4294967295 is -1.
            b -> b.addAllUintContents(List.of(0, 1, 16909060, -1))),
        new Case(
            DataType.INT32,
            "00000080 FFFFFFFF 00000000 FFFFFF7F",
            "[-2147483648,-1,0,2147483647]",
            b -> b.addAllIntContents(List.of(Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE))),
        new Case(
            DataType.UINT64,
            "0000000000000000 FFFFFFFFFFFFFF7F 0000000000000080 FFFFFFFFFFFFFFFF",
            "[0,9223372036854775807,9223372036854775808,18446744073709551615]",
            b -> b.addAllUint64Contents(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, -1L))),
        new Case(
            DataType.INT64,
            "0000000000000080 FFFFFFFFFFFFFFFF 0100000000000000 FFFFFFFFFFFFFF7F",
            "[-9223372036854775808,-1,1,9223372036854775807]",
            b -> b.addAllInt64Contents(List.of(Long.MIN_VALUE, -1L, 1L, Long.MAX_VALUE))),
        new Case(
            DataType.FP16,
            "003C 00C0 FF7B 007C 00FC 007E 0080 0100",
            "[1.0,-2.0,65504.0,\"Infinity\",\"-Infinity\",\"NaN\",-0.0,5.9604645E-8]",
            null),
        new Case(
            DataType.BF16,
            "803F 4940 7F7F 80FF C07F 0080 0100 00C0",
            "[1.0,3.140625,3.3895314E38,\"-Infinity\",\"NaN\",-0.0,9.18355E-41,-2.0]",
            null),
        new Case(
            DataType.FP32,
            "CDCCCC3D 00000080 0000C07F 0000807F 000080FF FFFF7F7F 01000000 0000803F",
            "[0.1,-0.0,\"NaN\",\"Infinity\",\"-Infinity\",3.4028235E38,1.4E-45,1.0]",
            b ->
                b.addAllFp32Contents(
                    List.of(
                        0.1f,
                        -0.0f,
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        Float.MAX_VALUE,
                        Float.MIN_VALUE,
                        1.0f))),
        new Case(
            DataType.FP64,
            "9A9999999999B93F 0000000000000080 000000000000F87F 000000000000F07F"
                + " FFFFFFFFFFFFEF7F 0100000000000000",
            "[0.1,-0.0,\"NaN\",\"Infinity\",1.7976931348623157E308,4.9E-324]",
            b ->
                b.addAllFp64Contents(
                    List.of(
                        0.1,
                        -0.0,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.MAX_VALUE,
                        Double.MIN_VALUE))),
        new Case(
            DataType.BYTES,
            "00000000 03000000 616263 06000000 68C3A96C6C6F 06000000 E697A5E69CAC",
            "[\"\",\"abc\",\"h\u00e9llo\",\"\u65e5\u672c\"]",
            b ->
                b.addBytesContents(ByteString.EMPTY)
                    .addBytesContents(ByteString.copyFromUtf8("abc"))
                    .addBytesContents(ByteString.copyFrom(HexFormat.of().parseHex("68C3A96C6C6F")))
                    .addBytesContents(
                        ByteString.copyFrom(HexFormat.of().parseHex("E697A5E69CAC")))));
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static String writeData(Tensor t) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      KServeJsonCodec.writeData(t, g);
    }
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonFlat(Case c) throws IOException {
    assertThat(writeData(c.tensor())).isEqualTo(c.json);
    Tensor read =
        KServeJsonCodec.readData("t", c.type, Shape.of(c.count()), MAPPER.readTree(c.json));
    assertThat(read.data()).isEqualTo(c.bytes());
    assertThat(read).isEqualTo(c.tensor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonNested(Case c) throws IOException {
    // Nest the hand-written flat list as rows of two, the layout shape [n/2, 2] describes.
    JsonNode flat = MAPPER.readTree(c.json);
    ArrayNode nested = MAPPER.createArrayNode();
    for (int i = 0; i < flat.size(); i += 2) {
      nested.addArray().add(flat.get(i)).add(flat.get(i + 1));
    }
    Shape shape = Shape.of(c.count() / 2, 2);
    Tensor read = KServeJsonCodec.readData("t", c.type, shape, nested);
    assertThat(read).isEqualTo(Tensor.of("t", c.type, shape, c.bytes()));
    // Writing is always flat.
    assertThat(writeData(read)).isEqualTo(c.json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonWholeTensorObject(Case c) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      KServeJsonCodec.writeTensor(c.tensor(), g);
    }
    String expected =
        "{\"name\":\"t\",\"datatype\":\""
            + c.type
            + "\",\"shape\":["
            + c.count()
            + "],\"data\":"
            + c.json
            + "}";
    assertThat(out.toString()).isEqualTo(expected);
    assertThat(KServeJsonCodec.readTensor(MAPPER.readTree(expected))).isEqualTo(c.tensor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void binaryExtension(Case c) {
    byte[] expected = c.bytes();
    assertThat(c.tensor().data()).isEqualTo(expected);
    assertThat(BinaryTensorCodec.byteSize(c.tensor())).isEqualTo(expected.length);
    // The blob sits after a JSON header and before another tensor's blob.
    byte[] body = new byte[7 + expected.length + 5];
    Arrays.fill(body, (byte) 0x5A);
    System.arraycopy(expected, 0, body, 7, expected.length);
    Tensor read =
        BinaryTensorCodec.read("t", c.type, Shape.of(c.count()), body, 7, expected.length);
    assertThat(read).isEqualTo(c.tensor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void protoRaw(Case c) {
    ByteString raw = ProtoTensorCodec.toRaw(c.tensor());
    assertThat(raw.toByteArray()).isEqualTo(c.bytes());
    assertThat(
            ProtoTensorCodec.fromRaw(
                "t", c.type, Shape.of(c.count()), ByteString.copyFrom(c.bytes())))
        .isEqualTo(c.tensor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void protoTyped(Case c) {
    if (c.contents == null) {
      assertThatThrownBy(() -> ProtoTensorCodec.toContents(c.tensor()))
          .isInstanceOf(TensorFormatException.class)
          .hasMessageContaining("tensor 't'")
          .hasMessageContaining(
              c.type + " has no typed contents field in KServe v2; send it as raw_input_contents");
      return;
    }
    InferTensorContents.Builder expected = InferTensorContents.newBuilder();
    c.contents.accept(expected);
    // Compare serialized bytes: NaN != NaN would defeat a field-by-field equals.
    assertThat(ProtoTensorCodec.toContents(c.tensor()).toByteString())
        .isEqualTo(expected.build().toByteString());
    assertThat(ProtoTensorCodec.fromContents("t", c.type, Shape.of(c.count()), expected.build()))
        .isEqualTo(c.tensor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scalarInEveryEncoding(Case c) throws IOException {
    // The first element alone, with shape [].
    int size = c.type.isFixedSize() ? c.type.byteSize() : 4; // BYTES: the first element is ""
    byte[] bytes = Arrays.copyOf(c.bytes(), size);
    Tensor scalar = Tensor.of("s", c.type, Shape.scalar(), bytes);
    String first = MAPPER.readTree(c.json).get(0).toString();
    assertThat(writeData(scalar)).isEqualTo("[" + first + "]");
    assertThat(
            KServeJsonCodec.readData(
                "s", c.type, Shape.scalar(), MAPPER.readTree("[" + first + "]")))
        .isEqualTo(scalar);
    assertThat(KServeJsonCodec.readData("s", c.type, Shape.scalar(), MAPPER.readTree(first)))
        .isEqualTo(scalar);
    assertThat(BinaryTensorCodec.read("s", c.type, Shape.scalar(), bytes, 0, bytes.length))
        .isEqualTo(scalar);
    assertThat(
            ProtoTensorCodec.fromRaw("s", c.type, Shape.scalar(), ProtoTensorCodec.toRaw(scalar)))
        .isEqualTo(scalar);
    if (c.contents != null) {
      InferTensorContents typed = ProtoTensorCodec.toContents(scalar);
      assertThat(ProtoTensorCodec.fromContents("s", c.type, Shape.scalar(), typed))
          .isEqualTo(scalar);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void zeroElementsInEveryEncoding(Case c) throws IOException {
    Shape shape = Shape.of(0);
    Tensor empty = Tensor.of("e", c.type, shape, new byte[0]);
    assertThat(writeData(empty)).isEqualTo("[]");
    assertThat(KServeJsonCodec.readData("e", c.type, shape, MAPPER.readTree("[]")))
        .isEqualTo(empty);
    assertThat(KServeJsonCodec.readData("e", c.type, Shape.of(2, 0), MAPPER.readTree("[[],[]]")))
        .isEqualTo(Tensor.of("e", c.type, Shape.of(2, 0), new byte[0]));
    assertThat(BinaryTensorCodec.read("e", c.type, shape, new byte[3], 3, 0)).isEqualTo(empty);
    assertThat(ProtoTensorCodec.fromRaw("e", c.type, shape, ByteString.EMPTY)).isEqualTo(empty);
    assertThat(ProtoTensorCodec.toRaw(empty).size()).isZero();
    if (c.contents != null) {
      InferTensorContents typed = ProtoTensorCodec.toContents(empty);
      assertThat(typed.getSerializedSize()).isZero();
      assertThat(ProtoTensorCodec.fromContents("e", c.type, shape, typed)).isEqualTo(empty);
    }
  }
}
