/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.load.ArrivalDriver;
import io.github.gatlingml.internal.load.ArrivalTicket;
import io.github.gatlingml.internal.protocol.MlRun;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Holds a virtual user until the plan's next arrival is due, then lets it send. The wait is a timer
 * on the user's own event loop: nothing blocks, and the request leaves from the loop that will
 * handle its answer. A user that comes back after its arrival was due goes on at once, and its
 * request records how late it started (schedule lag).
 */
public final class ArrivalGateAction implements MlAction {
  /** How long a user waits before asking again for an arrival that is not decided yet. */
  static final long WAIT_MILLIS = 20;

  private final String name;
  private final ArrivalDriver driver;
  private final BiFunction<Session, Long, Session> decorate;
  private final MlRun run;
  private final PlanRequirement requirement;

  /**
   * @param name the action's name in logs
   * @param driver the plan's arrivals
   * @param decorate adds an arrival's attributes to the session (a trace record's), or null
   * @param run the run, where the plan's requirement is logged
   * @param requirement the plan's requirement on its outcome, or null
   */
  public ArrivalGateAction(
      String name,
      ArrivalDriver driver,
      BiFunction<Session, Long, Session> decorate,
      MlRun run,
      PlanRequirement requirement) {
    this.name = name;
    this.driver = driver;
    this.decorate = decorate;
    this.run = run;
    this.requirement = requirement;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    ArrivalTicket ticket = session.get(ArrivalTicket.SESSION_KEY);
    Session s = session;
    if (ticket == null) {
      ticket = new ArrivalTicket();
      s = s.set(ArrivalTicket.SESSION_KEY, ticket);
      driver.userJoined();
    }
    int claim = driver.claim(ticket, System.nanoTime());
    if (claim == ArrivalDriver.DONE) {
      if (driver.userLeft() && requirement != null) {
        // The last user of the pool: every request of the plan has ended, and Gatling's stats
        // engine still runs, so the requirement can go into its report.
        requirement.judge(run, s);
      }
      next.accept(s.set(ArrivalTicket.DONE_KEY, Boolean.TRUE));
      return;
    }
    if (claim == ArrivalDriver.WAIT) {
      // The next arrival is not decided yet: come back shortly, without holding the loop.
      Session waiting = s;
      loop.schedule(() -> execute(waiting, loop, next), WAIT_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    if (decorate != null) {
      s = decorate.apply(s, ticket.index());
    }
    long delay = ticket.intendedNanos() - System.nanoTime();
    if (delay <= 0) {
      release(ticket, s, next);
    } else {
      ArrivalTicket t = ticket;
      Session ready = s;
      loop.schedule(() -> release(t, ready, next), delay, TimeUnit.NANOSECONDS);
    }
  }

  private void release(ArrivalTicket ticket, Session session, Consumer<Session> next) {
    ticket.arm();
    driver.released();
    next.accept(session);
  }
}
