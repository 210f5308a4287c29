/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import io.github.gatlingml.metrics.LoadReport;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Hands out the arrivals of an open plan, in order, to the virtual users that wait for them. The
 * first claim sets the plan's origin; each later claim takes the next intended start of the
 * schedule. A pool of users serves the arrivals (like k6's arrival-rate executors): a user claims
 * an arrival, waits for its time, sends, and comes back for the next. When every user is busy,
 * arrivals are claimed late, and the schedule lag shows it.
 *
 * <p>Thread-safe: claims take a lock for a few hundred nanoseconds (one step of the generator).
 */
public final class ArrivalDriver implements PlanSource {
  private final StepTimeline timeline;
  private final String arrivals;
  private final LoadReport.Criteria criteria;
  private final double percentile;
  private final long leadNanos;
  private final Object lock = new Object();

  // Guarded by lock.
  private final LongSupplier generator;
  private final ArrayDeque<Long> lookahead = new ArrayDeque<>();
  private long claimed;

  private final LongAdder released = new LongAdder();
  private final java.util.concurrent.atomic.AtomicInteger users =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A user joined the plan's pool (its first visit to the gate). */
  public void userJoined() {
    users.incrementAndGet();
  }

  /**
   * A user of the pool found the plan over and leaves.
   *
   * @return true for the last one: every arrival's requests have then ended
   */
  public boolean userLeft() {
    return users.decrementAndGet() == 0;
  }

  /**
   * @param timeline the plan on the run's clock
   * @param generator the arrivals' offsets from the origin in nanoseconds, non-decreasing, then -1
   *     (e.g. {@link ArrivalGenerator#next})
   * @param arrivals {@code uniform}, {@code poisson} or {@code trace}
   * @param criteria the analysis' criteria
   * @param percentile the latency percentile the analysis judges
   * @param leadNanos how long after the first claim the plan's clock starts
   */
  public ArrivalDriver(
      StepTimeline timeline,
      LongSupplier generator,
      String arrivals,
      LoadReport.Criteria criteria,
      double percentile,
      long leadNanos) {
    this.leadNanos = leadNanos;
    this.timeline = timeline;
    this.generator = generator;
    this.arrivals = arrivals;
    this.criteria = criteria;
    this.percentile = percentile;
  }

  /** {@link #claim}: the ticket holds the next arrival. */
  public static final int CLAIMED = 1;

  /** {@link #claim}: the plan has no arrival left; the user leaves. */
  public static final int DONE = 0;

  /** {@link #claim}: no arrival is decided yet (an SLO search judging a probe); ask again later. */
  public static final int WAIT = -1;

  /**
   * Claims the next arrival for a user.
   *
   * @param ticket the user's ticket, filled with the arrival's intended start and index
   * @param nowNanos {@code System.nanoTime()}; the first claim sets the plan's origin, a lead later
   * @return {@link #CLAIMED}, {@link #DONE} or {@link #WAIT}
   */
  public int claim(ArrivalTicket ticket, long nowNanos) {
    // The origin is a lead after the first claim: the pool is still being injected then.
    long origin = timeline.anchor(nowNanos + leadNanos);
    long offset;
    synchronized (lock) {
      Long buffered = lookahead.pollFirst();
      offset = buffered != null ? buffered : generator.getAsLong();
      if (offset == SloSearch.WAIT) {
        return WAIT;
      }
      if (offset < 0) {
        return DONE;
      }
      ticket.index = claimed++;
    }
    ticket.intendedNanos = origin + offset;
    return CLAIMED;
  }

  @Override
  public LoadReport.SearchResult search() {
    return generator instanceof SloSearch s ? s.result() : null;
  }

  /** A user was released for its arrival: it counts as sent. */
  public void released() {
    released.increment();
  }

  @Override
  public StepTimeline timeline() {
    return timeline;
  }

  @Override
  public String arrivals() {
    return arrivals;
  }

  @Override
  public Long offeredArrivals(long nowNanos) {
    long origin = timeline.origin();
    if (origin == StepTimeline.UNANCHORED) {
      return 0L;
    }
    long due = nowNanos - origin;
    synchronized (lock) {
      // Arrivals not claimed yet but due by now were offered too: read them ahead of the users.
      while (true) {
        Long last = lookahead.peekLast();
        if (last != null && last > due) {
          break;
        }
        long next = generator.getAsLong();
        if (next < 0) {
          break;
        }
        lookahead.addLast(next);
      }
      long dueAhead = 0;
      for (long offset : lookahead) {
        if (offset <= due) {
          dueAhead++;
        }
      }
      // Claimed arrivals are either released (sent) or still in the future (their users wait
      // for them); the few whose timer is firing right now are left out.
      return released.sum() + dueAhead;
    }
  }

  @Override
  public Long sentArrivals() {
    return released.sum();
  }

  @Override
  public LoadReport.Criteria criteria() {
    return criteria;
  }

  @Override
  public double latencyPercentile() {
    return percentile;
  }
}
