/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import io.github.gatlingml.metrics.RunSummary.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks that the summaries about to be merged with {@link RunSummary#merge} are the whole of one
 * run: the same run id, every injector {@code 0..N-1} present exactly once, starts close enough
 * together, every part final. {@link RunSummary#merge} itself only refuses parts that cannot be
 * added up (other simulation, other interval); these checks find parts that can be added up but
 * should not be, or a whole that is not whole.
 *
 * <pre>{@code
 * List<MergeCheck.Problem> problems = MergeCheck.check(parts);
 * problems.forEach(p -> System.err.println("gatling-ml: warning: " + p.message()));
 * }</pre>
 */
public final class MergeCheck {
  /** The largest spread of the parts' {@code start_epoch_ms} accepted by {@link #check(List)}. */
  public static final Duration DEFAULT_MAX_START_SPREAD = Duration.ofSeconds(1);

  private MergeCheck() {}

  /** What is wrong with a set of parts. */
  public enum Kind {
    /** The parts carry different {@code run_id}s. */
    RUN_ID,
    /** Some parts say which injector they are and others do not, or they disagree on the count. */
    INJECTOR_COUNT,
    /** An injector index in {@code 0..N-1} has no part. */
    MISSING_INJECTOR,
    /** Two parts claim the same injector index. */
    DUPLICATE_INJECTOR,
    /** The parts' starts are further apart than allowed: clocks skewed, or not started together. */
    CLOCK_SKEW,
    /** A part is not the final summary of a run that ended normally. */
    INCOMPLETE
  }

  /**
   * One problem.
   *
   * @param kind what kind of problem
   * @param message one sentence naming the parts and the remedy
   */
  public record Problem(Kind kind, String message) {
    /** Checks for nulls. */
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return message;
    }
  }

  /**
   * Checks the parts with the default start spread, {@link #DEFAULT_MAX_START_SPREAD}.
   *
   * @param parts the summaries to merge, in the order given (messages name them by position, from
   *     0)
   * @return the problems found, empty if none
   */
  public static List<Problem> check(List<RunSummary> parts) {
    return check(parts, DEFAULT_MAX_START_SPREAD);
  }

  /**
   * Checks the parts.
   *
   * @param parts the summaries to merge, in the order given (messages name them by position, from
   *     0)
   * @param maxStartSpread the largest accepted difference between the earliest and the latest
   *     {@code start_epoch_ms}
   * @return the problems found, empty if none
   */
  public static List<Problem> check(List<RunSummary> parts, Duration maxStartSpread) {
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(maxStartSpread, "maxStartSpread");
    List<Problem> problems = new ArrayList<>();
    if (parts.isEmpty()) {
      return problems;
    }
    checkRunIds(parts, problems);
    checkInjectors(parts, problems);
    checkStarts(parts, maxStartSpread, problems);
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).complete()) {
        problems.add(
            new Problem(
                Kind.INCOMPLETE,
                describe(i, parts.get(i))
                    + " is not the final summary of a run that ended normally"
                    + (parts.get(i).stoppedBy() != null
                        ? " (stopped by " + parts.get(i).stoppedBy() + ")"
                        : "")
                    + ": the merge is incomplete"));
      }
    }
    return problems;
  }

  private static void checkRunIds(List<RunSummary> parts, List<Problem> problems) {
    Map<String, List<Integer>> byId = new TreeMap<>();
    for (int i = 0; i < parts.size(); i++) {
      byId.computeIfAbsent(parts.get(i).runId(), k -> new ArrayList<>()).add(i);
    }
    if (byId.size() > 1) {
      StringBuilder sb = new StringBuilder("the parts are of different runs:");
      byId.forEach(
          (id, idx) -> sb.append(" '").append(id).append("' (parts ").append(idx).append(')'));
      sb.append(
          "; give every injector of one run the same id with -Dgatling.ml.runId or"
              + " GATLING_ML_RUN_ID");
      problems.add(new Problem(Kind.RUN_ID, sb.toString()));
    }
  }

  private static void checkInjectors(List<RunSummary> parts, List<Problem> problems) {
    TreeSet<Integer> counts = new TreeSet<>();
    List<Integer> without = new ArrayList<>();
    Map<Integer, List<Integer>> byIndex = new TreeMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Distribution d = parts.get(i).distribution();
      if (d == null || d.injectorIndex() == null) {
        without.add(i);
        continue;
      }
      counts.add(d.injectorCount());
      byIndex.computeIfAbsent(d.injectorIndex(), k -> new ArrayList<>()).add(i);
    }
    if (counts.isEmpty()) {
      return; // nothing says how many injectors there were
    }
    if (!without.isEmpty()) {
      problems.add(
          new Problem(
              Kind.INJECTOR_COUNT,
              "parts "
                  + without
                  + " do not say which injector wrote them (no injector_index), the others do:"
                  + " are they of this run?"));
    }
    if (counts.size() > 1) {
      problems.add(
          new Problem(
              Kind.INJECTOR_COUNT,
              "the parts disagree on the number of injectors: "
                  + counts
                  + "; run every injector with the same gatling.ml.injectorCount"));
    }
    int n = counts.last();
    List<Integer> missing = new ArrayList<>();
    for (int index = 0; index < n; index++) {
      if (!byIndex.containsKey(index)) {
        missing.add(index);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(
          new Problem(
              Kind.MISSING_INJECTOR,
              String.format(
                  Locale.ROOT,
                  "missing injector%s %s of %d: the merge would hold %d of %d injectors' requests;"
                      + " find %s summary (did the injector fail, or write elsewhere?)",
                  missing.size() == 1 ? "" : "s",
                  missing,
                  n,
                  n - missing.size(),
                  n,
                  missing.size() == 1 ? "its" : "their")));
    }
    byIndex.forEach(
        (index, positions) -> {
          if (positions.size() > 1) {
            problems.add(
                new Problem(
                    Kind.DUPLICATE_INJECTOR,
                    "injector "
                        + index
                        + " appears in parts "
                        + positions
                        + ": a summary given twice, or two injectors with the same index; its"
                        + " requests would be counted twice"));
          }
        });
  }

  private static void checkStarts(
      List<RunSummary> parts, Duration maxStartSpread, List<Problem> problems) {
    int earliest = 0;
    int latest = 0;
    for (int i = 1; i < parts.size(); i++) {
      if (parts.get(i).startEpochMs() < parts.get(earliest).startEpochMs()) {
        earliest = i;
      }
      if (parts.get(i).startEpochMs() > parts.get(latest).startEpochMs()) {
        latest = i;
      }
    }
    long spread = parts.get(latest).startEpochMs() - parts.get(earliest).startEpochMs();
    if (spread > maxStartSpread.toMillis()) {
      problems.add(
          new Problem(
              Kind.CLOCK_SKEW,
              String.format(
                  Locale.ROOT,
                  "the parts started %.3f s apart (%s first, %s last), more than %.3f s: if the"
                      + " injectors started together their clocks are skewed (sync them with"
                      + " NTP/chrony), else they did not start together and their time series"
                      + " do not line up",
                  spread / 1000.0,
                  describe(earliest, parts.get(earliest)),
                  describe(latest, parts.get(latest)),
                  maxStartSpread.toMillis() / 1000.0)));
    }
  }

  private static String describe(int position, RunSummary part) {
    Distribution d = part.distribution();
    return "part "
        + position
        + " ("
        + (d != null && d.injectorIndex() != null ? "injector " + d.injectorIndex() + ", " : "")
        + "host "
        + part.injector().host()
        + ")";
  }
}
