/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.gatlingml.compare.Comparison.Method;
import io.github.gatlingml.compare.Comparison.Metric;
import io.github.gatlingml.compare.Comparison.Result;
import io.github.gatlingml.compare.Comparison.Verdict;
import io.github.gatlingml.internal.metrics.Slo;
import io.github.gatlingml.metrics.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Per-name thresholds, warm-up by requests, the tokens/s, goodput, TTFT p50 and TPOT p50 criteria,
 * and the criteria file, on small runs whose per-interval values are written out so that every
 * expected median and change is computed by hand in the test.
 */
class CriteriaTest {
  private static final long START = 1_780_000_000_000L;

  /**
   * A closed run of two names, "a" (infer) and "s" (stream), one point per second: interval {@code
   * i} has {@code countA[i]} and {@code countS[i]} requests, p99 {@code p99[i]} µs (both names),
   * {@code tokens[i]} output tokens for "s"; plus a partial last point that every comparison drops.
   */
  private static RunSummary run(
      long[] countA, long[] countS, long[] p99, long[] tokens, double goodputRps, long tpotP50) {
    int n = p99.length;
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
    List<RunSummary.TimePoint> a = new ArrayList<>();
    List<RunSummary.TimePoint> s = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      int k = Math.min(i, n - 1);
      long t = i * 1000L;
      a.add(new RunSummary.TimePoint(t, countA[k], 0, p99[k] / 2, p99[k]));
      s.add(
          new RunSummary.TimePoint(
              t, countS[k], 0, p99[k] / 2, p99[k], p99[k] / 4, p99[k] / 3, tokens[k]));
    }
    series.put("a", a);
    series.put("s", s);
    long okA = java.util.Arrays.stream(countA).sum();
    long okS = java.util.Arrays.stream(countS).sum();
    RunSummary.LatencyStats lat = new RunSummary.LatencyStats(1, 1, 1, 0, 1, 1, 1, 1, 1, 1);
    RunSummary.LatencyStats tpot =
        new RunSummary.LatencyStats(1, 1, 1, 0, tpotP50, 1, 1, 2 * tpotP50, 1, 1);
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    requests.put(
        "a",
        new RunSummary.RequestSummary(
            "infer", "grpc", "m", okA, okA, 0, Map.of(), 1, 0, 0, lat, null, null));
    requests.put(
        "s",
        new RunSummary.RequestSummary(
            "stream",
            "openai-chat",
            "m",
            okS,
            okS,
            0,
            Map.of(),
            1,
            0,
            0,
            lat,
            null,
            null,
            new RunSummary.StreamStats(lat, tpot, null, null, 1, okS, goodputRps, Slo.NONE)));
    return new RunSummary(
        "Sim",
        "r",
        START,
        START + n * 1000L + 500,
        new RunSummary.Injector("h", 2, null, null, 0, null, List.of()),
        requests,
        1000,
        series,
        Map.of());
  }

  private static long[] fill(int n, long v) {
    long[] out = new long[n];
    java.util.Arrays.fill(out, v);
    return out;
  }

  private static long[] scaled(long[] v, double f) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.round(v[i] * f);
    }
    return out;
  }

  private static Result result(Comparison c, String name, Metric metric) {
    return c.results().stream()
        .filter(r -> r.request().equals(name) && r.metric() == metric)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " " + metric + " not in " + c.results()));
  }

  // p99 of the 7 intervals, 5% either side of their median 13,000 us (so that +10% is significant
  // in 7 intervals); 10% more: 14,300 us
  private static final long[] P99 = {12_400, 13_600, 12_600, 13_400, 12_800, 13_200, 13_000};
  private static final long[] TOKENS = {640, 700, 660, 680, 600, 620, 650}; // median 650

  private static RunSummary base() {
    return run(fill(7, 100), fill(7, 50), P99, TOKENS, 40.0, 2_000);
  }

  private static Criteria only(Metric metric, double threshold) {
    Criteria.Builder b = Criteria.builder();
    for (Metric m : Metric.values()) {
      b.threshold(m, null);
    }
    return b.threshold(metric, threshold).build();
  }

  @Test
  void aPerNameOverrideReplacesTheGlobalThresholdForThatNameOnly() {
    RunSummary slower = run(fill(7, 100), fill(7, 50), scaled(P99, 1.10), TOKENS, 40.0, 2_000);
    Criteria k = only(Metric.P99, 0.05).toBuilder().threshold("a", Metric.P99, 0.20).build();
    Comparison c = Comparison.compare(base(), slower, k);
    Result a = result(c, "a", Metric.P99);
    Result s = result(c, "s", Metric.P99);
    // median 13,000 -> 14,300: +10% on both names
    assertThat(a.baseline()).isEqualTo(13_000);
    assertThat(a.current()).isEqualTo(14_300);
    assertThat(a.change()).isCloseTo(0.10, within(1e-9));
    assertThat(a.threshold()).isEqualTo(0.20);
    assertThat(a.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
    assertThat(s.threshold()).isEqualTo(0.05);
    assertThat(s.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(k.threshold("a", Metric.P99)).isEqualTo(0.20);
    assertThat(k.threshold("s", Metric.P99)).isEqualTo(0.05);
    // an override of null turns the check off for that name
    Comparison off =
        Comparison.compare(
            base(),
            slower,
            only(Metric.P99, 0.05).toBuilder().threshold("s", Metric.P99, null).build());
    assertThat(off.results()).extracting(Result::request).containsExactly("a");
  }

  @Test
  void anOverrideOfANameNeitherRunHasIsUnusableInput() {
    Criteria k = Criteria.builder().threshold("a grpc", Metric.P99, 0.1).build();
    assertThatThrownBy(() -> Comparison.compare(base(), base(), k))
        .isInstanceOf(Comparison.UnusableInputException.class)
        .hasMessageContaining("[a grpc]")
        .hasMessageContaining("[a, s]");
  }

  @Test
  void aWarmUpByRequestsLeavesOutTheIntervalsUpToTheOneWhereTheCountIsReached() {
    // 150 requests per interval (100 "a" + 50 "s"): 150, 300, 450 after t = 0, 1, 2 s
    RunSummary s = base();
    assertThat(Comparison.warmUpEnd(s, 0, 0)).isZero();
    assertThat(Comparison.warmUpEnd(s, 0, 300)).isEqualTo(1_001); // reached in t=1: keep from 2
    assertThat(Comparison.warmUpEnd(s, 0, 400)).isEqualTo(2_001); // reached in t=2: keep from 3
    assertThat(Comparison.warmUpEnd(s, 5_000, 400)).isEqualTo(5_000); // the later bound wins
    assertThat(Comparison.warmUpEnd(s, 0, 1_000_000)).isEqualTo(Long.MAX_VALUE);

    Criteria k = only(Metric.P99, 0.05).toBuilder().minIntervals(3).warmUp("400req").build();
    assertThat(k.warmUpRequests()).isEqualTo(400);
    assertThat(k.warmUp()).isEqualTo(Duration.ZERO);
    assertThat(k.describeWarmUp()).isEqualTo("400 requests");
    Result a = result(Comparison.compare(base(), base(), k), "a", Metric.P99);
    // intervals 3..6 kept (the partial 7th dropped): 13,400 12,800 13,200 13,000 -> 13,100
    assertThat(a.baselineIntervals()).isEqualTo(4);
    assertThat(a.baseline()).isEqualTo(13_100);

    // a warm-up no run reaches names the warm-up in its message
    Criteria tooLong = k.toBuilder().warmUp("5000req").build();
    assertThatThrownBy(() -> Comparison.compare(base(), base(), tooLong))
        .hasMessageContaining("0 interval(s) of 'a' after a warm-up of 5000 requests");
    // a time warm-up resets the request one, and back
    assertThat(k.toBuilder().warmUp("10s").build().warmUpRequests()).isZero();
    assertThat(k.toBuilder().warmUp("2m").build().warmUp()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> Criteria.builder().warmUp("ten"))
        .hasMessageContaining("give a time (10s, 500ms, 2m) or requests (500req)");
  }

  @Test
  void tokensPerSecondIsThePerIntervalTokenCountsMedianAndADropIsTheBadDirection() {
    RunSummary fewer = run(fill(7, 100), fill(7, 50), P99, scaled(TOKENS, 0.8), 40.0, 2_000);
    Result r =
        result(
            Comparison.compare(base(), fewer, only(Metric.TOKENS_PER_S, 0.10)),
            "s",
            Metric.TOKENS_PER_S);
    // 1-s intervals: median 650 tokens/s; 80%: 520
    assertThat(r.method()).isEqualTo(Method.INTERVAL_MEDIAN);
    assertThat(r.unit()).isEqualTo("tokens/s");
    assertThat(r.baseline()).isEqualTo(650);
    assertThat(r.current()).isEqualTo(520);
    assertThat(r.change()).isCloseTo(-0.20, within(1e-9));
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
    // more tokens is an improvement, not a regression
    RunSummary more = run(fill(7, 100), fill(7, 50), P99, scaled(TOKENS, 1.2), 40.0, 2_000);
    assertThat(
            result(
                    Comparison.compare(base(), more, only(Metric.TOKENS_PER_S, 0.10)),
                    "s",
                    Metric.TOKENS_PER_S)
                .verdict())
        .isEqualTo(Verdict.IMPROVEMENT);
  }

  @Test
  void tokensPerSecondAloneStillRefusesAnOpenRunAgainstAClosedOne() {
    RunSummary open =
        base()
            .withLoad(
                new io.github.gatlingml.metrics.LoadReport(
                    "rate-steps", "constant", "poisson", 1050L, 1050L, List.of(), null, null));
    assertThatThrownBy(() -> Comparison.compare(base(), open, only(Metric.TOKENS_PER_S, 0.1)))
        .hasMessageContaining("their throughputs do not compare");
    Criteria perName =
        only(Metric.P99, 0.05).toBuilder().threshold("s", Metric.TOKENS_PER_S, 0.1).build();
    assertThatThrownBy(() -> Comparison.compare(base(), open, perName))
        .hasMessageContaining("their throughputs do not compare");
    // latencies alone compare across load models
    assertThat(Comparison.compare(base(), open, only(Metric.P99, 0.05)).passed()).isTrue();
  }

  @Test
  void goodputAndTpotP50AreWholeRunThresholdOnly() {
    RunSummary worse = run(fill(7, 100), fill(7, 50), P99, TOKENS, 30.0, 2_300);
    Criteria k = only(Metric.GOODPUT, 0.10).toBuilder().threshold(Metric.TPOT_P50, 0.10).build();
    Comparison c = Comparison.compare(base(), worse, k);
    Result g = result(c, "s", Metric.GOODPUT);
    assertThat(g.method()).isEqualTo(Method.WHOLE_RUN);
    assertThat(g.changeLow()).isNull();
    assertThat(g.change()).isCloseTo(30.0 / 40.0 - 1, within(1e-9)); // -25%
    assertThat(g.verdict()).isEqualTo(Verdict.REGRESSION);
    Result t = result(c, "s", Metric.TPOT_P50);
    assertThat(t.change()).isCloseTo(0.15, within(1e-9)); // 2,000 -> 2,300 us
    assertThat(t.verdict()).isEqualTo(Verdict.REGRESSION);
    // an infer entry has no stream metrics to compare
    assertThat(c.results()).extracting(Result::request).containsOnly("s");
  }

  /**
   * {@code r} with {@code good[i]} good streams in interval i of "s" (the partial last: the last).
   */
  private static RunSummary withGood(RunSummary r, long[] good) {
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>(r.timeseries());
    List<RunSummary.TimePoint> points = new ArrayList<>();
    List<RunSummary.TimePoint> s = r.timeseries().get("s");
    for (int i = 0; i < s.size(); i++) {
      RunSummary.TimePoint p = s.get(i);
      points.add(
          new RunSummary.TimePoint(
              p.tMs(),
              p.count(),
              p.ko(),
              p.p50Us(),
              p.p99Us(),
              p.ttftP50Us(),
              p.ttftP99Us(),
              p.outputTokens(),
              good[Math.min(i, good.length - 1)]));
    }
    series.put("s", points);
    return new RunSummary(
        r.simulation(),
        r.runId(),
        r.startEpochMs(),
        r.endEpochMs(),
        r.injector(),
        r.requests(),
        r.intervalMs(),
        series,
        r.histograms());
  }

  @Test
  void goodputIsJudgedPerIntervalWhenTheSeriesCountsGoodStreams() {
    long[] good = {40, 44, 41, 43, 42, 45, 39}; // median 42
    RunSummary b = withGood(base(), good);
    RunSummary c = withGood(base(), scaled(good, 0.75)); // 30 33 31 32 32 34 29: median 32
    Result r = result(Comparison.compare(b, c, only(Metric.GOODPUT, 0.10)), "s", Metric.GOODPUT);
    assertThat(r.method()).isEqualTo(Method.INTERVAL_MEDIAN);
    assertThat(r.unit()).isEqualTo("good/s");
    assertThat(r.baseline()).isEqualTo(42);
    assertThat(r.current()).isEqualTo(32);
    assertThat(r.changeLow()).isNotNull();
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
    // one run without the counts (an older summary): both on the whole run's goodput_rps
    Result old =
        result(Comparison.compare(base(), c, only(Metric.GOODPUT, 0.10)), "s", Metric.GOODPUT);
    assertThat(old.method()).isEqualTo(Method.WHOLE_RUN);
  }

  @Test
  void ttftP50IsComparedPerInterval() {
    RunSummary slower = run(fill(7, 100), fill(7, 50), scaled(P99, 1.10), TOKENS, 40.0, 2_000);
    Result r =
        result(
            Comparison.compare(base(), slower, only(Metric.TTFT_P50, 0.05)), "s", Metric.TTFT_P50);
    // TTFT p50 is p99 / 4 in these runs: 13,000 / 4 = 3,250 us -> 14,300 / 4 = 3,575 us
    assertThat(r.baseline()).isEqualTo(3_250);
    assertThat(r.current()).isEqualTo(3_575);
    assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
  }

  @Test
  void aCriteriaFileSetsGlobalThresholdsWarmUpAndPerNameOverrides() {
    Criteria k =
        Criteria.fromJson(
                """
                {
                  "schema": "gatling-ml/criteria/1",
                  "warm_up": "500req",
                  "min_intervals": 3,
                  "allow_doubtful": true,
                  "thresholds": {"p99": "8%", "p95": "off", "tokens_per_s": 10, "error_rate": "0.5%"},
                  "requests": {"add_sub grpc": {"p99": "20%", "throughput": null}}
                }
                """,
                "regression.json")
            .build();
    assertThat(k.warmUpRequests()).isEqualTo(500);
    assertThat(k.minIntervals()).isEqualTo(3);
    assertThat(k.allowDoubtful()).isTrue();
    assertThat(k.maxP99Increase()).isCloseTo(0.08, within(1e-12));
    assertThat(k.maxP95Increase()).isNull();
    assertThat(k.threshold(Metric.TOKENS_PER_S)).isCloseTo(0.10, within(1e-12));
    assertThat(k.maxErrorRate()).isCloseTo(0.005, within(1e-12));
    // untouched metrics keep their defaults
    assertThat(k.maxThroughputChange()).isCloseTo(0.10, within(1e-12));
    assertThat(k.maxTtftP99Increase()).isCloseTo(0.05, within(1e-12));
    assertThat(k.threshold("add_sub grpc", Metric.P99)).isCloseTo(0.20, within(1e-12));
    assertThat(k.threshold("add_sub grpc", Metric.THROUGHPUT)).isNull();
    assertThat(k.threshold("other", Metric.THROUGHPUT)).isCloseTo(0.10, within(1e-12));
  }

  @Test
  void everyMalformedFieldOfACriteriaFileIsNamedWithItsFix() {
    assertThat(bad("{")).startsWith("f.json: not JSON").endsWith("fix the syntax");
    assertThat(bad("[]")).contains("not a JSON object");
    assertThat(bad("{\"threshold\": {}}"))
        .isEqualTo(
            "f.json: unknown field 'threshold': use [allow_doubtful, confidence, min_intervals,"
                + " requests, resamples, schema, seed, thresholds, warm_up]");
    assertThat(bad("{\"schema\": \"gatling-ml/criteria/9\"}"))
        .contains("schema is 'gatling-ml/criteria/9'");
    assertThat(bad("{\"warm_up\": 10}")).contains("warm_up must be a string");
    assertThat(bad("{\"warm_up\": \"soon\"}")).contains("warm_up: 'soon' is not a warm-up");
    assertThat(bad("{\"thresholds\": {\"p98\": \"5%\"}}"))
        .startsWith("f.json: thresholds.p98: 'p98' is not a metric: use one of p50, p95, p99,");
    assertThat(bad("{\"thresholds\": {\"p99\": \"five\"}}"))
        .isEqualTo(
            "f.json: thresholds.p99: 'five' is not a percentage: give e.g. 5% (or off to skip"
                + " the check)");
    assertThat(bad("{\"thresholds\": {\"p99\": true}}"))
        .contains("thresholds.p99: give a percentage");
    assertThat(bad("{\"thresholds\": [1]}")).contains("thresholds must be an object");
    assertThat(bad("{\"requests\": {\"a\": {\"p99\": \"-3%\"}}}"))
        .contains("requests.a.p99: '-3%' is not a percentage");
    assertThat(bad("{\"requests\": []}")).contains("requests must be an object of request names");
    assertThat(bad("{\"min_intervals\": 1}")).contains("minIntervals must be at least 2");
    assertThat(bad("{\"min_intervals\": \"5\"}")).contains("min_intervals must be an integer");
    assertThat(bad("{\"allow_doubtful\": \"yes\"}"))
        .contains("allow_doubtful must be true or false");
  }

  private static String bad(String json) {
    try {
      Criteria.fromJson(json, "f.json");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }
}
