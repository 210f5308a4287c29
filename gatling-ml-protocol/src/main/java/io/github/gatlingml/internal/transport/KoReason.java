/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Why a request failed: a short, stable {@code category} that summaries and reports group KOs by,
 * and a one-line {@code detail} for Gatling's report. The category never holds a host, a port or an
 * address (so KOs of one kind add up across targets and IPv6 addresses cannot break it); the detail
 * says where and what, and names the fix when there is one.
 *
 * @param category e.g. {@code connection refused}, {@code HTTP 503}, {@code UNAVAILABLE}
 * @param detail e.g. {@code connection refused: 127.0.0.1:8000}
 */
public record KoReason(String category, String detail) {
  /** The request could not be built (missing session attribute, bad value, EL error). */
  public static final String REQUEST_NOT_BUILT = "request not built";

  /** A check did not hold, or threw. */
  public static final String CHECK = "check";

  /** The response could not be read as the protocol says. */
  public static final String MALFORMED = "malformed response";

  /** No complete response within the request timeout. */
  public static final String TIMEOUT = "timeout";

  /** A stream was silent longer than its idle timeout. */
  public static final String STALLED = "stalled";

  /** The server reported an error inside a stream that had started well. */
  public static final String STREAM_ERROR = "stream error";

  /** The client itself failed (a bug, or a resource it could not get): the detail says which. */
  public static final String CLIENT_ERROR = "client error";

  /** Details are cut to this length: a server may answer with a whole page. */
  public static final int MAX_DETAIL = 500;

  /**
   * Masks credentials in the detail (a server may echo a token) and bounds its length; the category
   * is always one of the plugin's own words.
   */
  public KoReason {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(detail, "detail");
    detail = Secrets.redact(detail);
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL) + "...";
    }
  }

  /** A reason whose detail is {@code category: what}. */
  public static KoReason of(String category, String what) {
    return new KoReason(
        category, what == null || what.isEmpty() ? category : category + ": " + what);
  }

  /** The request could not be built; {@code why} names the problem and the fix. */
  public static KoReason notBuilt(String why) {
    return new KoReason(REQUEST_NOT_BUILT, why);
  }

  /** No answer within {@code timeoutNanos}. */
  public static KoReason timeout(long timeoutNanos) {
    return new KoReason(
        TIMEOUT, "timeout after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
  }

  /** An HTTP error status, with the server's message when it gave one. */
  public static KoReason http(int status, String serverMessage) {
    String category = "HTTP " + status;
    return of(category, serverMessage);
  }

  /**
   * A gRPC call that closed without a response: a deadline, a transport failure (refused, reset,
   * DNS: the same categories as over REST, so transports compare like for like), or a server error
   * named by its status code.
   */
  public static KoReason grpc(Status status, String target, long timeoutNanos) {
    Status.Code code = status.getCode();
    if (code == Status.Code.DEADLINE_EXCEEDED) {
      return new KoReason(
          TIMEOUT,
          "timeout after "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms (DEADLINE_EXCEEDED)");
    }
    if (lostHandshake(status)) {
      // grpc-java's race: the connection's negotiation failed before the call's transport
      // started, and the status carries the transport's complaint instead of the reason.
      java.security.cert.CertificateException refused = RecentTlsFailures.find(target);
      if (refused != null) {
        KoReason cause = TransportFailure.describe(refused, target);
        return new KoReason(cause.category(), cause.detail() + " (" + code.name() + ")");
      }
    }
    if (status.getCause() != null) {
      // A failure of the connection under the call (refused, reset, DNS, TLS): grpc-java reports
      // it as UNAVAILABLE, and in some races as UNKNOWN; the cause says what it was.
      KoReason cause = TransportFailure.describe(status.getCause(), target);
      if (!cause.category().equals(CLIENT_ERROR)) {
        return new KoReason(cause.category(), cause.detail() + " (" + code.name() + ")");
      }
    }
    String description = status.getDescription() == null ? "" : status.getDescription();
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.INTERNAL) {
      // grpc-java quotes the first bytes of an answer that is not HTTP/2: a TLS record (alert 15
      // or handshake 16, version 03) means the server expects TLS.
      String lower = description.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("first 5 bytes: 1503") || lower.contains("first 5 bytes: 1603")) {
        return new KoReason(
            TransportFailure.TLS_EXPECTED,
            "TLS expected by " + target + ": it answered with TLS; use grpcs:// or ml.grpcTls()");
      }
      if (code == Status.Code.UNAVAILABLE && lower.contains("network closed for unknown reason")) {
        return new KoReason(
            TransportFailure.CLOSED,
            "connection closed by " + target + " before any answer (UNAVAILABLE)");
      }
    }
    return of(code.name(), status.getDescription());
  }

  /**
   * This reason, with a hint for a plaintext connection that the server reset or closed: a server
   * that expects TLS often does just that, and the client cannot tell it from other causes.
   *
   * @param how the setting that turns TLS on, e.g. {@code "use https://"}
   */
  public KoReason plaintextHint(String how) {
    boolean lost =
        category.equals(TransportFailure.RESET) || category.equals(TransportFailure.CLOSED);
    if (!lost || detail.contains("TLS")) {
      return this;
    }
    return new KoReason(category, detail + " (if it serves TLS, " + how + ")");
  }

  /**
   * True for grpc-java's report of a connection whose negotiation (TLS) failed before the call's
   * transport started: UNKNOWN, caused by its own no-op message refused by the bare socket.
   */
  private static boolean lostHandshake(Status status) {
    Throwable c = status == null ? null : status.getCause();
    return c instanceof UnsupportedOperationException
        && c.getMessage() != null
        && c.getMessage().contains("unsupported message type");
  }

  /**
   * This reason for a call on a TLS channel: grpc-java's lost-handshake report (see {@link #grpc})
   * with no certificate refusal on record is a TLS handshake failure with no known cause, not an
   * UNKNOWN server status.
   */
  public static KoReason onTlsChannel(KoReason reason, Status status, String target) {
    if (!lostHandshake(status) || !reason.category().equals(status.getCode().name())) {
      return reason;
    }
    return new KoReason(
        TransportFailure.TLS_FAILED,
        "TLS handshake with "
            + target
            + " failed before the call started and grpc-java kept no reason; check the"
            + " certificate settings (ml.trustedCaPem, ml.tlsServerName, ml.clientCertificatePem)");
  }

  /** A client-side failure of unknown kind: the exception's class and message. */
  public static KoReason clientError(Throwable t) {
    return new KoReason(CLIENT_ERROR, CLIENT_ERROR + ": " + describe(t));
  }

  /** {@code SimpleName: message}, the way an unexpected exception is shown in one line. */
  public static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + m;
  }
}
