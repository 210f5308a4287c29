/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import java.time.Duration;
import java.util.Locale;
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

  private final Double maxP50Increase;
  private final Double maxP95Increase;
  private final Double maxP99Increase;
  private final Double maxTtftP99Increase;
  private final Double maxTpotP99Increase;
  private final Double maxThroughputChange;
  private final Double maxErrorRate;
  private final Duration warmUp;
  private final int minIntervals;
  private final boolean allowDoubtful;
  private final int resamples;
  private final double confidence;
  private final long seed;

  private Criteria(Builder b) {
    maxP50Increase = b.maxP50Increase;
    maxP95Increase = b.maxP95Increase;
    maxP99Increase = b.maxP99Increase;
    maxTtftP99Increase = b.maxTtftP99Increase;
    maxTpotP99Increase = b.maxTpotP99Increase;
    maxThroughputChange = b.maxThroughputChange;
    maxErrorRate = b.maxErrorRate;
    warmUp = b.warmUp;
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
    b.maxP50Increase = maxP50Increase;
    b.maxP95Increase = maxP95Increase;
    b.maxP99Increase = maxP99Increase;
    b.maxTtftP99Increase = maxTtftP99Increase;
    b.maxTpotP99Increase = maxTpotP99Increase;
    b.maxThroughputChange = maxThroughputChange;
    b.maxErrorRate = maxErrorRate;
    b.warmUp = warmUp;
    b.minIntervals = minIntervals;
    b.allowDoubtful = allowDoubtful;
    b.resamples = resamples;
    b.confidence = confidence;
    b.seed = seed;
    return b;
  }

  /**
   * The largest tolerated increase of the median per-interval p50.
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP50Increase() {
    return maxP50Increase;
  }

  /**
   * The largest tolerated increase of the whole run's p95 (the time series has no per-interval p95,
   * so this check is not noise-aware: see {@code docs/regression.md}).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP95Increase() {
    return maxP95Increase;
  }

  /**
   * The largest tolerated increase of the median per-interval p99.
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxP99Increase() {
    return maxP99Increase;
  }

  /**
   * The largest tolerated increase of the median per-interval TTFT p99 (stream entries only).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxTtftP99Increase() {
    return maxTtftP99Increase;
  }

  /**
   * The largest tolerated increase of the whole run's TPOT p99 (stream entries only; not
   * noise-aware, like {@link #maxP95Increase()}).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxTpotP99Increase() {
    return maxTpotP99Increase;
  }

  /**
   * The largest tolerated decrease of the median per-interval throughput (achieved per offered
   * arrival in open-load runs, OK requests per second in closed ones).
   *
   * @return a fraction, or {@code null} when not compared
   */
  public Double maxThroughputChange() {
    return maxThroughputChange;
  }

  /**
   * The largest tolerated error rate (KO / completed) of the current run after the warm-up.
   *
   * @return a fraction, or {@code null} when not checked
   */
  public Double maxErrorRate() {
    return maxErrorRate;
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

  /** Builds {@link Criteria}; starts from the defaults of {@link Criteria#defaults()}. */
  public static final class Builder {
    private Double maxP50Increase;
    private Double maxP95Increase;
    private Double maxP99Increase = 0.05;
    private Double maxTtftP99Increase = 0.05;
    private Double maxTpotP99Increase;
    private Double maxThroughputChange = 0.10;
    private Double maxErrorRate = 0.01;
    private Duration warmUp = Duration.ZERO;
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
      maxP50Increase = fraction(fraction, "maxP50Increase");
      return this;
    }

    /**
     * Sets the largest tolerated increase of the whole run's p95 (not noise-aware).
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxP95Increase(Double fraction) {
      maxP95Increase = fraction(fraction, "maxP95Increase");
      return this;
    }

    /**
     * Sets the largest tolerated increase of the median per-interval p99.
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxP99Increase(Double fraction) {
      maxP99Increase = fraction(fraction, "maxP99Increase");
      return this;
    }

    /**
     * Sets the largest tolerated increase of the median per-interval TTFT p99 of streams.
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxTtftP99Increase(Double fraction) {
      maxTtftP99Increase = fraction(fraction, "maxTtftP99Increase");
      return this;
    }

    /**
     * Sets the largest tolerated increase of the whole run's TPOT p99 of streams (not noise-aware).
     *
     * @param fraction e.g. {@code 0.05}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxTpotP99Increase(Double fraction) {
      maxTpotP99Increase = fraction(fraction, "maxTpotP99Increase");
      return this;
    }

    /**
     * Sets the largest tolerated decrease of the median per-interval throughput.
     *
     * @param fraction e.g. {@code 0.10}, or {@code null} not to compare
     * @return this builder
     */
    public Builder maxThroughputChange(Double fraction) {
      maxThroughputChange = fraction(fraction, "maxThroughputChange");
      return this;
    }

    /**
     * Sets the largest tolerated error rate of the current run.
     *
     * @param fraction e.g. {@code 0.01} for 1%, or {@code null} not to check
     * @return this builder
     */
    public Builder maxErrorRate(Double fraction) {
      maxErrorRate = fraction(fraction, "maxErrorRate");
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
