/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The 14 tensor element types of KServe v2 / Triton, with their wire names and element sizes.
 *
 * <p>Every tensor is held as little-endian, row-major bytes; {@link #byteSize()} is the size of one
 * element in those bytes. {@link #BYTES} elements have no fixed size: each is a 4-byte
 * little-endian length followed by that many bytes.
 */
public enum DataType {
  /** Booleans, one byte each (0 or 1); NumPy {@code bool}. */
  BOOL(1),
  /** Unsigned 8-bit integers; NumPy {@code uint8}. */
  UINT8(1),
  /** Unsigned 16-bit integers; NumPy {@code uint16}. */
  UINT16(2),
  /** Unsigned 32-bit integers; NumPy {@code uint32}. */
  UINT32(4),
  /** Unsigned 64-bit integers; NumPy {@code uint64}. */
  UINT64(8),
  /** Signed 8-bit integers; NumPy {@code int8}. */
  INT8(1),
  /** Signed 16-bit integers; NumPy {@code int16}. */
  INT16(2),
  /** Signed 32-bit integers; NumPy {@code int32}. */
  INT32(4),
  /** Signed 64-bit integers; NumPy {@code int64}. */
  INT64(8),
  /** IEEE 754 half precision floats; NumPy {@code float16}. */
  FP16(2),
  /** IEEE 754 single precision floats; NumPy {@code float32}, the usual model input. */
  FP32(4),
  /** IEEE 754 double precision floats; NumPy {@code float64}, NumPy's default float. */
  FP64(8),
  /** Byte strings of any length (text, encoded images); NumPy {@code S<n>} or {@code U<n>}. */
  BYTES(-1),
  /** bfloat16 (the top half of an FP32); no NumPy dtype ({@code ml_dtypes.bfloat16}). */
  BF16(2);

  private static final String VALID_NAMES =
      Arrays.stream(values()).map(DataType::name).collect(Collectors.joining(", "));

  private final int byteSize;

  DataType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** The datatype string used on the wire (REST "datatype" and gRPC {@code datatype} fields). */
  public String wireName() {
    return name();
  }

  /** Size of one element in bytes, or -1 for {@link #BYTES} whose elements vary in length. */
  public int byteSize() {
    return byteSize;
  }

  /** True for every type whose elements have a fixed size (all but {@link #BYTES}). */
  public boolean isFixedSize() {
    return byteSize > 0;
  }

  /** True for FP16, BF16, FP32 and FP64. */
  public boolean isFloatingPoint() {
    return this == FP16 || this == BF16 || this == FP32 || this == FP64;
  }

  /** True for the unsigned integer types. */
  public boolean isUnsigned() {
    return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
  }

  /** True for the signed and unsigned integer types. */
  public boolean isInteger() {
    return isUnsigned() || this == INT8 || this == INT16 || this == INT32 || this == INT64;
  }

  /**
   * The datatype for a wire name such as {@code "FP32"}.
   *
   * @throws TensorFormatException naming the unknown type and the valid ones
   */
  public static DataType fromWireName(String name) {
    if (name == null) {
      throw new TensorFormatException("missing datatype; expected one of " + VALID_NAMES);
    }
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      // Be lenient with case ("fp32") but report the canonical spelling in errors.
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException again) {
        throw new TensorFormatException(
            "unknown datatype '" + name + "'; expected one of " + VALID_NAMES);
      }
    }
  }

  /**
   * The datatype for a Triton model-configuration type name such as {@code TYPE_FP32}; Triton calls
   * BYTES {@code TYPE_STRING} there.
   */
  public static DataType fromConfigName(String configName) {
    if ("TYPE_STRING".equals(configName)) {
      return BYTES;
    }
    if (configName != null && configName.startsWith("TYPE_")) {
      return fromWireName(configName.substring("TYPE_".length()));
    }
    throw new TensorFormatException(
        "unknown model-configuration datatype '" + configName + "'; expected TYPE_<datatype>");
  }

  /** The Triton model-configuration spelling: {@code TYPE_FP32}, {@code TYPE_STRING} for BYTES. */
  public String configName() {
    return this == BYTES ? "TYPE_STRING" : "TYPE_" + name();
  }
}
