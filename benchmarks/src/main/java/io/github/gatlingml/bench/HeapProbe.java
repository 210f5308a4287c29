/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The injector's heap while the server holds streams open, for the benchmarks that divide it by the
 * open streams: what stays after full collections, with the server's count of open requests taken
 * around it.
 */
final class HeapProbe {
  private HeapProbe() {}

  /**
   * Two {@code System.gc()} (G1: full, compacting collections of the whole heap, so what is left is
   * what is reachable), then the used heap.
   *
   * @return {used heap after the GCs, the requests of {@code model} open at the server (mean of its
   *     count before and after), JDK direct bytes, Netty direct bytes (-1 where unknown)}
   */
  static long[] usedAfterGc(ServerProcess server, String model) throws IOException {
    long openBefore = (long) server.metric("nv_inference_pending_request_count", model);
    System.gc();
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long openAfter = (long) server.metric("nv_inference_pending_request_count", model);
    long direct = -1;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        direct = b.getMemoryUsed();
      }
    }
    long netty;
    try {
      netty = io.netty.util.internal.PlatformDependent.usedDirectMemory();
    } catch (Throwable t) {
      netty = -1;
    }
    return new long[] {used, (openBefore + openAfter) / 2, direct, netty};
  }

  /** Sleeps until {@code ms} milliseconds after {@code t0} ({@link System#nanoTime()}). */
  static void sleepUntil(long t0, long ms) throws InterruptedException {
    long wait = t0 / 1_000_000 + ms - System.nanoTime() / 1_000_000;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
