/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gate;

import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.metrics.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a run by a {@link GateSpec}: the comparison, the entries to log (one per request name and
 * metric, plus the verdict) and the lines to print. Pure: the caller logs and prints.
 */
public final class GateJudge {
  private GateJudge() {}

  /**
   * One Gatling entry of the judgement.
   *
   * @param name the entry's name
   * @param ok whether it passed
   */
  public record Entry(String name, boolean ok) {}

  /**
   * The outcome.
   *
   * @param passed whether the gate passed
   * @param entries the entries to log, the verdict's last
   * @param lines what to print, the headline first, then one line per result or problem
   */
  public record Judgement(boolean passed, List<Entry> entries, List<String> lines) {}

  /**
   * Judges the current run.
   *
   * @param spec what to compare with, and how
   * @param current the run so far (every request ended)
   * @return the judgement; unusable input fails the gate with one line per problem
   */
  public static Judgement judge(GateSpec spec, RunSummary current) {
    String what =
        spec.canary()
            ? "canary " + Comparison.canaryLabel(spec.canaryBaseline(), spec.canaryCandidate())
            : "gate vs baseline " + spec.baselineFile();
    Comparison c;
    try {
      c =
          spec.canary()
              ? Comparison.canary(
                  current, spec.canaryBaseline(), spec.canaryCandidate(), spec.criteria())
              : Comparison.compare(spec.readBaseline(), current, spec.criteria());
    } catch (Comparison.UnusableInputException e) {
      List<String> lines = new ArrayList<>();
      lines.add("gatling-ml: " + what + ": FAILED, no verdict (unusable input):");
      for (String p : e.problems()) {
        lines.add("  - " + p);
      }
      return new Judgement(false, List.of(new Entry(spec.verdictEntry(), false)), lines);
    }
    List<Entry> entries = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Comparison.Result r : c.results()) {
      boolean ok = r.verdict() != Comparison.Verdict.REGRESSION;
      entries.add(new Entry(spec.entry(r.request(), r.metric()), ok));
      String line = line(r);
      lines.add("  " + line);
      if (!ok) {
        failed.add(line);
      }
    }
    entries.add(new Entry(spec.verdictEntry(), c.passed()));
    lines.add(
        0,
        "gatling-ml: "
            + what
            + ": "
            + c.verdict()
            + (c.passed() ? " (passed)" : " (" + failed.size() + " criteria failed)"));
    if (!failed.isEmpty()) {
      lines.add("gatling-ml: failed criteria:");
      failed.forEach(f -> lines.add("  " + f));
    }
    return new Judgement(c.passed(), entries, lines);
  }

  /**
   * E.g. {@code add_sub grpc p99: 10.41 ms -> 13.52 ms, +29.9% [+28.0%, +31.5%] > +5%: REGRESSION}.
   */
  static String line(Comparison.Result r) {
    String head = r.request() + " " + r.metric().label() + ": ";
    if (r.note() != null) {
      return head + "not compared (" + r.note() + ")";
    }
    boolean errors = r.metric() == Comparison.Metric.ERROR_RATE;
    boolean throughput = r.metric() == Comparison.Metric.THROUGHPUT;
    StringBuilder b = new StringBuilder(head);
    b.append(value(r.baseline(), r.unit())).append(" -> ").append(value(r.current(), r.unit()));
    if (!errors) {
      b.append(", ").append(pct(r.change()));
      if (r.changeLow() != null && r.changeHigh() != null) {
        b.append(" [").append(pct(r.changeLow())).append(", ").append(pct(r.changeHigh()));
        b.append(']');
      }
    }
    boolean regression = r.verdict() == Comparison.Verdict.REGRESSION;
    String limit =
        errors
            ? String.format(Locale.ROOT, "%s", value(r.threshold(), "ratio"))
            : throughput ? pct(-r.threshold()) : pct(r.threshold());
    if (regression) {
      b.append(throughput ? " < " : " > ").append(limit);
    } else {
      b.append(" (limit ").append(limit).append(')');
    }
    return b.append(": ").append(r.verdict()).toString();
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  private static String value(double v, String unit) {
    return switch (unit) {
      case "us" -> String.format(Locale.ROOT, "%.2f ms", v / 1_000);
      case "ratio" -> String.format(Locale.ROOT, "%.2f%%", v * 100);
      case "ok/s" -> String.format(Locale.ROOT, "%.1f ok/s", v);
      default -> String.format(Locale.ROOT, "%.3f %s", v, unit);
    };
  }
}
