/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.feeder;

/**
 * A feeder's data cannot be used: a corrupt or truncated file, an unsupported dtype, JSON that does
 * not match the format, a shape that disagrees with the model. Raised at load time, before any load
 * is generated; the message names the file, the record and the problem.
 */
public class FeederException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * A feeder error.
   *
   * @param message the file, the record and the problem, and the fix when there is one
   */
  public FeederException(String message) {
    super(message);
  }

  /**
   * A feeder error caused by another (an I/O error, a JSON parser's).
   *
   * @param message the file, the record and the problem
   * @param cause what the reader caught
   */
  public FeederException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * No stack trace of its own: the message names the file, the record and the problem, so a bad
   * file stops the simulation with one line instead of a page of Scala frames. A cause (an I/O
   * error) keeps its own.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
