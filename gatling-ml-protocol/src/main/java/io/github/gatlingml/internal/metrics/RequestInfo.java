/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import io.github.gatlingml.metrics.RequestKind;
import java.util.Objects;

/**
 * What the summary says about a request name besides its numbers: its kind, its transport and the
 * model it targets.
 *
 * @param kind what the request does
 * @param transport how it travels, e.g. {@code "grpc"}, {@code "rest-json"}, {@code "rest-binary"},
 *     {@code "openai-chat"}
 * @param model the model name, or {@code null} for server-level requests (e.g. server health)
 */
public record RequestInfo(RequestKind kind, String transport, String model) {

  /** Checks that kind and transport are given, since every summary entry names them. */
  public RequestInfo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(transport, "transport");
    if (transport.isBlank()) {
      throw new IllegalArgumentException("transport must not be blank, e.g. \"grpc\"");
    }
  }

  /**
   * Shorthand for {@code new RequestInfo(kind, transport, model)}.
   *
   * @param kind what the request does
   * @param transport how it travels
   * @param model the model name, or {@code null}
   * @return the info
   */
  public static RequestInfo of(RequestKind kind, String transport, String model) {
    return new RequestInfo(kind, transport, model);
  }
}
