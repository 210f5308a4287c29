/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.internal.transport.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One scrape target as configured, validated when built.
 *
 * @param name the target's name in the summary (default: its URL without credentials)
 * @param url the metrics URL, http:// or https://
 * @param interval time between scrapes, or null for the time series' interval (1 s)
 * @param timeout time allowed per scrape, or null for min(interval, 5 s)
 * @param series metric names or regular expressions (full match) to keep besides the well-known
 *     ones
 * @param labels label filters: a series is kept only if each named label's value (empty when the
 *     label is absent) fully matches the expression
 * @param headers headers sent with every scrape (besides the protocol's static ones, sent to the
 *     protocol's own hosts only)
 */
public record TargetConfig(
    String name,
    URI url,
    Duration interval,
    Duration timeout,
    List<String> series,
    Map<String, String> labels,
    Map<String, String> headers) {

  /** Validates and copies. */
  public TargetConfig {
    series = List.copyOf(series);
    labels = new LinkedHashMap<>(labels);
    headers = new LinkedHashMap<>(headers);
    for (String s : series) {
      compile(s, "series");
    }
    labels.forEach((k, v) -> compile(v, "label(\"" + k + "\", ...)"));
    if (interval != null && (interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException(
          "scrape interval of " + name + " must be positive, got " + interval);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException(
          "scrape timeout of " + name + " must be positive, got " + timeout);
    }
  }

  /**
   * A target scraping {@code url}, validated.
   *
   * @throws IllegalArgumentException naming the URL and the fix
   */
  public static TargetConfig of(String url) {
    if (url == null) {
      throw new IllegalArgumentException(
          "scrape(url): the URL is null; give http://host:port/metrics");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "scrape('"
              + Secrets.redact(url)
              + "') is not a URL: "
              + e.getReason()
              + "; use http://host:port/metrics");
    }
    boolean web =
        "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    if (!web || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "scrape('"
              + Secrets.redact(url)
              + "') must look like http://host:port/metrics or https://host:port/metrics");
    }
    return new TargetConfig(shown(uri), uri, null, null, List.of(), Map.of(), Map.of());
  }

  /** The URL as shown in the summary and in messages: without credentials. */
  public static String shown(URI uri) {
    return Secrets.redact(uri.toString()).replaceAll("//[^/@]*@", "//");
  }

  /** Full-match patterns of {@link #series}. */
  List<Pattern> seriesPatterns() {
    List<Pattern> out = new ArrayList<>();
    for (String s : series) {
      out.add(compile(s, "series"));
    }
    return out;
  }

  /** The label filters, compiled. */
  Map<String, Pattern> labelPatterns() {
    Map<String, Pattern> out = new LinkedHashMap<>();
    labels.forEach((k, v) -> out.put(k, compile(v, "label")));
    return out;
  }

  private static Pattern compile(String regex, String what) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          what + " '" + regex + "' is not a regular expression: " + e.getDescription());
    }
  }

  /** This target with another name. */
  public TargetConfig withName(String v) {
    return new TargetConfig(v, url, interval, timeout, series, labels, headers);
  }

  /** This target with another interval. */
  public TargetConfig withInterval(Duration v) {
    return new TargetConfig(name, url, v, timeout, series, labels, headers);
  }

  /** This target with another timeout. */
  public TargetConfig withTimeout(Duration v) {
    return new TargetConfig(name, url, interval, v, series, labels, headers);
  }

  /** This target keeping more series. */
  public TargetConfig withSeries(List<String> more) {
    List<String> all = new ArrayList<>(series);
    all.addAll(more);
    return new TargetConfig(name, url, interval, timeout, all, labels, headers);
  }

  /** This target with one more label filter. */
  public TargetConfig withLabel(String label, String regex) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(label, regex);
    return new TargetConfig(name, url, interval, timeout, series, all, headers);
  }

  /** This target with one more header. */
  public TargetConfig withHeader(String header, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(header, value);
    if (Secrets.isSensitive(header)) {
      Secrets.remember(value);
    }
    return new TargetConfig(name, url, interval, timeout, series, labels, all);
  }
}
