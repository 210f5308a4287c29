/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gate;

import io.github.gatlingml.compare.Baseline;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a gate judges: the run against a baseline summary file, or a canary (two request names of
 * the run), by {@code criteria}. Names the Gatling entries the judgement is logged as, so that the
 * DSL can assert on them before the run.
 *
 * @param baseline a baseline file ({@code gatling-ml baseline save}), a run's ml-summary.json, or a
 *     folder holding one; null for a canary
 * @param canaryBaseline the canary's reference request name; null for a baseline gate
 * @param canaryCandidate the canary's judged request name; null for a baseline gate
 * @param criteria thresholds and warm-up
 */
public record GateSpec(
    String baseline, String canaryBaseline, String canaryCandidate, Criteria criteria) {
  /** Prefix of a baseline gate's entries. */
  public static final String GATE_PREFIX = "[ml gate]";

  /** Prefix of a canary's entries. */
  public static final String CANARY_PREFIX = "[ml canary]";

  /** Checks that exactly one of the two kinds is given. */
  public GateSpec {
    Objects.requireNonNull(criteria, "criteria");
    boolean canary = canaryBaseline != null || canaryCandidate != null;
    if (canary == (baseline != null)
        || canary && (canaryBaseline == null || canaryCandidate == null)) {
      throw new IllegalArgumentException(
          "a gate compares with a baseline file or is a canary of two request names, not both");
    }
  }

  /** Whether this is a canary. */
  public boolean canary() {
    return baseline == null;
  }

  /** The entry that says whether the gate passed: OK, or KO on a regression or unusable input. */
  public String verdictEntry() {
    return canary()
        ? CANARY_PREFIX + " " + Comparison.canaryLabel(canaryBaseline, canaryCandidate)
        : GATE_PREFIX + " verdict";
  }

  /** The entry of one request name's metric. */
  public String entry(String request, Comparison.Metric metric) {
    return (canary() ? CANARY_PREFIX : GATE_PREFIX) + " " + request + " " + metric.label();
  }

  /**
   * The baseline's file: the path itself, or the ml-summary.json in it when it is a folder.
   *
   * @return the file to read
   */
  public Path baselineFile() {
    Path p = Path.of(baseline);
    return Files.isDirectory(p) ? p.resolve(SummaryWriter.FILE_NAME) : p;
  }

  /**
   * Reads the baseline.
   *
   * @return the baseline summary
   * @throws Comparison.UnusableInputException naming the file and the fix, when it is missing or
   *     not a summary
   */
  public RunSummary readBaseline() {
    Path file = baselineFile();
    if (!Files.isRegularFile(file)) {
      throw new Comparison.UnusableInputException(
          List.of(
              "the baseline "
                  + file.toAbsolutePath().normalize()
                  + " does not exist: run the simulation once without the gate and keep its"
                  + " ml-summary.json there (or point MlGate.baseline at it)"));
    }
    try {
      return Baseline.read(file).summary();
    } catch (IOException | IllegalArgumentException e) {
      throw new Comparison.UnusableInputException(
          List.of(
              "the baseline "
                  + file.toAbsolutePath().normalize()
                  + " cannot be read ("
                  + e.getMessage()
                  + "): replace it with a baseline file (gatling-ml baseline save) or a run's"
                  + " ml-summary.json"));
    }
  }

  /**
   * The per-metric entries the judgement will log, as far as they can be known before the run: a
   * baseline gate's from the baseline's request names (none when it cannot be read: the verdict
   * entry then says why), a canary's from its two names.
   *
   * @return entry names, in the order of the comparison's results
   */
  public List<String> expectedEntries() {
    List<String> out = new ArrayList<>();
    if (canary()) {
      addEntries(Comparison.canaryLabel(canaryBaseline, canaryCandidate), false, out);
      return out;
    }
    RunSummary b;
    try {
      b = readBaseline();
    } catch (IllegalArgumentException e) {
      return out;
    }
    b.requests().forEach((name, r) -> addEntries(name, r.stream() != null, out));
    return out;
  }

  /** Metrics {@link Comparison#compare} judges only when both runs' entries are streams. */
  private static final java.util.Set<Comparison.Metric> STREAM_ONLY =
      java.util.EnumSet.of(
          Comparison.Metric.TTFT_P50,
          Comparison.Metric.TTFT_P99,
          Comparison.Metric.TPOT_P50,
          Comparison.Metric.TPOT_P99,
          Comparison.Metric.TOKENS_PER_S,
          Comparison.Metric.GOODPUT);

  /**
   * Mirrors the conditions of {@link Comparison#compare}, in the order of {@link
   * Comparison.Metric}.
   */
  private void addEntries(String request, boolean stream, List<String> out) {
    for (Comparison.Metric m : Comparison.Metric.values()) {
      if ((stream || !STREAM_ONLY.contains(m)) && criteria.threshold(request, m) != null) {
        out.add(entry(request, m));
      }
    }
  }
}
