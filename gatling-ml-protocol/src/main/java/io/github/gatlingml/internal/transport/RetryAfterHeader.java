/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads HTTP's {@code Retry-After}: delay-seconds, or an HTTP date. */
public final class RetryAfterHeader {
  private RetryAfterHeader() {}

  /** True for the statuses that come with a Retry-After worth counting: 429 and 503. */
  public static boolean applies(int status) {
    return status == 429 || status == 503;
  }

  /**
   * The delay asked for, in whole seconds (0 for a date in the past), or -1 when the value is
   * absent or is neither form.
   *
   * @param now the current time, for the date form
   */
  public static long seconds(String value, ZonedDateTime now) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Math.max(0, Duration.between(now, at).getSeconds());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
