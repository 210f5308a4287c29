/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import java.util.Map;

/**
 * An output the client asked for, with its parameters ({@code binary_data}, {@code
 * classification}).
 *
 * @param name output tensor name
 * @param parameters parameter values: Boolean, Long, Double or String
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {
  public RequestedOutput {
    parameters = Map.copyOf(parameters);
  }

  /** The {@code classification} parameter: how many top classes to return, or 0 for raw values. */
  public int classificationCount() {
    Object value = parameters.get("classification");
    if (value == null) {
      return 0;
    }
    if (value instanceof Long || value instanceof Integer) {
      long n = ((Number) value).longValue();
      if (n > 0 && n <= Integer.MAX_VALUE) {
        return (int) n;
      }
    }
    throw InferenceException.invalid(
        "output '"
            + name
            + "': parameter 'classification' must be a positive integer, got "
            + value);
  }
}
