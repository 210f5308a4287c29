/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import java.util.Locale;

/**
 * What a request does, as named in {@code ml-summary.json} ({@code "kind"}).
 *
 * <p>The summary keeps the kind as a string so that a reader of this version still reads summaries
 * written by a later one that knows more kinds.
 */
public enum RequestKind {
  /** A request-response inference call. */
  INFER,
  /** A streaming inference call (token or chunk stream). */
  STREAM,
  /** A liveness or readiness probe of the server or a model. */
  HEALTH,
  /** A server or model metadata request. */
  METADATA,
  /** A model statistics request. */
  STATISTICS;

  /**
   * The name used in the summary file.
   *
   * @return the lower-case name, e.g. {@code "infer"}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind with the given summary name.
   *
   * @param wireName a name as returned by {@link #wireName()}
   * @return the kind
   * @throws IllegalArgumentException if no kind has that name
   */
  public static RequestKind fromWireName(String wireName) {
    for (RequestKind kind : values()) {
      if (kind.wireName().equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown request kind '"
            + wireName
            + "'; expected one of infer, stream, health, metadata,"
            + " statistics");
  }
}
