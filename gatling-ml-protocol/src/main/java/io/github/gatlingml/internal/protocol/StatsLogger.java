/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.gatling.javaapi.core.Session;

/** Where finished requests are reported to Gatling (its stats engine and clock). */
public interface StatsLogger {
  /** Gatling's clock, epoch milliseconds: the time base of its report. */
  long nowMillis();

  /**
   * Logs one request to Gatling's report.
   *
   * @param code status code shown in the report (e.g. "200", "OK", "UNAVAILABLE"), or null
   * @param message the KO reason, or null when OK
   */
  void logResponse(
      Session session,
      String requestName,
      long startMs,
      long endMs,
      boolean ok,
      String code,
      String message);

  /**
   * The session a user goes on with after a request: with the request's time added to the groups it
   * runs in (as Gatling's own protocols do, so group statistics include ML requests), and marked
   * failed on a KO.
   */
  default Session afterRequest(Session session, long startMs, long endMs, boolean ok) {
    return ok ? session : session.markAsFailed();
  }

  /**
   * Logs a figure derived from a request that is not a request itself (a stream's TTFT, TPOT), so
   * that it can be asserted on like a request ({@code details("chat [ttft]")}) without adding to
   * the count, throughput or error rate of the requests actually sent. Gatling's logger records it
   * as a group of that name (groups have their own statistics and are not requests).
   */
  default void logDerived(Session session, String name, long startMs, long endMs) {
    logDerived(session, name, startMs, endMs, true);
  }

  /**
   * Logs a derived figure with a status: a plan's requirement (e.g. a minimum sustainable rate) is
   * logged once, OK if met and KO if not, so that a Gatling assertion on it can fail the build.
   */
  default void logDerived(Session session, String name, long startMs, long endMs, boolean ok) {
    logResponse(session, name, startMs, endMs, ok, null, null);
  }
}
