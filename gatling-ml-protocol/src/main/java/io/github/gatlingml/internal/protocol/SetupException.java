/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

/**
 * A mistake in a simulation's configuration, found when it starts (a malformed URL, a missing
 * target, an unknown transport name): its message says what is wrong and how to fix it, so it
 * carries no stack trace. Gatling prints it as one line instead of a page of Scala frames.
 *
 * <p>For internal use only.
 */
public final class SetupException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * A configuration error.
   *
   * @param message what is wrong and what to do, e.g. {@code ml.grpcTarget('x') must be host:port}
   */
  public SetupException(String message) {
    super(message);
  }

  /** No stack trace: the message says it all. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
