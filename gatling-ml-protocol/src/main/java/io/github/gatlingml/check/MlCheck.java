/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.check;

import io.gatling.javaapi.core.Session;

/**
 * A check on an {@link MlResponse}. It either passes, possibly saving values into the session, or
 * fails with a message saying what was expected and what was found.
 */
@FunctionalInterface
public interface MlCheck {
  /**
   * Applies the check.
   *
   * @return the session to continue with (with saved values)
   * @throws CheckFailure when the check does not hold
   */
  Session check(MlResponse response, Session session);

  /** True for a check on the status, which replaces the default status check. */
  default boolean isStatusCheck() {
    return false;
  }
}
