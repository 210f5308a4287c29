/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chunk-lateness histograms: bucket edges, first chunks apart, sums. */
class ChunkLatenessTest {
  @Test
  void eachLatenessLandsInTheFirstBucketWhoseBoundHoldsIt() {
    ModelStats stats = new ModelStats();
    // Bounds (µs): 50, 100, 250, 500, 1000, 2000, 3000, 5000, 10000, 25000, then above.
    stats.recordChunkLateness(true, 50_000); // 50 µs: on the bound, first bucket
    stats.recordChunkLateness(true, 50_999); // 50.999 µs counts as 50 µs
    stats.recordChunkLateness(true, 51_000); // 51 µs: second bucket
    stats.recordChunkLateness(true, 2_500_000); // 2.5 ms: the (2000, 3000] bucket
    stats.recordChunkLateness(true, 40_000_000); // 40 ms: above every bound
    stats.recordChunkLateness(true, -5_000); // early (cannot be, but a clock step): counted as 0
    stats.recordChunkLateness(false, 700_000); // a later chunk: its own histogram

    assertThat(stats.chunkLatenessBuckets(true)).containsExactly(3, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1);
    assertThat(stats.chunkLatenessBuckets(false)).containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
    assertThat(stats.chunkLatenessSumUs(true)).isEqualTo(50 + 50 + 51 + 2_500 + 40_000);
    assertThat(stats.chunkLatenessSumUs(false)).isEqualTo(700);
  }
}
