/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baseline files: what they keep, what they add, and that a plain summary reads as one too. */
class BaselineTest {
  @TempDir Path dir;

  private static RunSummary run() {
    return ComparisonTest.run(7, ComparisonTest.Shape.nominal().intervals(10));
  }

  private static Baseline saved() {
    RunSummary s = run();
    return Baseline.of(
        s,
        Baseline.metadataOf(
            s,
            "0123456789abcdef0123456789abcdef01234567",
            "main",
            "1.2.3",
            "after the tokenizer fix",
            Map.of("chat", "2"),
            Instant.parse("2026-11-29T22:00:00Z")));
  }

  @Test
  void aBaselineFileRoundTripsItsSummaryAndMetadata() throws Exception {
    Path file = dir.resolve("baselines/suite.json");
    Baseline b = saved();
    b.write(file);
    Baseline read = Baseline.read(file);
    assertThat(read.fromSummary()).isFalse();
    assertThat(read.summary()).isEqualTo(b.summary());
    assertThat(read.metadata()).isEqualTo(b.metadata());
    assertThat(read.metadata().models())
        .containsEntry("chat", new Baseline.Model("m", "2"))
        .containsEntry("classify", new Baseline.Model("m", null));
    assertThat(read.metadata().describe())
        .isEqualTo(
            "commit 0123456789ab on main, 2026-11-29, simulation Sim, run run-7, note: after the"
                + " tokenizer fix");
    // stable: the same baseline gives the same bytes, and the metadata comes before the numbers
    String text = Files.readString(file);
    assertThat(read.toJson()).isEqualTo(text);
    assertThat(text)
        .startsWith("{\n  \"schema\" : \"gatling-ml/baseline/1\",\n  \"metadata\" : {\n")
        .contains("\"git\" : {\n      \"commit\" : \"0123456789abcdef0123456789abcdef01234567\"")
        .contains("\"created_at\" : \"2026-11-29T22:00:00Z\"");
    assertThat(text.indexOf("\"metadata\"")).isLessThan(text.indexOf("\"summary\""));
  }

  @Test
  void aBaselineLeavesOutTheServerMetricsAndComparesLikeItsSummary() {
    Baseline b = saved();
    assertThat(b.summary().serverMetrics()).isNull();
    Comparison fromBaseline = Comparison.compare(b.summary(), run(), Criteria.defaults());
    Comparison fromSummary = Comparison.compare(run(), run(), Criteria.defaults());
    assertThat(fromBaseline.results()).isEqualTo(fromSummary.results());
  }

  @Test
  void aPlainSummaryReadsAsABaselineWithTheMetadataItCarries() throws Exception {
    Path file = dir.resolve(SummaryWriter.FILE_NAME);
    SummaryWriter.write(run(), file);
    Baseline b = Baseline.read(file);
    assertThat(b.fromSummary()).isTrue();
    assertThat(b.metadata().gitCommit()).isNull();
    assertThat(b.metadata().simulation()).isEqualTo("Sim");
    assertThat(b.metadata().injectorHost()).isEqualTo("host");
    assertThat(b.metadata().createdAt()).isEqualTo(Instant.ofEpochMilli(run().startEpochMs()));
  }

  @Test
  void anythingElseIsRefusedNamingTheFileAndTheSchema() throws Exception {
    Path file = dir.resolve("x.json");
    Files.writeString(file, "{\"schema\": \"something/1\"}");
    assertThatThrownBy(() -> Baseline.read(file))
        .hasMessage(
            file
                + ": schema is 'something/1': neither a baseline ('gatling-ml/baseline/1') nor a"
                + " run summary ('gatling-ml/summary/1')");
    Files.writeString(file, "{\"schema\": \"gatling-ml/baseline/1\", \"metadata\": {}}");
    assertThatThrownBy(() -> Baseline.read(file)).hasMessageContaining("summary is missing");
    String broken =
        saved()
            .toJson()
            .replace("\"created_at\" : \"2026-11-29T22:00:00Z\"", "\"created_at\" : \"yesterday\"");
    assertThatThrownBy(() -> Baseline.fromJson(broken))
        .hasMessageContaining("metadata.created_at 'yesterday' is not an ISO-8601 instant");
  }
}
