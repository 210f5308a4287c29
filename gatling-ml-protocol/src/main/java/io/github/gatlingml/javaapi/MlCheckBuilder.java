/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.check.ExtractingCheck;

/**
 * A finished check, ready for {@code .check(...)}, that can also save the value it looked at.
 * Immutable: {@link #saveAs(String)} returns a new check.
 */
public final class MlCheckBuilder implements MlCheck {
  private final ExtractingCheck<?> check;

  MlCheckBuilder(ExtractingCheck<?> check) {
    this.check = check;
  }

  /**
   * Also saves the checked value into the session under {@code key}, e.g. {@code
   * output("OUTPUT0").values().within(1e-6, 2, 3).saveAs("sum")}.
   */
  public MlCheckBuilder saveAs(String key) {
    return new MlCheckBuilder(check.saveAs(key));
  }

  @Override
  public Session check(MlResponse response, Session session) {
    return check.check(response, session);
  }

  @Override
  public boolean isStatusCheck() {
    return check.isStatusCheck();
  }
}
