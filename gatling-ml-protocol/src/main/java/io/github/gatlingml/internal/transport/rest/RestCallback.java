/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import io.github.gatlingml.internal.transport.KoReason;
import io.netty.handler.codec.http.FullHttpResponse;

/** Receives the outcome of one REST exchange, on the event loop that sent it. */
public interface RestCallback {
  /**
   * A complete response arrived. The response is released after this returns: copy what must
   * outlive the call.
   */
  void onResponse(FullHttpResponse response);

  /** The exchange failed before a complete response. */
  void onFailure(KoReason reason);
}
