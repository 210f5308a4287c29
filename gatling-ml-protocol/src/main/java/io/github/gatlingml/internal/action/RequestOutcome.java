/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.metrics.RequestRecorder;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.github.gatlingml.internal.transport.RetryAfterHeader;
import io.grpc.Status;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the unary requests of one action end (inference and server requests, over any transport): the
 * checks run, then the one outcome is logged to Gatling's report and to the ML recorder at the same
 * moment, so their counts always agree.
 */
final class RequestOutcome {
  private final MlRuntime runtime;
  private final String requestName;
  private final RequestRecorder recorder;
  private final List<MlCheck> checks;
  private final MlRun.InFlight inFlight;

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

  /** A new request of a virtual user, not sent yet. */
  Unary begin(Session session, Consumer<Session> next) {
    return new Unary(session, next);
  }

  /** One unary request. */
  final class Unary extends Attempt {
    /** Bytes of the request as sent (body or message), for the summary. */
    long bytesSent;

    Unary(Session session, Consumer<Session> next) {
      super(RequestOutcome.this.requestName, runtime.stats(), inFlight, session, next);
    }

    /**
     * Notes the {@code Retry-After} of a 429 or 503 answer in the summary (absent or unreadable:
     * nothing). The request is not retried.
     */
    void retryAfter(int status, String value) {
      if (RetryAfterHeader.applies(status)) {
        long seconds = RetryAfterHeader.seconds(value, ZonedDateTime.now(ZoneOffset.UTC));
        if (seconds >= 0) {
          recorder.recordRetryAfter(seconds);
        }
      }
    }

    /** A response arrived: check it, log it, go on. */
    void responded(MlResponse response, long bytesReceived) {
      if (!claim()) {
        return;
      }
      long endNanos = System.nanoTime();
      long endMs = stats.nowMillis();
      Session s = session;
      KoReason failure = null;
      try {
        if (response.isOk() && response.outputs() != null) {
          response.outputs().validate();
        }
      } catch (RuntimeException e) {
        failure = malformed(e);
      }
      if (failure == null) {
        try {
          for (MlCheck c : checks) {
            s = c.check(response, s);
          }
        } catch (CheckFailure e) {
          failure =
              new KoReason(response.isOk() ? KoReason.CHECK : status(response), e.getMessage());
        } catch (MalformedResponseException e) {
          failure = malformed(e);
        } catch (RuntimeException e) {
          // A check of the user's that broke: a KO of this request, not a lost request.
          failure = new KoReason(KoReason.CHECK, "a check threw " + KoReason.describe(e));
        }
      }
      if (failure != null) {
        s = session;
      }
      String code = response.statusCode();
      boolean ok = failure == null;
      try {
        stats.logResponse(s, requestName, startMs, endMs, ok, code, ok ? null : failure.detail());
        if (recordsToSummary()) {
          if (ok) {
            recorder.recordOk(startNanos, endNanos, bytesSent, bytesReceived, intendedNanos);
          } else {
            recorder.recordKo(
                startNanos,
                endNanos,
                summaryReason(failure),
                bytesSent,
                bytesReceived,
                intendedNanos);
          }
        }
      } finally {
        recordedToSummary();
        proceed(s, ok, endMs);
      }
    }

    /**
     * A gRPC call closed without a response. A deadline or a failed connection is a transport
     * failure; a status from the server is an answer, which the status check judges (so {@code
     * status().is("NOT_FOUND")} can pass).
     */
    void grpcClosed(Status status, String target, boolean tls, long timeoutNanos) {
      Status.Code code = status.getCode();
      KoReason reason = KoReason.grpc(status, target, timeoutNanos);
      reason =
          tls
              ? KoReason.onTlsChannel(reason, status, target)
              : reason.plaintextHint("use grpcs:// or ml.grpcTls()");
      if (code == Status.Code.DEADLINE_EXCEEDED || !reason.category().equals(code.name())) {
        ko(reason, code.name());
      } else {
        String message = status.getDescription() != null ? status.getDescription() : code.name();
        responded(MlResponse.grpc(code.name(), message, new byte[0], null, null), 0);
      }
    }

    @Override
    void onKo(KoReason reason, String code, long endNanos, long endMs) {
      try {
        stats.logResponse(session, requestName, startMs, endMs, false, code, reason.detail());
        if (recordsToSummary()) {
          recorder.recordKo(
              startNanos, endNanos, summaryReason(reason), bytesSent, 0, intendedNanos);
        }
      } finally {
        recordedToSummary();
        proceed(session, false, endMs);
      }
    }
  }

  private static KoReason malformed(RuntimeException e) {
    String what = e instanceof MalformedResponseException ? e.getMessage() : KoReason.describe(e);
    return KoReason.of(KoReason.MALFORMED, what);
  }

  private static String status(MlResponse r) {
    return r.grpcCode() != null ? r.grpcCode() : "HTTP " + r.httpStatus();
  }
}
