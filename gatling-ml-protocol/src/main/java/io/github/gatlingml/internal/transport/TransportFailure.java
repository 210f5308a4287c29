/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

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

  private TransportFailure() {}

  /**
   * The reason for a failure while talking to {@code target}, e.g. category {@code connection
   * refused}, detail {@code connection refused: 127.0.0.1:8000}.
   */
  public static KoReason describe(Throwable error, String target) {
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
