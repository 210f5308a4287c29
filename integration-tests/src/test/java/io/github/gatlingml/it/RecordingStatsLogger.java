/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.protocol.StatsLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for Gatling's stats engine: keeps every logged request. */
final class RecordingStatsLogger implements StatsLogger {
  /** One logged request. */
  record Logged(
      String requestName, boolean ok, String code, String message, long startMs, long endMs) {}

  final List<Logged> logged = new CopyOnWriteArrayList<>();

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
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
    logged.add(new Logged(requestName, ok, code, message, startMs, endMs));
  }
}
