/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

/**
 * Why a request failed. Each kind has the HTTP status Triton uses for it; the gRPC front end maps
 * each to its status code, so both front ends answer the same failure the same way.
 */
public enum ErrorKind {
  /** Malformed request, wrong datatype or shape, unknown input: HTTP 400, INVALID_ARGUMENT. */
  INVALID_ARGUMENT(400, "OTHER"),
  /** Unknown model or version: HTTP 404, NOT_FOUND. */
  NOT_FOUND(404, "OTHER"),
  /** Model not ready, or queue full: HTTP 503, UNAVAILABLE. */
  UNAVAILABLE(503, "REJECTED"),
  /** A feature the server does not offer: HTTP 501, UNIMPLEMENTED. */
  UNSUPPORTED(501, "OTHER"),
  /** The route exists under another HTTP method: HTTP 405 (REST only). */
  METHOD_NOT_ALLOWED(405, "OTHER"),
  /** The request body is larger than the configured limit: HTTP 413, RESOURCE_EXHAUSTED. */
  TOO_LARGE(413, "OTHER"),
  /** The client went away or cancelled a stream: HTTP 499 (nginx's convention), CANCELLED. */
  CANCELLED(499, "CANCELED"),
  /** A bug or an injected fault in a model: HTTP 500, INTERNAL. */
  INTERNAL(500, "BACKEND");

  private final int httpStatus;
  private final String metricReason;

  ErrorKind(int httpStatus, String metricReason) {
    this.httpStatus = httpStatus;
    this.metricReason = metricReason;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code reason} label of Triton's {@code nv_inference_request_failure} counter. */
  public String metricReason() {
    return metricReason;
  }
}
