/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.check;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import java.util.function.Function;

/**
 * The one shape every ML check takes: extract a value from the response, optionally validate it,
 * optionally save it into the session. Immutable.
 *
 * @param <T> the extracted value
 */
public final class ExtractingCheck<T> implements MlCheck {
  /** Validates an extracted value; returns null when it holds, else what was expected. */
  @FunctionalInterface
  public interface Validator<T> {
    String expectationFailed(T actual);
  }

  private final String what;
  private final Function<MlResponse, T> extractor;
  private final Validator<T> validator;
  private final String saveAs;
  private final Function<T, Object> sessionValue;
  private final boolean statusCheck;

  /**
   * @param what describes the extracted value in failure messages, e.g. {@code output 'OUTPUT0'
   *     shape}
   * @param extractor takes the value out of the response; throws {@link CheckFailure} when absent
   */
  public ExtractingCheck(
      String what, Function<MlResponse, T> extractor, Function<T, Object> sessionValue) {
    this(what, extractor, null, null, sessionValue, false);
  }

  private ExtractingCheck(
      String what,
      Function<MlResponse, T> extractor,
      Validator<T> validator,
      String saveAs,
      Function<T, Object> sessionValue,
      boolean statusCheck) {
    this.what = what;
    this.extractor = extractor;
    this.validator = validator;
    this.saveAs = saveAs;
    this.sessionValue = sessionValue;
    this.statusCheck = statusCheck;
  }

  /** The same check with a validator. */
  public ExtractingCheck<T> validate(Validator<T> v) {
    return new ExtractingCheck<>(what, extractor, v, saveAs, sessionValue, statusCheck);
  }

  /** The same check also saving the value under {@code key}. */
  public ExtractingCheck<T> saveAs(String key) {
    return new ExtractingCheck<>(what, extractor, validator, key, sessionValue, statusCheck);
  }

  /** Marks this check as the status check (it replaces the default one). */
  public ExtractingCheck<T> asStatusCheck() {
    return new ExtractingCheck<>(what, extractor, validator, saveAs, sessionValue, true);
  }

  @Override
  public boolean isStatusCheck() {
    return statusCheck;
  }

  @Override
  public Session check(MlResponse response, Session session) {
    T value = extractor.apply(response);
    if (validator != null) {
      String failed = validator.expectationFailed(value);
      if (failed != null) {
        throw new CheckFailure(what + ": " + failed);
      }
    }
    return saveAs == null ? session : session.set(saveAs, sessionValue.apply(value));
  }
}
