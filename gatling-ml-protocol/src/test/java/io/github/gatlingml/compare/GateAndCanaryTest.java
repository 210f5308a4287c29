/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.gate.GateJudge;
import io.github.gatlingml.internal.gate.GateSpec;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Comparison#canary} and the in-simulation gate's judgement ({@link GateJudge}) on the
 * seeded synthetic runs of {@link ComparisonTest}.
 */
class GateAndCanaryTest {
  @TempDir Path dir;

  /** One run whose "classify v1" is {@code a}'s classify and "classify v2" is {@code b}'s. */
  static RunSummary canaryRun(RunSummary a, RunSummary b) {
    return new RunSummary(
        a.simulation(),
        "canary",
        a.startEpochMs(),
        a.endEpochMs(),
        a.injector(),
        Map.of(
            "classify v1",
            a.requests().get("classify"),
            "classify v2",
            b.requests().get("classify")),
        a.intervalMs(),
        Map.of(
            "classify v1", a.timeseries().get("classify"),
            "classify v2", b.timeseries().get("classify")),
        Map.of());
  }

  private static Criteria p99Only() {
    return Criteria.builder().maxThroughputChange(0.10).maxErrorRate(null).build();
  }

  @Test
  void canaryFlagsASlowerCandidateAndNotAnEqualOne() {
    RunSummary v1 = ComparisonTest.run(1, ComparisonTest.Shape.nominal());
    Comparison slower =
        Comparison.canary(
            canaryRun(v1, ComparisonTest.run(2, ComparisonTest.Shape.nominal().slower(1.2))),
            "classify v1",
            "classify v2",
            p99Only());
    Comparison.Result p99 = slower.results().get(0);
    assertThat(p99.request()).isEqualTo("classify v2 vs classify v1");
    assertThat(p99.metric()).isEqualTo(Comparison.Metric.P99);
    assertThat(p99.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
    // The synthetic p99s are 50 ms x factor with a 10% lognormal spread: +20% give or take.
    assertThat(p99.change()).isBetween(0.12, 0.28);
    assertThat(slower.results().get(1).metric()).isEqualTo(Comparison.Metric.THROUGHPUT);
    assertThat(slower.results().get(1).verdict())
        .isEqualTo(Comparison.Verdict.NO_SIGNIFICANT_CHANGE);

    Comparison equal =
        Comparison.canary(
            canaryRun(v1, ComparisonTest.run(3, ComparisonTest.Shape.nominal())),
            "classify v1",
            "classify v2",
            p99Only());
    assertThat(equal.passed()).isTrue();
  }

  @Test
  void canaryRejectsUnknownOrEqualNames() {
    RunSummary s =
        canaryRun(
            ComparisonTest.run(1, ComparisonTest.Shape.nominal()),
            ComparisonTest.run(2, ComparisonTest.Shape.nominal()));
    assertThatThrownBy(() -> Comparison.canary(s, "classify v1", "classify v3", p99Only()))
        .isInstanceOf(Comparison.UnusableInputException.class)
        .hasMessageContaining("no request named 'classify v3'")
        .hasMessageContaining("[classify v1, classify v2]");
    assertThatThrownBy(() -> Comparison.canary(s, "classify v1", "classify v1", p99Only()))
        .hasMessageContaining("give the two targets distinct request names");
  }

  @Test
  void gateLogsOneEntryPerMetricAndPrintsOneLinePerFailedCriterion() throws Exception {
    Path baseline = dir.resolve("base").resolve(SummaryWriter.FILE_NAME);
    Files.createDirectories(baseline.getParent());
    SummaryWriter.write(ComparisonTest.run(1, ComparisonTest.Shape.nominal()), baseline);
    GateSpec spec = new GateSpec(baseline.getParent().toString(), null, null, Criteria.defaults());
    // classify: p99, throughput, error rate; chat (a stream) adds TTFT p99
    assertThat(spec.expectedEntries())
        .containsExactly(
            "[ml gate] chat p99",
            "[ml gate] chat ttft_p99",
            "[ml gate] chat throughput",
            "[ml gate] chat error_rate",
            "[ml gate] classify p99",
            "[ml gate] classify throughput",
            "[ml gate] classify error_rate");

    GateJudge.Judgement same =
        GateJudge.judge(spec, ComparisonTest.run(2, ComparisonTest.Shape.nominal()));
    assertThat(same.passed()).isTrue();
    assertThat(same.entries()).allMatch(GateJudge.Entry::ok);
    assertThat(same.entries().stream().map(GateJudge.Entry::name).toList())
        .containsExactlyElementsOf(concat(spec.expectedEntries(), List.of(spec.verdictEntry())));

    GateJudge.Judgement slow =
        GateJudge.judge(spec, ComparisonTest.run(2, ComparisonTest.Shape.nominal().slower(1.3)));
    assertThat(slow.passed()).isFalse();
    assertThat(slow.entries())
        .contains(
            new GateJudge.Entry("[ml gate] classify p99", false),
            new GateJudge.Entry("[ml gate] classify throughput", true),
            new GateJudge.Entry("[ml gate] verdict", false));
    assertThat(slow.lines().get(0)).endsWith(": REGRESSION (3 criteria failed)");
    int failedAt = slow.lines().indexOf("gatling-ml: failed criteria:");
    assertThat(slow.lines().subList(failedAt + 1, slow.lines().size()))
        .hasSize(3)
        .allMatch(
            l ->
                l.matches(
                    "  \\S+ (p99|ttft_p99): [0-9.]+ ms -> [0-9.]+ ms, \\+[0-9.]+% \\[\\+[0-9.]+%, \\+[0-9.]+%\\] > \\+5\\.0%: REGRESSION"));
  }

  @Test
  void aMissingOrForeignBaselineFailsTheGateWithOneMessageEach() throws Exception {
    GateSpec missing =
        new GateSpec(dir.resolve("nope.json").toString(), null, null, Criteria.defaults());
    assertThat(missing.expectedEntries()).isEmpty();
    GateJudge.Judgement j =
        GateJudge.judge(missing, ComparisonTest.run(2, ComparisonTest.Shape.nominal()));
    assertThat(j.passed()).isFalse();
    assertThat(j.entries()).containsExactly(new GateJudge.Entry("[ml gate] verdict", false));
    assertThat(j.lines()).hasSize(2);
    assertThat(j.lines().get(1)).contains("nope.json does not exist: run the simulation once");

    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "{\"schema\":\"something/else\"}");
    GateJudge.Judgement g =
        GateJudge.judge(
            new GateSpec(garbage.toString(), null, null, Criteria.defaults()),
            ComparisonTest.run(2, ComparisonTest.Shape.nominal()));
    assertThat(g.lines().get(1))
        .contains("cannot be read")
        .contains("replace it with a baseline file (gatling-ml baseline save) or a run's");

    // A run too short for the criteria: unusable, not a crash.
    Path base = dir.resolve("b.json");
    SummaryWriter.write(ComparisonTest.run(1, ComparisonTest.Shape.nominal()), base);
    GateJudge.Judgement shortRun =
        GateJudge.judge(
            new GateSpec(base.toString(), null, null, Criteria.defaults()),
            ComparisonTest.run(2, ComparisonTest.Shape.nominal().intervals(3)));
    assertThat(shortRun.passed()).isFalse();
    assertThat(String.join("\n", shortRun.lines())).contains("fewer than 5");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
