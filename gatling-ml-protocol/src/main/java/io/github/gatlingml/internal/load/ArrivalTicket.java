/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

/**
 * A virtual user's current arrival: when the plan meant its next request to start. One per user,
 * kept in its session and reused for every arrival it serves, so an arrival allocates nothing.
 * Touched only on the user's event loop.
 */
public final class ArrivalTicket {
  /** The session attribute that holds a user's ticket. */
  public static final String SESSION_KEY = "gatling-ml.arrival";

  /** The session attribute set once the plan has no arrival left: the user leaves its loop. */
  public static final String DONE_KEY = "gatling-ml.arrival.done";

  long intendedNanos;
  long index;
  private boolean armed;

  /** The arrival's position in the plan, 0-based (for a trace: its record). */
  public long index() {
    return index;
  }

  /** {@code System.nanoTime()} at which the plan meant the request to start. */
  public long intendedNanos() {
    return intendedNanos;
  }

  /** The user is released for this arrival: its next request takes the intended start. */
  public void arm() {
    armed = true;
  }

  /**
   * Takes the intended start for the request being sent, once: the requests after it in the same
   * iteration were not scheduled by the plan.
   *
   * @param noIntent what to return when the ticket is not armed
   * @return the intended start, or {@code noIntent}
   */
  public long take(long noIntent) {
    if (!armed) {
      return noIntent;
    }
    armed = false;
    return intendedNanos;
  }
}
