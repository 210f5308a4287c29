/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.compare.Baseline;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatling-ml baseline save|show}, {@code compare} on baseline files, per-name criteria, the
 * criteria file and warm-up by requests, through the command line; the git metadata's sources.
 */
class BaselineCommandTest {
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
  void saveWritesTheSummaryWithItsMetadataAndShowPrintsIt() throws Exception {
    Path summary = write(SyntheticSummaries.steady(1, 1.0), "run");
    Path file = dir.resolve("baselines/suite.json");
    Result r =
        run(
            "baseline",
            "save",
            summary.getParent().toString(),
            "-o",
            file.toString(),
            "--note",
            "nightly",
            "--model-version",
            "chat=7",
            "--model-version",
            "1");
    assertThat(r.code()).as(r.err()).isEqualTo(GatlingMl.OK);
    assertThat(r.out()).contains("baseline written to", "simulation SteadySimulation");

    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("schema").asText()).isEqualTo("gatling-ml/baseline/1");
    JsonNode m = root.path("metadata");
    assertThat(m.path("simulation").asText()).isEqualTo("SteadySimulation");
    assertThat(m.path("run_id").asText()).isEqualTo("steady-1");
    assertThat(m.path("injector").path("host").asText()).isEqualTo("injector-0");
    assertThat(m.path("injector").path("cpus").asInt()).isEqualTo(4);
    assertThat(m.path("note").asText()).isEqualTo("nightly");
    assertThat(m.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    // a named version wins over the one for every name
    assertThat(m.path("models").path("chat").path("version").asText()).isEqualTo("7");
    assertThat(m.path("models").path("classify grpc").path("version").asText()).isEqualTo("1");
    assertThat(m.path("models").path("classify grpc").path("model").asText()).isEqualTo("m");
    // the commit is whatever CI or git in the working directory says, absent without either
    GitInfo git = GitInfo.detect(System.getenv(), Path.of("").toAbsolutePath());
    if (git.commit() == null) {
      assertThat(m.has("git")).isFalse();
    } else {
      assertThat(m.path("git").path("commit").asText()).isEqualTo(git.commit());
    }
    assertThat(Baseline.read(file).summary()).isEqualTo(SyntheticSummaries.steady(1, 1.0));

    Result show = run("baseline", "show", file.toString());
    assertThat(show.code()).as(show.err()).isEqualTo(GatlingMl.OK);
    RunSummary.RequestSummary chat = SyntheticSummaries.steady(1, 1.0).requests().get("chat");
    assertThat(show.out())
        .contains("baseline: ", "simulation SteadySimulation, run steady-1, note: nightly")
        .contains("injector injector-0 (4 cpus), verdict trustworthy")
        .contains("chat: " + chat.count() + " requests, 0.00% KO")
        .contains("model m version 7");
  }

  @Test
  void saveRefusesAModelVersionForANameTheRunDoesNotHave() throws Exception {
    Path summary = write(SyntheticSummaries.steady(1, 1.0), "run");
    Result r =
        run(
            "baseline",
            "save",
            summary.toString(),
            "-o",
            dir.resolve("b.json").toString(),
            "--model-version",
            "classify=2");
    assertThat(r.code()).isEqualTo(GatlingMl.REJECTED);
    assertThat(r.err())
        .contains("--model-version classify=2: the run has no request named 'classify'")
        .contains("[chat, classify grpc]");
  }

