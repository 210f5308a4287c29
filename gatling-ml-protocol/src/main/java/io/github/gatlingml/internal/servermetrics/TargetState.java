/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.internal.metrics.HistogramCodec;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One scrape target during the run: how its scrapes went and the series kept from them. Not
 * thread-safe: the collector feeds and reads it under one lock of its own, which also covers the
 * well-known series, computed across targets.
 */
final class TargetState {
  /** Series beyond this many per target are dropped (and counted), to bound memory. */
  static final int MAX_SERIES = 2_000;

  /** Distinct failure reasons kept per target; further ones are counted under {@code other}. */
  static final int MAX_REASONS = 16;

  /** The histogram quantiles written for each histogram series. */
  static final double[] QUANTILES = {0.5, 0.99};

  final TargetConfig config;
  final long intervalMs;
  final long timeoutMs;
  private final long seriesIntervalMs;
  private final List<Pattern> keep;
  private final Map<String, Pattern> labelFilters;

  private long scrapes;
  private long ok;
  private final Map<String, Long> failures = new TreeMap<>();
  private String lastFailure;
  private final Histogram durationUs = HistogramCodec.newHistogram();
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Set<String> dropped = new HashSet<>();
  private long droppedCount;

  /** A kept series: what it is and its per-interval accumulator. */
  static final class Track {
    final String metric;
    final Map<String, String> labels;
    final PrometheusText.Type type;
    final Tracks.Gauge gauge;
    final Tracks.Counter counter;
    final Tracks.Histogram histogram;

    Track(String metric, Map<String, String> labels, PrometheusText.Type type, Object acc) {
      this.metric = metric;
      this.labels = labels;
      this.type = type;
      this.gauge = acc instanceof Tracks.Gauge g ? g : null;
      this.counter = acc instanceof Tracks.Counter c ? c : null;
      this.histogram = acc instanceof Tracks.Histogram h ? h : null;
    }
  }

  /**
   * @param config the target
   * @param seriesIntervalMs the width of a point (the run's time-series interval)
   */
  TargetState(TargetConfig config, long seriesIntervalMs) {
    this.config = config;
    this.seriesIntervalMs = seriesIntervalMs;
    this.intervalMs =
        config.interval() != null ? Math.max(1, config.interval().toMillis()) : seriesIntervalMs;
    this.timeoutMs =
        config.timeout() != null
            ? Math.max(1, config.timeout().toMillis())
            : Math.min(intervalMs, 5_000);
    List<Pattern> patterns = new ArrayList<>(config.seriesPatterns());
    for (String name : WellKnown.SOURCE_METRICS) {
      patterns.add(Pattern.compile(Pattern.quote(name)));
    }
    this.keep = patterns;
    this.labelFilters = config.labelPatterns();
  }

  /** A scrape that failed. */
  void failed(String reason, String detail) {
    scrapes++;
    String key = reason;
    if (!failures.containsKey(key) && failures.size() >= MAX_REASONS) {
      key = "other";
    }
    failures.merge(key, 1L, Long::sum);
    lastFailure = detail;
  }

  /** How long a scrape that answered took (whatever the answer). */
  void answered(long durationNanos) {
    durationUs.recordValue(HistogramCodec.toMicros(durationNanos));
  }

  /**
   * A scrape that parsed.
   *
   * @param families the page
   * @param tMs the scrape's stamp, ms since the run's start
   */
  void scraped(List<PrometheusText.Family> families, double tMs) {
    scrapes++;
    ok++;
    for (PrometheusText.Family f : families) {
      switch (f.type()) {
        case COUNTER:
          for (PrometheusText.Sample s : f.samples()) {
            if (s.name().endsWith("_created")) {
              continue; // when the counter was created, not a count
            }
            Track t = track(f, s.name(), s.labels(), PrometheusText.Type.COUNTER);
            if (t != null) {
              t.counter.add(tMs, s.value(), seriesIntervalMs);
            }
          }
          break;
        case HISTOGRAM:
        case GAUGEHISTOGRAM:
          histogram(f, tMs);
          break;
        case SUMMARY:
          for (PrometheusText.Sample s : f.samples()) {
            boolean quantile = s.labels().containsKey("quantile");
            if (s.name().endsWith("_created")) {
              continue;
            }
            Track t =
                track(
                    f,
                    s.name(),
                    s.labels(),
                    quantile ? PrometheusText.Type.GAUGE : PrometheusText.Type.COUNTER);
            if (t == null) {
              continue;
            }
            if (quantile) {
              t.gauge.add(tMs, s.value(), seriesIntervalMs);
            } else {
              t.counter.add(tMs, s.value(), seriesIntervalMs);
            }
          }
          break;
        default:
          // gauge, info, stateset, unknown (untyped): the value as it is
          for (PrometheusText.Sample s : f.samples()) {
            Track t = track(f, s.name(), s.labels(), PrometheusText.Type.GAUGE);
            if (t != null) {
              t.gauge.add(tMs, s.value(), seriesIntervalMs);
            }
          }
          break;
      }
    }
  }

