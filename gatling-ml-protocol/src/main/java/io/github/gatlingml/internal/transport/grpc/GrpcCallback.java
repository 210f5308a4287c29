/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import io.grpc.Metadata;
import io.grpc.Status;

/** Receives the outcome of one unary call, on the event loop that made it. */
public interface GrpcCallback<T> {
  /**
   * The call closed: {@code response} is the message (null when none came), {@code status} says
   * whether it succeeded.
   */
  void onClose(Status status, T response, Metadata trailers);
}
