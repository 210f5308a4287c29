/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import java.time.Duration;

/**
 * How much work a model can do at once: execution slots (like Triton instances), a queue in front
 * of them, and the time one execution takes.
 *
 * @param slots executions that run concurrently (at least 1)
 * @param maxQueue requests that may wait for a slot; 0 means no limit. When full, new requests are
 *     rejected with UNAVAILABLE, as Triton does when its queue policy limit is reached
 * @param serviceTime distribution of one execution's duration
 */
public record Capacity(int slots, int maxQueue, ServiceTime serviceTime) {
  public Capacity {
    if (slots < 1) {
      throw new IllegalArgumentException("a model needs at least 1 execution slot, got " + slots);
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException(
          "maxQueue must be 0 (no limit) or positive, got " + maxQueue);
    }
  }

  /** The default: 4 slots, no queue limit, 1 ms per execution. */
  public static Capacity defaults() {
    return new Capacity(4, 0, ServiceTime.fixed(Duration.ofMillis(1)));
  }

  /** {@code slots} slots, no queue limit, a fixed service time. */
  public static Capacity of(int slots, Duration serviceTime) {
    return new Capacity(slots, 0, ServiceTime.fixed(serviceTime));
  }

  public Capacity withSlots(int n) {
    return new Capacity(n, maxQueue, serviceTime);
  }

  public Capacity withMaxQueue(int n) {
    return new Capacity(slots, n, serviceTime);
  }

  public Capacity withServiceTime(ServiceTime t) {
    return new Capacity(slots, maxQueue, t);
  }
}
