/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTensorsTest {
  static final List<TensorSignature> MIXED =
      List.of(
          new TensorSignature("F32", DataType.FP32, new long[] {-1, 4}),
          new TensorSignature("F16", DataType.FP16, new long[] {3}),
          new TensorSignature("I8", DataType.INT8, new long[] {-1, 5}),
          new TensorSignature("U64", DataType.UINT64, new long[] {2}),
          new TensorSignature("B", DataType.BOOL, new long[] {6}),
          new TensorSignature("S", DataType.BYTES, new long[] {-1}));

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    SyntheticTensors gen = SyntheticTensors.of(MIXED).seed(42);
    List<TensorRecord> a = gen.records(20);
    List<TensorRecord> b = SyntheticTensors.of(MIXED).seed(42).records(20);
    List<TensorRecord> again = gen.records(20); // each call restarts from the seed
    List<TensorRecord> other = SyntheticTensors.of(MIXED).seed(43).records(20);
    boolean anyDifferent = false;
    for (int r = 0; r < 20; r++) {
      for (int t = 0; t < MIXED.size(); t++) {
        Tensor x = a.get(r).inputs().get(t);
        assertThat(b.get(r).inputs().get(t).data()).isEqualTo(x.data());
        assertThat(again.get(r).inputs().get(t).data()).isEqualTo(x.data());
        assertThat(b.get(r).inputs().get(t).shape()).isEqualTo(x.shape());
        anyDifferent |= !java.util.Arrays.equals(other.get(r).inputs().get(t).data(), x.data());
      }
    }
    assertThat(anyDifferent).isTrue();
  }

  @Test
  void everyTensorFitsItsSignature() {
    Iterator<TensorRecord> it =
        SyntheticTensors.of(MIXED).dim("F32", 0, 1, 2, 8).dim("S", 0, 3).iterator();
    for (int r = 0; r < 200; r++) {
      TensorRecord rec = it.next();
      assertThat(rec.source()).isEqualTo("synthetic[" + r + "]");
      assertThat(rec.inputs()).hasSize(MIXED.size());
      for (int t = 0; t < MIXED.size(); t++) {
        Tensor x = rec.inputs().get(t);
        TensorSignature s = MIXED.get(t);
        assertThat(x.name()).isEqualTo(s.name());
        assertThat(x.datatype()).isEqualTo(s.datatype());
        assertThat(s.accepts(x.shape().dims())).as("%s fits %s", x.shape(), s).isTrue();
      }
    }
  }

  @Test
  void defaultRanges() {
    List<TensorRecord> records = SyntheticTensors.of(MIXED).records(50);
    double minF = 1, maxF = -1;
    for (TensorRecord r : records) {
      Tensor f32 = r.inputs().get(0);
      assertThat(f32.shape()).isEqualTo(Shape.of(1, 4)); // unset -1 on axis 0 is 1
      for (int i = 0; i < f32.elementCount(); i++) {
        double v = f32.getDouble(i);
        assertThat(v).isGreaterThanOrEqualTo(-1).isLessThan(1);
        minF = Math.min(minF, v);
        maxF = Math.max(maxF, v);
      }
      Tensor i8 = r.inputs().get(2);
      for (int i = 0; i < i8.elementCount(); i++) {
        assertThat(i8.getLong(i)).isBetween(0L, 99L);
      }
      Tensor u64 = r.inputs().get(3);
      assertThat(u64.getLong(0)).isBetween(0L, 99L);
      Tensor s = r.inputs().get(5);
      assertThat(s.shape()).isEqualTo(Shape.of(1));
      assertThat(new String(s.getBytes(0), java.nio.charset.StandardCharsets.US_ASCII))
          .matches("[A-Za-z0-9]{8}");
    }
    // 200 uniform draws spread over the interval.
    assertThat(minF).isLessThan(-0.5);
    assertThat(maxF).isGreaterThan(0.5);
  }

  @Test
  void zeros() {
    TensorRecord r = SyntheticTensors.of(MIXED).zeros().records(1).get(0);
    assertThat(r.inputs().get(0).data()).containsOnly(0);
    assertThat(r.inputs().get(1).data()).containsOnly(0);
    assertThat(r.inputs().get(2).data()).hasSize(5).containsOnly(0);
    assertThat(r.inputs().get(3).data()).hasSize(16).containsOnly(0);
    assertThat(r.inputs().get(4).data()).hasSize(6).containsOnly(0);
    // One empty string: its 4-byte length 0.
    assertThat(r.inputs().get(5).data()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void rangeAppliesToFloatsAndIntegersClippedToTheType() {
    List<TensorSignature> sigs =
        List.of(
            new TensorSignature("F", DataType.FP64, new long[] {100}),
            new TensorSignature("I", DataType.INT32, new long[] {100}),
            new TensorSignature("U8", DataType.UINT8, new long[] {100}));
    TensorRecord r = SyntheticTensors.of(sigs).seed(3).range(-300, -200).records(1).get(0);
    for (int i = 0; i < 100; i++) {
      assertThat(r.inputs().get(0).getDouble(i)).isGreaterThanOrEqualTo(-300).isLessThan(-200);
      assertThat(r.inputs().get(1).getLong(i)).isBetween(-300L, -201L);
      assertThat(r.inputs().get(2).getLong(i)).isEqualTo(0L); // clipped to UINT8's 0
    }
    TensorRecord narrow = SyntheticTensors.of(sigs).range(5, 6).records(1).get(0);
    assertThat(narrow.inputs().get(1).getLong(42)).isEqualTo(5L);
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).range(1, 1))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("needs finite lo < hi");
  }

  @Test
  void dimsCycleThroughValuesOrFollowADistribution() {
    List<TensorSignature> sigs =
        List.of(new TensorSignature("TOKENS", DataType.INT64, new long[] {-1, -1}));
    List<TensorRecord> cycled =
        SyntheticTensors.of(sigs).dim("TOKENS", 0, 1, 2).dim("TOKENS", 1, 16, 32, 64).records(6);
    assertThat(cycled)
        .extracting(r -> r.inputs().get(0).shape())
        .containsExactly(
            Shape.of(1, 16),
            Shape.of(2, 32),
            Shape.of(1, 64),
            Shape.of(2, 16),
            Shape.of(1, 32),
            Shape.of(2, 64));
    long[] next = {10};
    List<TensorRecord> drawn =
        SyntheticTensors.of(sigs).dim("TOKENS", 1, () -> next[0]++).records(3);
    assertThat(drawn)
        .extracting(r -> r.inputs().get(0).shape())
        .containsExactly(Shape.of(1, 10), Shape.of(1, 11), Shape.of(1, 12));
  }

  @Test
  void dimErrors() {
    List<TensorSignature> sigs =
        List.of(new TensorSignature("X", DataType.FP32, new long[] {-1, 8, -1}));
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).records(1))
        .isInstanceOf(FeederException.class)
        .hasMessage(
            "synthetic tensors: input 'X' [-1, 8, -1] has a -1 on axis 2 and no size for"
                + " it; give one with .dim(\"X\", 2, sizes...) or .dim(\"X\", 2, distribution)");
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).dim("X", 1, 4))
        .hasMessageContaining("axis 1 of input 'X' [-1, 8, -1] is fixed at 8 by the model");
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).dim("X", 3, 4))
        .hasMessageContaining("input 'X' [-1, 8, -1] has no axis 3");
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).dim("Y", 0, 4))
        .hasMessage("synthetic tensors: the model has no input 'Y'; its inputs are X");
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).dim("X", 0, -2))
        .hasMessageContaining("has a negative size -2");
    assertThatThrownBy(() -> SyntheticTensors.of(sigs).dim("X", 2, () -> -1).records(1))
        .hasMessageContaining("the distribution for axis 2 of input 'X' gave -1");
    assertThat(SyntheticTensors.of(sigs).dim("X", 2, 3).records(1).get(0).inputs().get(0).shape())
        .isEqualTo(Shape.of(1, 8, 3));
  }

  @Test
  void builderIsImmutable() {
    SyntheticTensors base = SyntheticTensors.of(MIXED).seed(1);
    SyntheticTensors zeros = base.zeros();
    assertThat(zeros).isNotSameAs(base);
    assertThat(base.records(1).get(0).inputs().get(0).data()).isNotEqualTo(new byte[16]);
    assertThat(zeros.records(1).get(0).inputs().get(0).data()).isEqualTo(new byte[16]);
    base.dim("F32", 0, 5);
    assertThat(base.records(1).get(0).inputs().get(0).shape()).isEqualTo(Shape.of(1, 4));
  }
}
