/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.metrics.RequestRecorder;
import io.github.gatlingml.protocol.MlRuntime;
import io.github.gatlingml.transport.MalformedResponseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Finishes a request the same way for every action and transport: apply the checks, then log the
 * one outcome to Gatling's report and to the ML recorder at the same moment (so their counts always
 * agree), then continue the scenario.
 */
final class RequestOutcome {
  private final MlRuntime runtime;
  private final String requestName;
  private final RequestRecorder recorder;
  private final List<MlCheck> checks;
  private final AtomicLong inFlight;

  /**
   * @param checks the checks to run; the default status check is already included when the user
   *     gave none
   */
  RequestOutcome(
      MlRuntime runtime, String requestName, RequestRecorder recorder, List<MlCheck> checks) {
    this.runtime = runtime;
    this.requestName = requestName;
    this.recorder = recorder;
    this.checks = checks;
    this.inFlight = runtime.run().inFlight(recorder);
  }

  /** A request was handed to the transport: it is in flight until responded or failed. */
  void sent() {
    inFlight.incrementAndGet();
  }

  /** Gatling's clock, for the report's start stamps. */
  long nowMillis() {
    return runtime.stats().nowMillis();
  }

  /** A response arrived: check it, log it, continue. */
  void responded(
      Session session,
      MlResponse response,
      long startMs,
      long startNanos,
      long bytesSent,
      long bytesReceived,
      Consumer<Session> next) {
    long endNanos = System.nanoTime();
    long endMs = runtime.stats().nowMillis();
    inFlight.decrementAndGet();
    Session s = session;
    String failure = null;
    String reason = null;
    try {
      if (response.isOk() && response.outputs() != null) {
        response.outputs().validate();
      }
      for (MlCheck c : checks) {
        s = c.check(response, s);
      }
    } catch (CheckFailure e) {
      failure = e.getMessage();
      reason = response.isOk() ? "check" : koReason(response);
    } catch (MalformedResponseException e) {
      failure = "malformed response: " + e.getMessage();
      reason = "malformed response";
    }
    String code = response.statusCode();
    if (failure == null) {
      runtime.stats().logResponse(s, requestName, startMs, endMs, true, code, null);
      recorder.recordOk(startNanos, endNanos, bytesSent, bytesReceived);
      next.accept(s);
    } else {
      runtime.stats().logResponse(s, requestName, startMs, endMs, false, code, failure);
      recorder.recordKo(startNanos, endNanos, reason, bytesSent, bytesReceived);
      next.accept(s.markAsFailed());
    }
  }

  /** The request failed before any response (connection refused, timeout...): log, continue. */
  void failed(
      Session session,
      String message,
      String reason,
      String code,
      long startMs,
      long startNanos,
      long bytesSent,
      Consumer<Session> next) {
    long endNanos = System.nanoTime();
    long endMs = runtime.stats().nowMillis();
    inFlight.decrementAndGet();
    runtime.stats().logResponse(session, requestName, startMs, endMs, false, code, message);
    recorder.recordKo(startNanos, endNanos, reason, bytesSent, 0);
    next.accept(session.markAsFailed());
  }

  /** The request could not even be built (missing session attribute, bad values): log, continue. */
  void notSent(Session session, String message, Consumer<Session> next) {
    long now = runtime.stats().nowMillis();
    long nanos = System.nanoTime();
    runtime.stats().logResponse(session, requestName, now, now, false, null, message);
    recorder.recordKo(nanos, nanos, "request not built", 0, 0);
    next.accept(session.markAsFailed());
  }

  /** A gRPC call closed without a response: a timeout, a transport failure or a server error. */
  void grpcError(
      Session session,
      io.grpc.Status status,
      io.github.gatlingml.transport.Transport transport,
      String target,
      long timeoutNanos,
      long startMs,
      long startNanos,
      long bytesSent,
      Consumer<Session> next) {
    String code = status.getCode().name();
    if (status.getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
      failed(
          session,
          "timeout after "
              + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms (DEADLINE_EXCEEDED)",
          "timeout",
          code,
          startMs,
          startNanos,
          bytesSent,
          next);
    } else if (status.getCode() == io.grpc.Status.Code.UNAVAILABLE && status.getCause() != null) {
      // Transport failure (refused, reset, DNS): the cause says which, and the KO category is
      // the same as over REST so reports compare transports like for like.
      String reason =
          io.github.gatlingml.transport.TransportFailure.describe(status.getCause(), target);
      failed(
          session,
          reason + " (UNAVAILABLE)",
          category(reason),
          code,
          startMs,
          startNanos,
          bytesSent,
          next);
    } else {
      String message = status.getDescription() != null ? status.getDescription() : code;
      responded(
          session,
          MlResponse.grpc(transport, code, message, new byte[0], null, null),
          startMs,
          startNanos,
          bytesSent,
          0,
          next);
    }
  }

  /** A REST exchange failed before a response; the reason's first words become the KO category. */
  void restError(
      Session session,
      String reason,
      long startMs,
      long startNanos,
      long bytesSent,
      Consumer<Session> next) {
    failed(session, reason, category(reason), null, startMs, startNanos, bytesSent, next);
  }

  /** The KO category of a transport failure: its words before the first colon. */
  private static String category(String reason) {
    return reason.startsWith("timeout") ? "timeout" : reason.replaceAll(":.*", "");
  }

  private static String koReason(MlResponse r) {
    return r.grpcCode() != null ? r.grpcCode() : "HTTP " + r.httpStatus();
  }
}
