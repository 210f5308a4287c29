/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Histogram settings shared by every recorder and the base64 form the summary stores. */
public final class HistogramCodec {
  /** One hour in microseconds: longer requests are clamped rather than lost. */
  public static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;

  /** Three significant digits: every recorded value is kept within 0.1%. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private HistogramCodec() {}

  /** A histogram with the settings of the recorders, so interval histograms always fit into it. */
  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
  }

  /**
   * Converts a nanosecond duration into the microseconds the histograms hold, clamped into the
   * trackable range: an out-of-range value would otherwise throw on the hot path and the request
   * would be lost from the counts.
   */
  public static long toMicros(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long micros = nanos / 1_000;
    return Math.min(micros, HIGHEST_TRACKABLE_US);
  }

  /** HdrHistogram's compressed encoding, base64 (standard alphabet, padded). */
  public static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  /**
   * Decodes {@link #encode(Histogram)}'s output into a new auto-resizing histogram, so histograms
   * written with other settings (a later version, another tool) still add into it.
   *
   * @throws IllegalArgumentException naming {@code what} if the text is not such an encoding
   */
  public static Histogram decode(String base64, String what) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not base64: " + e.getMessage(), e);
    }
    Histogram decoded;
    try {
      decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException(
          what + " is not an HdrHistogram compressed encoding: " + e, e);
    }
    Histogram copy = new Histogram(SIGNIFICANT_DIGITS);
    copy.add(decoded);
    return copy;
  }
}
