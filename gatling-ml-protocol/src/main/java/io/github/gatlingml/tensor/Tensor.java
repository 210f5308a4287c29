/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named tensor: datatype, shape and its elements as little-endian, row-major bytes, the one
 * internal representation every codec reads and writes.
 *
 * <p>Immutable. The element count always agrees with the shape: the constructor checks it, so a
 * tensor that exists is a valid one. For {@link DataType#BYTES} the bytes are the concatenation of
 * the elements, each a 4-byte little-endian length followed by its bytes (Triton's layout).
 */
public final class Tensor {
  private final String name;
  private final DataType datatype;
  private final Shape shape;
  private final byte[] data;

  /** For BYTES: start offset of each element's payload (after its length prefix); else null. */
  private final int[] bytesOffsets;

  private Tensor(String name, DataType datatype, Shape shape, byte[] data, int[] bytesOffsets) {
    this.name = name;
    this.datatype = datatype;
    this.shape = shape;
    this.data = data;
    this.bytesOffsets = bytesOffsets;
  }

  /**
   * A tensor over little-endian row-major bytes, checked against its shape. The array is taken as
   * is, not copied: do not change it afterwards.
   *
   * @throws TensorFormatException when the byte count does not match the shape and datatype
   */
  public static Tensor of(String name, DataType datatype, Shape shape, byte[] data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(datatype, "datatype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    long elements = shape.elementCount();
    if (datatype.isFixedSize()) {
      // Check before multiplying: elements * byteSize can overflow and then compare equal by
      // chance.
      if (elements > Integer.MAX_VALUE / datatype.byteSize()) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (%s, shape %s) needs %d elements, more than a Java array holds; "
                    + "check the shape",
                name, datatype, shape, elements));
      }
      long expected = elements * datatype.byteSize();
      if (data.length != expected) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (%s, shape %s) needs %d elements = %d bytes but has %d bytes (%s elements); "
                    + "make the shape and the data agree",
                name,
                datatype,
                shape,
                elements,
                expected,
                data.length,
                data.length % datatype.byteSize() == 0
                    ? String.valueOf(data.length / datatype.byteSize())
                    : "not a whole number of"));
      }
      return new Tensor(name, datatype, shape, data, null);
    }
    return new Tensor(name, datatype, shape, data, indexBytesElements(name, shape, data));
  }

  private static int[] indexBytesElements(String name, Shape shape, byte[] data) {
    long elements = shape.elementCount();
    if (elements > Integer.MAX_VALUE) {
      throw new TensorFormatException(
          "tensor '" + name + "' has too many BYTES elements: " + elements);
    }
    // Each element takes at least its 4-byte length: reject an impossible count before allocating
    // the index, so a tiny body with a huge shape cannot exhaust memory.
    if (elements > data.length / 4) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (BYTES, shape %s) needs %d elements but its data holds only %d bytes, "
                  + "less than the 4-byte length of each element; make the shape and the data agree",
              name, shape, elements, data.length));
    }
    int[] offsets = new int[(int) elements];
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < offsets.length; i++) {
      if (buf.remaining() < 4) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (BYTES, shape %s) needs %d elements but its data holds only %d; "
                    + "each element is a 4-byte little-endian length followed by its bytes",
                name, shape, elements, i));
      }
      long len = Integer.toUnsignedLong(buf.getInt());
      if (len > buf.remaining()) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (BYTES): element %d declares %d bytes but only %d remain; the data is truncated",
                name, i, len, buf.remaining()));
      }
      offsets[i] = buf.position();
      buf.position(buf.position() + (int) len);
    }
    if (buf.hasRemaining()) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (BYTES, shape %s) has %d bytes left after its %d elements; "
                  + "make the shape and the data agree",
              name, shape, buf.remaining(), elements));
    }
    return offsets;
  }

  // ------------------------------------------------------------------ factories from Java values

  /** An FP32 tensor from floats. */
  public static Tensor ofFloats(String name, Shape shape, float... values) {
    ByteBuffer buf = allocate(values.length * 4L);
    for (float v : values) {
      buf.putFloat(v);
    }
    return of(name, DataType.FP32, shape, buf.array());
  }

  /** An FP64 tensor from doubles. */
  public static Tensor ofDoubles(String name, Shape shape, double... values) {
    ByteBuffer buf = allocate(values.length * 8L);
    for (double v : values) {
      buf.putDouble(v);
    }
    return of(name, DataType.FP64, shape, buf.array());
  }

  /** An INT32 tensor from ints. */
  public static Tensor ofInts(String name, Shape shape, int... values) {
    ByteBuffer buf = allocate(values.length * 4L);
    for (int v : values) {
      buf.putInt(v);
    }
    return of(name, DataType.INT32, shape, buf.array());
  }

  /** An INT64 tensor from longs. */
  public static Tensor ofLongs(String name, Shape shape, long... values) {
    ByteBuffer buf = allocate(values.length * 8L);
    for (long v : values) {
      buf.putLong(v);
    }
    return of(name, DataType.INT64, shape, buf.array());
  }

  /** A BOOL tensor from booleans (one byte each, 0 or 1). */
  public static Tensor ofBooleans(String name, Shape shape, boolean... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (values[i] ? 1 : 0);
    }
    return of(name, DataType.BOOL, shape, bytes);
  }

  /** A BYTES tensor from UTF-8 strings. */
  public static Tensor ofStrings(String name, Shape shape, String... values) {
    List<byte[]> elements = new ArrayList<>(values.length);
    for (String v : values) {
      elements.add(v.getBytes(StandardCharsets.UTF_8));
    }
    return ofByteElements(name, shape, elements);
  }

  /** A BYTES tensor from raw byte elements. */
  public static Tensor ofByteElements(String name, Shape shape, List<byte[]> elements) {
    long total = 0;
    for (byte[] e : elements) {
      total += 4 + e.length;
    }
    ByteBuffer buf = allocate(total);
    for (byte[] e : elements) {
      buf.putInt(e.length).put(e);
    }
    return of(name, DataType.BYTES, shape, buf.array());
  }

  /**
   * A tensor of any numeric datatype (or BOOL) from doubles, converted element by element: integers
   * must be whole and in range, FP16/BF16 are rounded to nearest even.
   *
   * @throws TensorFormatException when a value does not fit the datatype
   */
  public static Tensor ofNumbers(String name, DataType datatype, Shape shape, double... values) {
    if (!datatype.isFixedSize()) {
      throw new TensorFormatException(
          "tensor '" + name + "': BYTES elements are not numbers; use ofStrings or ofByteElements");
    }
    ByteBuffer buf = allocate((long) values.length * datatype.byteSize());
    for (int i = 0; i < values.length; i++) {
      ElementCodec.put(buf, datatype, values[i], name, i);
    }
    return of(name, datatype, shape, buf.array());
  }

  private static ByteBuffer allocate(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new TensorFormatException("tensor of " + size + " bytes is larger than a Java array");
    }
    return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ------------------------------------------------------------------ accessors

  /**
   * The tensor's name: the model input or output it is.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The element type.
   *
   * @return the datatype
   */
  public DataType datatype() {
    return datatype;
  }

  /**
   * The dimensions.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /** Number of elements (the product of the shape). */
  public long elementCount() {
    return shape.elementCount();
  }

  /**
   * The little-endian row-major bytes. Shared, not copied, so that a payload is encoded once and
   * sent many times: never modify the array.
   */
  public byte[] data() {
    return data;
  }

  /** Size of {@link #data()} in bytes. */
  public int byteSize() {
    return data.length;
  }

  /** The same tensor under another name (the bytes are shared). */
  public Tensor withName(String newName) {
    return newName.equals(name) ? this : new Tensor(newName, datatype, shape, data, bytesOffsets);
  }

  /** The same bytes under another shape with the same element count. */
  public Tensor reshape(Shape newShape) {
    if (newShape.elementCount() != shape.elementCount()) {
      throw new TensorFormatException(
          String.format(
              "cannot reshape tensor '%s' from %s (%d elements) to %s (%d elements)",
              name, shape, shape.elementCount(), newShape, newShape.elementCount()));
    }
    return new Tensor(name, datatype, newShape, data, bytesOffsets);
  }

  /**
   * Element {@code i} as a double, for every datatype but BYTES. UINT64 values above 2^63 are read
   * as unsigned; FP16/BF16 are widened exactly.
   */
  public double getDouble(int i) {
    checkNumeric();
    return ElementCodec.getDouble(data, datatype, checkIndex(i));
  }

  /**
   * Element {@code i} as a long, for integer and BOOL datatypes (UINT64 keeps its bit pattern: use
   * {@link Long#toUnsignedString(long)} to print it).
   */
  public long getLong(int i) {
    if (!(datatype.isInteger() || datatype == DataType.BOOL)) {
      throw new TensorFormatException(
          "tensor '" + name + "' is " + datatype + "; getLong needs an integer or BOOL tensor");
    }
    return ElementCodec.getLong(data, datatype, checkIndex(i));
  }

  /** Element {@code i} of a BOOL tensor. */
  public boolean getBoolean(int i) {
    if (datatype != DataType.BOOL) {
      throw new TensorFormatException("tensor '" + name + "' is " + datatype + ", not BOOL");
    }
    return data[checkIndex(i)] != 0;
  }

  /** Element {@code i} of a BYTES tensor, copied. */
  public byte[] getBytes(int i) {
    checkBytes();
    int start = bytesOffsets[checkIndex(i)];
    int len = ByteBuffer.wrap(data, start - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Arrays.copyOfRange(data, start, start + len);
  }

  /** Element {@code i} of a BYTES tensor, decoded as UTF-8. */
  public String getString(int i) {
    checkBytes();
    int start = bytesOffsets[checkIndex(i)];
    int len = ByteBuffer.wrap(data, start - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return new String(data, start, len, StandardCharsets.UTF_8);
  }

  /** All elements as doubles (every datatype but BYTES). */
  public double[] toDoubleArray() {
    checkNumeric();
    double[] out = new double[(int) elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.getDouble(data, datatype, i);
    }
    return out;
  }

  /** All elements as floats (every datatype but BYTES; FP64 and 64-bit integers are narrowed). */
  public float[] toFloatArray() {
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /** All elements of a BYTES tensor as UTF-8 strings. */
  public List<String> toStringList() {
    checkBytes();
    List<String> out = new ArrayList<>(bytesOffsets.length);
    for (int i = 0; i < bytesOffsets.length; i++) {
      out.add(getString(i));
    }
    return out;
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= elementCount()) {
      throw new IndexOutOfBoundsException(
          "element " + i + " of tensor '" + name + "' with " + elementCount() + " elements");
    }
    return i;
  }

  private void checkNumeric() {
    if (datatype == DataType.BYTES) {
      throw new TensorFormatException(
          "tensor '" + name + "' is BYTES; read it with getString/getBytes, not as numbers");
    }
  }

  private void checkBytes() {
    if (datatype != DataType.BYTES) {
      throw new TensorFormatException("tensor '" + name + "' is " + datatype + ", not BYTES");
    }
  }

  /** Equal when name, datatype, shape and bytes are equal. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor t = (Tensor) o;
    return name.equals(t.name)
        && datatype == t.datatype
        && shape.equals(t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, datatype, shape, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Tensor{" + name + ", " + datatype + ", " + shape + ", " + data.length + " bytes}";
  }
}
