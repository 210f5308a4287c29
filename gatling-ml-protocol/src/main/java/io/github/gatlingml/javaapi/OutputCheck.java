/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.internal.check.ExtractingCheck;
import io.github.gatlingml.internal.check.TensorExtractors;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Checks on one output tensor of an inference response, e.g. {@code output("OUTPUT0").shape().is(1,
 * 16)} or {@code output("PROBABILITIES").argmax().is(3)}. A missing output fails every check but
 * {@link #notExists()}.
 */
public final class OutputCheck {
  private final String name;

  OutputCheck(String name) {
    this.name = name;
  }

  private String what(String part) {
    return "output '" + name + "'" + (part.isEmpty() ? "" : " " + part);
  }

  /** The output is present; {@code .saveAs(key)} saves the {@link Tensor} itself. */
  public MlCheckBuilder exists() {
    return tensor();
  }

  /** The output is absent. */
  public MlCheckBuilder notExists() {
    return new MlCheckBuilder(
        new ExtractingCheck<Tensor>(what(""), r -> TensorExtractors.outputOrNull(r, name), t -> t)
            .validate(t -> t == null ? null : "expected no such output but found " + t));
  }

  /** The output tensor; {@code .saveAs(key)} saves it for a later request's input. */
  public MlCheckBuilder tensor() {
    return new MlCheckBuilder(
        new ExtractingCheck<>(what(""), r -> TensorExtractors.output(r, name), t -> t)
            .validate(t -> null));
  }

  /** The output's datatype. */
  public DatatypeCheck datatype() {
    return new DatatypeCheck();
  }

  /** The output's shape. */
  public ShapeCheck shape() {
    return new ShapeCheck();
  }

  /** All elements as numbers (every datatype but BYTES), row-major. */
  public ValuesCheck values() {
    return new ValuesCheck();
  }

  /** Element {@code index} (row-major) as a number. */
  public ValueCheck value(int index) {
    return new ValueCheck(index);
  }

  /** All elements of a BYTES output as UTF-8 strings. */
  public StringsCheck strings() {
    return new StringsCheck(
        what("strings"), r -> TensorExtractors.strings(TensorExtractors.output(r, name)));
  }

  /**
   * Labels of a classification output (requested with {@code classification(N)}): the label of each
   * {@code value:index:label} element, or the index when the model has no labels.
   */
  public StringsCheck classLabels() {
    return new StringsCheck(
        what("class labels"), r -> TensorExtractors.classLabels(TensorExtractors.output(r, name)));
  }

  /** Index of the largest element (first on ties). */
  public IndexCheck argmax() {
    return new IndexCheck(
        new ExtractingCheck<>(
            what("argmax"),
            r -> TensorExtractors.argmax(TensorExtractors.output(r, name)),
            i -> i));
  }

  /** Indices of the {@code k} largest elements, largest first. */
  public IndicesCheck topK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("topK needs k >= 1, got " + k);
    }
    return new IndicesCheck(
        new ExtractingCheck<>(
            what("top-" + k),
            r -> TensorExtractors.topK(TensorExtractors.output(r, name), k),
            a -> a));
  }

  /** Checks on the datatype. */
  public final class DatatypeCheck {
    private final ExtractingCheck<DataType> extraction =
        new ExtractingCheck<>(
            what("datatype"), r -> TensorExtractors.output(r, name).datatype(), d -> d.wireName());

    private DatatypeCheck() {}

    /** The datatype is {@code expected}. */
    public MlCheckBuilder is(DataType expected) {
      return new MlCheckBuilder(
          extraction.validate(
              d -> d == expected ? null : "expected " + expected + " but found " + d));
    }

    /** Saves the datatype name into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(d -> null).saveAs(key));
    }
  }

  /** Checks on the shape. */
  public final class ShapeCheck {
    private final ExtractingCheck<long[]> extraction =
        new ExtractingCheck<>(
            what("shape"), r -> TensorExtractors.output(r, name).shape().dims(), d -> d);

    private ShapeCheck() {}

    /** The shape is exactly {@code dims}. */
    public MlCheckBuilder is(long... dims) {
      long[] expected = dims.clone();
      return new MlCheckBuilder(
          extraction.validate(
              d ->
                  Arrays.equals(d, expected)
                      ? null
                      : "expected "
                          + Arrays.toString(expected)
                          + " but found "
                          + Arrays.toString(d)));
    }

    /** Saves the shape ({@code long[]}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(d -> null).saveAs(key));
    }
  }

  /** Checks on all elements as numbers. */
  public final class ValuesCheck {
    private final ExtractingCheck<double[]> extraction =
        new ExtractingCheck<>(
            what("values"),
            r -> TensorExtractors.numbers(TensorExtractors.output(r, name)),
            v -> v);

    private ValuesCheck() {}

    /**
     * Every element equals {@code expected} exactly (use {@link #within} for floats computed
     * differently).
     */
    public MlCheckBuilder is(double... expected) {
      return within(0, expected);
    }

    /** Every element is within {@code tolerance} (absolute) of {@code expected}. */
    public MlCheckBuilder within(double tolerance, double... expected) {
      double[] want = expected.clone();
      return new MlCheckBuilder(extraction.validate(v -> compare(v, want, tolerance)));
    }

    /** Saves the values ({@code double[]}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(v -> null).saveAs(key));
    }
  }

  private static String compare(double[] actual, double[] expected, double tolerance) {
    if (actual.length != expected.length) {
      return "expected "
          + expected.length
          + " values "
          + TensorExtractors.format(expected)
          + " but found "
          + actual.length
          + " "
          + TensorExtractors.format(actual);
    }
    for (int i = 0; i < actual.length; i++) {
      if (!close(actual[i], expected[i], tolerance)) {
        return "element "
            + i
            + ": expected "
            + expected[i]
            + (tolerance > 0 ? " ± " + tolerance : "")
            + " but found "
            + actual[i]
            + " (values "
            + TensorExtractors.format(actual)
            + ")";
      }
    }
    return null;
  }

  private static boolean close(double a, double b, double tolerance) {
    if (Double.isNaN(b)) {
      return Double.isNaN(a);
    }
    return a == b || Math.abs(a - b) <= tolerance;
  }

  /** Checks on one element. */
  public final class ValueCheck {
    private final int index;
    private final ExtractingCheck<Double> extraction;

    private ValueCheck(int index) {
      this.index = index;
      this.extraction = new ExtractingCheck<>(what("element " + index), r -> element(r), v -> v);
    }

    private Double element(io.github.gatlingml.check.MlResponse r) {
      double[] v = TensorExtractors.numbers(TensorExtractors.output(r, name));
      if (index < 0 || index >= v.length) {
        throw new CheckFailure(
            what("") + " has " + v.length + " elements; element " + index + " does not exist");
      }
      return v[index];
    }

    /** The element equals {@code expected}. */
    public MlCheckBuilder is(double expected) {
      return within(expected, 0);
    }

    /** The element is within {@code tolerance} (absolute) of {@code expected}. */
    public MlCheckBuilder within(double expected, double tolerance) {
      return new MlCheckBuilder(
          extraction.validate(
              v ->
                  close(v, expected, tolerance)
                      ? null
                      : "expected "
                          + expected
                          + (tolerance > 0 ? " ± " + tolerance : "")
                          + " but found "
                          + v));
    }

    /** The element is greater than {@code bound}. */
    public MlCheckBuilder gt(double bound) {
      return new MlCheckBuilder(
          extraction.validate(v -> v > bound ? null : "expected > " + bound + " but found " + v));
    }

    /** The element is less than {@code bound}. */
    public MlCheckBuilder lt(double bound) {
      return new MlCheckBuilder(
          extraction.validate(v -> v < bound ? null : "expected < " + bound + " but found " + v));
    }

    /** Saves the element ({@code Double}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(v -> null).saveAs(key));
    }
  }

  /** Checks on a list of strings. */
  public static final class StringsCheck {
    private final ExtractingCheck<List<String>> extraction;

    private StringsCheck(
        String what,
        java.util.function.Function<io.github.gatlingml.check.MlResponse, List<String>> extractor) {
      this.extraction = new ExtractingCheck<>(what, extractor, l -> l);
    }

    /** The strings are exactly {@code expected}, in order. */
    public MlCheckBuilder is(String... expected) {
      List<String> want = List.of(expected);
      return new MlCheckBuilder(
          extraction.validate(l -> l.equals(want) ? null : "expected " + want + " but found " + l));
    }

    /** One of the strings is {@code expected}. */
    public MlCheckBuilder contains(String expected) {
      return new MlCheckBuilder(
          extraction.validate(
              l ->
                  l.contains(expected)
                      ? null
                      : "expected to contain '" + expected + "' but found " + l));
    }

    /** Saves the strings ({@code List<String>}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(l -> null).saveAs(key));
    }
  }

  /** Checks on an index. */
  public static final class IndexCheck {
    private final ExtractingCheck<Integer> extraction;

    private IndexCheck(ExtractingCheck<Integer> extraction) {
      this.extraction = extraction;
    }

    /** The index is {@code expected}. */
    public MlCheckBuilder is(int expected) {
      return new MlCheckBuilder(
          extraction.validate(
              i -> i == expected ? null : "expected " + expected + " but found " + i));
    }

    /** Saves the index ({@code Integer}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(i -> null).saveAs(key));
    }
  }

  /** Checks on a list of indices. */
  public static final class IndicesCheck {
    private final ExtractingCheck<int[]> extraction;

    private IndicesCheck(ExtractingCheck<int[]> extraction) {
      this.extraction = extraction;
    }

    /** The indices are {@code expected}, in order. */
    public MlCheckBuilder is(int... expected) {
      int[] want = expected.clone();
      return new MlCheckBuilder(
          extraction.validate(
              a ->
                  Arrays.equals(a, want)
                      ? null
                      : "expected " + Arrays.toString(want) + " but found " + Arrays.toString(a)));
    }

    /** Saves the indices ({@code int[]}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(a -> null).saveAs(key));
    }
  }
}
