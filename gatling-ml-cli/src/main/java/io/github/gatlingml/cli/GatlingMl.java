/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Comparison.Metric;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.MergeCheck;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.report.MlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code gatling-ml} command: {@code report} writes the ML report of a summary, {@code merge}
 * merges several injectors' summaries exactly and writes the merged summary and its report, {@code
 * compare} judges a run against a baseline (the CI regression guard).
 *
 * <p>Exit codes: {@value #OK} done; {@value #REJECTED} an input was rejected (missing, unreadable,
 * not a summary, summaries that cannot be merged) or an output could not be written; {@value
 * #USAGE} the command line itself is wrong (unknown option, missing argument). {@code compare} has
 * its own: {@value #OK} pass, {@value #REGRESSION} regression, {@value #UNUSABLE} unusable input or
 * usage error.
 */
@Command(
    name = "gatling-ml",
    mixinStandardHelpOptions = true,
    versionProvider = GatlingMl.Version.class,
    description = "Reports, merges and compares gatling-ml run summaries (ml-summary.json).",
    subcommands = {
      GatlingMl.Report.class,
      GatlingMl.Merge.class,
      GatlingMl.Compare.class,
      BaselineCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:an input was rejected (missing, unreadable, not a summary, summaries that cannot be"
          + " merged) or an output could not be written",
      "2:usage error (unknown option, missing or extra argument)",
      "compare exits 0 pass, 1 regression, 2 unusable input or usage error (see compare --help)"
    },
    footer = {"", "Documentation: docs/cli.md in the gatling-ml repository."})
public final class GatlingMl implements Callable<Integer> {
  /** The command did its job. */
  public static final int OK = 0;

  /** An input was rejected, or an output could not be written. */
  public static final int REJECTED = 1;

  /** The command line is wrong. */
  public static final int USAGE = 2;

  /** {@code compare}: the current run regressed against the baseline. */
  public static final int REGRESSION = 1;

  /**
   * {@code compare}: the inputs cannot be compared (or the command line is wrong), so no verdict;
   * never 1, which a CI job reads as a regression.
   */
  public static final int UNUSABLE = 2;

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
    return readInput(path, "is it a gatling-ml ml-summary.json?", SummaryReader::read);
  }

  /** How an input file is parsed: an unreadable file throws, a wrong one names its bad field. */
  interface InputParser<T> {
    T parse(Path file) throws IOException;
  }

  /**
   * Reads an input file, or the ml-summary.json in a folder, naming the file in any error and
   * ending a parse error with {@code hint}.
   */
  static <T> T readInput(Path path, String hint, InputParser<T> parser) throws Rejected {
    Path file = Files.isDirectory(path) ? path.resolve(SummaryWriter.FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      throw new Rejected(file + ": no such file");
    }
    try {
      return parser.parse(file);
    } catch (IOException e) {
      throw new Rejected(file + ": cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new Rejected((m.startsWith(file.toString()) ? m : file + ": " + m) + " (" + hint + ")");
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

  static void writeComparedReport(
      RunSummary current,
      Comparison comparison,
      RunSummary baseline,
      Path baselinePath,
      Path currentPath,
      Path file,
      PrintWriter out)
      throws Rejected {
    MlReport.Overlay overlay =
        new MlReport.Overlay(
            baseline, comparison, RunMetadata.of(baselinePath), RunMetadata.of(currentPath));
    try {
      Path page = MlReport.write(current, overlay, file);
      out.println(
          "gatling-ml: ML report with the baseline overlaid written to "
              + page.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new Rejected("cannot write the ML report " + file + ": " + e);
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

    @Option(
        names = "--baseline",
        paramLabel = "BASELINE",
        description =
            "overlay a baseline run (its ml-summary.json or folder): the comparison with the"
                + " default criteria at the top, its series dashed in grey on the charts")
    Path baseline;

    @Option(
        names = "--warm-up",
        paramLabel = "DURATION",
        description =
            "with --baseline: the warm-up the comparison leaves out, e.g. 10s (default 0s)")
    String warmUp;

    @Option(
        names = "--allow-doubtful",
        description = "with --baseline: compare runs whose injector judged its numbers doubtful")
    boolean allowDoubtful;

    @Override
    public Integer call() throws Rejected {
      RunSummary s = read(summary);
      Path file = Files.isDirectory(summary) ? summary.resolve(SummaryWriter.FILE_NAME) : summary;
      Path dir = output != null ? output : file.toAbsolutePath().getParent();
      if (baseline == null) {
        writeReport(s, dir, spec.commandLine().getOut());
        return OK;
      }
      RunSummary b = read(baseline);
      Comparison comparison;
      try {
        Criteria.Builder k = Criteria.builder().allowDoubtful(allowDoubtful);
        if (warmUp != null) {
          k.warmUp(Criteria.parseDuration(warmUp));
        }
        comparison = Comparison.compare(b, s, k.build());
      } catch (Comparison.UnusableInputException e) {
        throw new Rejected(
            "cannot compare with the baseline "
                + baseline
                + ": "
                + String.join("; ", e.problems()));
      } catch (IllegalArgumentException e) {
        throw new Rejected("--warm-up: " + e.getMessage());
      }
      writeComparedReport(
          s,
          comparison,
          b,
          baseline,
          summary,
          dir.resolve(MlReport.FILE_NAME),
          spec.commandLine().getOut());
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

  /** {@code gatling-ml compare}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      versionProvider = GatlingMl.Version.class,
      description = {
        "Compares a run with a baseline, per request name and metric, and fails only on a"
            + " significant change beyond a threshold: the CI regression guard.",
        "Latencies are judged by the median of the per-interval percentiles of the time series"
            + " after --warm-up, with a seeded bootstrap confidence interval of the change."
            + " Throughput: per-interval OK requests, per offered arrival in open-load runs. Error"
            + " rate: an absolute bound on the current run. Thresholds are percentages, or off;"
            + " without a flag its default applies. Method: docs/regression.md.",
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:pass: no regression",
        "1:regression: a significant change beyond a threshold (or errors above"
            + " --max-error-rate)",
        "2:unusable input (a summary missing or unreadable, request names that differ, a doubtful"
            + " run without --allow-doubtful, fewer than 5 intervals after the warm-up), an output"
            + " that could not be written, or a usage error"
      })
  static final class Compare implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "BASELINE",
        description =
            "the baseline: a baseline file (gatling-ml baseline save), an ml-summary.json, or a"
                + " folder holding one")
    Path baseline;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "CURRENT",
        description =
            "the current run's ml-summary.json, or a folder holding one (or a baseline file; none"
                + " with --canary)")
    Path current;

    @Option(
        names = "--canary",
        arity = "2",
        paramLabel = "NAME",
        description =
            "a canary: compare two request names of the one run given (the first the baseline's,"
                + " e.g. --canary 'add_sub v1' 'add_sub v2' target/gatling/canary-*/)")
    List<String> canary;

    @Option(
        names = "--max-p50-increase",
        paramLabel = "PCT",
        description = "largest increase of the median per-interval p50 (default: off)")
    String maxP50;

    @Option(
        names = "--max-p95-increase",
        paramLabel = "PCT",
        description =
            "largest increase of the whole run's p95: threshold only, warm-up included, since the"
                + " time series has no p95 (default: off)")
    String maxP95;

    @Option(
        names = "--max-p99-increase",
        paramLabel = "PCT",
        description = "largest increase of the median per-interval p99 (default: 5%%)")
    String maxP99;

    @Option(
        names = "--max-ttft-p99-increase",
        paramLabel = "PCT",
        description =
            "streams: largest increase of the median per-interval TTFT p99 (default: 5%%)")
    String maxTtftP99;

    @Option(
        names = "--max-tpot-p99-increase",
        paramLabel = "PCT",
        description =
            "streams: largest increase of the whole run's TPOT p99: threshold only, warm-up"
                + " included (default: off)")
    String maxTpotP99;

    @Option(
        names = "--max-throughput-change",
        paramLabel = "PCT",
        description =
            "largest decrease of the median per-interval throughput, achieved/offered in"
                + " open-load runs (default: 10%%)")
    String maxThroughput;

    @Option(
        names = "--max-error-rate",
        paramLabel = "PCT",
        description = "largest error rate of the current run after the warm-up (default: 1%%)")
    String maxErrorRate;

    @Option(
        names = "--max-ttft-p50-increase",
        paramLabel = "PCT",
        description =
            "streams: largest increase of the median per-interval TTFT p50 (default: off)")
    String maxTtftP50;

    @Option(
        names = "--max-tpot-p50-increase",
        paramLabel = "PCT",
        description =
            "streams: largest increase of the whole run's TPOT p50: threshold only (default: off)")
    String maxTpotP50;

    @Option(
        names = "--max-tokens-per-s-change",
        paramLabel = "PCT",
        description =
            "streams: largest decrease of the median per-interval output tokens/s, per offered"
                + " arrival in open-load runs (default: off)")
    String maxTokensPerS;

    @Option(
        names = "--max-goodput-change",
        paramLabel = "PCT",
        description =
            "streams: largest decrease of the median per-interval goodput (streams meeting every"
                + " SLO), per offered arrival in open-load runs (default: off)")
    String maxGoodput;

    @Option(
        names = "--criterion",
        paramLabel = "[NAME:]METRIC=PCT",
        description =
            "a threshold for one request NAME (e.g. \"add_sub grpc:p99=10%%\"), or for all without"
                + " NAME:; METRIC is p50, p95, p99, ttft_p50, ttft_p99, tpot_p50, tpot_p99,"
                + " throughput, tokens_per_s, goodput or error_rate; repeatable; over --criteria")
    List<String> criterionSpecs = new ArrayList<>();

    @Option(
        names = "--criteria",
        paramLabel = "FILE",
        description =
            "a criteria file (JSON: thresholds, warm_up, per-request overrides; see"
                + " docs/regression.md); flags override it")
    Path criteriaFile;

    @Option(
        names = "--warm-up",
        paramLabel = "DURATION|Nreq",
        description =
            "leave out the intervals of each run's first DURATION (e.g. 10s), or until N requests"
                + " completed (e.g. 500req) (default: 0s)")
    String warmUp;

    @Option(
        names = "--allow-doubtful",
        description = "compare runs whose injector judged its numbers doubtful")
    boolean allowDoubtful;

    @Option(
        names = "--markdown",
        paramLabel = "FILE",
        description = "also write the result as Markdown (a CI job summary, a PR comment)")
    Path markdown;

    @Option(
        names = "--junit",
        paramLabel = "FILE",
        description = "also write JUnit XML: one test case per request name and metric")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON")
    Path json;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description =
            "also write the current run's ML report with the baseline overlaid and this"
                + " comparison at its top (one self-contained page)")
    Path html;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Criteria criteria;
      try {
        criteria = criteria();
      } catch (IllegalArgumentException e) {
        err.println("gatling-ml: " + e.getMessage());
        return UNUSABLE;
      }
      if ((canary == null) == (current == null)) {
        err.println(
            "gatling-ml: compare takes BASELINE CURRENT, or --canary BASELINE_NAME CANDIDATE_NAME"
                + " SUMMARY");
        return UNUSABLE;
      }
      RunSummary b;
      RunSummary c;
      io.github.gatlingml.compare.Baseline baselineFile;
      io.github.gatlingml.compare.Baseline currentFile;
      try {
        baselineFile = BaselineCommand.read(baseline);
        currentFile = canary == null ? BaselineCommand.read(current) : baselineFile;
        b = baselineFile.summary();
        c = currentFile.summary();
      } catch (Rejected e) {
        err.println("gatling-ml: unusable input: " + e.getMessage());
        return UNUSABLE;
      }
      Comparison comparison;
      try {
        comparison =
            canary == null
                ? Comparison.compare(b, c, criteria)
                : Comparison.canary(b, canary.get(0), canary.get(1), criteria);
      } catch (Comparison.UnusableInputException e) {
        for (String problem : e.problems()) {
          err.println("gatling-ml: unusable input: " + problem);
        }
        return UNUSABLE;
      }
      if (canary != null) {
        out.printf(
            Locale.ROOT,
            "gatling-ml: canary in %s (run %s): '%s' against '%s'%n",
            baseline,
            b.runId(),
            canary.get(1),
            canary.get(0));
      } else {
        out.printf(
            Locale.ROOT,
            "gatling-ml: comparing %s (run %s) with the baseline %s (run %s)%n",
            current,
            c.runId(),
            baseline,
            b.runId());
      }
      out.println(
          (canary == null ? "  baseline: " : "  run: ") + BaselineCommand.describe(baselineFile));
      if (canary == null && !currentFile.fromSummary()) {
        out.println("  current: " + BaselineCommand.describe(currentFile));
      }
      out.println("  " + CompareOutputs.method(criteria));
      out.print(CompareOutputs.table(comparison));
      try {
        if (markdown != null) {
          write(
              markdown,
              CompareOutputs.markdown(
                  comparison,
                  baseline.toString(),
                  String.valueOf(current != null ? current : baseline),
                  BaselineCommand.describe(baselineFile)));
        }
        if (junit != null) {
          write(junit, CompareOutputs.junit(comparison));
        }
        if (json != null) {
          write(
              json,
              CompareOutputs.json(
                  comparison,
                  baseline.toString(),
                  String.valueOf(current != null ? current : baseline),
                  BaselineCommand.describe(baselineFile)));
        }
        if (html != null) {
          writeComparedReport(c, comparison, b, baseline, current, html, out);
        }
      } catch (IOException e) {
        err.println("gatling-ml: cannot write an output: " + e);
        return UNUSABLE;
      } catch (Rejected e) {
        err.println("gatling-ml: cannot write an output: " + e.getMessage());
        return UNUSABLE;
      }
      out.println("gatling-ml: " + CompareOutputs.conclusion(comparison));
      return comparison.passed() ? OK : REGRESSION;
    }

    private Criteria criteria() {
      Criteria.Builder k;
      if (criteriaFile != null) {
        try {
          k = Criteria.read(criteriaFile);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "--criteria " + criteriaFile + ": cannot be read: " + e.getMessage(), e);
        }
      } else {
        k = Criteria.builder();
      }
      if (allowDoubtful) {
        k.allowDoubtful(true);
      }
      for (String spec : criterionSpecs) {
        criterion(spec, k);
      }
      threshold("--max-p50-increase", maxP50, k::maxP50Increase);
      threshold("--max-p95-increase", maxP95, k::maxP95Increase);
      threshold("--max-p99-increase", maxP99, k::maxP99Increase);
      threshold("--max-ttft-p99-increase", maxTtftP99, k::maxTtftP99Increase);
      threshold("--max-tpot-p99-increase", maxTpotP99, k::maxTpotP99Increase);
      threshold("--max-throughput-change", maxThroughput, k::maxThroughputChange);
      threshold("--max-error-rate", maxErrorRate, k::maxErrorRate);
      threshold("--max-ttft-p50-increase", maxTtftP50, v -> k.threshold(Metric.TTFT_P50, v));
      threshold("--max-tpot-p50-increase", maxTpotP50, v -> k.threshold(Metric.TPOT_P50, v));
      threshold(
          "--max-tokens-per-s-change", maxTokensPerS, v -> k.threshold(Metric.TOKENS_PER_S, v));
      threshold("--max-goodput-change", maxGoodput, v -> k.threshold(Metric.GOODPUT, v));
      if (warmUp != null) {
        try {
          k.warmUp(warmUp);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--warm-up: " + e.getMessage(), e);
        }
      }
      return k.build();
    }

    /** {@code [NAME:]METRIC=PCT}: the name may hold spaces and colons, a metric label none. */
    static void criterion(String spec, Criteria.Builder k) {
      int eq = spec.lastIndexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "--criterion '"
                + spec
                + "': give [NAME:]METRIC=PCT, e.g. \"add_sub grpc:p99=10%\" or p99=5%");
      }
      String left = spec.substring(0, eq).trim();
      int colon = left.lastIndexOf(':');
      String name = colon < 0 ? null : left.substring(0, colon).trim();
      try {
        Metric metric = Metric.fromLabel(left.substring(colon + 1).trim());
        Double value = Criteria.parsePercent(spec.substring(eq + 1));
        if (name == null) {
          k.threshold(metric, value);
        } else {
          k.threshold(name, metric, value);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--criterion '" + spec + "': " + e.getMessage(), e);
      }
    }

    private static void threshold(String flag, String text, Consumer<Double> set) {
      if (text == null) {
        return;
      }
      try {
        set.accept(Criteria.parsePercent(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
      }
    }

    private static void write(Path file, String text) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
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
