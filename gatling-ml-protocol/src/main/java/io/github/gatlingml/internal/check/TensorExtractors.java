/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.check;

import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.InferOutputs;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Takes outputs, and values derived from them, out of a response for checks. */
public final class TensorExtractors {
  private TensorExtractors() {}

  /** The named output, or a failure saying which outputs there are. */
  public static Tensor output(MlResponse r, String name) {
    Tensor t = outputOrNull(r, name);
    if (t == null) {
      List<String> names = new ArrayList<>();
      for (Tensor o : outputs(r).outputs()) {
        names.add(o.name());
      }
      throw new CheckFailure("output '" + name + "' not found in the response; it has " + names);
    }
    return t;
  }

  /** The named output, or null when the response does not have it. */
  public static Tensor outputOrNull(MlResponse r, String name) {
    return outputs(r).output(name);
  }

  private static InferOutputs outputs(MlResponse r) {
    if (r.outputs() == null) {
      throw new CheckFailure("the response has no outputs (status " + r.statusCode() + ")");
    }
    return r.outputs();
  }

  /** Index of the largest element (the first one on ties). */
  public static int argmax(Tensor t) {
    double[] v = numbers(t);
    if (v.length == 0) {
      throw new CheckFailure("output '" + t.name() + "' is empty: no argmax");
    }
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Indices of the {@code k} largest elements, largest first (ties by index). */
  public static int[] topK(Tensor t, int k) {
    double[] v = numbers(t);
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> v[b] != v[a] ? Double.compare(v[b], v[a]) : Integer.compare(a, b));
    int n = Math.min(k, v.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /** All elements as doubles, failing clearly on BYTES. */
  public static double[] numbers(Tensor t) {
    if (t.datatype() == DataType.BYTES) {
      throw new CheckFailure(
          "output '" + t.name() + "' is BYTES, not numbers; check it with strings()");
    }
    return t.toDoubleArray();
  }

  /** All elements of a BYTES output as strings. */
  public static List<String> strings(Tensor t) {
    if (t.datatype() != DataType.BYTES) {
      throw new CheckFailure(
          "output '" + t.name() + "' is " + t.datatype() + ", not BYTES; check it with values()");
    }
    return t.toStringList();
  }

  /**
   * Labels of a classification output ({@code "value:index[:label]"} strings): the label when
   * present, else the index.
   */
  public static List<String> classLabels(Tensor t) {
    List<String> out = new ArrayList<>();
    for (String s : strings(t)) {
      String[] parts = s.split(":", 3);
      if (parts.length < 2) {
        throw new CheckFailure(
            "output '"
                + t.name()
                + "' element '"
                + s
                + "' is not a classification result (value:index[:label])");
      }
      out.add(parts.length == 3 ? parts[2] : parts[1]);
    }
    return out;
  }

  /** Formats numbers for messages, e.g. {@code [1.0, 2.5]}, shortened when long. */
  public static String format(double[] values) {
    if (values.length <= 20) {
      return Arrays.toString(values);
    }
    return Arrays.toString(Arrays.copyOf(values, 20))
        .replace("]", ", ... (" + values.length + " values)]");
  }
}
