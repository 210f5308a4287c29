/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.check.StreamResult;
import io.github.gatlingml.internal.check.ExtractingCheck;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks on a token stream (the {@code generate(...)} requests): its timing, token count, text and
 * finish reason. Entry points are in {@link MlDsl}: {@code ttft()}, {@code tpot()}, {@code
 * maxChunkGap()}, {@code outputTokens()}, {@code text()}, {@code finishReason()}.
 */
public final class StreamChecks {
  private StreamChecks() {}

  static StreamResult result(MlResponse r) {
    if (r.stream() == null) {
      throw new CheckFailure(
          "not a streaming response: stream checks apply to generate(...) requests");
    }
    return r.stream();
  }

  /** A check on a duration of the stream (TTFT, TPOT, longest chunk gap). */
  public static final class DurationCheck {
    private final ExtractingCheck<Long> extraction;
    private final String what;

    DurationCheck(String what, Function<StreamResult, Long> nanos) {
      this.what = what;
      this.extraction =
          new ExtractingCheck<>(
              what,
              r -> {
                long v = nanos.apply(result(r));
                if (v < 0) {
                  throw new CheckFailure(what + " is not defined for this stream (too few tokens)");
                }
                return v;
              },
              v -> v / 1_000_000.0);
    }

    /** The duration is below {@code max}. */
    public MlCheckBuilder lt(Duration max) {
      long limit = max.toNanos();
      return new MlCheckBuilder(
          extraction.validate(
              v -> v < limit ? null : "expected < " + format(limit) + " but found " + format(v)));
    }

    /**
     * The duration is at most {@code max}, e.g. {@code ttft().lte(Duration.ofMillis(500))}.
     *
     * @param max the largest accepted duration (compared in nanoseconds)
     * @return the check
     */
    public MlCheckBuilder lte(Duration max) {
      return atMost(max.toNanos());
    }

    /**
     * The duration is at most {@code maxMillis} milliseconds, e.g. {@code ttft().lteMillis(500)}.
     *
     * @param maxMillis the largest accepted duration, in milliseconds (fractions allowed)
     * @return the check
     */
    public MlCheckBuilder lteMillis(double maxMillis) {
      return atMost(Math.round(maxMillis * 1_000_000));
    }

    /**
     * The duration is at most {@code maxMillis} <b>milliseconds</b>.
     *
     * @param maxMillis the largest accepted duration, in milliseconds
     * @return the check
     * @deprecated the unit is not in the name: use {@link #lteMillis(double)} or {@link
     *     #lte(Duration)}
     */
    @Deprecated
    public MlCheckBuilder lte(double maxMillis) {
      return lteMillis(maxMillis);
    }

    private MlCheckBuilder atMost(long limit) {
      return new MlCheckBuilder(
          extraction.validate(
              v -> v <= limit ? null : "expected <= " + format(limit) + " but found " + format(v)));
    }

    /** Saves the duration, in milliseconds ({@code Double}), into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(v -> null).saveAs(key));
    }

    private static String format(long nanos) {
      return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
  }

  /** A check on the number of output tokens. */
  public static final class TokensCheck {
    private final ExtractingCheck<Long> extraction =
        new ExtractingCheck<>("output tokens", r -> result(r).outputTokens(), v -> v);

    TokensCheck() {}

    /** Exactly {@code n} tokens. */
    public MlCheckBuilder is(long n) {
      return new MlCheckBuilder(
          extraction.validate(v -> v == n ? null : "expected " + n + " but found " + v));
    }

    /** At least {@code n} tokens. */
    public MlCheckBuilder gte(long n) {
      return new MlCheckBuilder(
          extraction.validate(v -> v >= n ? null : "expected >= " + n + " but found " + v));
    }

    /** Between {@code min} and {@code max} tokens, inclusive. */
    public MlCheckBuilder between(long min, long max) {
      return new MlCheckBuilder(
          extraction.validate(
              v ->
                  v >= min && v <= max
                      ? null
                      : "expected between " + min + " and " + max + " but found " + v));
    }

    /** Saves the count ({@code Long}) into the session. */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(v -> null).saveAs(key));
    }
  }

  /** A check on text: the generated text or the finish reason. */
  public static final class TextCheck {
    private final ExtractingCheck<String> extraction;

    TextCheck(String what, Function<StreamResult, String> text) {
      this.extraction = new ExtractingCheck<>(what, r -> text.apply(result(r)), v -> v);
    }

    /** Exactly {@code expected}. */
    public MlCheckBuilder is(String expected) {
      return new MlCheckBuilder(
          extraction.validate(
              v ->
                  Objects.equals(v, expected)
                      ? null
                      : "expected '" + expected + "' but found '" + shorten(v) + "'"));
    }

    /** Contains {@code part}. */
    public MlCheckBuilder contains(String part) {
      return new MlCheckBuilder(
          extraction.validate(
              v ->
                  v != null && v.contains(part)
                      ? null
                      : "expected to contain '" + part + "' but found '" + shorten(v) + "'"));
    }

    /** Matches the regular expression {@code regex} somewhere. */
    public MlCheckBuilder matches(String regex) {
      Pattern p = Pattern.compile(regex);
      return new MlCheckBuilder(
          extraction.validate(
              v ->
                  v != null && p.matcher(v).find()
                      ? null
                      : "expected to match /" + regex + "/ but found '" + shorten(v) + "'"));
    }

    /** Saves the text into the session (e.g. the reply of a multi-turn conversation). */
    public MlCheckBuilder saveAs(String key) {
      return new MlCheckBuilder(extraction.validate(v -> null).saveAs(key));
    }

    private static String shorten(String s) {
      if (s == null) {
        return "null";
      }
      return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
  }
}
