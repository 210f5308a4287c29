/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.util.Locale;

/**
 * What the plugin prints when a run ends, after Gatling's own summary: the injector's verdict on
 * its numbers, and the breaking-point analysis of a load plan, step by step.
 */
final class EndOfRun {
  private EndOfRun() {}

  static String describe(RunSummary summary) {
    StringBuilder b = new StringBuilder();
    RunSummary.Injector injector = summary.injector();
    b.append("gatling-ml: injector verdict: ").append(injector.verdict());
    if (injector.warnings().isEmpty()) {
      b.append(" (CPU, GC, event-loop lag, schedule lag and achieved rate all within limits)");
    }
    for (String w : injector.warnings()) {
      b.append("\n  - ").append(w);
    }
    LoadReport load = summary.load();
    if (load != null) {
      b.append("\ngatling-ml: load plan: ").append(load.description());
      if (!load.steps().isEmpty()) {
        b.append("\n  step  offered     sent/s  through/s  errors    p50 ms    p99 ms  lag p99 ms");
        for (LoadReport.StepSummary s : load.steps()) {
          RunSummary.LatencyStats l = s.judgedLatencyUs();
          b.append(
              String.format(
                  Locale.ROOT,
                  "\n  %4d  %-10s %7.1f  %9.1f  %5.1f%%  %8s  %8s  %10s",
                  s.index(),
                  s.offeredRps() != null
                      ? String.format(Locale.ROOT, "%.0f/s", s.offeredRps())
                      : s.offeredUsers() + " users",
                  s.sentRps(),
                  s.throughputRps(),
                  s.errorPct(),
                  l == null ? "-" : String.format(Locale.ROOT, "%.1f", l.p50() / 1000.0),
                  l == null ? "-" : String.format(Locale.ROOT, "%.1f", l.p99() / 1000.0),
                  s.scheduleLagUs() == null
                      ? "-"
                      : String.format(Locale.ROOT, "%.2f", s.scheduleLagUs().p99() / 1000.0)));
        }
      }
      if (load.analysis() != null) {
        b.append("\ngatling-ml: breaking point: ").append(load.analysis().conclusion());
        if (load.analysis().serverCorrelation() != null) {
          b.append("\ngatling-ml: server side: ").append(load.analysis().serverCorrelation());
        }
      }
      if (load.search() != null) {
        LoadReport.SearchResult r = load.search();
        b.append("\ngatling-ml: SLO search: ")
            .append(
                r.foundRps() == null
                    ? "no rate met the SLO"
                    : String.format(
                        Locale.ROOT, "highest rate meeting the SLO %.1f/s", r.foundRps()))
            .append(" (")
            .append(r.stopReason())
            .append(", ")
            .append(r.probes().size())
            .append(" probes)");
      }
    }
    return b.toString();
  }
}
