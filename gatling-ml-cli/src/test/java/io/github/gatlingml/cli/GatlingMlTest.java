/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.report.MlReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gatling-ml} command: what it writes, prints and exits with. */
class GatlingMlTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GatlingMl.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  private Path write(RunSummary s, String folder) throws Exception {
    Path file = dir.resolve(folder).resolve(SummaryWriter.FILE_NAME);
    Files.createDirectories(file.getParent());
    SummaryWriter.write(s, file);
    return file;
  }

  @Test
  void reportWritesThePageBesideTheSummary() throws Exception {
    Path summary = write(SyntheticSummaries.breakingPoint(), "run-1");
    Result r = run("report", summary.toString());
    Path page = summary.getParent().resolve(MlReport.FILE_NAME);
    assertThat(r.code()).isEqualTo(GatlingMl.OK);
    assertThat(r.out()).contains("gatling-ml: ML report written to " + page.toAbsolutePath());
    assertThat(r.err()).isEmpty();
    assertThat(Files.readString(page)).contains("BreakingPointSimulation").contains("ml-data");
  }

  @Test
  void reportTakesARunFolderAndAnOutputFolder() throws Exception {
    Path summary = write(SyntheticSummaries.breakingPoint(), "run-2");
    Path out = dir.resolve("pages");
    Result r = run("report", summary.getParent().toString(), "-o", out.toString());
    assertThat(r.code()).isEqualTo(GatlingMl.OK);
    assertThat(out.resolve(MlReport.FILE_NAME)).isRegularFile();
    assertThat(summary.getParent().resolve(MlReport.FILE_NAME)).doesNotExist();
  }

  @Test
  void aMissingOrInvalidSummaryIsRejectedWithCodeOne() throws Exception {
    Result missing = run("report", dir.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(GatlingMl.REJECTED);
    assertThat(missing.err()).contains("nope.json: no such file");

    Path notJson = dir.resolve("bad.json");
    Files.writeString(notJson, "{\"schema\": \"something/else\"}");
    Result bad = run("report", notJson.toString());
    assertThat(bad.code()).isEqualTo(GatlingMl.REJECTED);
    assertThat(bad.err())
        .contains("bad.json")
        .contains("schema is 'something/else'")
        .contains("is it a gatling-ml ml-summary.json?");
  }

  @Test
  void usageErrorsExitWithCodeTwo() {
    assertThat(run().code()).isEqualTo(GatlingMl.USAGE);
    assertThat(run("report").code()).isEqualTo(GatlingMl.USAGE);
    Result unknown = run("report", "x.json", "--frobnicate");
    assertThat(unknown.code()).isEqualTo(GatlingMl.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");
    assertThat(run("merge", "a.json").code()).as("merge without -o").isEqualTo(GatlingMl.USAGE);
    assertThat(run("compare", "a.json").code())
        .as("no such command yet")
        .isEqualTo(GatlingMl.USAGE);
  }

  @Test
  void everyCommandHasHelpWithItsExitCodes() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"report", "--help"},
            new String[] {"merge", "-h"})) {
      Result r = run(args);
      assertThat(r.code()).isEqualTo(GatlingMl.OK);
      assertThat(r.out()).contains("Usage: gatling-ml").contains("Exit codes:").contains("2");
    }
    assertThat(run("--help").out()).contains("report").contains("merge");
  }

  @Test
  void mergeAddsThePartsExactlyAndWritesTheMergedReport() throws Exception {
    // two injectors of one run (one run id), started 0.4 s apart: within one interval
    RunSummary a = SyntheticSummaries.breakingPoint("run-1", 1_780_000_000_000L, "injector-0");
    RunSummary b = SyntheticSummaries.breakingPoint("run-1", 1_780_000_000_400L, "injector-1");
    Path pa = write(a, "a");
    Path pb = write(b, "b");
    Path merged = dir.resolve("merged").resolve("ml-summary.json");
    Result r = run("merge", pa.toString(), pb.toString(), "-o", merged.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(GatlingMl.OK);
    assertThat(r.out())
        .contains("merging 2 summaries of BreakingPointSimulation")
        .contains("run run-1 on injector-0, start 2026-05-28T20:26:40Z (+0.000 s)")
        .contains("run run-1 on injector-1, start 2026-05-28T20:26:40.400Z (+0.400 s)")
        .contains("start spread: 0.400 s")
        .contains("merged summary written to")
        .contains("ML report written to");
    assertThat(r.err()).as("no warning for two parts of one run within one interval").isEmpty();
    RunSummary m = SummaryReader.read(merged);
    assertThat(m.runId()).isEqualTo("run-1");
    assertThat(m.injector().host()).isEqualTo("injector-0,injector-1");
    RunSummary.RequestSummary chat = m.requests().get("chat");
    assertThat(chat.count()).isEqualTo(2 * a.requests().get("chat").count());
    assertThat(chat.latencyUs().count()).isEqualTo(2 * a.requests().get("chat").ok());
    assertThat(chat.stream().ttftUs().p99())
        .isEqualTo(a.requests().get("chat").stream().ttftUs().p99());
    assertThat(merged.getParent().resolve(MlReport.FILE_NAME)).isRegularFile();
  }

  @Test
  void mergeWarnsWhenThePartsStartedMoreThanAnIntervalApart() throws Exception {
    Path pa = write(SyntheticSummaries.breakingPoint("run-1", 1_780_000_000_000L, "i-0"), "a");
    Path pb = write(SyntheticSummaries.breakingPoint("run-1", 1_780_000_012_500L, "i-1"), "b");
    Path merged = dir.resolve("m.json");
    Result r = run("merge", pa.toString(), pb.toString(), "-o", merged.toString(), "--no-report");
    assertThat(r.code()).isEqualTo(GatlingMl.OK);
    assertThat(r.out()).contains("start spread: 12.500 s");
    assertThat(r.err())
        .contains("warning: the parts started 12.500 s apart, more than one interval (1000 ms)")
        .contains("clocks are skewed");
    assertThat(dir.resolve(MlReport.FILE_NAME)).doesNotExist();
  }

  @Test
  void mergeRefusesAMissingInjectorUnlessAllowed() throws Exception {
    // Injectors 0 and 2 of 3: injector 1's summary is missing.
    Path pa =
        write(
            SyntheticSummaries.breakingPoint("run-1", 1_780_000_000_000L, "i-0")
                .withDistribution(new RunSummary.Distribution(0, 3)),
            "a");
    Path pc =
        write(
            SyntheticSummaries.breakingPoint("run-1", 1_780_000_000_100L, "i-2")
                .withDistribution(new RunSummary.Distribution(2, 3)),
            "c");
    Path merged = dir.resolve("m.json");
    Result refused = run("merge", pa.toString(), pc.toString(), "-o", merged.toString());
    assertThat(refused.code()).isEqualTo(GatlingMl.REJECTED);
    assertThat(refused.err()).contains("missing injector [1] of 3").contains("--allow-partial");
    assertThat(merged).doesNotExist();

    Result allowed =
        run(
            "merge",
            pa.toString(),
            pc.toString(),
            "-o",
            merged.toString(),
            "--no-report",
            "--allow-partial");
    assertThat(allowed.code()).as(allowed.err()).isEqualTo(GatlingMl.OK);
    assertThat(allowed.err()).contains("warning: missing injector [1] of 3");
    assertThat(merged).isRegularFile();
  }

  @Test
  void mergeRefusesSummariesOfDifferentSimulations() throws Exception {
    RunSummary a = SyntheticSummaries.breakingPoint();
    RunSummary other = SyntheticSummaries.soak(2, 60);
    Path pa = write(a, "a");
    Path pb = write(other, "b");
    Path merged = dir.resolve("m.json");
    Result r = run("merge", pa.toString(), pb.toString(), "-o", merged.toString());
    assertThat(r.code()).isEqualTo(GatlingMl.REJECTED);
    assertThat(r.err())
        .contains("cannot merge")
        .contains("different simulations: 'BreakingPointSimulation' and 'SoakSimulation'");
    assertThat(merged).doesNotExist();
  }
}
