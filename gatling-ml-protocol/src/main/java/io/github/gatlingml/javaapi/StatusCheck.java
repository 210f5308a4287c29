/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.check.ExtractingCheck;
import java.util.Arrays;
import java.util.List;

/**
 * Checks on the transport status: {@code "OK"}/{@code "NOT_FOUND"}... for gRPC, {@code "200"},
 * {@code "404"}... for REST. Any status check replaces the default one (success).
 */
public final class StatusCheck {
  private final ExtractingCheck<MlResponse> extraction =
      new ExtractingCheck<MlResponse>("status", r -> r, MlResponse::statusCode).asStatusCheck();

  StatusCheck() {}

  /** The request succeeded: HTTP 2xx or gRPC OK. */
  public MlCheckBuilder isOk() {
    return new MlCheckBuilder(
        extraction.validate(r -> r.isOk() ? null : "expected success but found " + describe(r)));
  }

  /**
   * The status is exactly {@code code}: a gRPC code name ({@code "UNAVAILABLE"}) or an HTTP status
   * ({@code "503"}).
   */
  public MlCheckBuilder is(String code) {
    return in(code);
  }

  /** The HTTP status is exactly {@code status} (REST only). */
  public MlCheckBuilder is(int status) {
    return in(Integer.toString(status));
  }

  /** The status is one of {@code codes}. */
  public MlCheckBuilder in(String... codes) {
    List<String> allowed = Arrays.asList(codes.clone());
    return new MlCheckBuilder(
        extraction.validate(
            r ->
                allowed.contains(r.statusCode())
                    ? null
                    : "expected "
                        + (allowed.size() == 1 ? allowed.get(0) : "one of " + allowed)
                        + " but found "
                        + describe(r)));
  }

  /** Saves the status code (as a string) into the session, without checking it. */
  public MlCheckBuilder saveAs(String key) {
    return new MlCheckBuilder(extraction.saveAs(key).validate(r -> null));
  }

  private static String describe(MlResponse r) {
    return r.statusCode() + (r.errorMessage() != null ? " (" + r.errorMessage() + ")" : "");
  }
}
