/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import static io.github.gatlingml.internal.feeder.numpy.NumpyFixtures.EXPECTED;
import static io.github.gatlingml.internal.feeder.numpy.NumpyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every .npy fixture NumPy wrote, read and compared element by element with expected.json. */
class NpyReaderFixtureTest {

  static List<String> npyFixtures() {
    return NumpyFixtures.npyFixtures();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("npyFixtures")
  void readsFixtureLikeNumPy(String fixture) {
    Tensor t = NpyReader.read(path(fixture), "INPUT0");

    assertThat(t.name()).isEqualTo("INPUT0");
    NumpyFixtures.assertMatches(t, EXPECTED.get(fixture), fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("npyFixtures")
  void readsTheSameFromAStream(String fixture) throws IOException {
    try (InputStream in = Files.newInputStream(path(fixture))) {
      assertThat(NpyReader.read(in, fixture, "INPUT0"))
          .isEqualTo(NpyReader.read(path(fixture), "INPUT0"));
    }
  }

  @Test
  void fixturesCoverEveryDtypeByteOrderAndLayout() {
    Set<String> descrs = new HashSet<>();
    EXPECTED.forEach(e -> descrs.add(e.has("descr") ? e.get("descr").asText() : ""));
    assertThat(descrs)
        .contains("|b1", "|i1", "|u1", "|S5", "<U5", ">U5")
        .contains(
            "<i2", ">i2", "<i4", ">i4", "<i8", ">i8", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8")
        .contains("<f2", ">f2", "<f4", ">f4", "<f8", ">f8");
    long fortran = npyEntries().stream().filter(e -> e.get("fortran_order").asBoolean()).count();
    assertThat(fortran).isEqualTo(4);
  }

  private static List<JsonNode> npyEntries() {
    return NumpyFixtures.npyFixtures().stream().map(EXPECTED::get).toList();
  }

  @Test
  void fortranOrderGivesTheSameRowMajorBytesAsCOrder() throws IOException {
    assertThat(headerOf("fortran_2d.npy")).contains("'fortran_order': True");
    assertThat(headerOf("c_order_2d.npy")).contains("'fortran_order': False");
    assertThat(NpyReader.read(path("fortran_2d.npy"), "x"))
        .isEqualTo(NpyReader.read(path("c_order_2d.npy"), "x"));
    assertThat(NpyReader.read(path("fortran_3d.npy"), "x"))
        .isEqualTo(NpyReader.read(path("c_order_3d.npy"), "x"));
    assertThat(NpyReader.read(path("fortran_unicode.npy"), "x"))
        .isEqualTo(NpyReader.read(path("unicode_le.npy"), "x"));
    // Big-endian and Fortran order together: int32 values of the same 3-d array.
    Tensor be = NpyReader.read(path("fortran_3d_be.npy"), "x");
    Tensor c = NpyReader.read(path("c_order_3d.npy"), "x");
    assertThat(be.shape()).isEqualTo(Shape.of(2, 3, 4));
    for (int i = 0; i < 24; i++) {
      assertThat(be.getLong(i)).isEqualTo(c.getLong(i)).isEqualTo(i - 7);
    }
  }

  @Test
  void bigEndianReadsAsTheSameLittleEndianBytes() {
    for (String code : List.of("i2", "i4", "i8", "u2", "u4", "u8", "f2", "f4", "f8")) {
      assertThat(NpyReader.read(path(code + "_be.npy"), "x"))
          .as(code)
          .isEqualTo(NpyReader.read(path(code + "_le.npy"), "x"));
    }
    assertThat(NpyReader.read(path("unicode_be.npy"), "x"))
        .isEqualTo(NpyReader.read(path("unicode_le.npy"), "x"));
  }

  @Test
  void zeroDimensionalArraysAreScalars() {
    Tensor f = NpyReader.read(path("scalar_f8.npy"), "x");
    assertThat(f.shape()).isEqualTo(Shape.scalar());
    assertThat(f.getDouble(0)).isEqualTo(3.5);
    Tensor s = NpyReader.read(path("scalar_unicode.npy"), "x");
    assertThat(s.shape()).isEqualTo(Shape.scalar());
    assertThat(s.toStringList()).containsExactly("héllo");
  }

  @Test
  void emptyArraysHaveNoData() {
    Tensor f = NpyReader.read(path("empty_0x3.npy"), "x");
    assertThat(f.datatype()).isEqualTo(DataType.FP32);
    assertThat(f.shape()).isEqualTo(Shape.of(0, 3));
    assertThat(f.data()).isEmpty();
    Tensor s = NpyReader.read(path("empty_bytes.npy"), "x");
    assertThat(s.datatype()).isEqualTo(DataType.BYTES);
    assertThat(s.shape()).isEqualTo(Shape.of(2, 0));
    assertThat(s.data()).isEmpty();
  }

  @Test
  void stringsDropTrailingNulsOnlyAndBecomeUtf8() {
    Tensor s = NpyReader.read(path("bytes_S.npy"), "x");
    assertThat(s.toStringList()).containsExactly("ab", "hello", "", "a\0b", "x", "12345");
    Tensor u = NpyReader.read(path("unicode_le.npy"), "x");
    assertThat(u.getBytes(4)).isEqualTo("😀!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(u.getBytes(3)).hasSize(9); // three CJK characters, 3 UTF-8 bytes each
  }

  @Test
  void readsFormatVersions2And3() throws IOException {
    assertThat(Files.readAllBytes(path("v2_f4.npy"))[6]).isEqualTo((byte) 2);
    assertThat(Files.readAllBytes(path("v3_i8.npy"))[6]).isEqualTo((byte) 3);
    assertThat(NpyReader.read(path("v2_f4.npy"), "x").toFloatArray())
        .containsExactly(1f, 2f, 3f, 4.5f);
    assertThat(NpyReader.read(path("v3_i8.npy"), "x").getLong(1)).isEqualTo(-2);
  }

  private static String headerOf(String fixture) throws IOException {
    byte[] b = Files.readAllBytes(path(fixture));
    return new String(
        b, 10, Math.min(b.length - 10, 118), java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
