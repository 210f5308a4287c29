/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link Comparison#compare} judges a run against its baseline by: one threshold per metric (a
 * metric without one is not compared), the warm-up left out, and the bootstrap's settings.
 * Immutable; every {@link Builder} method returns the builder, {@link Builder#build()} a new
 * occurrence.
 *
 * <p>Thresholds are fractions ({@code 0.05} for 5%). Latency thresholds bound an increase, {@link
 * #maxThroughputChange()} a decrease (an increase as large is reported as an improvement), and
 * {@link #maxErrorRate()} is an absolute bound on the current run's error rate.
 *
 * <pre>{@code
 * Criteria c = Criteria.builder().maxP99Increase(0.05).warmUp(Duration.ofSeconds(10)).build();
 * }</pre>
 */
public final class Criteria {
  /** Intervals each run must keep after the warm-up unless told otherwise. */
  public static final int DEFAULT_MIN_INTERVALS = 5;

  /** Bootstrap resamples unless told otherwise. */
  public static final int DEFAULT_RESAMPLES = 2_000;

  /** Confidence of the bootstrap interval unless told otherwise. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private final Map<Comparison.Metric, Double> thresholds;
  private final Map<String, Map<Comparison.Metric, Double>> overrides;
  private final Duration warmUp;
  private final long warmUpRequests;
  private final int minIntervals;
  private final boolean allowDoubtful;
  private final int resamples;
  private final double confidence;
  private final long seed;

  private Criteria(Builder b) {
    thresholds = Collections.unmodifiableMap(new EnumMap<>(b.thresholds));
    Map<String, Map<Comparison.Metric, Double>> o = new TreeMap<>();
    b.overrides.forEach((name, m) -> o.put(name, Collections.unmodifiableMap(new EnumMap<>(m))));
    overrides = Collections.unmodifiableMap(o);
    warmUp = b.warmUp;
    warmUpRequests = b.warmUpRequests;
    minIntervals = b.minIntervals;
    allowDoubtful = b.allowDoubtful;
    resamples = b.resamples;
    confidence = b.confidence;
    seed = b.seed;
  }

  /**
   * The default criteria: p99 and TTFT p99 up by at most 5%, throughput down by at most 10%, at
   * most 1% errors in the current run; no warm-up left out.
   *
   * @return the defaults
   */
  public static Criteria defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults of {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these criteria, to change some of them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.thresholds.clear();
    b.thresholds.putAll(thresholds);
    overrides.forEach((name, m) -> b.overrides.put(name, new EnumMap<>(m)));
    b.warmUp = warmUp;
    b.warmUpRequests = warmUpRequests;
    b.minIntervals = minIntervals;
    b.allowDoubtful = allowDoubtful;
    b.resamples = resamples;
    b.confidence = confidence;
    b.seed = seed;
    return b;
  }

  /**
   * The threshold of a metric for every request name without an override of it.
   *
   * @param metric the metric
   * @return a fraction, or {@code null} when not compared
   */
  public Double threshold(Comparison.Metric metric) {
    return thresholds.get(metric);
  }

  /**
   * The threshold of a metric for one request name: its override if it has one, else the global
   * one.
   *
   * @param request the request name
   * @param metric the metric
   * @return a fraction, or {@code null} when not compared for that name
   */
  public Double threshold(String request, Comparison.Metric metric) {
    Map<Comparison.Metric, Double> o = overrides.get(request);
    return o != null && o.containsKey(metric) ? o.get(metric) : thresholds.get(metric);
  }

  /**
   * The per-request-name overrides: for each name, the metrics whose threshold differs from the
   * global one ({@code null} values turn a check off for that name).
   *
   * @return sorted by request name
   */
  public Map<String, Map<Comparison.Metric, Double>> overrides() {
    return overrides;
  }

  /**
   * Requests (of all names) each run must complete before its intervals count: the intervals up to
   * and including the one in which that many requests had completed are left out.
   *
   * @return 0 when the warm-up is by time only
   */
  public long warmUpRequests() {
    return warmUpRequests;
  }

  /**
   * The warm-up in words, e.g. {@code 10 s} or {@code 500 requests}.
   *
   * @return a short description
   */
  public String describeWarmUp() {
    String time = String.format(Locale.ROOT, "%.1f s", warmUp.toMillis() / 1000.0);
    if (warmUpRequests == 0) {
      return time;
    }
    return warmUp.isZero()
        ? warmUpRequests + " requests"
        : time + " and " + warmUpRequests + " requests";
  }

  /**
   * The largest tolerated increase of the median per-interval p50.
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP50Increase() {
    return thresholds.get(Comparison.Metric.P50);
  }

  /**
   * The largest tolerated increase of the whole run's p95 (the time series has no per-interval p95,
   * so this check is not noise-aware: see {@code docs/regression.md}).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP95Increase() {
    return thresholds.get(Comparison.Metric.P95);
  }

  /**
   * The largest tolerated increase of the median per-interval p99.
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP99Increase() {
    return thresholds.get(Comparison.Metric.P99);
  }

  /**
   * The largest tolerated increase of the median per-interval TTFT p99 (stream entries only).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxTtftP99Increase() {
    return thresholds.get(Comparison.Metric.TTFT_P99);
  }

  /**
   * The largest tolerated increase of the whole run's TPOT p99 (stream entries only; not
   * noise-aware, like {@link #maxP95Increase()}).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxTpotP99Increase() {
    return thresholds.get(Comparison.Metric.TPOT_P99);
  }

  /**
   * The largest tolerated decrease of the median per-interval throughput (achieved per offered
   * arrival in open-load runs, OK requests per second in closed ones).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxThroughputChange() {
    return thresholds.get(Comparison.Metric.THROUGHPUT);
  }

  /**
   * The largest tolerated error rate (KO / completed) of the current run after the warm-up.
   *
   * @return a fraction, or {@code null} when not checked
   */
  public Double maxErrorRate() {
    return thresholds.get(Comparison.Metric.ERROR_RATE);
  }

  /**
   * The time from each run's start whose intervals are left out.
   *
   * @return the warm-up, zero when nothing is left out
   */
  public Duration warmUp() {
    return warmUp;
  }

  /**
   * Intervals each request name needs in each run after the warm-up; fewer make the input unusable.
   *
   * @return at least 2
   */
  public int minIntervals() {
    return minIntervals;
  }

  /**
   * Whether runs whose injector judged itself {@code doubtful} are compared anyway.
   *
   * @return true to compare them
   */
  public boolean allowDoubtful() {
    return allowDoubtful;
  }

  /**
   * Bootstrap resamples per confidence interval.
   *
   * @return at least 100
   */
  public int resamples() {
    return resamples;
  }

  /**
   * Confidence of the interval of each change.
   *
   * @return between 0.5 and 0.999
   */
  public double confidence() {
    return confidence;
  }

  /**
   * The bootstrap's seed: equal inputs and criteria give equal results.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+)\\s*(?:req|requests?)");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?");

  /**
   * Parses a threshold as given on the command line: {@code 5%} or {@code 5} for 5%, {@code off}
   * for none.
   *
   * @param text the threshold
   * @return the fraction ({@code 0.05}), or {@code null} for {@code off}
   * @throws IllegalArgumentException if the text is not a percentage
   */
  public static Double parsePercent(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("off") || t.equals("none")) {
      return null;
    }
    Matcher m = PERCENT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a percentage: give e.g. 5% (or off to skip the check)");
    }
    return Double.parseDouble(m.group(1)) / 100.0;
  }

  /**
   * Parses a duration as given on the command line: {@code 10s}, {@code 500ms}, {@code 2m}; a bare
   * number is seconds.
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException if the text is not a duration
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: give e.g. 10s, 500ms or 2m");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double ms =
        switch (unit) {
          case "ms" -> v;
          case "m", "min" -> v * 60_000;
          default -> v * 1_000;
        };
    return Duration.ofMillis(Math.round(ms));
  }

  /** The value of a criteria file's optional {@code "schema"} field. */
  public static final String FILE_SCHEMA = "gatling-ml/criteria/1";

  private static final Set<String> FILE_FIELDS =
      Set.of(
          "schema",
          "warm_up",
          "thresholds",
          "requests",
          "allow_doubtful",
          "min_intervals",
          "confidence",
          "resamples",
          "seed");

  /**
   * Reads a criteria file (format in {@code docs/regression.md}): global thresholds, warm-up and
   * per-request-name overrides, over the defaults. The result is a builder so that command-line
   * flags can override the file.
   *
   * @param file e.g. {@code regression.json}
   * @return a builder holding the defaults changed by the file
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file, the bad field and the fix
   */
  public static Builder read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses a criteria file's text.
   *
   * @param json the document
   * @param source the file's name, for messages
   * @return a builder holding the defaults changed by the document
   * @throws IllegalArgumentException naming the source, the bad field and the fix
   */
  public static Builder fromJson(String json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not JSON (" + e.getOriginalMessage() + "): fix the syntax", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          source + ": not a JSON object: write { \"thresholds\": ... }");
    }
    Builder b = builder();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!FILE_FIELDS.contains(f)) {
        throw new IllegalArgumentException(
            source + ": unknown field '" + f + "': use " + new TreeSet<>(FILE_FIELDS));
      }
    }
    JsonNode schema = root.get("schema");
    if (schema != null && !FILE_SCHEMA.equals(schema.asText())) {
      throw new IllegalArgumentException(
          source
              + ": schema is '"
              + schema.asText()
              + "': this reader reads '"
              + FILE_SCHEMA
              + "'");
    }
    JsonNode warm = root.get("warm_up");
    if (warm != null) {
      if (!warm.isTextual()) {
        throw new IllegalArgumentException(
            source + ": warm_up must be a string such as \"10s\" or \"500req\"");
      }
      try {
        b.warmUp(warm.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": warm_up: " + e.getMessage(), e);
      }
    }
    JsonNode allow = root.get("allow_doubtful");
    if (allow != null) {
      if (!allow.isBoolean()) {
        throw new IllegalArgumentException(source + ": allow_doubtful must be true or false");
      }
      b.allowDoubtful(allow.asBoolean());
    }
    try {
      JsonNode n = root.get("min_intervals");
      if (n != null) {
        b.minIntervals(integer(n, "min_intervals"));
      }
      n = root.get("resamples");
      if (n != null) {
        b.resamples(integer(n, "resamples"));
      }
      n = root.get("seed");
      if (n != null) {
        if (!n.isIntegralNumber()) {
          throw new IllegalArgumentException("seed must be an integer");
        }
        b.seed(n.asLong());
      }
      n = root.get("confidence");
      if (n != null) {
        if (!n.isNumber()) {
          throw new IllegalArgumentException("confidence must be a number such as 0.95");
        }
        b.confidence(n.asDouble());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    JsonNode thresholds = root.get("thresholds");
    if (thresholds != null) {
      thresholds(thresholds, "thresholds", source, (m, v) -> b.threshold(m, v));
    }
    JsonNode requests = root.get("requests");
    if (requests != null) {
      if (!requests.isObject()) {
        throw new IllegalArgumentException(
            source
                + ": requests must be an object of request names, e.g. {\"add_sub grpc\": {\"p99\":"
                + " \"10%\"}}");
      }
      Iterator<Map.Entry<String, JsonNode>> it = requests.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        thresholds(e.getValue(), "requests." + name, source, (m, v) -> b.threshold(name, m, v));
      }
    }
    return b;
  }

  private static int integer(JsonNode n, String field) {
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return n.asInt();
  }

  private static void thresholds(
      JsonNode node,
      String path,
      String source,
      java.util.function.BiConsumer<Comparison.Metric, Double> set) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          source + ": " + path + " must be an object of metric thresholds, e.g. {\"p99\": \"5%\"}");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = path + "." + e.getKey();
      try {
        Comparison.Metric metric = Comparison.Metric.fromLabel(e.getKey());
        JsonNode v = e.getValue();
        Double fraction;
        if (v.isNull()) {
          fraction = null;
        } else if (v.isNumber()) {
          fraction = parsePercent(v.asText());
        } else if (v.isTextual()) {
          fraction = parsePercent(v.asText());
        } else {
          throw new IllegalArgumentException("give a percentage such as \"5%\", or \"off\"");
        }
        set.accept(metric, fraction);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(source + ": " + field + ": " + ex.getMessage(), ex);
      }
    }
  }

  /** Builds {@link Criteria}; starts from the defaults of {@link Criteria#defaults()}. */
  public static final class Builder {
    private final Map<Comparison.Metric, Double> thresholds =
        new EnumMap<>(Comparison.Metric.class);
    private final Map<String, Map<Comparison.Metric, Double>> overrides = new TreeMap<>();

    {
      thresholds.put(Comparison.Metric.P99, 0.05);
      thresholds.put(Comparison.Metric.TTFT_P99, 0.05);
      thresholds.put(Comparison.Metric.THROUGHPUT, 0.10);
      thresholds.put(Comparison.Metric.ERROR_RATE, 0.01);
    }

    private Duration warmUp = Duration.ZERO;
    private long warmUpRequests;
    private int minIntervals = DEFAULT_MIN_INTERVALS;
    private boolean allowDoubtful;
    private int resamples = DEFAULT_RESAMPLES;
    private double confidence = DEFAULT_CONFIDENCE;
    private long seed = 1L;

    private Builder() {}

    private static Double fraction(Double value, String name) {
      if (value != null && (!(value >= 0) || value.isInfinite())) {
        throw new IllegalArgumentException(name + " must be a fraction >= 0, got " + value);
      }
      return value;
    }

    /**
     * Sets the largest tolerated increase of the median per-interval p50.
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxP50Increase(Double fraction) {
      thresholds.put(Comparison.Metric.P50, fraction(fraction, "maxP50Increase"));
      return this;
    }

    /**
     * Sets the largest tolerated increase of the whole run's p95 (not noise-aware).
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxP95Increase(Double fraction) {
      thresholds.put(Comparison.Metric.P95, fraction(fraction, "maxP95Increase"));
      return this;
    }

    /**
     * Sets the largest tolerated increase of the median per-interval p99.
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxP99Increase(Double fraction) {
      thresholds.put(Comparison.Metric.P99, fraction(fraction, "maxP99Increase"));
      return this;
    }

    /**
     * Sets the largest tolerated increase of the median per-interval TTFT p99 of streams.
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxTtftP99Increase(Double fraction) {
      thresholds.put(Comparison.Metric.TTFT_P99, fraction(fraction, "maxTtftP99Increase"));
      return this;
    }

    /**
     * Sets the largest tolerated increase of the whole run's TPOT p99 of streams (not noise-aware).
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxTpotP99Increase(Double fraction) {
      thresholds.put(Comparison.Metric.TPOT_P99, fraction(fraction, "maxTpotP99Increase"));
      return this;
    }

    /**
     * Sets the largest tolerated decrease of the median per-interval throughput.
     *
     * @param fraction e.g. {@code 0.10}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxThroughputChange(Double fraction) {
      thresholds.put(Comparison.Metric.THROUGHPUT, fraction(fraction, "maxThroughputChange"));
      return this;
    }

    /**
     * Sets the largest tolerated error rate of the current run.
     *
     * @param fraction e.g. {@code 0.01} for 1%, or {@code null} not to check
     * @return this builder
     */
    public Builder maxErrorRate(Double fraction) {
      thresholds.put(Comparison.Metric.ERROR_RATE, fraction(fraction, "maxErrorRate"));
      return this;
    }

    /**
     * Sets the time from each run's start whose intervals are left out.
     *
     * @param warmUp zero or more
     * @return this builder
     */
    public Builder warmUp(Duration warmUp) {
      if (warmUp.isNegative()) {
        throw new IllegalArgumentException("warmUp must not be negative, got " + warmUp);
      }
      this.warmUp = warmUp;
      return this;
    }

    /**
     * Sets the threshold of a metric for every request name without an override.
     *
     * @param metric the metric
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder threshold(Comparison.Metric metric, Double fraction) {
      thresholds.put(metric, fraction(fraction, metric.label()));
      return this;
    }

    /**
     * Sets the threshold of a metric for one request name, over the global one.
     *
     * @param request the request name, as in the summary
     * @param metric the metric
     * @param fraction e.g. {@code 0.10}, or {@code null} not to compare it for that name
     * @return this builder
     */
    public Builder threshold(String request, Comparison.Metric metric, Double fraction) {
      overrides
          .computeIfAbsent(request, k -> new EnumMap<>(Comparison.Metric.class))
          .put(metric, fraction(fraction, request + ":" + metric.label()));
      return this;
    }

    /**
     * Sets the requests (of all names) each run must complete before its intervals count.
     *
     * @param requests 0 for none
     * @return this builder
     */
    public Builder warmUpRequests(long requests) {
      if (requests < 0) {
        throw new IllegalArgumentException("warmUpRequests must not be negative, got " + requests);
      }
      this.warmUpRequests = requests;
      return this;
    }

    /**
     * Sets the warm-up from its text: a duration ({@code 10s}, {@code 500ms}, {@code 2m}, a bare
     * number is seconds) or a count of requests ({@code 500req}); the other kind is reset to none.
     *
     * @param text the warm-up
     * @return this builder
     * @throws IllegalArgumentException if the text is neither
     */
    public Builder warmUp(String text) {
      Matcher m = REQUESTS.matcher(text.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        warmUp = Duration.ZERO;
        return warmUpRequests(Long.parseLong(m.group(1)));
      }
      try {
        warmUp(parseDuration(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a warm-up: give a time (10s, 500ms, 2m) or requests (500req)",
            e);
      }
      warmUpRequests = 0;
      return this;
    }

    /**
     * Sets the intervals each request name needs in each run after the warm-up.
     *
     * @param minIntervals at least 2
     * @return this builder
     */
    public Builder minIntervals(int minIntervals) {
      if (minIntervals < 2) {
        throw new IllegalArgumentException("minIntervals must be at least 2, got " + minIntervals);
      }
      this.minIntervals = minIntervals;
      return this;
    }

    /**
     * Sets whether runs judged {@code doubtful} by their injector are compared anyway.
     *
     * @param allowDoubtful true to compare them
     * @return this builder
     */
    public Builder allowDoubtful(boolean allowDoubtful) {
      this.allowDoubtful = allowDoubtful;
      return this;
    }

    /**
     * Sets the bootstrap resamples per confidence interval.
     *
     * @param resamples at least 100
     * @return this builder
     */
    public Builder resamples(int resamples) {
      if (resamples < 100) {
        throw new IllegalArgumentException("resamples must be at least 100, got " + resamples);
      }
      this.resamples = resamples;
      return this;
    }

    /**
     * Sets the confidence of the interval of each change.
     *
     * @param confidence between 0.5 and 0.999, e.g. {@code 0.95}
     * @return this builder
     */
    public Builder confidence(double confidence) {
      if (!(confidence >= 0.5 && confidence <= 0.999)) {
        throw new IllegalArgumentException(
            "confidence must be between 0.5 and 0.999, got " + confidence);
      }
      this.confidence = confidence;
      return this;
    }

    /**
     * Sets the bootstrap's seed.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The criteria.
     *
     * @return a new, immutable occurrence
     */
    public Criteria build() {
      return new Criteria(this);
    }
  }
}