  @Test
  void compareTakesABaselineFileAndSaysWhereItCameFrom() throws Exception {
    RunSummary s = SyntheticSummaries.steady(1, 1.0);
    Path file = dir.resolve("b.json");
    Baseline.of(
            s,
            Baseline.metadataOf(
                s,
                "abcdef1234567890",
                "main",
                null,
                null,
                Map.of(),
                java.time.Instant.parse("2026-11-29T10:00:00Z")))
        .write(file);
    Path current = write(SyntheticSummaries.steady(2, 1.0), "cur");
    Result r = run("compare", file.toString(), current.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(GatlingMl.OK);
    assertThat(r.out())
        .contains(
            "baseline: commit abcdef123456 on main, 2026-11-29, simulation SteadySimulation, run"
                + " steady-1");
    // the CI outputs say it too
    Path md = dir.resolve("compare.md");
    Path json = dir.resolve("compare.json");
    run(
        "compare",
        file.toString(),
        current.toString(),
        "--markdown",
        md.toString(),
        "--json",
        json.toString());
    assertThat(Files.readString(md)).contains("Baseline: commit abcdef123456 on main, 2026-11-29");
    assertThat(new ObjectMapper().readTree(json.toFile()).path("baseline_info").asText())
        .startsWith("commit abcdef123456 on main, 2026-11-29, simulation SteadySimulation");
    Result slower =
        run(
            "compare",
            file.toString(),
            write(SyntheticSummaries.steady(2, 1.10), "slow").toString());
    assertThat(slower.code()).isEqualTo(GatlingMl.REGRESSION);
  }

  @Test
  void aPerNameCriterionLetsOneNameChangeMore() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.10), "cur");
    // p99 +10% on both names (seeded: +11.7% on classify grpc, significant; +5.0% on chat, not);
    // chat's TTFT check off so that p99 alone decides
    Result strict = run("compare", b.toString(), c.toString(), "--criterion", "chat:ttft_p99=off");
    assertThat(strict.code()).isEqualTo(GatlingMl.REGRESSION);
    assertThat(strict.out()).contains("1 of 6 checks regressed (classify grpc p99 +11.7%)");
    Result lenient =
        run(
            "compare",
            b.toString(),
            c.toString(),
            "--criterion",
            "chat:ttft_p99=off",
            "--criterion",
            "classify grpc:p99=20%");
    assertThat(lenient.code()).as(lenient.out()).isEqualTo(GatlingMl.OK);
    assertThat(lenient.out())
        .containsPattern("classify grpc +p99 .* \\+20% +NO_SIGNIFICANT_CHANGE");
    Result typo = run("compare", b.toString(), c.toString(), "--criterion", "clasify grpc:p99=20%");
    assertThat(typo.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(typo.err())
        .contains("the criteria name request(s) [clasify grpc] that neither run has");
    Result badMetric = run("compare", b.toString(), c.toString(), "--criterion", "chat:p98=5%");
    assertThat(badMetric.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(badMetric.err())
        .contains("--criterion 'chat:p98=5%': 'p98' is not a metric: use one of p50, p95, p99");
    Result noValue = run("compare", b.toString(), c.toString(), "--criterion", "chat:p99");
    assertThat(noValue.err()).contains("give [NAME:]METRIC=PCT");
  }

  @Test
  void aCriteriaFileIsReadAndFlagsOverrideIt() throws Exception {
    Path b = write(SyntheticSummaries.steady(1, 1.0), "base");
    Path c = write(SyntheticSummaries.steady(2, 1.10), "cur");
    Path criteria = dir.resolve("regression.json");
    Files.writeString(
        criteria,
        """
        {
          "warm_up": "500req",
          "thresholds": {"p99": "20%", "ttft_p99": "20%", "tokens_per_s": "10%"},
          "requests": {"chat": {"p99": "25%"}}
        }
        """);
    Result r = run("compare", b.toString(), c.toString(), "--criteria", criteria.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(GatlingMl.OK);
    // 500 requests at about 200 a second: the first three intervals are left out
    assertThat(r.out()).contains("after a warm-up of 500 requests", "tokens_per_s");
    Result flagged =
        run(
            "compare",
            b.toString(),
            c.toString(),
            "--criteria",
            criteria.toString(),
            "--max-p99-increase",
            "5%");
    assertThat(flagged.code()).isEqualTo(GatlingMl.REGRESSION);
    // the file's override of chat still holds over the global flag
    assertThat(flagged.out()).contains("classify grpc p99 +").doesNotContain("chat p99 +");

    Files.writeString(criteria, "{\"thresholds\": {\"p99\": \"5 percent\"}}");
    Result bad = run("compare", b.toString(), c.toString(), "--criteria", criteria.toString());
    assertThat(bad.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(bad.err().strip())
        .isEqualTo(
            "gatling-ml: "
                + criteria
                + ": thresholds.p99: '5 percent' is not a percentage: give e.g. 5% (or off to"
                + " skip the check)");
    Result missing =
        run("compare", b.toString(), c.toString(), "--criteria", dir.resolve("no.json").toString());
    assertThat(missing.code()).isEqualTo(GatlingMl.UNUSABLE);
    assertThat(missing.err()).contains("no.json: cannot be read");
  }

  @Test
  void gitMetadataComesFromCiVariablesThenGitThenNowhere() throws Exception {
    Path notARepo = Files.createDirectories(dir.resolve("plain"));
    assertThat(
            GitInfo.detect(
                Map.of("GITHUB_SHA", "aaa", "GITHUB_REF_NAME", "main", "CI_COMMIT_SHA", "bbb"),
                notARepo))
        .isEqualTo(new GitInfo("aaa", "main"));
    assertThat(
            GitInfo.detect(
                Map.of("CI_COMMIT_SHA", "bbb", "CI_COMMIT_REF_NAME", "release-2"), notARepo))
        .isEqualTo(new GitInfo("bbb", "release-2"));
    // a folder under /tmp is no repository: nothing, and no failure
    assertThat(GitInfo.detect(Map.of(), notARepo)).isEqualTo(new GitInfo(null, null));

    Path repo = Files.createDirectories(dir.resolve("repo"));
    git(repo, "init", "-q", "-b", "trunk");
    Files.writeString(repo.resolve("f"), "x");
    git(repo, "add", "f");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
    String head = git(repo, "rev-parse", "HEAD");
    assertThat(GitInfo.detect(Map.of(), repo)).isEqualTo(new GitInfo(head, "trunk"));
    git(repo, "checkout", "-q", "--detach");
    assertThat(GitInfo.detect(Map.of(), repo)).isEqualTo(new GitInfo(head, null));
  }

  private static String git(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
