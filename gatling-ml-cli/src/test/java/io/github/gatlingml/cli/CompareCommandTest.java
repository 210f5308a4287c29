/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code gatling-ml compare}: its exit codes, messages and the three files it writes. */
class CompareCommandTest {
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
  void sameVersusSamePassesWithCodeZeroAndATable() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.0), "cur");
    Result r = run("compare", b.toString(), c.getParent().toString());
    assertThat(r.code()).as(r.err()).isEqualTo(GatlingMl.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("request", "metric", "baseline", "current", "change", "95% CI", "threshold")
        .contains("classify grpc  p99")
        .contains("chat", "ttft_p99", "throughput", "error_rate")
        .contains("gatling-ml: NO_SIGNIFICANT_CHANGE: no regression in 7 checks");
  }

  @Test
  void aTenPercentSlowerRunExitsWithOneAndNamesTheRegressions() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.10), "cur");
    Result r = run("compare", b.toString(), c.toString());
    assertThat(r.code()).isEqualTo(GatlingMl.REGRESSION);
    assertThat(r.out())
        .containsPattern(
            "gatling-ml: REGRESSION: \\d of 7 checks regressed \\(.*classify grpc p99 \\+");
    // The same change within a 20% threshold passes.
    Result lenient =
        run(
            "compare",
            b.toString(),
            c.toString(),
            "--max-p99-increase",
            "20%",
            "--max-ttft-p99-increase",
            "20%");
    assertThat(lenient.code()).as(lenient.out()).isEqualTo(GatlingMl.OK);
  }

  @Test
  void requestNamesThatDoNotMatchExitWithTwoAndAreListed() throws Exception {
    RunSummary full = SyntheticSummaries.steady(1, 1.0);
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>(full.requests());
    requests.remove("chat");
    Map<String, java.util.List<RunSummary.TimePoint>> series = new TreeMap<>(full.timeseries());
    series.remove("chat");
    RunSummary fewer =
        new RunSummary(
            full.simulation(),
            "other",
            full.startEpochMs(),
            full.endEpochMs(),
            full.injector(),
            requests,
            full.intervalMs(),
            series,
            Map.of());
    Result r = run("compare", write(full, "base").toString(), write(fewer, "cur").toString());
    assertThat(r.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(r.err())
        .isEqualTo(
            "gatling-ml: unusable input: the request names differ: only in the baseline [chat],"
                + " only in the current run [] (compare runs of the same simulation)"
                + System.lineSeparator());
  }

  @Test
  void aDoubtfulRunExitsWithTwoUnlessAllowed() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.0, "GC time 14% of the run > 10%"), "cur");
    Result r = run("compare", b.toString(), c.toString());
    assertThat(r.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(r.err())
        .contains("the current run's injector judged its numbers doubtful (GC time 14%")
        .contains("--allow-doubtful");
    assertThat(run("compare", b.toString(), c.toString(), "--allow-doubtful").code())
        .isEqualTo(GatlingMl.OK);
  }

  @Test
  void tooFewIntervalsAfterTheWarmUpExitWithTwo() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.0), "cur");
    Result r = run("compare", b.toString(), c.toString(), "--warm-up", "56s");
    assertThat(r.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(r.err())
        .contains(
            "the baseline has 4 interval(s) of 'chat' after a warm-up of 56.0 s, fewer than 5");
  }

  @Test
  void aMissingSummaryAndBadFlagsExitWithTwo() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Result missing = run("compare", b.toString(), dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(missing.err()).startsWith("gatling-ml: unusable input: ").contains("no such file");
    Result badPct = run("compare", b.toString(), b.toString(), "--max-p99-increase", "lots");
    assertThat(badPct.code()).isEqualTo(GatlingMl.USAGE);
    assertThat(badPct.err()).contains("--max-p99-increase: 'lots' is not a percentage");
    assertThat(run("compare", b.toString()).code()).isEqualTo(GatlingMl.USAGE);
    assertThat(run("compare", b.toString(), b.toString(), "--bogus").code())
        .isEqualTo(GatlingMl.USAGE);
  }

  @Test
  void helpListsTheFlagsAndExitCodes() {
    Result r = run("compare", "--help");
    assertThat(r.code()).isEqualTo(GatlingMl.OK);
    assertThat(r.out())
        .contains("--max-p99-increase", "--max-throughput-change", "--warm-up", "--junit")
        .contains("(default: 5%)")
        .contains("0   pass")
        .contains("1   regression")
        .contains("2   unusable input");
  }

  @Test
  void writesMarkdownJunitAndJson() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.10), "cur");
    Path md = dir.resolve("out/summary.md");
    Path xml = dir.resolve("out/junit.xml");
    Path json = dir.resolve("out/compare.json");
    Result r =
        run(
            "compare",
            b.toString(),
            c.toString(),
            "--markdown",
            md.toString(),
            "--junit",
            xml.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).isEqualTo(GatlingMl.REGRESSION);

    String markdown = Files.readString(md);
    assertThat(markdown)
        .startsWith("### gatling-ml compare: REGRESSION\n")
        .contains(
            "| request | metric | baseline | current | change | 95% CI | threshold | verdict |")
        .contains("|---|---|---:|---:|---:|---|---|---|")
        .containsPattern(
            "\\| classify grpc \\| p99 \\| [\\d.]+ ms \\| [\\d.]+ ms \\| \\+[\\d.]+% \\|"
                + " \\[\\+[\\d.]+%, \\+[\\d.]+%\\] \\| \\+5% \\| \\*\\*REGRESSION\\*\\* \\|");

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(7);
    assertThat(suite.getAttribute("tests")).isEqualTo("7");
    NodeList failures = doc.getElementsByTagName("failure");
    assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(failures.getLength()));
    assertThat(failures.getLength()).isBetween(1, 4);
    Element p99 = null;
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("classname").equals("gatling-ml.classify grpc")
          && e.getAttribute("name").equals("p99")) {
        p99 = e;
      }
    }
    assertThat(p99).isNotNull();
    Element failure = (Element) p99.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("REGRESSION");
    assertThat(failure.getAttribute("message")).startsWith("classify grpc p99: ").contains("+5%");

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.get("schema").asText()).isEqualTo("gatling-ml/compare/1");
    assertThat(root.get("verdict").asText()).isEqualTo("REGRESSION");
    assertThat(root.get("passed").asBoolean()).isFalse();
    assertThat(root.get("criteria").get("max_p99_increase").asDouble()).isEqualTo(0.05);
    assertThat(root.get("criteria").get("max_p50_increase").isNull()).isTrue();
    assertThat(root.get("results")).hasSize(7);
    JsonNode first = root.get("results").get(0);
    assertThat(first.fieldNames())
        .toIterable()
        .contains(
            "request",
            "metric",
            "method",
            "baseline",
            "current",
            "change",
            "change_ci_low",
            "change_ci_high",
            "threshold",
            "verdict");
  }
}
