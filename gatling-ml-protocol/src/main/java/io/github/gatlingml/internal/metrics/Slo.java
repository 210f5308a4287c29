/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

/**
 * Service-level objectives of a streamed request name, for goodput: a request is good when it
 * succeeded and meets every objective given.
 *
 * <p>A TTFT objective is met when the first non-empty chunk came within {@code ttftMaxUs} of the
 * start; a request without any non-empty chunk never delivered a first token and does not meet it.
 * A TPOT objective is met when TPOT is at most {@code tpotMaxUs}; a request with fewer than 2
 * output tokens has no TPOT and meets it <b>vacuously</b>: it had no decoding to be slow at, its
 * whole wait is its TTFT (bounded by the TTFT objective, if any), and counting it as bad would make
 * short answers look like missed objectives. Bounds are inclusive and compared in nanoseconds.
 *
 * @param ttftMaxUs the largest acceptable TTFT, µs, or 0 for no TTFT objective
 * @param tpotMaxUs the largest acceptable TPOT, µs, or 0 for no TPOT objective
 */
public record Slo(long ttftMaxUs, long tpotMaxUs) {
  /** No objective: every OK request is good. */
  public static final Slo NONE = new Slo(0, 0);

  /** Rejects negative bounds. */
  public Slo {
    if (ttftMaxUs < 0 || tpotMaxUs < 0) {
      throw new IllegalArgumentException(
          "SLO bounds must be positive, or 0 for none; got ttft "
              + ttftMaxUs
              + " µs, tpot "
              + tpotMaxUs
              + " µs");
    }
  }

  /**
   * Whether a TTFT objective is set.
   *
   * @return {@code ttftMaxUs > 0}
   */
  public boolean hasTtft() {
    return ttftMaxUs > 0;
  }

  /**
   * Whether a TPOT objective is set.
   *
   * @return {@code tpotMaxUs > 0}
   */
  public boolean hasTpot() {
    return tpotMaxUs > 0;
  }

  /**
   * Whether a stream's timing meets every objective set (its success is the caller's to check).
   *
   * @param t the stream's timing, finished
   * @return true if it meets them all, see the class comment for the cases without TTFT or TPOT
   */
  public boolean isMetBy(StreamTiming t) {
    if (hasTtft()) {
      long ttft = t.ttftNanos();
      if (ttft < 0 || ttft > ttftMaxUs * 1_000) {
        return false;
      }
    }
    if (hasTpot()) {
      long tpot = t.tpotNanos();
      return tpot < 0 || tpot <= tpotMaxUs * 1_000;
    }
    return true;
  }
}
