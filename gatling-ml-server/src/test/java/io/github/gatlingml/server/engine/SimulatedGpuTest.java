/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulated GPU's formulas on a clock the test drives. */
class SimulatedGpuTest {
  private static final long S = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(100 * S);
  private final AtomicLong busy = new AtomicLong();
  private final AtomicInteger busySlots = new AtomicInteger();
  private final SimulatedGpu gpu = new SimulatedGpu(busy::get, () -> 4, busySlots::get, now::get);

  @Test
  void utilizationIsTheBusyShareOfTheSlotsOverTheLastSecondOrMore() {
    // 2 s with 1 of 4 slots busy: 25% since the start.
    now.addAndGet(2 * S);
    busy.addAndGet(2 * S);
    busySlots.set(1);
    SimulatedGpu.Reading r = gpu.read();
    assertThat(r.utilPct()).isCloseTo(25.0, within(1e-9));
    assertThat(r.fbUsedMib())
        .isEqualTo(SimulatedGpu.FB_BASE_MIB + SimulatedGpu.FB_PER_BUSY_SLOT_MIB);
    assertThat(r.fbFreeMib()).isEqualTo(SimulatedGpu.FB_TOTAL_MIB - r.fbUsedMib());
    assertThat(r.powerW())
        .isCloseTo(SimulatedGpu.IDLE_W + 25 * SimulatedGpu.W_PER_UTIL_PCT, within(1e-9));

    // 0.5 s later, all 4 slots busy: the window reaches back to the start (no reading 1 s old but
    // the first), so (2 + 2) slot-s over 4 slots × 2.5 s = 40%.
    now.addAndGet(S / 2);
    busy.addAndGet(2 * S);
    busySlots.set(4);
    assertThat(gpu.read().utilPct()).isCloseTo(40.0, within(1e-9));

    // 0.5 s later, still all busy: the window starts at the newest reading at least 1 s old (the
    // one at 2 s), so (2 + 2) slot-s over 4 slots × 1 s = 100%.
    now.addAndGet(S / 2);
    busy.addAndGet(2 * S);
    assertThat(gpu.read().utilPct()).isCloseTo(100.0, within(1e-9));
    assertThat(gpu.read().fbUsedMib())
        .isEqualTo(SimulatedGpu.FB_BASE_MIB + 4 * SimulatedGpu.FB_PER_BUSY_SLOT_MIB);

    // Idle for 3 s.
    busySlots.set(0);
    now.addAndGet(3 * S);
    SimulatedGpu.Reading idle = gpu.read();
    assertThat(idle.utilPct()).isZero();
    assertThat(idle.powerW()).isEqualTo(SimulatedGpu.IDLE_W);
    assertThat(idle.fbUsedMib()).isEqualTo(SimulatedGpu.FB_BASE_MIB);
  }

  @Test
  void memoryNeverExceedsTheCard() {
    busySlots.set(1_000);
    assertThat(gpu.read().fbUsedMib()).isEqualTo(SimulatedGpu.FB_TOTAL_MIB);
    assertThat(gpu.read().fbFreeMib()).isZero();
  }
}
