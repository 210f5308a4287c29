/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.synthetic;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Records of generated tensors that fit a model's input signatures, for load tests that need
 * well-formed inputs rather than meaningful ones.
 *
 * <p>An immutable builder: every method returns a new instance.
 *
 * <pre>{@code
 * SyntheticTensors.of(signature.inputs()).seed(7).range(0, 1).dim("INPUT0", 0, 1, 4, 8).records(1000)
 * }</pre>
 *
 * <p>Values ({@link #random()} is the default):
 *
 * <ul>
 *   <li>{@link #random()}: floating point types (FP16, BF16, FP32, FP64) uniform in [-1, 1);
 *       integer types uniform in [0, 100) (fits every integer type); BOOL true or false with equal
 *       chance; BYTES random ASCII strings of 8 letters and digits.
 *   <li>{@link #zeros()}: every element 0 (false for BOOL, the empty string for BYTES).
 *   <li>{@link #range(double, double)}: floating point types uniform in [lo, hi) (then rounded to
 *       the type, so FP16/BF16/FP32 may reach hi); integer types {@code floor} of uniform [lo, hi),
 *       clipped to the type's range. BOOL and BYTES stay random.
 * </ul>
 *
 * <p>Shapes: fixed dimensions come from the signature, so a generated tensor always fits it. Each
 * -1 dimension takes its size from {@link #dim(String, int, long...)} (cycled through, record by
 * record) or {@link #dim(String, int, LongSupplier)} (asked once per record); an unset -1 is 1 on
 * axis 0 (the batch dimension) and otherwise an error asking for {@code .dim(...)}.
 *
 * <p>Reproducible: the default seed is 0, and every {@link #iterator()} (and {@link #records(int)})
 * restarts from the seed, so the same builder gives the same bytes each time. A {@link
 * LongSupplier} distribution is the caller's: seed it too for reproducible shapes.
 */
public final class SyntheticTensors {
  private static final char[] ASCII =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int STRING_LENGTH = 8;

  private enum Mode {
    RANDOM,
    ZEROS,
    RANGE
  }

  private final List<TensorSignature> inputs;
  private final long seed;
  private final Mode mode;
  private final double lo;
  private final double hi;

  /** input name → axis → size source. */
  private final Map<String, Map<Integer, DimSource>> dims;

  private SyntheticTensors(
      List<TensorSignature> inputs,
      long seed,
      Mode mode,
      double lo,
      double hi,
      Map<String, Map<Integer, DimSource>> dims) {
    this.inputs = inputs;
    this.seed = seed;
    this.mode = mode;
    this.lo = lo;
    this.hi = hi;
    this.dims = dims;
  }

  /**
   * A generator for the given inputs (e.g. {@code ModelSignatures.fromRest(...).inputs()}).
   *
   * @throws FeederException when there are no inputs or two share a name
   */
  public static SyntheticTensors of(List<TensorSignature> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      throw new FeederException(
          "synthetic tensors: no input signatures given; pass the model's"
              + " inputs, e.g. ModelSignatures.fromRest(url, model, null).inputs()");
    }
    if (inputs.stream().map(TensorSignature::name).distinct().count() != inputs.size()) {
      throw new FeederException("synthetic tensors: two inputs share a name in " + inputs);
    }
    return new SyntheticTensors(List.copyOf(inputs), 0L, Mode.RANDOM, -1, 1, Map.of());
  }

  /** The same generator with another seed. */
  public SyntheticTensors seed(long newSeed) {
    return new SyntheticTensors(inputs, newSeed, mode, lo, hi, dims);
  }

  /** Random values (the default): see the class description for each datatype. */
  public SyntheticTensors random() {
    return new SyntheticTensors(inputs, seed, Mode.RANDOM, -1, 1, dims);
  }

  /** Every element zero (false for BOOL, the empty string for BYTES). */
  public SyntheticTensors zeros() {
    return new SyntheticTensors(inputs, seed, Mode.ZEROS, 0, 0, dims);
  }

  /**
   * Numbers uniform in [lo, hi): floats as is, integers rounded down and clipped to their type.
   *
   * @throws FeederException unless {@code lo < hi}, both finite
   */
  public SyntheticTensors range(double lo, double hi) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
      throw new FeederException(
          "synthetic tensors: range(" + lo + ", " + hi + ") needs finite lo < hi");
    }
    return new SyntheticTensors(inputs, seed, Mode.RANGE, lo, hi, dims);
  }

  /**
   * Sizes for a -1 dimension: record {@code i} uses {@code values[i % values.length]}.
   *
   * @throws FeederException when the input is unknown, the axis is not a -1 dimension of it, or a
   *     value is negative
   */
  public SyntheticTensors dim(String input, int axis, long... values) {
    checkAxis(input, axis);
    if (values == null || values.length == 0) {
      throw new FeederException(
          "synthetic tensors: dim(\"" + input + "\", " + axis + ", ...) needs at least one size");
    }
    for (long v : values) {
      if (v < 0) {
        throw new FeederException(
            "synthetic tensors: dim(\""
                + input
                + "\", "
                + axis
                + ", "
                + Arrays.toString(values)
                + ") has a negative size "
                + v);
      }
    }
    long[] copy = values.clone();
    return withDim(input, axis, (index, rng) -> copy[(int) Math.floorMod(index, copy.length)]);
  }

  /**
   * Sizes for a -1 dimension drawn from {@code distribution}, once per record.
   *
   * @throws FeederException when the input is unknown or the axis is not a -1 dimension of it
   */
  public SyntheticTensors dim(String input, int axis, LongSupplier distribution) {
    checkAxis(input, axis);
    if (distribution == null) {
      throw new FeederException(
          "synthetic tensors: dim(\""
              + input
              + "\", "
              + axis
              + ", distribution) needs a distribution");
    }
    return withDim(input, axis, (index, rng) -> distribution.getAsLong());
  }

  private SyntheticTensors withDim(String input, int axis, DimSource source) {
    Map<String, Map<Integer, DimSource>> copy = new HashMap<>();
    dims.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    copy.computeIfAbsent(input, k -> new HashMap<>()).put(axis, source);
    Map<String, Map<Integer, DimSource>> frozen = new HashMap<>();
    copy.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
    return new SyntheticTensors(inputs, seed, mode, lo, hi, Collections.unmodifiableMap(frozen));
  }

  private void checkAxis(String input, int axis) {
    TensorSignature sig = signature(input);
    long[] d = sig.dims();
    if (axis < 0 || axis >= d.length) {
      throw new FeederException(
          String.format(
              "synthetic tensors: input '%s' %s has no axis %d; axes are 0..%d",
              input, Arrays.toString(d), axis, d.length - 1));
    }
    if (d[axis] >= 0) {
      throw new FeederException(
          String.format(
              "synthetic tensors: axis %d of input '%s' %s is fixed at %d by the model; only -1"
                  + " dimensions take a size from dim(...)",
              axis, input, Arrays.toString(d), d[axis]));
    }
  }

  private TensorSignature signature(String input) {
    for (TensorSignature s : inputs) {
      if (s.name().equals(input)) {
        return s;
      }
    }
    throw new FeederException(
        String.format(
            "synthetic tensors: the model has no input '%s'; its inputs are %s",
            input, inputs.stream().map(TensorSignature::name).collect(Collectors.joining(", "))));
  }

  /**
   * The first {@code n} records of {@link #iterator()}.
   *
   * @throws FeederException when a -1 dimension other than axis 0 has no {@code dim(...)}
   */
  public List<TensorRecord> records(int n) {
    if (n < 0) {
      throw new FeederException("synthetic tensors: records(" + n + ") needs n >= 0");
    }
    Iterator<TensorRecord> it = iterator();
    List<TensorRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(it.next());
    }
    return List.copyOf(out);
  }

  /**
   * An endless iterator of records, restarting from the seed.
   *
   * @throws FeederException when a -1 dimension other than axis 0 has no {@code dim(...)}
   */
  public Iterator<TensorRecord> iterator() {
    for (TensorSignature s : inputs) {
      long[] d = s.dims();
      Map<Integer, DimSource> set = dims.getOrDefault(s.name(), Map.of());
      for (int axis = 1; axis < d.length; axis++) {
        if (d[axis] < 0 && !set.containsKey(axis)) {
          throw new FeederException(
              String.format(
                  "synthetic tensors: input '%s' %s has a -1 on axis %d and no size for it; give one"
                      + " with .dim(\"%s\", %d, sizes...) or .dim(\"%s\", %d, distribution)",
                  s.name(), Arrays.toString(d), axis, s.name(), axis, s.name(), axis));
        }
      }
    }
    return new Generator();
  }

  /** Where a -1 dimension's size comes from, for record {@code index}. */
  @FunctionalInterface
  private interface DimSource {
    long size(long index, SplittableRandom rng);
  }

  private final class Generator implements Iterator<TensorRecord> {
    private final SplittableRandom rng = new SplittableRandom(seed);
    private long index;

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public TensorRecord next() {
      List<Tensor> tensors = new ArrayList<>(inputs.size());
      for (TensorSignature s : inputs) {
        tensors.add(tensor(s, shape(s)));
      }
      return TensorRecord.of("synthetic[" + index++ + "]", tensors);
    }

    private Shape shape(TensorSignature s) {
      long[] d = s.dims();
      Map<Integer, DimSource> set = dims.getOrDefault(s.name(), Map.of());
      for (int axis = 0; axis < d.length; axis++) {
        if (d[axis] < 0) {
          DimSource src = set.get(axis);
          long size = src == null ? 1 : src.size(index, rng);
          if (size < 0) {
            throw new FeederException(
                String.format(
                    "synthetic tensors: the distribution for axis %d of input '%s' gave %d; sizes must"
                        + " be >= 0",
                    axis, s.name(), size));
          }
          d[axis] = size;
        }
      }
      return Shape.of(d);
    }

    private Tensor tensor(TensorSignature s, Shape shape) {
      long count = shape.elementCount();
      if (count > Integer.MAX_VALUE / 8) {
        throw new FeederException(
            String.format(
                "synthetic tensors: input '%s' of shape %s has %d elements, too many to generate;"
                    + " choose smaller sizes with dim(...)",
                s.name(), shape, count));
      }
      int n = (int) count;
      DataType type = s.datatype();
      try {
        if (type == DataType.BYTES) {
          List<byte[]> elements = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            elements.add(mode == Mode.ZEROS ? new byte[0] : asciiString());
          }
          return Tensor.ofByteElements(s.name(), shape, elements);
        }
        double[] values = new double[n];
        if (mode != Mode.ZEROS) {
          for (int i = 0; i < n; i++) {
            values[i] = value(type);
          }
        }
        return Tensor.ofNumbers(s.name(), type, shape, values);
      } catch (TensorFormatException e) {
        throw new FeederException("synthetic tensors: " + e.getMessage(), e);
      }
    }

    private double value(DataType type) {
      if (type == DataType.BOOL) {
        return rng.nextBoolean() ? 1 : 0;
      }
      if (type.isFloatingPoint()) {
        double a = mode == Mode.RANGE ? lo : -1;
        double b = mode == Mode.RANGE ? hi : 1;
        double v = a + rng.nextDouble() * (b - a);
        return v;
      }
      double a = mode == Mode.RANGE ? lo : 0;
      double b = mode == Mode.RANGE ? hi : 100;
      double v = Math.floor(a + rng.nextDouble() * (b - a));
      return Math.max(min(type), Math.min(max(type), v));
    }

    private byte[] asciiString() {
      byte[] out = new byte[STRING_LENGTH];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) ASCII[rng.nextInt(ASCII.length)];
      }
      return out;
    }
  }

  private static double min(DataType t) {
    switch (t) {
      case INT8:
        return Byte.MIN_VALUE;
      case INT16:
        return Short.MIN_VALUE;
      case INT32:
        return Integer.MIN_VALUE;
      case INT64:
        return -0x1p63;
      default:
        return 0;
    }
  }

  private static double max(DataType t) {
    switch (t) {
      case INT8:
        return Byte.MAX_VALUE;
      case INT16:
        return Short.MAX_VALUE;
      case INT32:
        return Integer.MAX_VALUE;
      case UINT8:
        return 255;
      case UINT16:
        return 65535;
      case UINT32:
        return 4294967295.0;
      default:
        // INT64 / UINT64: the largest doubles below 2^63 / 2^64, so the conversion stays in range.
        return t == DataType.UINT64 ? 0x1.fffffffffffffp63 : 0x1.fffffffffffffp62;
    }
  }

  @Override
  public String toString() {
    return "SyntheticTensors"
        + inputs
        + " seed "
        + seed
        + " "
        + mode.name().toLowerCase()
        + (mode == Mode.RANGE ? " [" + lo + ", " + hi + ")" : "");
  }
}
