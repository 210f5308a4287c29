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
 * What a load plan offered and what came of it: the plan, the numbers of each of its steps, and the
 * breaking-point analysis over them. The {@code "load"} object of {@code ml-summary.json}; absent
 * from runs without a plan.
 *
 * @param kind what drove the load: {@code rate-steps}, {@code user-steps}, {@code sine}, {@code
 *     trace} or {@code slo-search}
 * @param description the plan in one line
 * @param arrivals how arrivals were spaced: {@code uniform}, {@code poisson}, {@code trace}, or
 *     {@code closed} for concurrent users
 * @param offeredArrivals arrivals the plan scheduled up to the end of the run, or {@code null} for
 *     a closed plan
 * @param sentArrivals arrivals that were sent, or {@code null} for a closed plan
 * @param steps the steps' numbers, in time order; empty for plans without steps
 * @param analysis the knee, the maximum sustainable rate and the saturation throughput, or {@code
 *     null} without steps
 * @param search the SLO search's result, or {@code null} for other plans
 */
public record LoadReport(
    String kind,
    String description,
    String arrivals,
    Long offeredArrivals,
    Long sentArrivals,
    List<StepSummary> steps,
    Analysis analysis,
    SearchResult search) {

  /**
   * This report with other steps and analysis (server figures added to them).
   *
   * @param newSteps the steps
   * @param newAnalysis the analysis, or {@code null}
   * @return a copy
   */
  public LoadReport withSteps(List<StepSummary> newSteps, Analysis newAnalysis) {
    return new LoadReport(
        kind, description, arrivals, offeredArrivals, sentArrivals, newSteps, newAnalysis, search);
  }

  /** Copies the steps. */
  public LoadReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    steps = List.copyOf(steps);
  }

  /**
   * The numbers of one step. A request belongs to the step in which it was due to start (its
   * intended start in an open plan, its actual start in a closed one), whenever it ended.
   *
   * @param index 0-based
   * @param startMs the step's start, ms since the run's start (the time series' axis)
   * @param endMs the step's end, ms since the run's start
   * @param offeredRps the arrival rate the step offered, or {@code null} for a closed step
   * @param offeredUsers the concurrent users the step offered, or {@code null} for an open step
   * @param sent requests that started in the step (OK + KO)
   * @param ok requests of the step that succeeded
   * @param ko requests of the step that failed
   * @param errorPct {@code 100 * ko / sent}, 0 when none were sent
   * @param sentRps {@code sent} over the step's length: compare with {@code offeredRps}
   * @param throughputRps OK requests that <em>ended</em> during the step, over its length: what the
   *     server delivered while the step's load was on
   * @param latencyUs latency of the step's OK requests, from their actual start
   * @param latencyFromIntendedUs latency of the step's OK requests from their intended start (the
   *     view corrected for coordinated omission), or {@code null} in a closed step
   * @param scheduleLagUs actual minus intended start, or {@code null} in a closed step
   * @param ttftUs TTFT of the step's OK streams, or {@code null}
   * @param tpotUs TPOT of the step's OK streams, or {@code null}
   * @param goodputRps OK streams of the step that met every SLO, over its length, or {@code null}
   *     without streams
   * @param outputTokensPerS output tokens of the step's OK streams over its length, or {@code null}
   * @param server the well-known server series (GPU utilisation, queue time, ...) over the step's
   *     window, mean and max, when the run scraped server metrics; empty otherwise
   */
  public record StepSummary(
      int index,
      long startMs,
      long endMs,
      Double offeredRps,
      Integer offeredUsers,
      long sent,
      long ok,
      long ko,
      double errorPct,
      double sentRps,
      double throughputRps,
      RunSummary.LatencyStats latencyUs,
      RunSummary.LatencyStats latencyFromIntendedUs,
      RunSummary.LagStats scheduleLagUs,
      RunSummary.LatencyStats ttftUs,
      RunSummary.LatencyStats tpotUs,
      Double goodputRps,
      Double outputTokensPerS,
      Map<String, ServerMetrics.Stats> server) {

    /** Copies the server figures. */
    public StepSummary {
      server = server == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(server));
    }

    /**
     * A step without server figures (no scrape target, or before they are added).
     *
     * @param index 0-based
     * @param startMs the step's start, ms since the run's start
     * @param endMs the step's end
     * @param offeredRps the offered rate, or {@code null}
     * @param offeredUsers the offered users, or {@code null}
     * @param sent requests sent
     * @param ok requests OK
     * @param ko requests KO
     * @param errorPct the error rate, percent
     * @param sentRps requests sent per second
     * @param throughputRps OK requests ended per second
     * @param latencyUs latency from the actual start
     * @param latencyFromIntendedUs latency from the intended start, or {@code null}
     * @param scheduleLagUs schedule lag, or {@code null}
     * @param ttftUs TTFT, or {@code null}
     * @param tpotUs TPOT, or {@code null}
     * @param goodputRps goodput, or {@code null}
     * @param outputTokensPerS output tokens per second, or {@code null}
     */
    public StepSummary(
        int index,
        long startMs,
        long endMs,
        Double offeredRps,
        Integer offeredUsers,
        long sent,
        long ok,
        long ko,
        double errorPct,
        double sentRps,
        double throughputRps,
        RunSummary.LatencyStats latencyUs,
        RunSummary.LatencyStats latencyFromIntendedUs,
        RunSummary.LagStats scheduleLagUs,
        RunSummary.LatencyStats ttftUs,
        RunSummary.LatencyStats tpotUs,
        Double goodputRps,
        Double outputTokensPerS) {
      this(
          index,
          startMs,
          endMs,
          offeredRps,
          offeredUsers,
          sent,
          ok,
          ko,
          errorPct,
          sentRps,
          throughputRps,
          latencyUs,
          latencyFromIntendedUs,
          scheduleLagUs,
          ttftUs,
          tpotUs,
          goodputRps,
          outputTokensPerS,
          Map.of());
    }

    /**
     * This step with the server's figures over its window.
     *
     * @param figures the well-known server series' mean and max during the step
     * @return a copy
     */
    public StepSummary withServer(Map<String, ServerMetrics.Stats> figures) {
      return new StepSummary(
          index,
          startMs,
          endMs,
          offeredRps,
          offeredUsers,
          sent,
          ok,
          ko,
          errorPct,
          sentRps,
          throughputRps,
          latencyUs,
          latencyFromIntendedUs,
          scheduleLagUs,
          ttftUs,
          tpotUs,
          goodputRps,
          outputTokensPerS,
          figures);
    }

    /**
     * The load the step offered as one number.
     *
     * @return the rate of an open step, the users of a closed one
     */
    public double offered() {
      return offeredRps != null ? offeredRps : offeredUsers;
    }

    /**
     * The latency the analysis judges: from the intended start when known, since latency from the
     * actual start hides the time a request waited to be sent.
     *
     * @return the corrected latency when recorded, else the plain one; {@code null} without OK
     */
    public RunSummary.LatencyStats judgedLatencyUs() {
      return latencyFromIntendedUs != null ? latencyFromIntendedUs : latencyUs;
    }
  }

  /**
   * What the steps say about the system's capacity. See {@code docs/breaking-point.md} for the
   * method.
   *
   * @param latencyPercentile the latency percentile judged, e.g. 99
   * @param criteria what "sustainable" meant
   * @param knee the first step where the system degraded, or {@code null} if none did
   * @param maxSustainable the highest step of the unbroken run of sustainable steps from the first,
   *     or {@code null} if the first step already failed the criteria
   * @param saturationThroughputRps the highest throughput any step delivered
   * @param conclusion the analysis in one or two sentences, as printed at the end of the run
   * @param serverCorrelation what the scraped server metrics say about the knee (GPU saturated,
   *     queue growing, neither), or {@code null} without server metrics or without a knee
   */
  public record Analysis(
      double latencyPercentile,
      Criteria criteria,
      Knee knee,
      Sustainable maxSustainable,
      double saturationThroughputRps,
      String conclusion,
      String serverCorrelation) {

    /**
     * An analysis without server metrics.
     *
     * @param latencyPercentile the latency percentile judged
     * @param criteria what "sustainable" meant
     * @param knee the knee, or {@code null}
     * @param maxSustainable the maximum sustainable step, or {@code null}
     * @param saturationThroughputRps the highest throughput of any step
     * @param conclusion the analysis in words
     */
    public Analysis(
        double latencyPercentile,
        Criteria criteria,
        Knee knee,
        Sustainable maxSustainable,
        double saturationThroughputRps,
        String conclusion) {
      this(
          latencyPercentile,
          criteria,
          knee,
          maxSustainable,
          saturationThroughputRps,
          conclusion,
          null);
    }

    /**
     * This analysis with what the server metrics say about the knee.
     *
     * @param correlation one or two sentences, or {@code null}
     * @return a copy
     */
    public Analysis withServerCorrelation(String correlation) {
      return new Analysis(
          latencyPercentile,
          criteria,
          knee,
          maxSustainable,
          saturationThroughputRps,
          conclusion,
          correlation);
    }
  }

  /**
   * What makes a step sustainable, and what makes a step a knee.
   *
   * @param maxErrorPct the highest error rate, percent
   * @param latencySloUs the highest latency at the judged percentile, µs, or {@code null} for none
   *     (then only the knee rule judges latency)
   * @param kneeFactor a step whose latency exceeds this many times the lowest latency of the steps
   *     before it is degraded
   * @param minAchievedPct an open step delivering less than this percentage of its offered rate is
   *     degraded
   * @param ttftSloUs the highest TTFT at the judged percentile, µs, or {@code null} for none
   */
  public record Criteria(
      double maxErrorPct,
      Long latencySloUs,
      double kneeFactor,
      double minAchievedPct,
      Long ttftSloUs) {

    /**
     * Criteria without a TTFT objective.
     *
     * @param maxErrorPct the highest error rate, percent
     * @param latencySloUs the highest latency at the judged percentile, µs, or {@code null}
     * @param kneeFactor the latency ratio that marks a knee
     * @param minAchievedPct the lowest share of the offered rate an open step must deliver
     */
    public Criteria(
        double maxErrorPct, Long latencySloUs, double kneeFactor, double minAchievedPct) {
      this(maxErrorPct, latencySloUs, kneeFactor, minAchievedPct, null);
    }
  }

  /**
   * The knee.
   *
   * @param step its index
   * @param offered the load it offered (rate, or users)
   * @param reason why it is the knee, in words
   */
  public record Knee(int step, double offered, String reason) {}

  /**
   * The maximum sustainable load.
   *
   * @param step the step's index
   * @param offered the load it offered (rate, or users)
   * @param throughputRps the throughput it delivered
   */
  public record Sustainable(int step, double offered, double throughputRps) {}

  /**
   * The outcome of an SLO search.
   *
   * @param foundRps the highest rate that met the SLO, or {@code null} if even the lowest did not
   * @param lowestFailingRps the lowest rate that failed it, or {@code null} if none did
   * @param probes the rates tried, in order, and whether each met the SLO
   * @param stopReason why the search stopped: {@code "converged"}, {@code "time limit"}, {@code
   *     "max rate met the SLO"}, {@code "min rate failed the SLO"} or {@code "run ended"}
   */
  public record SearchResult(
      Double foundRps, Double lowestFailingRps, List<Probe> probes, String stopReason) {

    /** Copies the probes. */
    public SearchResult {
      probes = List.copyOf(probes);
    }

    /**
     * One rate tried.
     *
     * @param step the step that ran it
     * @param rateRps the rate
     * @param met whether it met the SLO
     * @param why the figures that decided, in words
     */
    public record Probe(int step, double rateRps, boolean met, String why) {}
  }
}
