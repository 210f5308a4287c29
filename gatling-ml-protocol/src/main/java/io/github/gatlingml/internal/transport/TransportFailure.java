/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.transport;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/** Turns transport exceptions into the one-line KO reasons users read in reports. */
public final class TransportFailure {
  private TransportFailure() {}

  /**
   * A short reason such as {@code "connection refused: 127.0.0.1:8000"} for a failure while talking
   * to {@code target}.
   */
  public static String describe(Throwable error, String target) {
    Throwable e = rootCause(error);
    if (e instanceof UnknownHostException) {
      return "DNS failure: cannot resolve " + target;
    }
    if (e instanceof ConnectTimeoutException) {
      return "connect timeout: " + target;
    }
    if (e instanceof ConnectException) {
      return "connection refused: " + target;
    }
    if (e instanceof ClosedChannelException) {
      return "connection closed by " + target + " before the response";
    }
    if (e instanceof TooLongFrameException) {
      return "response too large: " + e.getMessage();
    }
    if (e instanceof MalformedResponseException) {
      // e.g. thrown by a stream's SseDecoder from inside a streaming callback
      return "malformed response from " + target + ": " + e.getMessage();
    }
    if (e instanceof DecoderException) {
      return "malformed response from " + target + ": " + e.getMessage();
    }
    if (e instanceof IOException) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("reset")) {
        return "connection reset by " + target;
      }
      return "I/O error with " + target + ": " + m;
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
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
