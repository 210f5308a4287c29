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

class ShapeAndDataTypeTest {

  @Test
  void shapeCountsElements() {
    assertThat(Shape.scalar().elementCount()).isEqualTo(1);
    assertThat(Shape.of().rank()).isZero();
    assertThat(Shape.of(2, 3, 4).elementCount()).isEqualTo(24);
    assertThat(Shape.of(5, 0).elementCount()).isZero();
    assertThat(Shape.of(List.of(1, 16))).isEqualTo(Shape.of(1, 16));
    assertThat(Shape.of(1, 16)).hasToString("[1, 16]");
    assertThat(Shape.of(4, 16).matches(new long[] {-1, 16})).isTrue();
    assertThat(Shape.of(4, 16).matches(new long[] {-1, 8})).isFalse();
    assertThat(Shape.of(4, 16).matches(new long[] {-1})).isFalse();
  }

  @Test
  void shapeRejectsNegativeAndOverflowingDimensions() {
    assertThatThrownBy(() -> Shape.of(1, -1))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("shape [1, -1] has a negative dimension");
    assertThatThrownBy(() -> Shape.of(1L << 40, 1L << 40))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("more than 2^63 elements");
  }

  @Test
  void dataTypesHaveWireNamesAndSizes() {
    assertThat(DataType.values()).hasSize(14);
    assertThat(DataType.FP32.wireName()).isEqualTo("FP32");
    assertThat(DataType.fromWireName("BF16")).isEqualTo(DataType.BF16);
    assertThat(DataType.fromWireName("fp16")).isEqualTo(DataType.FP16);
    assertThat(DataType.BYTES.byteSize()).isEqualTo(-1);
    assertThat(DataType.UINT64.byteSize()).isEqualTo(8);
    assertThat(DataType.BOOL.byteSize()).isEqualTo(1);
    assertThat(DataType.BF16.byteSize()).isEqualTo(2);
    assertThat(DataType.fromConfigName("TYPE_STRING")).isEqualTo(DataType.BYTES);
    assertThat(DataType.INT8.configName()).isEqualTo("TYPE_INT8");
  }

  @Test
  void unknownDataTypeListsTheValidOnes() {
    assertThatThrownBy(() -> DataType.fromWireName("FLOAT32"))
        .isInstanceOf(TensorFormatException.class)
        .hasMessageContaining("unknown datatype 'FLOAT32'")
        .hasMessageContaining(
            "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64,"
                + " BYTES, BF16");
    assertThatThrownBy(() -> DataType.fromWireName(null)).hasMessageContaining("missing datatype");
    assertThatThrownBy(() -> DataType.fromConfigName("FP32"))
        .hasMessageContaining("TYPE_<datatype>");
  }
}
