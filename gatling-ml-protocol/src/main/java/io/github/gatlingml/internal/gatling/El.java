/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import io.gatling.commons.validation.Failure;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.internal.Expressions;
import java.util.function.Function;
import scala.Function1;

/**
 * Gatling Expression Language strings ({@code "Bearer #{token}"}) compiled once into Java functions
 * of the session. For internal use only.
 */
public final class El {
  private El() {}

  /**
   * Compiles an EL string whose value is of type {@code type} (String, Object...). A string without
   * {@code #{...}} becomes a constant.
   *
   * @throws IllegalArgumentException when the EL string itself is malformed
   */
  public static <T> Function<Session, T> compile(String el, Class<T> type) {
    Function1<io.gatling.core.session.Session, Validation<T>> expression;
    try {
      expression = Expressions.toExpression(el, type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "malformed Gatling EL expression '" + el + "': " + e.getMessage(), e);
    }
    return session -> {
      Validation<T> v = expression.apply(session.asScala());
      if (v instanceof Success) {
        return ((Success<T>) v).value();
      }
      throw new SessionValueException(((Failure) v).message());
    };
  }

  /** True if the string holds an EL placeholder and so depends on the session. */
  public static boolean isDynamic(String el) {
    return el.contains("#{");
  }
}
