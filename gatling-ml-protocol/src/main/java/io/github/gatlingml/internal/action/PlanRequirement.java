/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.metrics.LoadReport;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * A load plan's requirement on its own outcome: the maximum sustainable load (or the rate an SLO
 * search found) at least {@code minimum}. Judged once, when the plan's last user is done (every
 * request of the plan has ended, and Gatling's stats engine still runs), and logged to Gatling as
 * one derived entry named {@link #entryName()}, OK if met and KO if not: a Gatling assertion on
 * that entry then fails the build. A derived entry is a group in Gatling's statistics, so it adds
 * nothing to the requests' counts.
 *
 * @param minimum the lowest acceptable load: a rate per second, or users for a closed plan
 * @param users whether the load is counted in users (a closed plan)
 */
public record PlanRequirement(double minimum, boolean users) {
  private static final Logger LOG = Logger.getLogger(PlanRequirement.class.getName());

  /** The entry's name in Gatling's report and assertions. */
  public String entryName() {
    String amount =
        minimum == Math.rint(minimum)
            ? Long.toString((long) minimum)
            : String.format(Locale.ROOT, "%.1f", minimum);
    return users
        ? "[ml] max sustainable users >= " + amount
        : "[ml] max sustainable rate >= " + amount + " rps";
  }

  /**
   * Judges the plan's report and logs the entry.
   *
   * @param run the run (its stats and registry)
   * @param session the last user's session, whose scenario the entry is logged under
   */
  public void judge(MlRun run, Session session) {
    LoadReport report = run.metrics().loadReport();
    Double achieved = achieved(report);
    boolean met = achieved != null && achieved >= minimum;
    long now = run.stats().nowMillis();
    run.stats().logDerived(session, entryName(), now, now, met);
    String line =
        String.format(
            Locale.ROOT,
            "gatling-ml: requirement '%s': %s (the plan reached %s)",
            entryName(),
            met ? "met" : "NOT met",
            achieved == null
                ? "no sustainable load"
                : String.format(Locale.ROOT, "%.1f", achieved));
    System.out.println(line);
    LOG.fine(line);
  }

  /** The load the plan sustained: the SLO search's rate, else the analysis' maximum. */
  static Double achieved(LoadReport report) {
    if (report == null) {
      return null;
    }
    if (report.search() != null) {
      return report.search().foundRps();
    }
    LoadReport.Analysis a = report.analysis();
    return a == null || a.maxSustainable() == null ? null : a.maxSustainable().offered();
  }
}
