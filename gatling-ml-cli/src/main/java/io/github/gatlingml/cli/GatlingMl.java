/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.MergeCheck;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.report.MlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code gatling-ml} command: {@code report} writes the ML report of a summary, {@code merge}
 * merges several injectors' summaries exactly and writes the merged summary and its report.
 *
 * <p>Exit codes: {@value #OK} done; {@value #REJECTED} an input was rejected (missing, unreadable,
 * not a summary, summaries that cannot be merged) or an output could not be written; {@value
 * #USAGE} the command line itself is wrong (unknown option, missing argument).
 */
@Command(
    name = "gatling-ml",
    mixinStandardHelpOptions = true,
    versionProvider = GatlingMl.Version.class,
    description = "Reports and merges gatling-ml run summaries (ml-summary.json).",
    subcommands = {GatlingMl.Report.class, GatlingMl.Merge.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:an input was rejected (missing, unreadable, not a summary, summaries that cannot be"
          + " merged) or an output could not be written",
      "2:usage error (unknown option, missing or extra argument)"
    },
    footer = {"", "Documentation: docs/cli.md in the gatling-ml repository."})
public final class GatlingMl implements Callable<Integer> {
  /** The command did its job. */
  public static final int OK = 0;

  /** An input was rejected, or an output could not be written. */
  public static final int REJECTED = 1;

  /** The command line is wrong. */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  /**
   * Runs the command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command without exiting.
   *
   * @param args the command line
   * @param out where results go
   * @param err where warnings and errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new GatlingMl());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("gatling-ml: " + message(e));
          return REJECTED;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String message(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** Reads a summary, or the summary in a folder, naming the file in any error. */
  static RunSummary read(Path path) throws Rejected {
    Path file = Files.isDirectory(path) ? path.resolve(SummaryWriter.FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      throw new Rejected(file + ": no such file");
    }
    try {
      return SummaryReader.read(file);
    } catch (IOException e) {
      throw new Rejected(file + ": cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new Rejected(
          (m.startsWith(file.toString()) ? m : file + ": " + m)
              + " (is it a gatling-ml ml-summary.json?)");
    }
  }

  static Path writeReport(RunSummary summary, Path dir, PrintWriter out) throws Rejected {
    try {
      Path page = MlReport.write(summary, dir);
      out.println("gatling-ml: ML report written to " + page.toAbsolutePath().normalize());
      return page;
    } catch (IOException e) {
      throw new Rejected("cannot write the ML report into " + dir + ": " + e);
    }
  }

  /** An input rejected or an output not written: exit code 1 with this message. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  /** {@code gatling-ml report}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      versionProvider = GatlingMl.Version.class,
      description = {
        "Writes the ML report (ml-report.html) of a run summary: one self-contained HTML page"
            + " that opens from disk with no network.",
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:report written",
        "1:the summary was rejected (missing, unreadable, not a summary) or the report could not"
            + " be written",
        "2:usage error"
      })
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "SUMMARY",
        description = "an ml-summary.json, or a folder holding one (e.g. Gatling's run folder)")
    Path summary;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "DIR",
        description = "folder to write ml-report.html into (default: the summary's folder)")
    Path output;

    @Override
    public Integer call() throws Rejected {
      RunSummary s = read(summary);
      Path file = Files.isDirectory(summary) ? summary.resolve(SummaryWriter.FILE_NAME) : summary;
      Path dir = output != null ? output : file.toAbsolutePath().getParent();
      writeReport(s, dir, spec.commandLine().getOut());
      return OK;
    }
  }

  /** {@code gatling-ml merge}. */
  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      versionProvider = GatlingMl.Version.class,
      description = {
        "Merges the summaries of several injectors of one run into the summary of the whole run,"
            + " exactly: counts add up and percentiles are recomputed from the summed"
            + " HdrHistograms. Writes the merged summary and its ML report beside it.",
        "Refuses summaries of different simulations or intervals, and (unless --allow-partial)"
            + " a set that is not one whole run: different run ids, or injector indices missing"
            + " or given twice. Prints each part's start and"
            + " warns when the parts started further apart than one interval (clock skew between"
            + " injectors, or parts of different runs).",
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:merged summary and report written",
        "1:a summary was rejected (missing, unreadable, not a summary, cannot be merged with the"
            + " others, not one whole run) or an output could not be written",
        "2:usage error"
      })
  static final class Merge implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "SUMMARY",
        description = "the injectors' ml-summary.json files (or folders holding one)")
    List<Path> summaries;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        required = true,
        description = "the merged summary to write, e.g. merged/ml-summary.json")
    Path output;

    @Option(names = "--no-report", description = "write only the merged summary, not its ML report")
    boolean noReport;

    @Option(
        names = "--allow-partial",
        description =
            "merge even when injectors are missing or duplicated, or the run ids differ (each is"
                + " then a warning)")
    boolean allowPartial;

    @Override
    public Integer call() throws Rejected {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<RunSummary> parts = new ArrayList<>();
      for (Path p : summaries) {
        parts.add(read(p));
      }
      RunSummary merged;
      try {
        merged = RunSummary.merge(parts);
      } catch (IllegalArgumentException e) {
        throw new Rejected("cannot merge: " + e.getMessage());
      }
      long earliest = parts.stream().mapToLong(RunSummary::startEpochMs).min().orElseThrow();
      long latest = parts.stream().mapToLong(RunSummary::startEpochMs).max().orElseThrow();
      out.printf(
          Locale.ROOT,
          "gatling-ml: merging %d summaries of %s%n",
          parts.size(),
          merged.simulation());
      for (int i = 0; i < parts.size(); i++) {
        RunSummary p = parts.get(i);
        out.printf(
            Locale.ROOT,
            "  %s: run %s on %s, start %s (+%.3f s), %.1f s, %d requests%s%n",
            summaries.get(i),
            p.runId(),
            p.injector().host(),
            Instant.ofEpochMilli(p.startEpochMs()),
            (p.startEpochMs() - earliest) / 1000.0,
            p.durationMs() / 1000.0,
            p.requests().values().stream().mapToLong(RunSummary.RequestSummary::count).sum(),
            p.complete() ? "" : ", incomplete");
      }
      long spread = latest - earliest;
      out.printf(Locale.ROOT, "  start spread: %.3f s%n", spread / 1000.0);
      if (spread > merged.intervalMs()) {
        err.printf(
            Locale.ROOT,
            "gatling-ml: warning: the parts started %.3f s apart, more than one interval (%d ms):"
                + " their time series are aligned on each injector's clock, so if the injectors"
                + " started together their clocks are skewed (sync them with NTP); if they did not,"
                + " check that these parts are of one run%n",
            spread / 1000.0,
            merged.intervalMs());
      }
      // Run ids and injector indices (the start spread and incomplete parts are warned above). A
      // merge of the wrong parts would look like a whole run: refuse it unless asked for.
      List<String> partial = new ArrayList<>();
      for (MergeCheck.Problem problem : MergeCheck.check(parts)) {
        if (problem.kind() == MergeCheck.Kind.CLOCK_SKEW
            || problem.kind() == MergeCheck.Kind.INCOMPLETE) {
          continue;
        }
        if (allowPartial) {
          err.println("gatling-ml: warning: " + problem.message());
        } else {
          partial.add(problem.message());
        }
      }
      if (!partial.isEmpty()) {
        throw new Rejected(
            "these summaries are not one whole run: "
                + String.join("; ", partial)
                + ". Give every injector's summary, or pass --allow-partial to merge them anyway");
      }
      for (int i = 0; i < parts.size(); i++) {
        if (!parts.get(i).complete()) {
          err.println(
              "gatling-ml: warning: "
                  + summaries.get(i)
                  + " is not the final summary of a run that ended normally: the merge is"
                  + " incomplete");
        }
      }
      try {
        SummaryWriter.write(merged, output);
      } catch (IOException e) {
        throw new Rejected("cannot write " + output + ": " + e);
      }
      out.println("gatling-ml: merged summary written to " + output.toAbsolutePath().normalize());
      if (!noReport) {
        writeReport(merged, output.toAbsolutePath().getParent(), out);
      }
      return OK;
    }
  }

  /** The version from the jar's manifest, when built. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GatlingMl.class.getPackage().getImplementationVersion();
      return new String[] {"gatling-ml " + (v != null ? v : "(development build)")};
    }
  }
}
