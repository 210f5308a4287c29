/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data a report with a baseline overlaid embeds ({@code compare --html}, {@code report
 * --baseline}): the baseline's series, the comparison and both identities, checked against the
 * summaries' own numbers and a comparison computed here.
 */
class OverlayReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern DATA =
      Pattern.compile("<script type=\"application/json\" id=\"ml-data\">(.*?)</script>");

  @TempDir Path dir;

  private Path write(RunSummary s, String folder) throws Exception {
    Path file = dir.resolve(folder).resolve(SummaryWriter.FILE_NAME);
    Files.createDirectories(file.getParent());
    SummaryWriter.write(s, file);
    return file;
  }

  private static int run(String... args) {
    StringWriter err = new StringWriter();
    int code = run(err, args);
    assertThat(err.toString()).as("stderr").isEmpty();
    return code;
  }

  private static int run(StringWriter err, String... args) {
    return GatlingMl.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  private static JsonNode data(Path page) throws Exception {
    Matcher m = DATA.matcher(Files.readString(page));
    assertThat(m.find()).as("the page's data element").isTrue();
    return MAPPER.readTree(m.group(1));
  }

  /** Adds a {@code baseline} metadata block, as a baseline file meant for version control has. */
  private static void addMetadata(Path file, String commit) throws Exception {
    ObjectNode root = (ObjectNode) MAPPER.readTree(file.toFile());
    root.putObject("baseline").put("git_commit", commit).put("model_version", "3");
    MAPPER.writeValue(file.toFile(), root);
  }

  @Test
  void compareHtmlEmbedsTheBaselineSeriesTheComparisonAndBothIdentities() throws Exception {
    RunSummary baseline = SyntheticSummaries.steady(1, 1.0);
    RunSummary current = SyntheticSummaries.steady(2, 1.10);
    Path b = write(baseline, "base");
    Path c = write(current, "cur");
    addMetadata(b, "abc1234");
    Path page = dir.resolve("out").resolve("compare.html");

    int code =
        run("compare", b.toString(), c.toString(), "--warm-up", "5s", "--html", page.toString());

    assertThat(code).isEqualTo(GatlingMl.REGRESSION);
    JsonNode data = data(page);
    // both runs, each with its own id and start
    assertThat(data.at("/run/run_id").asText()).isEqualTo(current.runId());
    assertThat(data.at("/baseline/run_id").asText()).isEqualTo(baseline.runId());
    assertThat(data.at("/baseline/simulation").asText()).isEqualTo(baseline.simulation());
    assertThat(data.at("/baseline/start_epoch_ms").asLong()).isEqualTo(baseline.startEpochMs());
    assertThat(data.at("/baseline/metadata/git_commit").asText()).isEqualTo("abc1234");
    assertThat(data.at("/baseline/metadata/model_version").asText()).isEqualTo("3");
    assertThat(data.at("/run/metadata").size()).as("the current file has no block").isZero();

    // the baseline's series: one point per second from its own start, its own p99s in ms
    for (String name : List.of("classify grpc", "chat")) {
      List<RunSummary.TimePoint> points = baseline.timeseries().get(name);
      JsonNode t = data.at("/baseline/time/t");
      JsonNode p99 = data.at("/baseline/series/" + name + "/p99");
      assertThat(p99.size()).isEqualTo(points.size());
      for (int i = 0; i < points.size(); i++) {
        assertThat(t.get(i).asDouble()).isEqualTo(points.get(i).tMs() / 1000.0);
        assertThat(p99.get(i).asDouble()).isEqualTo(points.get(i).p99Us() / 1000.0);
        assertThat(data.at("/baseline/series/" + name + "/p50").get(i).asDouble())
            .isEqualTo(points.get(i).p50Us() / 1000.0);
        assertThat(data.at("/baseline/series/" + name + "/ok").get(i).asDouble())
            .isEqualTo((double) points.get(i).count() - points.get(i).ko());
      }
    }
    List<RunSummary.TimePoint> chat = baseline.timeseries().get("chat");
    assertThat(data.at("/baseline/series/chat/ttft_p99").get(7).asDouble())
        .isEqualTo(chat.get(7).ttftP99Us() / 1000.0);

    // the comparison: exactly the engine's numbers for the same inputs and criteria
    Comparison expected =
        Comparison.compare(
            baseline, current, Criteria.builder().warmUp(Duration.ofSeconds(5)).build());
    JsonNode cmp = data.get("comparison");
    assertThat(cmp.get("verdict").asText()).isEqualTo("REGRESSION");
    assertThat(cmp.get("passed").asBoolean()).isFalse();
    assertThat(cmp.at("/criteria/warm_up_ms").asLong()).isEqualTo(5_000);
    assertThat(cmp.at("/criteria/max_p99_increase").asDouble()).isEqualTo(0.05);
    assertThat(cmp.get("results").size()).isEqualTo(expected.results().size());
    for (int i = 0; i < expected.results().size(); i++) {
      Comparison.Result r = expected.results().get(i);
      JsonNode n = cmp.get("results").get(i);
      assertThat(n.get("request").asText()).isEqualTo(r.request());
      assertThat(n.get("metric").asText()).isEqualTo(r.metric().label());
      assertThat(n.get("verdict").asText()).isEqualTo(r.verdict().name());
      assertThat(n.get("baseline").asDouble()).isEqualTo(r.baseline());
      assertThat(n.get("current").asDouble()).isEqualTo(r.current());
      assertThat(n.get("change").asDouble()).isEqualTo(r.change());
      if (r.changeLow() == null) {
        assertThat(n.get("change_low").isNull()).isTrue();
      } else {
        assertThat(n.get("change_low").asDouble()).isEqualTo(r.changeLow());
        assertThat(n.get("change_high").asDouble()).isEqualTo(r.changeHigh());
      }
    }
    // a p99 row's baseline is the median of the baseline's own per-interval p99s after 5 s
    JsonNode p99Row = cmp.get("results").get(findRow(cmp, "classify grpc", "p99"));
    List<RunSummary.TimePoint> all = baseline.timeseries().get("classify grpc");
    double[] kept =
        all.subList(0, all.size() - 1).stream() // the last interval may be partial: left out
            .filter(p -> p.tMs() >= 5_000)
            .mapToDouble(p -> p.p99Us())
            .sorted()
            .toArray();
    double median =
        kept.length % 2 == 1
            ? kept[kept.length / 2]
            : (kept[kept.length / 2 - 1] + kept[kept.length / 2]) / 2;
    assertThat(p99Row.get("baseline").asDouble()).isEqualTo(median);
    assertThat(p99Row.get("verdict").asText()).isEqualTo("REGRESSION");
    assertThat(p99Row.get("change").asDouble()).isBetween(0.05, 0.20);
  }

  private static int findRow(JsonNode cmp, String request, String metric) {
    for (int i = 0; i < cmp.get("results").size(); i++) {
      JsonNode n = cmp.get("results").get(i);
      if (n.get("request").asText().equals(request) && n.get("metric").asText().equals(metric)) {
        return i;
      }
    }
    throw new AssertionError("no row " + request + " " + metric);
  }

  @Test
  void reportWithABaselineWritesTheOverlaidPageBesideTheSummary() throws Exception {
    RunSummary baseline = SyntheticSummaries.steady(1, 1.0);
    RunSummary current = SyntheticSummaries.steady(2, 1.0);
    Path b = write(baseline, "base");
    Path c = write(current, "cur");
    addMetadata(c, "def5678");

    int code = run("report", c.getParent().toString(), "--baseline", b.toString());

    assertThat(code).isEqualTo(GatlingMl.OK);
    JsonNode data = data(c.resolveSibling("ml-report.html"));
    assertThat(data.at("/comparison/verdict").asText()).isEqualTo("NO_SIGNIFICANT_CHANGE");
    assertThat(data.at("/run/metadata/git_commit").asText()).isEqualTo("def5678");
    assertThat(data.at("/baseline/metadata").size()).isZero();
    assertThat(data.at("/baseline/run_id").asText()).isEqualTo(baseline.runId());
  }

  @Test
  void aReportWithoutBaselineHasNoComparison() throws Exception {
    Path c = write(SyntheticSummaries.steady(2, 1.0), "cur");
    assertThat(run("report", c.toString())).isEqualTo(GatlingMl.OK);
    JsonNode data = data(c.resolveSibling("ml-report.html"));
    assertThat(data.has("baseline")).isFalse();
    assertThat(data.has("comparison")).isFalse();
  }

  @Test
  void aBaselineThatCannotBeComparedIsRejectedWithTheReason() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.0, "event-loop lag p99 30 ms"), "cur");
    StringWriter err = new StringWriter();
    int code = run(err, "report", c.toString(), "--baseline", b.toString());
    assertThat(code).isEqualTo(GatlingMl.REJECTED);
    assertThat(err.toString())
        .contains("cannot compare with the baseline")
        .contains("doubtful")
        .contains("event-loop lag p99 30 ms");
  }
}
