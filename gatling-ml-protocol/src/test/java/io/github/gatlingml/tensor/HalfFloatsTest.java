/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bit patterns below are worked out by hand from the IEEE 754 binary16 and bfloat16 layouts. */
class HalfFloatsTest {

  private static int fp16(double v) {
    return HalfFloats.toFp16(v) & 0xffff;
  }

  private static int bf16(double v) {
    return HalfFloats.toBf16(v) & 0xffff;
  }

  @Test
  void fp16NormalValues() {
    assertThat(fp16(1.0)).isEqualTo(0x3C00);
    assertThat(fp16(-2.0)).isEqualTo(0xC000);
    assertThat(fp16(0.5)).isEqualTo(0x3800);
    assertThat(fp16(65504)).isEqualTo(0x7BFF);
    assertThat(fp16(0.1)).isEqualTo(0x2E66);
    assertThat(fp16(0x1p-14)).isEqualTo(0x0400); // smallest normal
  }

  @Test
  void fp16Overflow() {
    assertThat(fp16(65519)).isEqualTo(0x7BFF); // below the halfway point to 2^16
    assertThat(fp16(65520)).isEqualTo(0x7C00); // halfway, 0x7BFF is odd: rounds up to infinity
    assertThat(fp16(-65520)).isEqualTo(0xFC00);
    assertThat(fp16(1e300)).isEqualTo(0x7C00);
  }

  @Test
  void fp16Subnormals() {
    assertThat(fp16(0x1p-24)).isEqualTo(0x0001); // smallest subnormal
    assertThat(fp16(1023 * 0x1p-24)).isEqualTo(0x03FF); // largest subnormal
    assertThat(fp16(0x1p-25)).isEqualTo(0x0000); // tie between 0 and 2^-24: even is 0
    assertThat(fp16(Math.nextUp(0x1p-25))).isEqualTo(0x0001);
    assertThat(fp16(3 * 0x1p-25)).isEqualTo(0x0002); // tie between 1 and 2 ulps: even is 2
    assertThat(fp16(-0x1p-25)).isEqualTo(0x8000); // keeps the sign when it underflows
    assertThat(fp16(Double.MIN_VALUE)).isEqualTo(0x0000);
    assertThat(fp16(1e-300)).isEqualTo(0x0000);
  }

  @Test
  void fp16TiesToEven() {
    assertThat(fp16(1 + 0x1p-11)).isEqualTo(0x3C00); // halfway to 0x3C01, which is odd
    assertThat(fp16(1 + 3 * 0x1p-11)).isEqualTo(0x3C02); // halfway between 0x3C01 and 0x3C02
    assertThat(fp16(Math.nextUp(1 + 0x1p-11))).isEqualTo(0x3C01);
  }

