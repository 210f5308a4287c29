/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The server side of a run, beside the client's numbers: metrics scraped from Prometheus /
 * OpenMetrics endpoints (DCGM exporter, Triton, vLLM...) as time series on the run's clock, the
 * well-known series named, and Triton ModelStatistics deltas over the run. The {@code
 * "server_metrics"} object of {@code ml-summary.json}; see {@code docs/ml-summary.md}.
 *
 * @param intervalMs the width of a point, the same as the client's time series
 * @param targets per scrape target (by name): how scraping went and the series kept
 * @param wellKnown the series with a name of their own (e.g. {@code gpu_util_pct}), combined over
 *     every target and label set that had their source metric
 * @param modelStatistics ModelStatistics deltas over the run, or {@code null} when not asked for
 */
public record ServerMetrics(
    long intervalMs,
    Map<String, Target> targets,
    Map<String, Series> wellKnown,
    ModelStatistics modelStatistics) {

  /** Copies the maps into sorted, unmodifiable ones. */
  public ServerMetrics {
    targets = sorted(targets);
    wellKnown = sorted(wellKnown);
  }

  /**
   * Summarizes one window of the run, e.g. one load step, with the mean and max of each series over
   * the points whose {@code t} is in {@code [startMs, endMs)}.
   *
   * @param startMs the window's start, ms since the run's start (the time series' {@code t} axis)
   * @param endMs the window's end (excluded), ms since the run's start
   * @return the window's figures; a series without a point in the window is left out
   */
  public Window window(long startMs, long endMs) {
    if (endMs < startMs) {
      throw new IllegalArgumentException(
          "window end " + endMs + " ms is before its start " + startMs + " ms");
    }
    Map<String, Stats> known = new TreeMap<>();
    wellKnown.forEach(
        (name, s) -> {
          Stats st = s.stats(startMs, endMs);
          if (st != null) {
            known.put(name, st);
          }
        });
    Map<String, Map<String, Stats>> series = new TreeMap<>();
    targets.forEach(
        (target, t) -> {
          Map<String, Stats> ofTarget = new TreeMap<>();
          t.series()
              .forEach(
                  (key, s) -> {
                    Stats st = s.stats(startMs, endMs);
                    if (st != null) {
                      ofTarget.put(key, st);
                    }
                  });
          series.put(target, ofTarget);
        });
    return new Window(startMs, endMs, known, series);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /**
   * One scrape target over the run.
   *
   * @param url the URL scraped (credentials in it masked)
   * @param intervalMs time between two scrapes
   * @param timeoutMs time allowed per scrape
   * @param scrapes scrapes attempted
   * @param ok scrapes that gave a page that parsed
   * @param failures failed scrapes by reason ({@code connection refused}, {@code timeout}, {@code
   *     HTTP 503}, {@code parse error at line N: ...}); the values add up to {@code scrapes - ok}
   * @param lastFailure the last failure's full message, or {@code null} if none
   * @param scrapeDurationUs how long the scrapes that answered took, from connecting to the last
   *     byte, or {@code null} when none answered
   * @param seriesDropped series not kept because the target had too many
   * @param series the series kept, by key {@code name{label="value",...}}
   */
  public record Target(
      String url,
      long intervalMs,
      long timeoutMs,
      long scrapes,
      long ok,
      Map<String, Long> failures,
      String lastFailure,
      DurationStats scrapeDurationUs,
      long seriesDropped,
      Map<String, Series> series) {

    /** Copies the maps into sorted, unmodifiable ones. */
    public Target {
      Objects.requireNonNull(url, "url");
      failures = sorted(failures);
      series = sorted(series);
    }

    /**
     * Failed scrapes.
     *
     * @return {@code scrapes - ok}
     */
    public long failed() {
      return scrapes - ok;
    }
  }

  /**
   * A distribution of durations in microseconds.
   *
   * @param count how many
   * @param mean their mean
   * @param p50 their median
   * @param p99 their 99th percentile
   * @param max the longest
   */
  public record DurationStats(long count, double mean, long p50, long p99, long max) {}

  /**
   * One series: a value per interval.
   *
   * @param metric the metric it comes from (for a derived series, its sources joined with {@code "
   *     / "} or {@code ", "})
   * @param labels the series' labels (a histogram quantile adds {@code quantile})
   * @param type the metric's type: {@code counter}, {@code gauge}, {@code histogram}, {@code
   *     summary}, {@code unknown}..., or {@code derived}
   * @param value what a point holds: {@code value} (a gauge as it is), {@code rate_per_s} (a
   *     counter's increase per second), {@code quantile} (a histogram's quantile over the
   *     interval), {@code per_request} (a duration counter's increase over a request counter's)
   * @param mean the mean of the points, or {@code null} without points
   * @param max the largest point, or {@code null} without points
   * @param points one per interval that had data, in time order
   */
  public record Series(
      String metric,
      Map<String, String> labels,
      String type,
      String value,
      Double mean,
      Double max,
      List<Point> points) {

    /** Copies the labels and points. */
    public Series {
      labels = sorted(labels);
      points = List.copyOf(points);
    }

    /**
     * A series with its mean and max computed from its points.
     *
     * @param metric the source metric
     * @param labels the labels
     * @param type the metric's type
     * @param value what a point holds
     * @param points the points, in time order
     * @return the series
     */
    public static Series of(
        String metric, Map<String, String> labels, String type, String value, List<Point> points) {
      Stats all = stats(points, Long.MIN_VALUE, Long.MAX_VALUE);
      return new Series(
          metric,
          labels,
          type,
          value,
          all == null ? null : all.mean(),
          all == null ? null : all.max(),
          points);
    }

    Stats stats(long startMs, long endMs) {
      return stats(points, startMs, endMs);
    }

    private static Stats stats(List<Point> points, long startMs, long endMs) {
      int n = 0;
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (Point p : points) {
        if (p.tMs() >= startMs && p.tMs() < endMs) {
          n++;
          sum += p.v();
          max = Math.max(max, p.v());
        }
      }
      return n == 0 ? null : new Stats(n, sum / n, max);
    }
  }

  /**
   * One interval's value.
   *
   * @param tMs the interval's start, ms since the run's start (written as seconds, like the
   *     client's time series)
   * @param v the value
   */
  public record Point(long tMs, double v) {}

  /**
   * A series summarized over a window.
   *
   * @param points the points in the window
   * @param mean their mean
   * @param max the largest
   */
  public record Stats(int points, double mean, double max) {}

  /**
   * The series of a window of the run, see {@link ServerMetrics#window(long, long)}.
   *
   * @param startMs the window's start, ms since the run's start
   * @param endMs its end (excluded)
   * @param wellKnown the well-known series' figures, by name
   * @param series each target's series' figures, by target then series key
   */
  public record Window(
      long startMs,
      long endMs,
      Map<String, Stats> wellKnown,
      Map<String, Map<String, Stats>> series) {}

  /**
   * Triton ModelStatistics fetched at the start and at the end of the run, and their difference.
   *
   * @param source {@code grpc} or {@code rest}
   * @param error why the deltas are missing (a fetch failed), or {@code null}
   * @param models the change of each model's statistics over the run, by model name
   */
  public record ModelStatistics(String source, String error, Map<String, ModelDelta> models) {
    /** Copies the map into a sorted, unmodifiable one. */
    public ModelStatistics {
      models = sorted(models);
    }
  }

  /**
   * One model's statistics over the run: what the server counted between the two fetches. Times are
   * per request: the change of a duration's total nanoseconds over the change of its count, in µs;
   * {@code null} when nothing was counted.
   *
   * @param success successful requests
   * @param fail failed requests
   * @param inferenceCount inferences (a batch of n counts n)
   * @param executionCount model executions
   * @param requestUs time in the server per successful request, µs
   * @param queueUs time waiting in the queue per request, µs
   * @param computeInputUs time preparing inputs per request, µs
   * @param computeInferUs time executing the model per request, µs
   * @param computeOutputUs time preparing outputs per request, µs
   */
  public record ModelDelta(
      long success,
      long fail,
      long inferenceCount,
      long executionCount,
      Double requestUs,
      Double queueUs,
      Double computeInputUs,
      Double computeInferUs,
      Double computeOutputUs) {}
}
