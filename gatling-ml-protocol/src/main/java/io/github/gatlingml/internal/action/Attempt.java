/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.load.ArrivalTicket;
import io.github.gatlingml.internal.metrics.RequestRecorder;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.internal.protocol.StatsLogger;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.Secrets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request of one virtual user, from the moment its action starts to the moment the user goes
 * on: the only way a request ends. It ends exactly once, as OK or KO, logged to Gatling and to the
 * ML recorder at the same moment, whatever happens (a session value missing, a check that throws, a
 * transport callback that fails, a late answer after a timeout); later calls are ignored. Used on
 * the virtual user's event loop only.
 */
abstract class Attempt {
  private static final Logger LOG = Logger.getLogger(Attempt.class.getName());

  final String requestName;
  final StatsLogger stats;
  final Session session;
  private final Consumer<Session> next;
  private final MlRun.InFlight inFlight;
  long startMs;
  long startNanos;

  /**
   * When the load plan meant this request to start, or {@link RequestRecorder#NO_INTENT}: taken
   * from the user's arrival ticket by the first request after its release.
   */
  long intendedNanos = RequestRecorder.NO_INTENT;

  private boolean sent;
  private boolean finished;

  /** False when the end of the run already counted this request as cut off. */
  private boolean counted = true;

  /** A settle() of the in-flight count, to be matched by recorded(). */
  private boolean recording;

  /** Sent once the run was stopping (clients closed): it belongs to no summary. */
  private boolean sentWhileStopping;

  Attempt(
      String requestName,
      StatsLogger stats,
      MlRun.InFlight inFlight,
      Session session,
      Consumer<Session> next) {
    this.requestName = requestName;
    this.stats = stats;
    this.inFlight = inFlight;
    this.session = session;
    this.next = next;
  }

  /**
   * The request is handed to the transport now: it counts as in flight until it ends, so a run that
   * stops meanwhile still counts it.
   */
  final void sent() {
    if (!sent) {
      sent = true;
      startMs = stats.nowMillis();
      startNanos = System.nanoTime();
      // A session lookup per request only in planned runs: the plain path stays as it was.
      if (inFlight.planned()) {
        ArrivalTicket ticket = session.get(ArrivalTicket.SESSION_KEY);
        if (ticket != null) {
          intendedNanos = ticket.take(RequestRecorder.NO_INTENT);
        }
      }
      inFlight.incrementAndGet();
      sentWhileStopping = inFlight.stopping();
    }
  }

  /** True once the request was handed to the transport. */
  final boolean isSent() {
    return sent;
  }

  /** True once the request has ended. */
  final boolean isFinished() {
    return finished;
  }

  /**
   * Claims the end of the request: true the first time only. Callers that get true must log the
   * request and call {@link #proceed}.
   */
  final boolean claim() {
    if (finished) {
      return false;
    }
    finished = true;
    if (sent) {
      // The end of the run may have counted it as cut off already: then it is not recorded again.
      counted = inFlight.settle();
      recording = counted;
    } else {
      counted = !inFlight.stopping();
      // Never sent: it starts and ends now, so Gatling's report still shows it.
      startMs = stats.nowMillis();
      startNanos = System.nanoTime();
    }
    return true;
  }

  /** Ends the request as a KO (once); {@code code} is the status shown by Gatling, or null. */
  final void ko(KoReason reason, String code) {
    if (claim()) {
      onKo(reason, code, System.nanoTime(), stats.nowMillis());
    }
  }

  /**
   * Whatever escaped while this request was handled: one KO, "request not built" when nothing was
   * sent yet, else a client error. After the end it can only be a fault of the code that runs after
   * it (it is logged, the user has already gone on).
   */
  final void crash(Throwable t) {
    if (finished) {
      LOG.warning(
          "gatling-ml: '"
              + requestName
              + "' failed after it ended: "
              + Secrets.redact(KoReason.describe(t)));
      LOG.log(Level.FINE, "the exception", t);
      return;
    }
    ko(sent ? KoReason.clientError(t) : KoReason.notBuilt(requestName + ": " + why(t)), null);
  }

  /**
   * A user's mistake (a missing session value, a bad value) reads best as its message alone; an
   * unexpected exception also needs its type.
   */
  private static String why(Throwable t) {
    boolean userError =
        t instanceof IllegalArgumentException
            || t instanceof IllegalStateException
            || t.getClass().getSimpleName().equals("SessionValueException");
    return userError && t.getMessage() != null ? t.getMessage() : KoReason.describe(t);
  }

  /** True when this request's outcome goes to the ML recorder (not already counted, not late). */
  final boolean recordsToSummary() {
    return counted && !sentWhileStopping;
  }

  /**
   * The KO category for the ML recorder: once the run is stopping, a request that fails (its
   * clients being closed) was cut off by the end of the run, not failed by the server.
   */
  final String summaryReason(KoReason r) {
    return inFlight.stopping() ? MlRun.CUT_OFF : r.category();
  }

  /** The outcome is recorded (or was not to be): the end of the run may close its books. */
  final void recordedToSummary() {
    if (recording) {
      recording = false;
      inFlight.recorded();
    }
  }

  /** Logs a KO that ended at {@code endNanos} / {@code endMs} and lets the user go on. */
  abstract void onKo(KoReason reason, String code, long endNanos, long endMs);

  /**
   * Lets the user go on with {@code s}: the request's time joins the user's groups (Gatling's group
   * statistics), a KO marks the session failed.
   */
  final void proceed(Session s, boolean ok, long endMs) {
    next.accept(stats.afterRequest(s, startMs, endMs, ok));
  }
}
