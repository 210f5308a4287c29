/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.List;
import java.util.Objects;

/**
 * A recorded trace, ready to replay: its requests in time order, offsets from the first one. {@link
 * TraceFile} reads one from a file.
 *
 * @param source where it came from (the file), for messages
 * @param records in time order: offsets non-negative and non-decreasing
 */
public record Trace(String source, List<TraceRecord> records) {

  /** Checks that the records are in time order. */
  public Trace {
    Objects.requireNonNull(source, "source");
    records = List.copyOf(records);
    long previous = 0;
    for (int i = 0; i < records.size(); i++) {
      long offset = records.get(i).offsetNanos();
      if (offset < previous) {
        throw new IllegalArgumentException(
            source
                + ": record "
                + i
                + " is at "
                + offset
                + " ns, before the previous one ("
                + previous
                + " ns); records must be in time order from 0");
      }
      previous = offset;
    }
  }

  /** The number of requests. */
  public int size() {
    return records.size();
  }

  /** The last request's offset: the replay's length at speed 1. */
  public long durationNanos() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).offsetNanos();
  }

  /** The arrival offsets at the recorded speed. */
  public long[] offsets() {
    return offsets(1.0);
  }

  /**
   * The arrival offsets replayed at {@code speed} times the recorded pace: each offset divided by
   * {@code speed} and rounded to the nanosecond, still non-decreasing.
   *
   * @param speed {@code > 0}: 2.0 replays twice as fast, 0.5 at half pace
   * @throws IllegalArgumentException when {@code speed} is not a finite number {@code > 0}
   */
  public long[] offsets(double speed) {
    if (!(speed > 0) || !Double.isFinite(speed)) {
      throw new IllegalArgumentException(
          source + ": replay speed " + speed + "; give a speed > 0 (2.0 replays twice as fast)");
    }
    long[] out = new long[records.size()];
    for (int i = 0; i < out.length; i++) {
      long offset = records.get(i).offsetNanos();
      out[i] = speed == 1.0 ? offset : Math.round(offset / speed);
    }
    return out;
  }
}
