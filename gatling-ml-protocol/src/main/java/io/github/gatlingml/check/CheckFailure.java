/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.check;

/** A check that did not hold; the message becomes the KO reason in Gatling's report. */
public final class CheckFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failed check.
   *
   * @param message what was expected and what was found
   */
  public CheckFailure(String message) {
    // No stack trace: this is an expected outcome on the KO path, not a bug.
    super(message, null, false, false);
  }
}
