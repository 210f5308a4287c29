/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatling-ml compare --canary}: two request names of one summary. */
class CanaryCommandTest {
  static final String NAME = "classify grpc";

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GatlingMl.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** One run holding "v1" (seeded as {@code seed1}) and "v2" ({@code factor} times slower). */
  private Path canaryRun(double factor) throws Exception {
    RunSummary a = SyntheticSummaries.steady(1, 1.0);
    RunSummary b = SyntheticSummaries.steady(2, factor);
    RunSummary s =
        new RunSummary(
            a.simulation(),
            "canary",
            a.startEpochMs(),
            a.endEpochMs(),
            a.injector(),
            Map.of("v1", a.requests().get(NAME), "v2", b.requests().get(NAME)),
            a.intervalMs(),
            Map.of("v1", a.timeseries().get(NAME), "v2", b.timeseries().get(NAME)),
            Map.of());
    Path file = dir.resolve("run-" + factor).resolve(SummaryWriter.FILE_NAME);
    Files.createDirectories(file.getParent());
    SummaryWriter.write(s, file);
    return file;
  }

  @Test
  void aSlowerCandidateExitsWithOneAndEqualOnesPass() throws Exception {
    Result slow = run("compare", "--canary", "v1", "v2", canaryRun(1.3).toString());
    assertThat(slow.code()).as(slow.err()).isEqualTo(GatlingMl.REGRESSION);
    assertThat(slow.out())
        .contains("gatling-ml: canary in ")
        .contains("'v2' against 'v1'")
        .contains("v2 vs v1");
    Result same = run("compare", "--canary", "v1", "v2", canaryRun(1.0).toString());
    assertThat(same.code()).as(same.out() + same.err()).isEqualTo(GatlingMl.OK);
  }

  @Test
  void anUnknownNameIsUnusableAndListsTheRunsNames() throws Exception {
    Result r = run("compare", "--canary", "v1", "v3", canaryRun(1.0).toString());
    assertThat(r.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(r.err()).contains("no request named 'v3' (its names: [v1, v2])");
    Result both = run("compare", "--canary", "v1", "v2", "a.json", "b.json");
    assertThat(both.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(both.err()).contains("--canary BASELINE_NAME CANDIDATE_NAME SUMMARY");
  }
}
