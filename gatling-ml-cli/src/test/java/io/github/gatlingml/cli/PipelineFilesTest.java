/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.gatlingml.compare.Baseline;
import io.github.gatlingml.compare.Criteria;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No CI runner or Docker is reachable here, so the pipelines are parsed and held to the repository:
 * both CI files and the container run {@code ci/regression.sh}; that script runs a simulation that
 * exists with properties it reads, calls {@code gatling-ml} with flags the command line has, and
 * names a baseline and a criteria file that are in the repository and compare cleanly with each
 * other; the CI files publish the JUnit file and the Markdown the script writes.
 */
class PipelineFilesTest {
  private static final Path REPO = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SCRIPT = "ci/regression.sh";

  /** The script's logical lines: continuations joined, comments dropped. */
  private static List<String> scriptLines() throws Exception {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(REPO.resolve(SCRIPT))) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      out.add(current.toString().replaceAll("\\s+", " ").strip());
      current.setLength(0);
    }
    return out;
  }

  private static String lineWith(String text) throws Exception {
    return scriptLines().stream()
        .filter(l -> l.contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError(SCRIPT + " has no line with " + text));
  }

  /** {@code name="${ENV:-default}"}: the default. */
  private static String scriptDefault(String variable) throws Exception {
    Matcher m =
        Pattern.compile(variable + "=\"\\$\\{[A-Z_]+:-([^}]+)}\"")
            .matcher(lineWith(variable + "="));
    assertThat(m.find()).as(variable).isTrue();
    return m.group(1);
  }

  private static List<String> flags(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?<=\\s)(--?[a-z][a-z0-9-]*)").matcher(line);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static void assertFlagsExist(String line, String... subcommand) {
    CommandLine cl = new CommandLine(new GatlingMl());
    for (String s : subcommand) {
      cl = cl.getSubcommands().get(s);
    }
    List<String> flags = flags(line);
    assertThat(flags).as(line).isNotEmpty();
    for (String flag : flags) {
      assertThat(cl.getCommandSpec().findOption(flag))
          .as("gatling-ml " + String.join(" ", subcommand) + " " + flag)
          .isNotNull();
    }
  }

  @Test
  void theScriptRunsASimulationThatExistsWithPropertiesItReads() throws Exception {
    String mvn = lineWith("gatling:test");
    Matcher sim = Pattern.compile("-Dgatling\\.simulationClass=([\\w.]+)").matcher(mvn);
    assertThat(sim.find()).isTrue();
    String className = sim.group(1);
    Path source =
        REPO.resolve("simulations/src/test/java").resolve(className.replace('.', '/') + ".java");
    assertThat(source).exists();
    String code = Files.readString(source);
    Matcher prop = Pattern.compile("-D(ml\\.[\\w.]+)=").matcher(mvn);
    int props = 0;
    while (prop.find()) {
      assertThat(code)
          .as("the simulation reads " + prop.group(1))
          .contains('"' + prop.group(1) + '"');
      props++;
    }
    assertThat(props).isGreaterThan(2);
    // the run folder the script picks is the one Gatling names after the simulation
    String simple = className.substring(className.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    assertThat(lineWith("ls -dt")).contains("simulations/target/gatling/" + simple + "-*");
  }

  @Test
  void theScriptCallsTheCommandLineWithFlagsItHas() throws Exception {
    assertFlagsExist(lineWith("bin/gatling-ml compare"), "compare");
    assertFlagsExist(lineWith("bin/gatling-ml baseline save"), "baseline", "save");
    assertThat(REPO.resolve("bin/gatling-ml")).isExecutable();
    assertThat(REPO.resolve(SCRIPT)).isExecutable();
  }

  @Test
  void theCommittedBaselineAndCriteriaReadAndComparePassOnTheBaselineItself() throws Exception {
    Path baseline = REPO.resolve(scriptDefault("baseline"));
    Path criteria = REPO.resolve(scriptDefault("criteria"));
    Baseline b = Baseline.read(baseline);
    assertThat(b.fromSummary()).as("a baseline file, with metadata").isFalse();
    assertThat(b.metadata().gitCommit()).as("made from a commit").isNotNull();
    assertThat(b.summary().simulation()).isEqualToIgnoringCase("BaselineLatencySimulation");
    assertThat(Criteria.read(criteria).build().allowDoubtful())
        .as("CI compares trustworthy runs only")
        .isFalse();
    // The same inputs as the pipeline: enough intervals after the warm-up, and per-name overrides
    // naming request names the baseline has. A baseline recorded on a busy machine is judged
    // doubtful by its injector (its note must say so): CI would refuse it (exit 2) until one is
    // recorded on the runner, as docs/regression.md tells; such a one is compared anyway here to
    // check the rest.
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare",
                baseline.toString(),
                baseline.toString(),
                "--criteria",
                criteria.toString()));
    if (b.summary().injector().verdict().equals("doubtful")) {
      assertThat(b.metadata().note()).contains("doubtful");
      args.add("--allow-doubtful");
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        GatlingMl.run(args.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(out + "\n" + err).isEqualTo(GatlingMl.OK);
    assertThat(out.toString()).contains("NO_SIGNIFICANT_CHANGE");
  }

  @Test
  void githubActionsRunsTheScriptOnJdk17AndPublishesItsOutputs() throws Exception {
    JsonNode wf = YAML.readTree(REPO.resolve(".github/workflows/regression.yml").toFile());
    JsonNode job = wf.path("jobs").path("regression");
    assertThat(job.isObject()).isTrue();
    String out = scriptDefault("out");
    assertThat(job.path("env").path("GATLING_ML_OUT").asText()).isEqualTo(out);
    List<JsonNode> steps = new ArrayList<>();
    job.path("steps").forEach(steps::add);
    JsonNode java = step(steps, "uses", "actions/setup-java");
    assertThat(java.path("with").path("java-version").asText()).isEqualTo("17");
    JsonNode run = step(steps, "run", SCRIPT);
    assertThat(run.has("if")).as("a failed comparison fails the job").isFalse();
    JsonNode summary = step(steps, "run", "GITHUB_STEP_SUMMARY");
    assertThat(summary.path("if").asText()).isEqualTo("always()");
    assertThat(summary.path("run").asText()).contains(out + "/compare.md");
    JsonNode junit = step(steps, "uses", "action-junit-report");
    assertThat(junit.path("if").asText()).isEqualTo("always()");
    assertThat(junit.path("with").path("report_paths").asText())
        .isEqualTo(out + "/compare-junit.xml");
    JsonNode upload = step(steps, "uses", "actions/upload-artifact");
    assertThat(upload.path("if").asText()).isEqualTo("always()");
    assertThat(upload.path("with").path("path").asText()).contains(out + "/");
    // the steps that ran the suite come before the ones that report it
    assertThat(steps.indexOf(run)).isLessThan(steps.indexOf(summary));
    // "save" mode is the script's
    assertThat(wf.path("on").path("workflow_dispatch").path("inputs").path("mode").path("options"))
        .extracting(JsonNode::asText)
        .containsExactly("compare", "save");
    assertThat(lineWith("\"save\" ]]")).contains("mode");
  }

  private static JsonNode step(List<JsonNode> steps, String field, String contains) {
    return steps.stream()
        .filter(s -> s.path(field).asText().contains(contains))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step whose " + field + " has " + contains));
  }

  @Test
  void gitlabRunsTheScriptOnJdk17AndReportsItsJunit() throws Exception {
    JsonNode job =
        YAML.readTree(REPO.resolve("ci/gitlab-regression.yml").toFile()).path("regression");
    assertThat(job.path("image").asText()).contains(":17-jdk");
    String out = scriptDefault("out");
    assertThat(job.path("variables").path("GATLING_ML_OUT").asText()).isEqualTo(out);
    List<String> script = new ArrayList<>();
    job.path("script").forEach(s -> script.add(s.asText()));
    assertThat(script).anyMatch(s -> s.startsWith(SCRIPT));
    assertThat(job.path("artifacts").path("when").asText()).isEqualTo("always");
    assertThat(job.path("artifacts").path("reports").path("junit").asText())
        .isEqualTo(out + "/compare-junit.xml");
    assertThat(job.has("allow_failure")).as("a regression fails the pipeline").isFalse();
  }

  @Test
  void theContainerHasJdk17TheProjectBuiltAndRunsTheScript() throws Exception {
    List<String> lines = Files.readAllLines(REPO.resolve("deploy/regression/Dockerfile"));
    String text = String.join("\n", lines);
    assertThat(lines).anyMatch(l -> l.matches("FROM eclipse-temurin:17-jdk\\s*"));
    assertThat(text).contains("-pl gatling-ml-cli,simulations -am package");
    assertThat(lines).anyMatch(l -> l.equals("ENTRYPOINT [\"" + SCRIPT + "\"]"));
  }
}
