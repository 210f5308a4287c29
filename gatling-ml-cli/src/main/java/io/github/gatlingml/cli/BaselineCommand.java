/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import io.github.gatlingml.compare.Baseline;
import io.github.gatlingml.metrics.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatling-ml baseline save|show}: baseline files meant for version control. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    versionProvider = GatlingMl.Version.class,
    description = {
      "Baseline files: a run's summary (the part a comparison needs) with where it came from"
          + " (commit, branch, date, injector, models, a note), for version control.",
    },
    subcommands = {BaselineCommand.Save.class, BaselineCommand.Show.class})
final class BaselineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return GatlingMl.USAGE;
  }

  /** Reads a baseline file, a summary, or the summary in a folder, naming the file in any error. */
  static Baseline read(Path path) throws GatlingMl.Rejected {
    return GatlingMl.readInput(
        path, "is it a gatling-ml ml-summary.json or baseline file?", Baseline::read);
  }

  /** What a baseline's run was, in one line. */
  static String describe(Baseline b) {
    return b.fromSummary()
        ? "a run summary without baseline metadata: " + b.metadata().describe()
        : b.metadata().describe();
  }

  /** {@code gatling-ml baseline save}. */
  @Command(
      name = "save",
      mixinStandardHelpOptions = true,
      versionProvider = GatlingMl.Version.class,
      description = {
        "Saves a run summary as a baseline file. The commit and branch come from GITHUB_SHA and"
            + " GITHUB_REF_NAME, else CI_COMMIT_SHA and CI_COMMIT_REF_NAME, else git in the"
            + " working directory, else they are left out.",
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:baseline written",
        "1:the summary was rejected or the file could not be written",
        "2:usage error"
      })
  static final class Save implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "SUMMARY",
        description = "an ml-summary.json, or a folder holding one (e.g. Gatling's run folder)")
    Path summary;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        required = true,
        description = "the baseline file to write, e.g. baselines/regression-suite.json")
    Path output;

    @Option(names = "--note", paramLabel = "TEXT", description = "free text kept in the file")
    String note;

    @Option(
        names = "--model-version",
        paramLabel = "[NAME=]VERSION",
        description =
            "the model version of request NAME (the summary does not record versions);"
                + " without NAME= for every request name; repeatable")
    List<String> modelVersions = new ArrayList<>();

    /** The environment git metadata is read from; tests replace it. */
    Map<String, String> env = System.getenv();

    /** Where {@code git rev-parse} runs; tests replace it. */
    Path workDir = Path.of("").toAbsolutePath();

    @Override
    public Integer call() throws GatlingMl.Rejected {
      PrintWriter out = spec.commandLine().getOut();
      Baseline source = read(summary);
      RunSummary s = source.summary();
      Map<String, String> versions = new TreeMap<>();
      for (String v : modelVersions) {
        int eq = v.lastIndexOf('=');
        if (eq < 0) {
          s.requests().keySet().forEach(name -> versions.putIfAbsent(name, v));
        } else {
          String name = v.substring(0, eq);
          if (!s.requests().containsKey(name)) {
            throw new GatlingMl.Rejected(
                "--model-version "
                    + v
                    + ": the run has no request named '"
                    + name
                    + "': use one of "
                    + s.requests().keySet());
          }
          versions.put(name, v.substring(eq + 1));
        }
      }
      GitInfo git = GitInfo.detect(env, workDir);
      String version = GatlingMl.class.getPackage().getImplementationVersion();
      Baseline b =
          Baseline.of(
              s,
              Baseline.metadataOf(
                  s,
                  git.commit(),
                  git.branch(),
                  version,
                  note,
                  versions,
                  Instant.now().truncatedTo(ChronoUnit.SECONDS)));
      try {
        b.write(output);
      } catch (IOException e) {
        throw new GatlingMl.Rejected("cannot write " + output + ": " + e);
      }
      out.println(
          "gatling-ml: baseline written to "
              + output.toAbsolutePath().normalize()
              + " ("
              + b.metadata().describe()
              + ")");
      return GatlingMl.OK;
    }
  }

  /** {@code gatling-ml baseline show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = GatlingMl.Version.class,
      description = {
        "Prints a baseline's metadata and each request name's headline numbers (whole run)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:shown", "1:the file was rejected", "2:usage error"})
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "a baseline file, or an ml-summary.json (or a folder holding one)")
    Path file;

    @Override
    public Integer call() throws GatlingMl.Rejected {
      PrintWriter out = spec.commandLine().getOut();
      Baseline b = read(file);
      Baseline.Metadata m = b.metadata();
      RunSummary s = b.summary();
      out.println("baseline: " + describe(b));
      out.printf(
          Locale.ROOT,
          "  injector %s (%d cpus), verdict %s; gatling-ml %s%n",
          m.injectorHost(),
          m.injectorCpus(),
          s.injector().verdict(),
          m.gatlingMlVersion() == null ? "unknown" : m.gatlingMlVersion());
      out.printf(
          Locale.ROOT,
          "  %.1f s, %d-ms intervals, %s load%n",
          s.durationMs() / 1000.0,
          s.intervalMs(),
          s.load() != null && s.load().offeredArrivals() != null ? "open" : "closed");
      for (Map.Entry<String, RunSummary.RequestSummary> e : s.requests().entrySet()) {
        RunSummary.RequestSummary r = e.getValue();
        Baseline.Model model = m.models().get(e.getKey());
        StringBuilder line =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "  %s: %d requests, %.2f%% KO, %.1f req/s",
                    e.getKey(),
                    r.count(),
                    r.errorRate() * 100,
                    r.throughputRps()));
        if (r.latencyUs() != null) {
          line.append(
              String.format(
                  Locale.ROOT,
                  ", p50 %.2f ms, p99 %.2f ms",
                  r.latencyUs().p50() / 1000.0,
                  r.latencyUs().p99() / 1000.0));
        }
        if (r.stream() != null) {
          if (r.stream().ttftUs() != null) {
            line.append(
                String.format(
                    Locale.ROOT, ", TTFT p99 %.2f ms", r.stream().ttftUs().p99() / 1000.0));
          }
          line.append(
              String.format(
                  Locale.ROOT,
                  ", %.1f tokens/s, goodput %.1f/s",
                  r.stream().outputTokensPerS(),
                  r.stream().goodputRps()));
        }
        if (model != null && model.name() != null) {
          line.append(", model ").append(model.name());
          if (model.version() != null) {
            line.append(" version ").append(model.version());
          }
        }
        out.println(line);
      }
      return GatlingMl.OK;
    }
  }
}
