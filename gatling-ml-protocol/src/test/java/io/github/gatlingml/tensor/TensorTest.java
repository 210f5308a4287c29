/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void fixedSizeDataMustMatchTheShape() {
    assertThatThrownBy(() -> Tensor.of("in", DataType.FP32, Shape.of(2, 2), new byte[12]))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining(
            "tensor 'in' (FP32, shape [2, 2]) needs 4 elements = 16 bytes but has 12 bytes (3"
                + " elements)");
    assertThatThrownBy(() -> Tensor.of("in", DataType.INT32, Shape.of(1), new byte[5]))
        .hasMessageContaining("not a whole number of elements");
    assertThatThrownBy(() -> Tensor.of("in", DataType.FP64, Shape.of(1L << 61), new byte[0]))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("more than a Java array holds");
  }

  @Test
  void bytesDataMustHoldExactlyTheElements() {
    assertThatThrownBy(() -> Tensor.of("s", DataType.BYTES, Shape.of(2), new byte[] {0, 0, 0, 0}))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("needs 2 elements");
    assertThatThrownBy(
            () -> Tensor.of("s", DataType.BYTES, Shape.of(1), new byte[] {5, 0, 0, 0, 'a'}))
        .hasMessageContaining("element 0 declares 5 bytes but only 1 remain");
    assertThatThrownBy(
            () -> Tensor.of("s", DataType.BYTES, Shape.of(1), new byte[] {0, 0, 0, 0, 'a'}))
        .hasMessageContaining("has 1 bytes left after its 1 elements");
    // A huge shape over a tiny body fails before allocating an index for it.
    assertThatThrownBy(() -> Tensor.of("s", DataType.BYTES, Shape.of(1L << 30), new byte[8]))
        .hasMessageContaining("needs 1073741824 elements but its data holds only 8 bytes");
  }

  @Test
  void ofNumbersChecksRanges() {
    assertThatThrownBy(() -> Tensor.ofNumbers("n", DataType.INT8, Shape.of(1), 128))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("tensor 'n': element 0 = 128.0 does not fit INT8");
    assertThatThrownBy(() -> Tensor.ofNumbers("n", DataType.INT32, Shape.of(2), 1, 1.5))
        .hasMessageContaining("element 1 = 1.5 does not fit INT32; expected a whole number");
    assertThatThrownBy(() -> Tensor.ofNumbers("n", DataType.UINT8, Shape.of(1), -1))
        .hasMessageContaining("between 0 and 255");
    assertThatThrownBy(() -> Tensor.ofNumbers("n", DataType.BOOL, Shape.of(1), 2))
        .hasMessageContaining("0 or 1");
    // 2^64 - 1 is not a double (it rounds to 2^64): the largest double below 2^64 is the limit.
    assertThatThrownBy(() -> Tensor.ofNumbers("n", DataType.UINT64, Shape.of(1), 0x1p64))
        .hasMessageContaining("within UINT64");
    Tensor max = Tensor.ofNumbers("n", DataType.UINT64, Shape.of(1), 0x1p64 - 2048);
    assertThat(Long.toUnsignedString(max.getLong(0))).isEqualTo("18446744073709549568");
    Tensor top = Tensor.ofNumbers("n", DataType.INT64, Shape.of(1), -0x1p63);
    assertThat(top.getLong(0)).isEqualTo(Long.MIN_VALUE);
    // UINT64 2^64 - 1 exactly comes from the JSON codec or raw bytes instead.
    Tensor exact =
        Tensor.of("n", DataType.UINT64, Shape.of(1), new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
    assertThat(Long.toUnsignedString(exact.getLong(0))).isEqualTo("18446744073709551615");
  }

  @Test
  void uint64WidensWithOneRounding() {
    // 2^63 + 1025 lies closer to 2^63 + 2048 than to 2^63; rounding via a signed double went wrong.
    long v = Long.MIN_VALUE + 1025;
    byte[] le = new byte[8];
    for (int i = 0; i < 8; i++) {
      le[i] = (byte) (v >>> (8 * i));
    }
    Tensor t = Tensor.of("u", DataType.UINT64, Shape.of(1), le);
    assertThat(t.getDouble(0)).isEqualTo(0x1p63 + 2048);
  }

  @Test
  void accessorsReadTheLittleEndianElements() {
    Tensor f = Tensor.ofFloats("f", Shape.of(2), 1.5f, -2f);
    assertThat(f.data()).containsExactly(0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0);
    assertThat(f.toDoubleArray()).containsExactly(1.5, -2);
    Tensor s = Tensor.ofStrings("s", Shape.of(2), "", "h\u00e9");
    assertThat(s.data()).containsExactly(0, 0, 0, 0, 3, 0, 0, 0, 'h', (byte) 0xC3, (byte) 0xA9);
    assertThat(s.toStringList()).containsExactly("", "h\u00e9");
    assertThat(s.getBytes(1)).containsExactly('h', (byte) 0xC3, (byte) 0xA9);
    assertThatThrownBy(() -> s.getDouble(0)).hasMessageContaining("tensor 's' is BYTES");
    assertThatThrownBy(() -> f.getLong(0)).hasMessageContaining("getLong needs an integer or BOOL");
    Tensor h = Tensor.ofNumbers("h", DataType.FP16, Shape.of(1), 0.1);
    assertThat(h.data()).containsExactly(0x66, 0x2E);
    assertThat(Tensor.ofBooleans("b", Shape.of(2), true, false).getBoolean(0)).isTrue();
    assertThat(Tensor.ofLongs("l", Shape.scalar(), 7).reshape(Shape.of(1, 1)).shape())
        .isEqualTo(Shape.of(1, 1));
    assertThatThrownBy(() -> f.reshape(Shape.of(3)))
        .hasMessageContaining("cannot reshape tensor 'f'");
    assertThat(Tensor.ofByteElements("e", Shape.of(0), List.of()).byteSize()).isZero();
  }
}
