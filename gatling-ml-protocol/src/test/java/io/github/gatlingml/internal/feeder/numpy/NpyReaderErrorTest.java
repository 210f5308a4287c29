/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-laid NPY files: corrupt, truncated, unsupported, and unusual-but-valid ones. */
class NpyReaderErrorTest {
  @TempDir Path dir;

  /** An NPY file: magic, version, header length (2 bytes for 1.x, 4 otherwise), header, data. */
  static byte[] npy(int major, int minor, String header, byte[] data) {
    byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
    ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      len.putShort((short) h.length);
    } else {
      len.putInt(h.length);
    }
    out.writeBytes(len.array());
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] npy(String header, byte[] data) {
    return npy(1, 0, header, data);
  }

  private Path write(byte[] content) throws IOException {
    return Files.write(dir.resolve("inputs.npy"), content);
  }

  private String errorOf(byte[] content) throws IOException {
    Path file = write(content);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> NpyReader.read(file, "x"));
    assertThat(t).isInstanceOf(FeederException.class);
    assertThat(t.getMessage()).startsWith(file.toString() + ": ");
    return t.getMessage();
  }

  private static final String F4_2X3 =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";

  @Test
  void badMagic() throws IOException {
    assertThat(errorOf("PK\3\4 not an npy at all".getBytes(StandardCharsets.ISO_8859_1)))
        .contains("not an NPY file", "\\x93NUMPY", "PK\\x03\\x04", "NpzReader");
    assertThat(errorOf(new byte[0])).contains("not an NPY file", "empty");
  }

  @Test
  void unknownVersion() throws IOException {
    assertThat(errorOf(npy(9, 0, F4_2X3, new byte[24])))
        .contains("unsupported NPY format version 9.0", "1.0, 2.0 and 3.0");
  }

  @Test
  void truncatedHeader() throws IOException {
    byte[] full = npy(F4_2X3, new byte[0]);
    assertThat(errorOf(java.util.Arrays.copyOf(full, 30)))
        .contains("truncated inside its header", "expected " + F4_2X3.length(), "found 20");
    assertThat(errorOf(java.util.Arrays.copyOf(full, 7))).contains("truncated");
  }

  @Test
  void headerNotADict() throws IOException {
    assertThat(errorOf(npy("['descr', '<f4']\n", new byte[0])))
        .contains("corrupt NPY header", "not a Python dict");
    assertThat(errorOf(npy("{'descr': '<f4', 'shape': (2, 3\n", new byte[0])))
        .contains("corrupt NPY header");
  }

  @Test
  void headerWithoutShape() throws IOException {
    assertThat(errorOf(npy("{'descr': '<f4', 'fortran_order': False}\n", new byte[24])))
        .contains("missing 'shape'", "'descr', 'fortran_order' and 'shape'");
    assertThat(
            errorOf(
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
                    new byte[4])))
        .contains("unexpected 'x'");
    assertThat(
            errorOf(npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}", new byte[24])))
        .contains("'shape' must be a tuple");
    assertThat(
            errorOf(
                npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", new byte[24])))
        .contains("dimension 1 is -3");
    assertThat(errorOf(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", new byte[24])))
        .contains("'fortran_order' must be True or False");
  }

  @Test
  void objectDtype() throws IOException {
    assertThat(
            errorOf(
                npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }\n", new byte[16])))
        .contains("dtype 'object' (|O) is not supported", "never unpickled", "astype(np.float32)");
  }

  @Test
  void complexDtype() throws IOException {
    assertThat(
            errorOf(
                npy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }\n", new byte[16])))
        .contains(
            "dtype 'complex64' (<c8) is not supported",
            "no complex tensors",
            "arr.real.astype(np.float32)");
    assertThat(
            errorOf(
                npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }\n", new byte[16])))
        .contains("'complex128' (<c16)", "arr.real.astype(np.float64)");
  }

  @Test
  void otherUnsupportedDtypes() throws IOException {
    assertThat(
            errorOf(
                npy("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,), }", new byte[8])))
        .contains("'datetime64' (<M8[ns]) is not supported", "astype(np.int64)");
    assertThat(
            errorOf(
                npy("{'descr': '<m8[s]', 'fortran_order': False, 'shape': (1,), }", new byte[8])))
        .contains("'timedelta64'");
    assertThat(
            errorOf(npy("{'descr': '|V8', 'fortran_order': False, 'shape': (1,), }", new byte[8])))
        .contains("'void' (|V8) is not supported", "view(np.uint8)");
    assertThat(
            errorOf(
                npy(
                    "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                    new byte[8])))
        .contains("structured dtype", "np.savez(f, a=arr['a']");
    assertThat(
            errorOf(
                npy("{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }", new byte[16])))
        .contains("'longdouble' (<f16)", "astype(np.float64)");
    assertThat(
            errorOf(npy("{'descr': '<i3', 'fortran_order': False, 'shape': (1,), }", new byte[3])))
        .contains("dtype '<i3' is not supported", "i1 i2 i4 i8");
  }

  @Test
  void truncatedData() throws IOException {
    assertThat(errorOf(npy(F4_2X3, new byte[20])))
        .contains("truncated", "shape (2, 3) of <f4 needs 24 bytes", "found 20");
  }

  @Test
  void trailingBytes() throws IOException {
    assertThat(errorOf(npy(F4_2X3, new byte[29])))
        .contains("5 unexpected bytes after the array's 24 data bytes");
  }

  @Test
  void invalidCodePoint() throws IOException {
    byte[] data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xD800).array();
    assertThat(errorOf(npy("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", data)))
        .contains("0xD800", "not a Unicode scalar value");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.npy");
    assertThatThrownBy(() -> NpyReader.read(file, "x"))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void nativeOrderAndUnpaddedOldStyleHeadersRead() throws IOException {
    byte[] data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-1).array();
    // '=' is native (little-endian); no padding; Python 2 era long literals and u'' strings.
    Tensor t =
        NpyReader.read(
            write(npy("{u'descr': '=i4', 'fortran_order': False, 'shape': (2L,)}", data)), "x");
    assertThat(t.datatype()).isEqualTo(DataType.INT32);
    assertThat(t.shape()).isEqualTo(Shape.of(2));
    assertThat(t.getLong(0)).isEqualTo(7);
    assertThat(t.getLong(1)).isEqualTo(-1);
    // Version 3.0 header in UTF-8 with a double-quoted key.
    Tensor s =
        NpyReader.read(
            write(
                npy(
                    3,
                    0,
                    "{\"descr\": '|S2', 'fortran_order': True, 'shape': (), }",
                    "é".getBytes(StandardCharsets.UTF_8))),
            "x");
    assertThat(s.shape()).isEqualTo(Shape.scalar());
    assertThat(s.getString(0)).isEqualTo("é");
  }
}
