/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A hand-driven clock, and registries on it whose health readings are fixed and quiet. */
final class FakeClock {
  static final long EPOCH_MS = 1_700_000_000_000L;
  static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong nanos;

  FakeClock(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  long nanos() {
    return nanos.get();
  }

  long epochMillis() {
    return EPOCH_MS + TimeUnit.NANOSECONDS.toMillis(nanos.get());
  }

  void set(long value) {
    nanos.set(value);
  }

  /**
   * A builder on this clock, reporting no CPU or GC so that no health warning appears by chance.
   */
  MetricsRegistry.Builder registry() {
    return MetricsRegistry.builder()
        .clock(this::nanos, this::epochMillis)
        .injector("test-host", 2)
        .cpuLoad(() -> -1, () -> -1)
        .gcTimeMillis(() -> 0);
  }
}
