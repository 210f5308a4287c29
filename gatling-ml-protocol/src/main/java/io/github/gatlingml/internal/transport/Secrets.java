/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything the plugin writes: KO reasons (and so Gatling's report and
 * simulation.log), log lines and messages. Values of the sensitive headers are remembered when
 * requests are built and replaced wherever they appear (a server that echoes a token in its error
 * text); well-known forms ({@code Bearer ...}, {@code api-key: ...}, user-info in URLs) are masked
 * whatever their value. Thread-safe.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** Header names whose values are credentials (lower case). */
  private static final Set<String> SENSITIVE =
      Set.of(
          "authorization",
          "proxy-authorization",
          "api-key",
          "x-api-key",
          "cookie",
          "set-cookie",
          "x-auth-token");

  /**
   * Distinct values remembered at most: per-user tokens from a feeder can be many; past this, the
   * well-known forms are still masked.
   */
  private static final int MAX_VALUES = 4096;

  /** Shorter values would mask ordinary words. */
  private static final int MIN_LENGTH = 6;

  private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

  private static final Pattern SCHEME_TOKEN =
      Pattern.compile("(?i)\\b(bearer|basic|token|apikey)(\\s+)[A-Za-z0-9._~+/=:-]{4,}");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)(\"?(?:proxy-authorization|authorization|x-api-key|api[-_]?key|x-auth-token"
              + "|set-cookie|cookie|access[-_]?token|password|passwd|secret)\"?\\s*[:=]\\s*\"?)"
              + "([^\\s\",;}]{2,})");
  private static final Pattern USER_INFO =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s\"']+@");

  private Secrets() {}

  /** True for a header whose value is a credential ({@code Authorization}, {@code api-key}...). */
  public static boolean isSensitive(String headerName) {
    return SENSITIVE.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** Remembers a credential so that it is masked wherever it later appears. */
  public static void remember(String value) {
    if (value == null || value.length() < MIN_LENGTH || VALUES.contains(value)) {
      return;
    }
    if (VALUES.size() < MAX_VALUES) {
      VALUES.add(value);
      // The token of "Bearer xyz" also appears alone.
      int space = value.indexOf(' ');
      if (space > 0 && value.length() - space - 1 >= MIN_LENGTH) {
        VALUES.add(value.substring(space + 1));
      }
    }
  }

  /** {@code text} with every credential it holds masked; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : VALUES) {
      if (out.contains(v)) {
        out = out.replace(v, MASK);
      }
    }
    if (mayHoldForms(out)) {
      out = replace(USER_INFO, out, m -> m.group(1) + MASK + "@");
      out = replace(SCHEME_TOKEN, out, m -> m.group(1) + m.group(2) + MASK);
      out = replace(KEY_VALUE, out, m -> m.group(1) + MASK);
    }
    return out;
  }

  /** A cheap test before the regular expressions, which most texts need not pay for. */
  private static boolean mayHoldForms(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return l.contains("@")
        || l.contains("bearer")
        || l.contains("basic")
        || l.contains("token")
        || l.contains("key")
        || l.contains("cookie")
        || l.contains("authoriz")
        || l.contains("passw")
        || l.contains("secret");
  }

  private static String replace(
      Pattern p, String s, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    do {
      m.appendReplacement(b, Matcher.quoteReplacement(with.apply(m)));
    } while (m.find());
    m.appendTail(b);
    return b.toString();
  }

  /** Forgets every remembered value (between tests). */
  static void clear() {
    VALUES.clear();
  }
}
