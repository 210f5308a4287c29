/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.stats.StatsEngine;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.protocol.StatsLogger;
import scala.Option;

/** Reports requests to Gatling's stats engine. For internal use only. */
final class GatlingStatsLogger implements StatsLogger {
  private final StatsEngine statsEngine;
  private final Clock clock;

  GatlingStatsLogger(StatsEngine statsEngine, Clock clock) {
    this.statsEngine = statsEngine;
    this.clock = clock;
  }

  @Override
  public long nowMillis() {
    return clock.nowMillis();
  }

  @Override
  public void logResponse(
      Session session,
      String requestName,
      long startMs,
      long endMs,
      boolean ok,
      String code,
      String message) {
    io.gatling.core.session.Session s = session.asScala();
    statsEngine.logResponse(
        s.scenario(),
        s.groups(),
        requestName,
        startMs,
        endMs,
        ok ? OK$.MODULE$ : KO$.MODULE$,
        Option.apply(code),
        Option.apply(message));
  }

  @Override
  public Session afterRequest(Session session, long startMs, long endMs, boolean ok) {
    io.gatling.core.session.Session s = session.asScala();
    if (s.blockStack().isEmpty()) {
      // Most requests run outside any group and succeed: no new session, no allocation.
      return ok ? session : session.markAsFailed();
    }
    s = s.logGroupRequestTimings(startMs, endMs);
    return new Session(ok ? s : s.markAsFailed());
  }

  @Override
  public void logDerived(Session session, String name, long startMs, long endMs) {
    logDerived(session, name, startMs, endMs, true);
  }

  @Override
  public void logDerived(Session session, String name, long startMs, long endMs, boolean ok) {
    io.gatling.core.session.Session s = session.asScala();
    @SuppressWarnings("unchecked")
    scala.collection.immutable.List<String> path =
        (scala.collection.immutable.List<String>) s.groups().appended(name);
    int millis = (int) Math.max(0, Math.min(Integer.MAX_VALUE, endMs - startMs));
    statsEngine.logGroupEnd(
        s.scenario(),
        GroupBlock.apply(path, startMs, millis, ok ? OK$.MODULE$ : KO$.MODULE$),
        endMs);
  }
}