  @Test
  void fp16SpecialValues() {
    assertThat(fp16(Double.POSITIVE_INFINITY)).isEqualTo(0x7C00);
    assertThat(fp16(Double.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
    assertThat(fp16(-0.0)).isEqualTo(0x8000);
    assertThat(fp16(0.0)).isEqualTo(0x0000);
    int nan = fp16(Double.NaN);
    assertThat(nan & 0x7C00).isEqualTo(0x7C00);
    assertThat(nan & 0x03FF).isNotZero();
    // A NaN whose payload sits only in low bits must not collapse into infinity.
    int lowPayloadNan = fp16(Double.longBitsToDouble(0x7FF0000000000001L));
    assertThat(lowPayloadNan & 0x03FF).isNotZero();
  }

  @Test
  void fp16Widening() {
    assertThat(HalfFloats.fp16ToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(HalfFloats.fp16ToFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(HalfFloats.fp16ToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(HalfFloats.fp16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.fp16ToFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
    assertThat(HalfFloats.fp16ToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.fp16ToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float.floatToRawIntBits(HalfFloats.fp16ToFloat((short) 0x8000)))
        .isEqualTo(0x80000000);
    assertThat(HalfFloats.fp16ToFloat((short) 0x7E00)).isNaN();
  }

  @Test
  void bf16NormalValues() {
    assertThat(bf16(1.0)).isEqualTo(0x3F80);
    assertThat(bf16(-2.0)).isEqualTo(0xC000);
    assertThat(bf16(3.140625)).isEqualTo(0x4049);
    assertThat(bf16(Math.PI)).isEqualTo(0x4049);
    assertThat(bf16(0x1p-126)).isEqualTo(0x0080); // smallest normal
    assertThat(bf16(0x1.FEp127)).isEqualTo(0x7F7F); // largest finite
  }

  @Test
  void bf16TiesToEvenAndOverflow() {
    assertThat(bf16(1 + 0x1p-8)).isEqualTo(0x3F80); // halfway to 0x3F81
    assertThat(bf16(1 + 3 * 0x1p-8)).isEqualTo(0x3F82); // halfway between 0x3F81 and 0x3F82
    assertThat(bf16(0x1.FEFFFFp127)).isEqualTo(0x7F7F); // just below halfway to 2^128
    assertThat(bf16(0x1.FFp127)).isEqualTo(0x7F80); // halfway, 0x7F7F is odd: infinity
    assertThat(bf16(Float.MAX_VALUE)).isEqualTo(0x7F80);
    assertThat(bf16(1e300)).isEqualTo(0x7F80);
    assertThat(bf16(-1e300)).isEqualTo(0xFF80);
  }

  @Test
  void bf16SubnormalsAndSpecials() {
    assertThat(bf16(0x1p-133)).isEqualTo(0x0001); // smallest subnormal
    assertThat(bf16(0x1p-127)).isEqualTo(0x0040);
    assertThat(bf16(127 * 0x1p-133)).isEqualTo(0x007F); // largest subnormal
    assertThat(bf16(0x1p-134)).isEqualTo(0x0000); // tie to even 0
    assertThat(bf16(3 * 0x1p-134)).isEqualTo(0x0002);
    assertThat(bf16(Float.MIN_VALUE)).isEqualTo(0x0000);
    assertThat(bf16(-0.0)).isEqualTo(0x8000);
    assertThat(bf16(Double.POSITIVE_INFINITY)).isEqualTo(0x7F80);
    assertThat(bf16(Double.NEGATIVE_INFINITY)).isEqualTo(0xFF80);
    int nan = bf16(Double.NaN);
    assertThat(nan & 0x7F80).isEqualTo(0x7F80);
    assertThat(nan & 0x007F).isNotZero();
    assertThat(HalfFloats.bf16ToFloat((short) 0x4049)).isEqualTo(3.140625f);
    assertThat(HalfFloats.bf16ToFloat((short) 0x0001)).isEqualTo(0x1p-133f);
  }

  @Test
  void everyFp16PatternSurvivesWideningAndNarrowing() {
    for (int bits = 0; bits <= 0xFFFF; bits++) {
      float wide = HalfFloats.fp16ToFloat((short) bits);
      boolean nan = (bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0;
      assertThat(Float.isNaN(wide)).as("NaN-ness of 0x%04X", bits).isEqualTo(nan);
      int back = fp16(wide);
      if (nan) {
        assertThat((back & 0x7C00) == 0x7C00 && (back & 0x03FF) != 0).as("0x%04X", bits).isTrue();
      } else {
        assertThat(back).as("0x%04X", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void everyBf16PatternSurvivesWideningAndNarrowing() {
    for (int bits = 0; bits <= 0xFFFF; bits++) {
      float wide = HalfFloats.bf16ToFloat((short) bits);
      boolean nan = (bits & 0x7F80) == 0x7F80 && (bits & 0x007F) != 0;
      assertThat(Float.isNaN(wide)).as("NaN-ness of 0x%04X", bits).isEqualTo(nan);
      int back = bf16(wide);
      if (nan) {
        assertThat((back & 0x7F80) == 0x7F80 && (back & 0x007F) != 0).as("0x%04X", bits).isTrue();
      } else {
        assertThat(back).as("0x%04X", bits).isEqualTo(bits);
      }
    }
  }
}
