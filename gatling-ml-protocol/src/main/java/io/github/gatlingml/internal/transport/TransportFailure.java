/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/** Turns transport exceptions into {@link KoReason}s: a stable category and a one-line detail. */
public final class TransportFailure {
  /** The category of a refused connection. */
  public static final String REFUSED = "connection refused";

  /** The category of a connection the peer reset. */
  public static final String RESET = "connection reset";

  /** The category of a connection the peer closed before or during the response. */
  public static final String CLOSED = "connection closed";

  /** The category of a failed name lookup. */
  public static final String DNS = "DNS failure";

  /** The category of a connection not established within the connect timeout. */
  public static final String CONNECT_TIMEOUT = "connect timeout";

  /** The category of a response over the size limit. */
  public static final String TOO_LARGE = "response too large";

  /** The category of another I/O error. */
  public static final String IO = "I/O error";

  /** TLS: the server's certificate is signed by no CA the client trusts. */
  public static final String TLS_UNTRUSTED = "TLS untrusted certificate";

  /** TLS: the server's certificate is for another host name. */
  public static final String TLS_HOST = "TLS host name mismatch";

  /** TLS: the server's certificate has expired (or is not valid yet). */
  public static final String TLS_EXPIRED = "TLS certificate expired";

  /** TLS: the server wants a client certificate (mTLS) and got none it accepts. */
  public static final String TLS_CLIENT_CERT = "TLS client certificate required";

  /** TLS was spoken to a server that answers in plaintext. */
  public static final String TLS_NOT_SPOKEN = "TLS not spoken by server";

  /** Plaintext was sent to a server that expects TLS. */
  public static final String TLS_EXPECTED = "TLS expected by server";

  /** Another TLS handshake failure. */
  public static final String TLS_FAILED = "TLS handshake failed";

  private TransportFailure() {}

  /**
   * The reason for a failure while talking to {@code target}, e.g. category {@code connection
   * refused}, detail {@code connection refused: 127.0.0.1:8000}.
   */
  public static KoReason describe(Throwable error, String target) {
    KoReason tls = tls(error, target);
    if (tls != null) {
      return tls;
    }
    Throwable e = rootCause(error);
    if (e instanceof UnknownHostException) {
      return new KoReason(DNS, "DNS failure: cannot resolve " + target);
    }
    if (e instanceof ConnectTimeoutException) {
      return new KoReason(CONNECT_TIMEOUT, "connect timeout: " + target);
    }
    if (e instanceof ConnectException) {
      return new KoReason(REFUSED, "connection refused: " + target);
    }
    if (e instanceof ClosedChannelException) {
      return new KoReason(CLOSED, "connection closed by " + target + " before the response");
    }
    if (e instanceof TooLongFrameException) {
      return new KoReason(TOO_LARGE, "response too large: " + e.getMessage());
    }
    if (e instanceof MalformedResponseException || e instanceof DecoderException) {
      return new KoReason(
          KoReason.MALFORMED, "malformed response from " + target + ": " + e.getMessage());
    }
    if (e instanceof IOException) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("reset")) {
        return new KoReason(RESET, "connection reset by " + target);
      }
      return new KoReason(IO, "I/O error with " + target + ": " + m);
    }
    return KoReason.clientError(e);
  }

  /**
   * A TLS failure, told apart by the exceptions and messages of the JDK's and OpenSSL's engines, or
   * null when {@code error} is not one. Each reason names the setting that fixes it.
   */
  private static KoReason tls(Throwable error, String target) {
    boolean tls = false;
    StringBuilder messages = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return new KoReason(
            TLS_NOT_SPOKEN,
            "TLS not spoken by "
                + target
                + ": it answered in plaintext; use http:// (REST) or a plaintext gRPC target");
      }
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException) {
        return new KoReason(
            TLS_EXPIRED,
            "TLS certificate of "
                + target
                + " has expired or is not valid yet ("
                + t.getMessage()
                + "); renew the server's certificate");
      }
      if (t instanceof javax.net.ssl.SSLException || t instanceof CertificateException) {
        tls = true;
      }
      if (t.getMessage() != null) {
        messages.append(t.getMessage()).append(" | ");
      }
    }
    if (!tls) {
      return null;
    }
    String m = messages.toString();
    String lower = m.toLowerCase(java.util.Locale.ROOT);
    String first = firstMessage(error);
    if (lower.contains("validity check failed")
        || lower.contains("certificate expired")
        || lower.contains("certificate_expired")
        || lower.contains("notafter")) {
      return new KoReason(
          TLS_EXPIRED, "TLS certificate of " + target + " has expired (" + first + "); renew it");
    }
    if (lower.contains("no subject alternative")
        || lower.contains("no name matching")
        || lower.contains("hostname")
        || lower.contains("host name")) {
      return new KoReason(
          TLS_HOST,
          "TLS certificate of "
              + target
              + " is for another host name ("
              + first
              + "); connect by a name the certificate holds, or set ml.tlsServerName(...)");
    }
    if (lower.contains("certificate_required")
        || lower.contains("certificate required")
        || lower.contains("bad_certificate")
        || lower.contains("bad certificate")
        || lower.contains("certificate_unknown") && lower.contains("alert")) {
      return new KoReason(
          TLS_CLIENT_CERT,
          "TLS: "
              + target
              + " wants a client certificate it accepts ("
              + first
              + "); set ml.clientCertificatePem(...) or ml.clientKeyStore(...)");
    }
    if (lower.contains("pkix")
        || lower.contains("certification path")
        || lower.contains("unable to find valid")
        || lower.contains("self-signed")
        || lower.contains("self signed")
        || lower.contains("unknown_ca")
        || lower.contains("untrusted")) {
      return new KoReason(
          TLS_UNTRUSTED,
          "TLS certificate of "
              + target
              + " is not trusted ("
              + first
              + "); trust its CA with ml.trustedCaPem(\"ca.pem\"), or for a test server only"
              + " ml.insecureTls()");
    }
    return new KoReason(TLS_FAILED, "TLS handshake with " + target + " failed: " + first);
  }

  /** The innermost message, which says most, in one line. */
  private static String firstMessage(Throwable error) {
    String m = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        m = t.getMessage();
      }
    }
    if (m == null) {
      return error.getClass().getSimpleName();
    }
    m = m.replace('\n', ' ');
    return m.length() > 160 ? m.substring(0, 160) + "..." : m;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null && e.getCause() != e && !(e instanceof TooLongFrameException)) {
      if (e instanceof UnknownHostException || e instanceof ConnectException) {
        break;
      }
      e = e.getCause();
    }
    return e;
  }
}
