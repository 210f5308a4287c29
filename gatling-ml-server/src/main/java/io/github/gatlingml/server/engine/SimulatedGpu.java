/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import java.util.ArrayDeque;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One simulated GPU under the server's models, so that demos and tests see DCGM-like metrics
 * without a GPU: its utilization is the share of the models' execution slots that were busy over
 * the last second, its memory grows with the work in flight, and its power with its utilization.
 *
 * <ul>
 *   <li>utilization (%, whole) = busy slot-time / (slots × elapsed), over the span from the newest
 *       reading at least {@link #WINDOW_NANOS} old to now (a sliding window of about one scrape
 *       interval; since the server started, at the first reading);
 *   <li>memory used (MiB) = {@link #FB_BASE_MIB} (the weights) + {@link #FB_PER_BUSY_SLOT_MIB} ×
 *       busy slots now (activations, KV cache), at most {@link #FB_TOTAL_MIB};
 *   <li>power (W) = {@link #IDLE_W} + {@link #W_PER_UTIL_PCT} × utilization.
 * </ul>
 */
public final class SimulatedGpu {
  /** The span utilization is measured over (at least). */
  public static final long WINDOW_NANOS = 1_000_000_000L;

  /** Frame-buffer memory of the simulated card, MiB. */
  public static final double FB_TOTAL_MIB = 16_384;

  /** Memory used when idle (the models' weights), MiB. */
  public static final double FB_BASE_MIB = 2_048;

  /** Memory each busy slot adds, MiB. */
  public static final double FB_PER_BUSY_SLOT_MIB = 512;

  /** Power drawn when idle, W. */
  public static final double IDLE_W = 60;

  /** Power each percent of utilization adds, W (300 W at 100%). */
  public static final double W_PER_UTIL_PCT = 2.4;

  /**
   * One reading of the card.
   *
   * @param utilPct utilization over the window, 0 to 100
   * @param fbUsedMib memory used, MiB
   * @param fbFreeMib memory free, MiB
   * @param powerW power drawn, W
   */
  public record Reading(double utilPct, double fbUsedMib, double fbFreeMib, double powerW) {}

  private final LongSupplier busySlotNanos;
  private final IntSupplier slots;
  private final IntSupplier busySlots;
  private final LongSupplier clock;

  /** (time, busy slot-nanos) of past readings, oldest first. Guarded by this. */
  private final ArrayDeque<long[]> readings = new ArrayDeque<>();

  /**
   * @param busySlotNanos the models' busy slot-time so far, slot-nanoseconds
   * @param slots the models' slots
   * @param busySlots the models' slots busy now
   * @param clock a monotonic clock, ns
   */
  public SimulatedGpu(
      LongSupplier busySlotNanos, IntSupplier slots, IntSupplier busySlots, LongSupplier clock) {
    this.busySlotNanos = busySlotNanos;
    this.slots = slots;
    this.busySlots = busySlots;
    this.clock = clock;
    readings.add(new long[] {clock.getAsLong(), busySlotNanos.getAsLong()});
  }

  /** Reads the card now; the reading also becomes a window start for later ones. */
  public synchronized Reading read() {
    long now = clock.getAsLong();
    long busy = busySlotNanos.getAsLong();
    // The newest reading at least a window old, else the oldest one.
    long[] from = readings.peekFirst();
    for (long[] r : readings) {
      if (now - r[0] >= WINDOW_NANOS) {
        from = r;
      }
    }
    while (readings.peekFirst() != from) {
      readings.pollFirst();
    }
    readings.addLast(new long[] {now, busy});
    long elapsed = now - from[0];
    int n = Math.max(1, slots.getAsInt());
    double share = elapsed <= 0 ? 0 : 100.0 * (busy - from[1]) / n / elapsed;
    // Whole percents, as DCGM reports them; power follows the reported figure, so that a scraper
    // sees power = idle + k × utilization exactly.
    double util = Math.round(Math.max(0, Math.min(100, share)));
    double used = Math.min(FB_TOTAL_MIB, FB_BASE_MIB + FB_PER_BUSY_SLOT_MIB * busySlots.getAsInt());
    return new Reading(util, used, FB_TOTAL_MIB - used, IDLE_W + W_PER_UTIL_PCT * util);
  }
}
