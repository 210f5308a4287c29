/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns arrays read from NumPy files into feeder records: one record per row of a dataset, or one
 * record holding the arrays whole.
 */
public final class NumpyRecords {
  private NumpyRecords() {}

  /**
   * Splits every array along its first axis into one record per row: record {@code i} holds row
   * {@code i} of each array. Each row's bytes are copied once, with no per-element conversion.
   *
   * @param source where the arrays come from, for error messages; record {@code i} is named {@code
   *     source + ", row " + i}
   * @param arrays the arrays, each named as the model input it feeds; all must have the same first
   *     dimension
   * @param keepBatchDim true to keep a leading dimension of 1 (shape {@code [1, ...]}, a batch of
   *     one), false to drop the first axis
   * @return one record per row, in row order
   * @throws FeederException when there are no arrays, an array is 0-d, two arrays share a name, the
   *     first dimensions differ (naming both arrays and sizes) or there are no rows
   */
  public static List<TensorRecord> splitRows(
      String source, List<Tensor> arrays, boolean keepBatchDim) {
    checkArrays(source, arrays);
    Tensor first = arrays.get(0);
    for (Tensor t : arrays) {
      if (t.shape().rank() == 0) {
        throw new FeederException(
            String.format(
                "%s: array '%s' is 0-d (a scalar) and has no rows to split; "
                    + "give it a first axis, or use whole records",
                source, t.name()));
      }
    }
    long rows = first.shape().dim(0);
    for (Tensor t : arrays) {
      if (t.shape().dim(0) != rows) {
        throw new FeederException(
            String.format(
                "%s: arrays '%s' (shape %s, %d rows) and '%s' (shape %s, %d rows) differ in their "
                    + "first dimension; every array needs one row per record",
                source, first.name(), first.shape(), rows, t.name(), t.shape(), t.shape().dim(0)));
      }
    }
    if (rows == 0) {
      throw new FeederException(
          source + ": the arrays have 0 rows (first dimension 0); there is nothing to feed");
    }
    // Slice each array into its rows, then assemble the records row by row.
    List<Tensor[]> sliced = new ArrayList<>(arrays.size());
    for (Tensor t : arrays) {
      sliced.add(rowsOf(t, (int) rows, keepBatchDim));
    }
    List<TensorRecord> out = new ArrayList<>((int) rows);
    for (int r = 0; r < rows; r++) {
      List<Tensor> inputs = new ArrayList<>(arrays.size());
      for (Tensor[] rowsOfArray : sliced) {
        inputs.add(rowsOfArray[r]);
      }
      out.add(TensorRecord.of(source + ", row " + r, inputs));
    }
    return out;
  }

  /**
   * One record holding the arrays as they are (each array is one whole request input).
   *
   * @param source where the arrays come from, for error messages and the record's source
   * @param arrays the arrays, each named as the model input it feeds
   * @return a record of the arrays
   * @throws FeederException when there are no arrays or two share a name
   */
  public static TensorRecord whole(String source, List<Tensor> arrays) {
    checkArrays(source, arrays);
    return TensorRecord.of(source, arrays);
  }

  private static void checkArrays(String source, List<Tensor> arrays) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(arrays, "arrays");
    if (arrays.isEmpty()) {
      throw new FeederException(source + ": no arrays to make records from");
    }
    Set<String> names = new HashSet<>();
    for (Tensor t : arrays) {
      if (!names.add(t.name())) {
        throw new FeederException(
            source
                + ": two arrays are named '"
                + t.name()
                + "'; each input can be fed once per record");
      }
    }
  }

  private static Tensor[] rowsOf(Tensor t, int rows, boolean keepBatchDim) {
    long[] dims = t.shape().dims();
    long[] rowDims = keepBatchDim ? dims.clone() : Arrays.copyOfRange(dims, 1, dims.length);
    if (keepBatchDim) {
      rowDims[0] = 1;
    }
    Shape rowShape = Shape.of(rowDims);
    long perRow = rowShape.elementCount();
    byte[] data = t.data();
    Tensor[] out = new Tensor[rows];
    if (t.datatype() != DataType.BYTES) {
      int rowBytes = (int) (perRow * t.datatype().byteSize());
      for (int r = 0; r < rows; r++) {
        byte[] row = Arrays.copyOfRange(data, r * rowBytes, (r + 1) * rowBytes);
        out[r] = Tensor.of(t.name(), t.datatype(), rowShape, row);
      }
      return out;
    }
    // BYTES: walk the 4-byte length prefixes to find where each row's elements end.
    int start = 0;
    for (int r = 0; r < rows; r++) {
      int end = start;
      for (long e = 0; e < perRow; e++) {
        int len =
            (data[end] & 0xff)
                | (data[end + 1] & 0xff) << 8
                | (data[end + 2] & 0xff) << 16
                | (data[end + 3] & 0xff) << 24;
        end += 4 + len;
      }
      out[r] = Tensor.of(t.name(), DataType.BYTES, rowShape, Arrays.copyOfRange(data, start, end));
      start = end;
    }
    return out;
  }
}