  private void histogram(PrometheusText.Family f, double tMs) {
    boolean cumulative = f.type() == PrometheusText.Type.HISTOGRAM;
    Map<Map<String, String>, TreeMap<Double, Double>> byLabels = new LinkedHashMap<>();
    for (PrometheusText.Sample s : f.samples()) {
      if (s.name().equals(f.name() + "_bucket")) {
        String le = s.labels().get("le");
        if (le == null) {
          continue;
        }
        double bound;
        try {
          bound = parseBound(le);
        } catch (NumberFormatException e) {
          continue;
        }
        Map<String, String> rest = new TreeMap<>(s.labels());
        rest.remove("le");
        byLabels.computeIfAbsent(rest, k -> new TreeMap<>()).put(bound, s.value());
      } else if (s.name().endsWith("_sum")
          || s.name().endsWith("_count")
          || s.name().endsWith("_gsum")
          || s.name().endsWith("_gcount")) {
        Track t =
            track(
                f,
                s.name(),
                s.labels(),
                cumulative ? PrometheusText.Type.COUNTER : PrometheusText.Type.GAUGE);
        if (t != null) {
          if (cumulative) {
            t.counter.add(tMs, s.value(), seriesIntervalMs);
          } else {
            t.gauge.add(tMs, s.value(), seriesIntervalMs);
          }
        }
      }
    }
    byLabels.forEach(
        (labels, buckets) -> {
          Track t = track(f, f.name(), labels, f.type());
          if (t != null) {
            t.histogram.add(tMs, buckets, seriesIntervalMs);
          }
        });
  }

  private static double parseBound(String le) {
    switch (le.toLowerCase(Locale.ROOT)) {
      case "+inf":
      case "inf":
        return Double.POSITIVE_INFINITY;
      default:
        return Double.parseDouble(le);
    }
  }

  /** The track of a series, created if kept; null if filtered out or over the limit. */
  private Track track(
      PrometheusText.Family f,
      String metric,
      Map<String, String> labels,
      PrometheusText.Type kind) {
    String key = key(metric, labels);
    Track t = tracks.get(key);
    if (t != null) {
      return t;
    }
    if (!kept(f.name(), metric, labels)) {
      return null;
    }
    if (tracks.size() >= MAX_SERIES) {
      if (dropped.size() < 100_000 && dropped.add(key)) {
        droppedCount++;
      }
      return null;
    }
    Object acc =
        switch (kind) {
          case COUNTER -> new Tracks.Counter();
          case HISTOGRAM -> new Tracks.Histogram(true);
          case GAUGEHISTOGRAM -> new Tracks.Histogram(false);
          default -> new Tracks.Gauge();
        };
    t = new Track(metric, labels, f.type(), acc);
    tracks.put(key, t);
    return t;
  }

  private boolean kept(String family, String metric, Map<String, String> labels) {
    boolean named = false;
    for (Pattern p : keep) {
      if (p.matcher(family).matches() || p.matcher(metric).matches()) {
        named = true;
        break;
      }
    }
    if (!named) {
      return false;
    }
    for (Map.Entry<String, Pattern> e : labelFilters.entrySet()) {
      if (!e.getValue().matcher(labels.getOrDefault(e.getKey(), "")).matches()) {
        return false;
      }
    }
    return true;
  }

  /** {@code name{a="x",b="y"}} with sorted labels, values escaped as in the text format. */
  static String key(String metric, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return metric;
    }
    StringBuilder b = new StringBuilder(metric).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(e.getKey())
          .append("=\"")
          .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append('"');
    }
    return b.append('}').toString();
  }

  /** The tracks of one metric (sample name), for the well-known series. */
  List<Track> tracksOf(String metric) {
    List<Track> out = new ArrayList<>();
    for (Track t : tracks.values()) {
      if (t.metric.equals(metric)) {
        out.add(t);
      }
    }
    return out;
  }

  /** This target's figures so far. */
  ServerMetrics.Target summary() {
    Map<String, ServerMetrics.Series> series = new TreeMap<>();
    tracks.forEach(
        (key, t) -> {
          String type = t.type.name().toLowerCase(Locale.ROOT);
          if (t.gauge != null) {
            series.put(
                key,
                ServerMetrics.Series.of(
                    t.metric, t.labels, type, "value", Tracks.points(t.gauge.values())));
          } else if (t.counter != null) {
            series.put(
                key,
                ServerMetrics.Series.of(
                    t.metric, t.labels, type, "rate_per_s", Tracks.points(t.counter.rates())));
          } else {
            for (double q : QUANTILES) {
              Map<String, String> labels = new TreeMap<>(t.labels);
              labels.put("quantile", quantileLabel(q));
              series.put(
                  key(t.metric, labels),
                  ServerMetrics.Series.of(
                      t.metric, labels, type, "quantile", Tracks.points(t.histogram.quantiles(q))));
            }
          }
        });
    ServerMetrics.DurationStats duration =
        durationUs.getTotalCount() == 0
            ? null
            : new ServerMetrics.DurationStats(
                durationUs.getTotalCount(),
                durationUs.getMean(),
                durationUs.getValueAtPercentile(50),
                durationUs.getValueAtPercentile(99),
                durationUs.getMaxValue());
    return new ServerMetrics.Target(
        TargetConfig.shown(config.url()),
        intervalMs,
        timeoutMs,
        scrapes,
        ok,
        failures,
        lastFailure,
        duration,
        droppedCount,
        series);
  }

  static String quantileLabel(double q) {
    return q == 0.5 ? "0.5" : q == 0.99 ? "0.99" : Double.toString(q);
  }
}
