/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceRequest;

/** A decoupled model that streams text: one request, many responses. */
public interface GenerativeModel extends Model {
  /** How many tokens and when. */
  LlmSettings settings();

  /**
   * Moves what a transport may send as an optional input (e.g. {@code max_tokens}) into parameters,
   * so the request validates against the declared inputs.
   */
  InferenceRequest normalize(InferenceRequest request);

  /**
   * Plans the output of a validated, normalized request.
   *
   * @throws io.github.gatlingml.server.engine.InferenceException for bad parameters
   */
  Generation plan(InferenceRequest request);
}
