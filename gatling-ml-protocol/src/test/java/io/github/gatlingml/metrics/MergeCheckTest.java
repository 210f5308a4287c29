/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.MergeCheck.Kind;
import io.github.gatlingml.metrics.MergeCheck.Problem;
import io.github.gatlingml.metrics.RunSummary.Distribution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MergeCheck} finds wrong with a set of injectors' summaries, and what it lets by. */
class MergeCheckTest {
  private static final long T0 = 1_700_000_000_000L;

  private static RunSummary part(String runId, long start, Integer index, int count) {
    RunSummary s =
        new RunSummary(
            "Sim",
            runId,
            start,
            start + 10_000,
            new RunSummary.Injector("host-" + index, 2, null, null, 0, null, List.of()),
            Map.of(),
            1000,
            Map.of(),
            Map.of());
    return count == 0 ? s : s.withDistribution(new Distribution(index, count));
  }

  private static List<Kind> kinds(List<Problem> problems) {
    return problems.stream().map(Problem::kind).toList();
  }

  @Test
  void aWholeRunHasNoProblem() {
    assertThat(
            MergeCheck.check(
                List.of(part("r", T0, 2, 3), part("r", T0 + 400, 0, 3), part("r", T0 + 999, 1, 3))))
        .isEmpty();
  }

  @Test
  void aMissingInjectorIsNamed() {
    List<Problem> problems = MergeCheck.check(List.of(part("r", T0, 0, 3), part("r", T0, 2, 3)));
    assertThat(kinds(problems)).containsExactly(Kind.MISSING_INJECTOR);
    assertThat(problems.get(0).message()).contains("missing injector [1] of 3", "2 of 3");
  }

  @Test
  void duplicatesDifferentRunsAndCountsAreFound() {
    List<Problem> problems =
        MergeCheck.check(
            List.of(part("r", T0, 0, 2), part("r", T0, 0, 2), part("other", T0, 1, 3)));
    assertThat(kinds(problems))
        .containsExactlyInAnyOrder(
            Kind.RUN_ID, Kind.INJECTOR_COUNT, Kind.MISSING_INJECTOR, Kind.DUPLICATE_INJECTOR);
    assertThat(problems.get(0).message())
        .contains("'other' (parts [2])", "'r' (parts [0, 1])", "gatling.ml.runId");
  }

  @Test
  void partsWithoutAnIndexAmongPartsWithOneAreFound() {
    List<Problem> problems = MergeCheck.check(List.of(part("r", T0, 0, 1), part("r", T0, null, 0)));
    assertThat(kinds(problems)).containsExactly(Kind.INJECTOR_COUNT);
    // Summaries without any distribution (single-injector runs) cannot be checked for gaps.
    assertThat(MergeCheck.check(List.of(part("r", T0, null, 0), part("r", T0, null, 0)))).isEmpty();
  }

  @Test
  void startsFurtherApartThanTheThresholdAreClockSkew() {
    List<RunSummary> parts = List.of(part("r", T0 + 1500, 0, 2), part("r", T0, 1, 2));
    List<Problem> problems = MergeCheck.check(parts);
    assertThat(kinds(problems)).containsExactly(Kind.CLOCK_SKEW);
    assertThat(problems.get(0).message())
        .contains("1.500 s apart", "part 1 (injector 1, host host-1) first", "NTP");
    assertThat(MergeCheck.check(parts, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void incompletePartsAreReported() {
    RunSummary cut = part("r", T0, 1, 2).withCompletion(false, "shutdown");
    assertThat(kinds(MergeCheck.check(List.of(part("r", T0, 0, 2), cut))))
        .containsExactly(Kind.INCOMPLETE);
  }

  @Test
  void theDistributionRoundTripsThroughTheFileAndMerges(@TempDir Path dir) throws Exception {
    RunSummary a = part("r", T0, 0, 2);
    RunSummary b = part("r", T0, 1, 2);
    SummaryWriter.write(a, dir.resolve("a.json"));
    RunSummary back = SummaryReader.read(dir.resolve("a.json"));
    assertThat(back.distribution()).isEqualTo(new Distribution(0, 2));
    assertThat(back.runId()).isEqualTo("r");

    RunSummary merged = RunSummary.merge(List.of(a, b));
    assertThat(merged.runId()).isEqualTo("r");
    assertThat(merged.distribution()).isEqualTo(new Distribution(null, 2));
    SummaryWriter.write(merged, dir.resolve("m.json"));
    assertThat(SummaryReader.read(dir.resolve("m.json")).distribution())
        .isEqualTo(new Distribution(null, 2));
    // A file of a single-injector run carries none.
    SummaryWriter.write(part("r", T0, null, 0), dir.resolve("s.json"));
    assertThat(SummaryReader.read(dir.resolve("s.json")).distribution()).isNull();
    assertThat(RunSummary.merge(List.of(a, part("r", T0, null, 0))).distribution()).isNull();
  }

  @Test
  void distributionBoundsAreChecked() {
    assertThatThrownBy(() -> new Distribution(3, 3)).hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> new Distribution(0, 0)).hasMessageContaining("at least 1");
  }
}
