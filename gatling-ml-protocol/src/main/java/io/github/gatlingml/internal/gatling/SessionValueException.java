/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

/**
 * A value could not be taken from the session (missing attribute, wrong type): the request is not
 * sent and counts as a KO with this message.
 */
public final class SessionValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionValueException(String message) {
    super(message, null, false, false);
  }
}
