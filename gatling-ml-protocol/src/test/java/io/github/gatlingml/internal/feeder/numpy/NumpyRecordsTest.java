/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import static io.github.gatlingml.internal.feeder.numpy.NumpyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumpyRecordsTest {
  private static final Map<String, Tensor> BATCH = NpzReader.read(path("stored.npz"));
  private static final Tensor X = BATCH.get("x"); // FP32 (4, 3)
  private static final Tensor IDS = BATCH.get("ids"); // INT64 (4,)
  private static final Tensor TEXT = BATCH.get("text"); // BYTES (4,): "a", "bb", "", "dddd"

  @Test
  void splitsRowsDroppingTheFirstAxis() {
    List<TensorRecord> records = NumpyRecords.splitRows("stored.npz", List.of(X, IDS, TEXT), false);

    assertThat(records).hasSize(4);
    String[] texts = {"a", "bb", "", "dddd"};
    for (int r = 0; r < 4; r++) {
      TensorRecord rec = records.get(r);
      assertThat(rec.source()).isEqualTo("stored.npz, row " + r);
      assertThat(rec.expected()).isEmpty();
      Tensor x = rec.inputs().get(0);
      Tensor ids = rec.inputs().get(1);
      Tensor text = rec.inputs().get(2);
      assertThat(x.name()).isEqualTo("x");
      assertThat(x.shape()).isEqualTo(Shape.of(3));
      assertThat(x.data()).isEqualTo(Arrays.copyOfRange(X.data(), r * 12, r * 12 + 12));
      assertThat(ids.shape()).isEqualTo(Shape.scalar());
      assertThat(ids.getLong(0)).isEqualTo(10 + r);
      assertThat(text.shape()).isEqualTo(Shape.scalar());
      assertThat(text.getString(0)).isEqualTo(texts[r]);
    }
  }

  @Test
  void splitsRowsKeepingABatchOfOne() {
    List<TensorRecord> records = NumpyRecords.splitRows("stored.npz", List.of(X, IDS, TEXT), true);

    assertThat(records).hasSize(4);
    TensorRecord rec = records.get(3);
    assertThat(rec.inputs().get(0).shape()).isEqualTo(Shape.of(1, 3));
    assertThat(rec.inputs().get(0).toFloatArray()).containsExactly(2.25f, 2.5f, 2.75f);
    assertThat(rec.inputs().get(1).shape()).isEqualTo(Shape.of(1));
    assertThat(rec.inputs().get(2).shape()).isEqualTo(Shape.of(1));
    assertThat(rec.inputs().get(2).toStringList()).containsExactly("dddd");
  }

  @Test
  void splitsMultiElementStringRowsAtElementBoundaries() {
    Tensor s = NpyReader.read(path("unicode_le.npy"), "s"); // (2, 3)
    List<TensorRecord> records = NumpyRecords.splitRows("unicode_le.npy", List.of(s), false);

    assertThat(records.get(0).inputs().get(0).shape()).isEqualTo(Shape.of(3));
    assertThat(records.get(0).inputs().get(0).toStringList()).containsExactly("a", "héllo", "");
    assertThat(records.get(1).inputs().get(0).toStringList()).containsExactly("日本語", "😀!", "zz");
    // The rows' bytes are exactly the original's, cut in two.
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    records.forEach(r -> joined.writeBytes(r.inputs().get(0).data()));
    assertThat(joined.toByteArray()).isEqualTo(s.data());
  }

  @Test
  void differentFirstDimensionsNameBothArrays() {
    Tensor three = NpyReader.read(path("vector_i4.npy"), "v"); // (3,)
    assertThatThrownBy(() -> NumpyRecords.splitRows("data.npz", List.of(X, three), false))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("data.npz")
        .hasMessageContaining("'x' (shape [4, 3], 4 rows)")
        .hasMessageContaining("'v' (shape [3], 3 rows)");
  }

  @Test
  void scalarsAndEmptyArraysCannotBeSplit() {
    Tensor scalar = NpyReader.read(path("scalar_f8.npy"), "s");
    assertThatThrownBy(() -> NumpyRecords.splitRows("s.npy", List.of(scalar), true))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("s.npy: array 's' is 0-d");
    Tensor empty = NpyReader.read(path("empty_0x3.npy"), "e");
    assertThatThrownBy(() -> NumpyRecords.splitRows("e.npy", List.of(empty), true))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("e.npy: the arrays have 0 rows");
    assertThatThrownBy(() -> NumpyRecords.splitRows("none", List.of(), true))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("no arrays");
  }

  @Test
  void wholeKeepsArraysAsTheyAre() {
    TensorRecord rec = NumpyRecords.whole("stored.npz", List.of(X, TEXT));
    assertThat(rec.source()).isEqualTo("stored.npz");
    assertThat(rec.inputs()).containsExactly(X, TEXT);
    assertThatThrownBy(() -> NumpyRecords.whole("dup", List.of(X, X.withName("x"))))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("two arrays are named 'x'");
  }
}
