/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns the values users give for an input (a {@link Tensor}, Java arrays, lists of numbers or
 * strings, a scalar) into a tensor of the declared name, datatype and shape.
 */
public final class TensorValues {
  private TensorValues() {}

  /**
   * The tensor for an input.
   *
   * @param type declared datatype, or null to take the tensor's own (only for Tensor values)
   * @param shape declared shape, or null to take the tensor's own (only for Tensor values)
   * @throws TensorFormatException naming the input and what does not fit
   */
  public static Tensor toTensor(String name, DataType type, Shape shape, Object value) {
    if (value == null) {
      throw new TensorFormatException("input '" + name + "' has no value (null)");
    }
    if (value instanceof Tensor) {
      Tensor t = (Tensor) value;
      if (type != null && t.datatype() != type) {
        throw new TensorFormatException(
            "input '"
                + name
                + "' is declared "
                + type
                + " but the session's tensor is "
                + t.datatype());
      }
      if (shape != null && !t.shape().equals(shape)) {
        t = t.reshape(shape);
      }
      return t.withName(name);
    }
    if (type == null || shape == null) {
      throw new TensorFormatException(
          "input '"
              + name
              + "' needs a datatype and a shape unless its value is a Tensor; got a "
              + value.getClass().getSimpleName());
    }
    if (type == DataType.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      flattenBytes(value, elements, name);
      checkCount(name, shape, elements.size());
      return Tensor.ofByteElements(name, shape, elements);
    }
    if (value instanceof float[] && type == DataType.FP32) {
      float[] f = (float[]) value;
      checkCount(name, shape, f.length);
      return Tensor.ofFloats(name, shape, f);
    }
    if (value instanceof byte[] && type.isFixedSize()) {
      // Raw little-endian bytes, as read from a file.
      return Tensor.of(name, type, shape, (byte[]) value);
    }
    double[] numbers = flattenNumbers(value, name);
    checkCount(name, shape, numbers.length);
    return Tensor.ofNumbers(name, type, shape, numbers);
  }

  private static void checkCount(String name, Shape shape, int count) {
    if (count != shape.elementCount()) {
      throw new TensorFormatException(
          "input '"
              + name
              + "' has "
              + count
              + " values but its shape "
              + shape
              + " needs "
              + shape.elementCount()
              + "; make the shape and the values agree");
    }
  }

  private static double[] flattenNumbers(Object value, String name) {
    if (value instanceof double[]) {
      return ((double[]) value).clone();
    }
    if (value instanceof float[]) {
      float[] f = (float[]) value;
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    if (value instanceof int[]) {
      int[] a = (int[]) value;
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        d[i] = a[i];
      }
      return d;
    }
    if (value instanceof long[]) {
      long[] a = (long[]) value;
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        d[i] = a[i];
      }
      return d;
    }
    if (value instanceof boolean[]) {
      boolean[] a = (boolean[]) value;
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        d[i] = a[i] ? 1 : 0;
      }
      return d;
    }
    List<Double> out = new ArrayList<>();
    collect(value, out, name);
    double[] d = new double[out.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = out.get(i);
    }
    return d;
  }

  private static void collect(Object v, List<Double> out, String name) {
    if (v instanceof Number) {
      out.add(((Number) v).doubleValue());
    } else if (v instanceof Boolean) {
      out.add((Boolean) v ? 1.0 : 0.0);
    } else if (v instanceof Collection) {
      for (Object e : (Collection<?>) v) {
        collect(e, out, name);
      }
    } else if (v instanceof Object[]) {
      for (Object e : (Object[]) v) {
        collect(e, out, name);
      }
    } else if (v instanceof String) {
      try {
        out.add(Double.parseDouble(((String) v).trim()));
      } catch (NumberFormatException e) {
        throw new TensorFormatException("input '" + name + "': '" + v + "' is not a number");
      }
    } else if (v != null && v.getClass().isArray()) {
      collect(boxed(v), out, name);
    } else {
      throw new TensorFormatException(
          "input '"
              + name
              + "': cannot use a "
              + (v == null ? "null" : v.getClass().getSimpleName())
              + " as tensor values; give numbers, lists or arrays of numbers, or a Tensor");
    }
  }

  private static Object boxed(Object primitiveArray) {
    int n = java.lang.reflect.Array.getLength(primitiveArray);
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(java.lang.reflect.Array.get(primitiveArray, i));
    }
    return out;
  }

  private static void flattenBytes(Object v, List<byte[]> out, String name) {
    if (v instanceof String) {
      out.add(((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (v instanceof byte[]) {
      out.add((byte[]) v);
    } else if (v instanceof Collection) {
      for (Object e : (Collection<?>) v) {
        flattenBytes(e, out, name);
      }
    } else if (v instanceof Object[]) {
      for (Object e : (Object[]) v) {
        flattenBytes(e, out, name);
      }
    } else {
      throw new TensorFormatException(
          "input '"
              + name
              + "' is BYTES: give strings or byte arrays, not a "
              + (v == null ? "null" : v.getClass().getSimpleName()));
    }
  }
}
