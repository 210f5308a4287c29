/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One request of a recorded trace.
 *
 * @param offsetNanos when it arrived, from the trace's first request (which is at 0)
 * @param inputTokens its prompt length in tokens, or {@code -1} when the trace does not say
 * @param outputTokens the tokens it generated (or asked for), or {@code -1} when unknown
 * @param model the model it addressed, or {@code null}
 * @param prompt its prompt text, or {@code null}
 * @param payload its request body as JSON text, or {@code null}
 * @param extra the trace's other fields for this request (e.g. Mooncake's {@code hash_ids}, a
 *     {@code List<Integer>}), unmodifiable, never {@code null}
 */
public record TraceRecord(
    long offsetNanos,
    int inputTokens,
    int outputTokens,
    String model,
    String prompt,
    String payload,
    Map<String, Object> extra) {

  /** Checks token counts; makes {@code extra} unmodifiable (a view: it is not copied). */
  public TraceRecord {
    if (inputTokens < -1 || outputTokens < -1) {
      throw new IllegalArgumentException(
          "token counts are >= 0, or -1 when unknown; got input "
              + inputTokens
              + ", output "
              + outputTokens);
    }
    if (extra == null || extra.isEmpty()) {
      extra = Map.of();
    } else if (!IMMUTABLE_MAPS.contains(extra.getClass())) {
      extra = Collections.unmodifiableMap(extra);
    }
  }

  /**
   * Maps that need no unmodifiable wrapper: a million-request trace would otherwise carry a million
   * wrappers.
   */
  private static final Set<Class<?>> IMMUTABLE_MAPS =
      Set.of(
          Collections.singletonMap("", "").getClass(),
          Collections.unmodifiableMap(new HashMap<>()).getClass(),
          Map.of("", "").getClass(),
          Map.of("", "", "1", "").getClass());

  /** This record at another offset. */
  public TraceRecord withOffset(long nanos) {
    return new TraceRecord(nanos, inputTokens, outputTokens, model, prompt, payload, extra);
  }
}
