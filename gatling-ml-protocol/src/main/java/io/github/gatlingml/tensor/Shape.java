/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The concrete shape of a tensor: non-negative dimensions, row-major. A shape with no dimensions is
 * a scalar of one element. Shapes in model metadata may hold -1 for a dynamic dimension; those are
 * described by {@link #matches(long[])}, never by a {@code Shape}.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new long[0]);

  private final long[] dims;
  private final long elementCount;

  private Shape(long[] dims) {
    this.dims = dims;
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new TensorFormatException(
            "shape "
                + Arrays.toString(dims)
                + " has a negative dimension; a tensor's shape must be concrete");
      }
      try {
        count = Math.multiplyExact(count, d);
      } catch (ArithmeticException e) {
        // A hostile or mistyped shape must fail as a format error, not an arithmetic one.
        throw new TensorFormatException(
            "shape " + Arrays.toString(dims) + " has more than 2^63 elements; check its dimensions",
            e);
      }
    }
    this.elementCount = count;
  }

  /** A shape from its dimensions, e.g. {@code Shape.of(1, 16)}. */
  public static Shape of(long... dims) {
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** A shape from a list of dimensions, as parsed from JSON. */
  public static Shape of(List<? extends Number> dims) {
    long[] values = new long[dims.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = dims.get(i).longValue();
    }
    return values.length == 0 ? SCALAR : new Shape(values);
  }

  /** The scalar shape {@code []}. */
  public static Shape scalar() {
    return SCALAR;
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** The size of dimension {@code i}. */
  public long dim(int i) {
    return dims[i];
  }

  /** A copy of the dimensions. */
  public long[] dims() {
    return dims.clone();
  }

  /** Product of the dimensions (1 for a scalar). */
  public long elementCount() {
    return elementCount;
  }

  /**
   * True if this shape fits a metadata shape in which -1 marks a dynamic dimension.
   *
   * @param pattern dimensions from model metadata or configuration
   */
  public boolean matches(long[] pattern) {
    if (pattern.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (pattern[i] >= 0 && pattern[i] != dims[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Formats as {@code [1, 16]}, the way KServe JSON writes shapes. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
