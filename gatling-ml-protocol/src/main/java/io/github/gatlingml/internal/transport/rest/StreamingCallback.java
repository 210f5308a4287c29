/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import io.github.gatlingml.internal.transport.KoReason;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Receives a streamed response ({@link RestClient#stream}) piece by piece, on the event loop that
 * sent the request, as Netty reads it. Every time is {@link System#nanoTime()} taken when the piece
 * arrived. Exactly one of {@link #onEnd} and {@link #onFailure} ends the exchange; no method is
 * called after it. Keep the work per call small: it runs on the virtual user's loop.
 */
public interface StreamingCallback {
  /**
   * The request is being written to its connection, now that one was acquired (or opened): the
   * moment its first byte reaches the transport, where timings start.
   */
  default void onRequestWritten(long nanos) {}

  /** The status line and headers arrived (for any status: error statuses stream like others). */
  void onHead(int status, HttpHeaders headers, long nanos);

  /**
   * Body bytes arrived (never empty). The buffer is released after this returns: consume or copy
   * what must outlive the call; do not release it.
   */
  void onContent(ByteBuf chunk, long nanos);

  /** The body ended normally. */
  void onEnd(long nanos);

  /**
   * The exchange failed, possibly after {@link #onHead} and some content (e.g. category {@code
   * stalled}, detail "stream stalled: no data for 500 ms").
   */
  void onFailure(KoReason reason);
}
