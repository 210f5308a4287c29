/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Comparison.Metric;
import io.github.gatlingml.compare.Comparison.Result;
import io.github.gatlingml.compare.Comparison.Verdict;
import io.github.gatlingml.compare.Criteria;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outputs of {@code gatling-ml compare}: a console table, Markdown (a CI job summary or a pull
 * request comment), JUnit XML (one test case per request name and metric) and JSON. Each renders
 * the same cells, so they never disagree.
 */
final class CompareOutputs {
  private static final String[] HEADER = {
    "request", "metric", "baseline", "current", "change", "CI", "threshold", "verdict"
  };

  private CompareOutputs() {}

  /** The confidence interval's column title, e.g. {@code 95% CI}. */
  private static String ciTitle(Criteria c) {
    return String.format(Locale.ROOT, "%.0f%% CI", c.confidence() * 100);
  }

  /** The cells of one result, in {@link #HEADER}'s order. */
  static List<String> cells(Result r) {
    return List.of(
        r.request(),
        r.metric().label(),
        value(r, r.baseline()),
        value(r, r.current()),
        change(r),
        interval(r),
        threshold(r),
        r.note() == null ? r.verdict().name() : r.verdict().name() + " (" + r.note() + ")");
  }

  static String value(Result r, double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return switch (r.unit()) {
      case "us" ->
          v >= 1_000
              ? String.format(Locale.ROOT, "%.2f ms", v / 1_000)
              : String.format(Locale.ROOT, "%.0f us", v);
      case "ok/s" -> String.format(Locale.ROOT, "%.1f ok/s", v);
      case "achieved/offered" -> String.format(Locale.ROOT, "%.3f of offered", v);
      case "ratio" -> String.format(Locale.ROOT, "%.2f%%", v * 100);
      default -> String.format(Locale.ROOT, "%.3f %s", v, r.unit());
    };
  }

  static String change(Result r) {
    if (Double.isNaN(r.change())) {
      return "-";
    }
    return r.metric() == Metric.ERROR_RATE
        ? String.format(Locale.ROOT, "%+.2f pp", r.change() * 100)
        : String.format(Locale.ROOT, "%+.1f%%", r.change() * 100);
  }

  static String interval(Result r) {
    if (r.changeLow() == null || r.changeHigh() == null) {
      return r.method() == Comparison.Method.WHOLE_RUN ? "none (whole run)" : "-";
    }
    return String.format(
        Locale.ROOT, "[%+.1f%%, %+.1f%%]", r.changeLow() * 100, r.changeHigh() * 100);
  }

  static String threshold(Result r) {
    String pct = String.format(Locale.ROOT, "%.4g", r.threshold() * 100).replaceAll("\\.?0+$", "");
    if (r.metric() == Metric.ERROR_RATE) {
      return "<= " + pct + "%";
    }
    return (r.metric().higherIsBetter() ? "-" : "+") + pct + "%";
  }

  /** One line: the overall verdict and the regressions, if any. */
  static String conclusion(Comparison c) {
    List<Result> regressions = c.regressions();
    if (regressions.isEmpty()) {
      long improved = c.results().stream().filter(r -> r.verdict() == Verdict.IMPROVEMENT).count();
      return c.verdict().name()
          + ": no regression in "
          + c.results().size()
          + " checks"
          + (improved > 0 ? ", " + improved + " improved" : "");
    }
    List<String> what = new ArrayList<>();
    for (Result r : regressions) {
      what.add(r.request() + " " + r.metric().label() + " " + change(r));
    }
    return "REGRESSION: "
        + regressions.size()
        + " of "
        + c.results().size()
        + " checks regressed ("
        + String.join(", ", what)
        + ")";
  }

