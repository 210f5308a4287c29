/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression guard on real runs, the short CI version of {@code RegressionGuardValidation}
 * (benchmarks, docs/regression.md): a baseline and a same-config run against an embedded server
 * whose add_sub takes 10 ms in 4 slots, and a run against one whose add_sub takes 13 ms (+30%, a
 * ground truth the server injects), each an open load of 100/s for 12 s summarised per second,
 * compared with the default criteria plus p50 +5% after a 3 s warm-up, after a discarded priming
 * run. Same config must pass, +30% must be caught (on p50, see the test), also when the injector
 * doubted a run (see {@link #compareAllowingDoubt}). The 10-of-10 measurement at +10% takes minutes
 * and a quiet machine: it is the benchmark's.
 */
class RegressionGuardTest {
  private static final int SLOTS = 4;
  private static final int RATE = 100;
  private static final int MILLIS = 12_000;

  @TempDir Path results;

  private RunSummary run(Duration service, String folder) throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withModels(List.of("add_sub"))
            .withCapacity("add_sub", Capacity.of(SLOTS, service));
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results.resolve(folder))
              .with("gatling.ml.summaryIntervalSeconds", 1)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.plan.start", RATE)
              .with("it.plan.step", 0)
              .with("it.plan.steps", 1)
              .with("it.plan.stepMillis", MILLIS);
      assertThat(run.run(BreakingPointSimulation.class)).isZero();
      return run.summary();
    }
  }

  @Test
  void sameConfigPassesAndAServerThirtyPercentSlowerIsCaught() throws Exception {
    // A cold JVM's first run has a heavier tail (JIT): the baseline would then flatter every later
    // run, as an unprimed baseline would in a user's pipeline.
    run(Duration.ofMillis(10), "prime");
    RunSummary baseline = run(Duration.ofMillis(10), "baseline");
    RunSummary same = run(Duration.ofMillis(10), "same");
    RunSummary slower = run(Duration.ofMillis(13), "slower");
    Criteria criteria =
        Criteria.defaults().toBuilder().maxP50Increase(0.05).warmUp(Duration.ofSeconds(3)).build();

    Comparison quiet = compareAllowingDoubt(baseline, same, criteria);
    Comparison caught = compareAllowingDoubt(baseline, slower, criteria);

    assertThat(quiet.verdict()).as(describe(quiet)).isNotEqualTo(Comparison.Verdict.REGRESSION);
    assertThat(caught.verdict()).as(describe(caught)).isEqualTo(Comparison.Verdict.REGRESSION);
    Comparison.Result p50 =
        caught.results().stream()
            .filter(r -> r.metric() == Comparison.Metric.P50)
            .findFirst()
            .orElseThrow();
    // 13 ms of service against 10 ms plus about 1 ms of transport: p50 about +27%, well over the
    // 5% threshold; the upper bound leaves room for a busy machine's scheduling delay, yet catches
    // a comparison of the wrong quantities. The p99 is not asserted here: with the server in this
    // JVM on the same two cores, its tail is mostly scheduling jitter (a trial: p50 +20%, p99 +6%
    // for the same 3 ms); the p99 criterion on real runs is RegressionGuardValidation's.
    assertThat(p50.verdict()).as(describe(caught)).isEqualTo(Comparison.Verdict.REGRESSION);
    assertThat(p50.change()).as(describe(caught)).isBetween(0.10, 2.0);
    // an open load below capacity delivers what was offered: no throughput change either way
    caught.results().stream()
        .filter(r -> r.metric() == Comparison.Metric.THROUGHPUT)
        .forEach(r -> assertThat(r.verdict()).isEqualTo(Comparison.Verdict.NO_SIGNIFICANT_CHANGE));
  }

  /**
   * The comparison, as {@code gatling-ml compare --allow-doubtful} makes it. The server shares this
   * JVM and the machine's two cores, so the injector's self-check often finds a little over 1% of
   * the arrivals more than 1 ms late and calls the run doubtful; the 10 -> 13 ms step is large
   * enough to judge anyway, while the 10% goal is left to the quiet-machine benchmark ({@code
   * RegressionGuardValidation}). A test that skipped on doubt skipped in CI every time.
   */
  private static Comparison compareAllowingDoubt(RunSummary b, RunSummary c, Criteria criteria) {
    return Comparison.compare(b, c, criteria.toBuilder().allowDoubtful(true).build());
  }

  private static String describe(Comparison c) {
    StringBuilder sb = new StringBuilder();
    for (Comparison.Result r : c.results()) {
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "%n%s %s: %.0f -> %.0f (%+.1f%%, CI %s..%s) %s",
              r.request(),
              r.metric().label(),
              r.baseline(),
              r.current(),
              100 * r.change(),
              r.changeLow(),
              r.changeHigh(),
              r.verdict()));
    }
    return sb.toString();
  }
}
