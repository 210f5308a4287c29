/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

/**
 * Exact conversions between Java floating point and the 16-bit formats FP16 (IEEE 754 binary16) and
 * BF16 (bfloat16), which Java 17 lacks.
 *
 * <p>Narrowing rounds to nearest, ties to even, straight from the {@code double} (so a double is
 * rounded once, never twice through float), keeps signed zeros, produces subnormals, overflows to
 * infinity and keeps NaN a (quiet) NaN. Widening is exact.
 */
public final class HalfFloats {
  private static final int FP16_EXP_BITS = 5;
  private static final int FP16_MANT_BITS = 10;
  private static final int BF16_EXP_BITS = 8;
  private static final int BF16_MANT_BITS = 7;

  private HalfFloats() {}

  /** The FP16 bit pattern nearest to {@code value}. */
  public static short toFp16(double value) {
    return (short) narrow(value, FP16_EXP_BITS, FP16_MANT_BITS);
  }

  /** The BF16 bit pattern nearest to {@code value}. */
  public static short toBf16(double value) {
    return (short) narrow(value, BF16_EXP_BITS, BF16_MANT_BITS);
  }

  /** The exact value of an FP16 bit pattern. */
  public static float fp16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // Subnormal (or zero): mant x 2^-24, exactly representable in float.
      float magnitude = mant * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** The exact value of a BF16 bit pattern (BF16 is the upper half of a float). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /**
   * Rounds a double to a binary format with the given exponent and mantissa widths (sign bit on
   * top) and returns its bit pattern in the low bits.
   */
  private static int narrow(double value, int expBits, int mantBits) {
    long bits = Double.doubleToRawLongBits(value);
    int sign = (int) (bits >>> 63) << (expBits + mantBits);
    int exp = (int) (bits >>> 52) & 0x7ff;
    long mant = bits & 0xF_FFFF_FFFF_FFFFL;
    int maxExp = (1 << expBits) - 1;
    int infinity = maxExp << mantBits;
    if (exp == 0x7ff) {
      if (mant == 0) {
        return sign | infinity;
      }
      // Keep the NaN's top payload bits and force the quiet bit so it never becomes infinity.
      return sign | infinity | (1 << (mantBits - 1)) | (int) (mant >>> (52 - mantBits));
    }
    int bias = (1 << (expBits - 1)) - 1;
    int e = exp - 1023 + bias;
    if (e >= maxExp) {
      return sign | infinity;
    }
    long significand;
    int shift;
    int base;
    if (e > 0) {
      significand = mant;
      shift = 52 - mantBits;
      base = e << mantBits;
    } else {
      // Subnormal in the narrow format: the implicit bit joins the shifted-out mantissa.
      shift = 53 - mantBits - e;
      if (shift >= 54) {
        return sign; // below half the smallest subnormal (or a double zero/subnormal): rounds to
        // zero
      }
      significand = mant | (1L << 52);
      base = 0;
    }
    long quotient = significand >>> shift;
    long remainder = significand & ((1L << shift) - 1);
    long halfway = 1L << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (quotient & 1) == 1)) {
      quotient++; // a carry out of the mantissa moves into the exponent, up to infinity: correct
    }
    return sign | (base + (int) quotient);
  }
}