  /** The console table, columns padded. */
  static String table(Comparison c) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of(HEADER));
    header.set(5, ciTitle(c.criteria()));
    rows.add(header);
    for (Result r : c.results()) {
      rows.add(cells(r));
    }
    int[] width = new int[HEADER.length];
    for (List<String> row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < width.length; i++) {
        line.append(i == width.length - 1 ? row.get(i) : pad(row.get(i), width[i] + 2));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  /** A Markdown section: the verdict, the method in one line and the table. */
  static String markdown(Comparison c, String baseline, String current) {
    return markdown(c, baseline, current, null);
  }

  /**
   * The Markdown section, with where the baseline came from ({@code baselineInfo}, e.g. its commit
   * and date) when known.
   */
  static String markdown(Comparison c, String baseline, String current, String baselineInfo) {
    StringBuilder sb = new StringBuilder();
    sb.append("### gatling-ml compare: ").append(c.verdict().name()).append("\n\n");
    sb.append(md(conclusion(c))).append("\n\n");
    sb.append("Baseline `")
        .append(baseline.replace("`", "'"))
        .append("`, current `")
        .append(current.replace("`", "'"))
        .append("`. ")
        .append(baselineInfo == null ? "" : "Baseline: " + md(baselineInfo) + ". ")
        .append(method(c.criteria()))
        .append("\n\n");
    List<String> header = new ArrayList<>(List.of(HEADER));
    header.set(5, ciTitle(c.criteria()));
    sb.append("| ").append(String.join(" | ", header)).append(" |\n");
    sb.append("|---|---|---:|---:|---:|---|---|---|\n");
    for (Result r : c.results()) {
      List<String> cells = new ArrayList<>();
      for (String cell : cells(r)) {
        cells.add(md(cell));
      }
      if (r.verdict() == Verdict.REGRESSION) {
        cells.set(7, "**" + cells.get(7) + "**");
      }
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return sb.toString();
  }

  /** The method and settings in one sentence. */
  static String method(Criteria c) {
    return String.format(
        Locale.ROOT,
        "Latencies: median of per-interval percentiles after a warm-up of %s; %.0f%%"
            + " bootstrap intervals (%d resamples, seed %d); a regression is significant and beyond"
            + " its threshold.",
        c.describeWarmUp(),
        c.confidence() * 100,
        c.resamples(),
        c.seed());
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** JUnit XML: one test case per request name and metric, a failure per regression. */
  static String junit(Comparison c) {
    List<Result> results = c.results();
    int failures = c.regressions().size();
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    String counts = " tests=\"" + results.size() + "\" failures=\"" + failures + "\" errors=\"0\"";
    sb.append("<testsuites name=\"gatling-ml compare\"").append(counts).append(">\n");
    sb.append("  <testsuite name=\"gatling-ml compare\"")
        .append(counts)
        .append(" skipped=\"0\">\n");
    for (Result r : results) {
      sb.append("    <testcase classname=\"")
          .append(xml("gatling-ml." + r.request()))
          .append("\" name=\"")
          .append(xml(r.metric().label()))
          .append("\"");
      if (r.verdict() != Verdict.REGRESSION) {
        sb.append(">\n      <system-out>")
            .append(xml(line(r)))
            .append("</system-out>\n    </testcase>\n");
        continue;
      }
      sb.append(">\n      <failure type=\"REGRESSION\" message=\"")
          .append(xml(line(r)))
          .append("\">")
          .append(xml(line(r) + "\n" + method(c.criteria())))
          .append("</failure>\n    </testcase>\n");
    }
    sb.append("  </testsuite>\n</testsuites>\n");
    return sb.toString();
  }

  /** One result in a line, e.g. for a JUnit failure message. */
  static String line(Result r) {
    List<String> cells = cells(r);
    return String.format(
        Locale.ROOT,
        "%s %s: %s -> %s (%s, CI %s, threshold %s): %s",
        cells.get(0),
        cells.get(1),
        cells.get(2),
        cells.get(3),
        cells.get(4),
        cells.get(5),
        cells.get(6),
        cells.get(7));
  }

  private static String xml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  /** JSON: the verdict, the criteria and every result, numbers in the results' units. */
  static String json(Comparison c, String baseline, String current) {
    return json(c, baseline, current, null);
  }

  /** The JSON, with the baseline's metadata ({@code baseline_info}) when known. */
  static String json(Comparison c, String baseline, String current, String baselineInfo) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("schema", "gatling-ml/compare/1");
    root.put("verdict", c.verdict().name());
    root.put("passed", c.passed());
    root.put("baseline", baseline);
    root.put("current", current);
    if (baselineInfo != null) {
      root.put("baseline_info", baselineInfo);
    }
    Criteria k = c.criteria();
    ObjectNode criteria = root.putObject("criteria");
    putNullable(criteria, "max_p50_increase", k.maxP50Increase());
    putNullable(criteria, "max_p95_increase", k.maxP95Increase());
    putNullable(criteria, "max_p99_increase", k.maxP99Increase());
    putNullable(criteria, "max_ttft_p99_increase", k.maxTtftP99Increase());
    putNullable(criteria, "max_tpot_p99_increase", k.maxTpotP99Increase());
    putNullable(criteria, "max_throughput_change", k.maxThroughputChange());
    putNullable(criteria, "max_error_rate", k.maxErrorRate());
    ObjectNode thresholds = criteria.putObject("thresholds");
    for (Metric m : Metric.values()) {
      putNullable(thresholds, m.label(), k.threshold(m));
    }
    ObjectNode overrides = criteria.putObject("requests");
    k.overrides()
        .forEach(
            (name, byMetric) -> {
              ObjectNode o = overrides.putObject(name);
              byMetric.forEach((m, v) -> putNullable(o, m.label(), v));
            });
    criteria.put("warm_up_ms", k.warmUp().toMillis());
    criteria.put("warm_up_requests", k.warmUpRequests());
    criteria.put("min_intervals", k.minIntervals());
    criteria.put("allow_doubtful", k.allowDoubtful());
    criteria.put("confidence", k.confidence());
    criteria.put("resamples", k.resamples());
    criteria.put("seed", k.seed());
    ArrayNode results = root.putArray("results");
    for (Result r : c.results()) {
      ObjectNode o = results.addObject();
      o.put("request", r.request());
      o.put("metric", r.metric().label());
      o.put("method", r.method().name().toLowerCase(Locale.ROOT));
      o.put("unit", r.unit());
      putNullable(o, "baseline", r.baseline());
      putNullable(o, "current", r.current());
      putNullable(o, "change", r.change());
      putNullable(o, "change_ci_low", r.changeLow());
      putNullable(o, "change_ci_high", r.changeHigh());
      o.put("threshold", r.threshold());
      o.put("baseline_intervals", r.baselineIntervals());
      o.put("current_intervals", r.currentIntervals());
      o.put("significant", r.significant());
      o.put("verdict", r.verdict().name());
      if (r.note() != null) {
        o.put("note", r.note());
      }
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the comparison as JSON", e);
    }
  }

  private static void putNullable(ObjectNode o, String field, Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }
}
