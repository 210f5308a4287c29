/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

/** A request the server refuses or fails, with a message meant for the client. */
public final class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public InferenceException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }

  public static InferenceException invalid(String message) {
    return new InferenceException(ErrorKind.INVALID_ARGUMENT, message);
  }

  public static InferenceException notFound(String message) {
    return new InferenceException(ErrorKind.NOT_FOUND, message);
  }

  public static InferenceException unavailable(String message) {
    return new InferenceException(ErrorKind.UNAVAILABLE, message);
  }
}
