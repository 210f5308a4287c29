/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The regression guard on real runs (issue 14): does {@code gatling-ml compare} with its default
 * criteria stay quiet when nothing changed, and catch a server made 10% slower?
 *
 * <p>Two embedded servers run in their own JVMs for the whole validation, differing only in their
 * service time, a ground truth the server injects: {@code --service} (default 10ms) and {@code
 * --slower} (default 11ms, +10%). One baseline run against the first, then {@code --runs} pairs,
 * interleaved so that whatever else the machine does falls on both arms alike: a same-config run
 * (the first server again) and a slower one. Each run is an open load of {@code --rate}/s for
 * {@code --seconds} s (after one unrecorded {@code --prime} s run against each server), its summary
 * at a {@code --interval} s interval, compared with the baseline by {@link Comparison} with {@link
 * Criteria#defaults()} (p99 +5%, throughput 10%, errors 1%) and {@code --warm-up}. The goal: no
 * regression among the same-config runs, one in at least 9 of 10 slower runs. The table goes to
 * {@code --out}/results.md (and the console); the summaries stay in {@code --out} for {@code
 * gatling-ml compare --html}.
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -pl benchmarks -am package -DskipTests
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *   io.github.gatlingml.bench.RegressionGuardValidation --out target/regression-guard
 * </pre>
 */
public final class RegressionGuardValidation {
  private int slots = 4;
  private String service = "10ms";
  private String slower = "11ms";
  private double rate = 200;
  private int seconds = 25;
  private int runs = 10;
  private int prime = 25;
  private int interval = 1;
  private String warmUp = "5s";
  private boolean poisson;
  private boolean allowDoubtful;
  private String p50 = "off";
  private boolean rejudge;
  private Path out = Path.of("target", "regression-guard");

  private RegressionGuardValidation() {}

  public static void main(String[] args) throws Exception {
    RegressionGuardValidation v = new RegressionGuardValidation();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--slots" -> v.slots = Integer.parseInt(value);
        case "--service" -> v.service = value;
        case "--slower" -> v.slower = value;
        case "--rate" -> v.rate = Double.parseDouble(value);
        case "--seconds" -> v.seconds = Integer.parseInt(value);
        case "--runs" -> v.runs = Integer.parseInt(value);
        case "--prime" -> v.prime = Integer.parseInt(value);
        case "--interval" -> v.interval = Integer.parseInt(value);
        case "--warm-up" -> v.warmUp = value;
        case "--poisson" -> {
          v.poisson = true;
          i--;
        }
        case "--allow-doubtful" -> {
          v.allowDoubtful = true;
          i--;
        }
        case "--p50" -> v.p50 = value;
        case "--rejudge" -> {
          v.rejudge = true;
          i--;
        }
        case "--out" -> v.out = Path.of(value);
        default -> {
          System.err.println(
              "unknown option "
                  + a
                  + "; options: --slots N --service DIST --slower DIST --rate RPS --seconds S"
                  + " --runs N --prime S --interval S --warm-up DURATION --poisson --allow-doubtful"
                  + " --p50 PCT --rejudge --out DIR");
          System.exit(2);
        }
      }
      i++;
    }
    System.exit(v.validate() ? 0 : 1);
  }

  private final List<String> unusableWhy = new ArrayList<>();

  private record Row(String arm, int index, Comparison c, RunSummary s, String load) {}

  private boolean validate() throws Exception {
    Files.createDirectories(out);
    // The summary's interval is the comparison's sample: 1 s gives a 25 s run 20 samples.
    System.setProperty("gatling.ml.summaryIntervalSeconds", String.valueOf(interval));
    // --allow-doubtful: on a machine shared with other work the injector's self-check rightly
    // doubts every run; compare anyway to see what the statistics alone do.
    Criteria criteria =
        Criteria.defaults().toBuilder()
            .warmUp(Criteria.parseDuration(warmUp))
            .allowDoubtful(allowDoubtful)
            .maxP50Increase(Criteria.parsePercent(p50))
            .build();
    List<Row> rows = new ArrayList<>();
    Instant started = Instant.now();
    if (rejudge) {
      // The summaries a previous validation left in --out, judged again by other criteria (e.g.
      // --p50 5%): no run is made, so criteria can be compared on the very same runs.
      RunSummary baseline = SummaryReader.read(out.resolve("baseline").resolve("ml-summary.json"));
      for (int i = 1; i <= runs; i++) {
        for (String arm : new String[] {"same", "slower"}) {
          RunSummary current =
              SummaryReader.read(out.resolve(arm + "-" + i).resolve("ml-summary.json"));
          rows.add(judge(baseline, current, criteria, arm, i, "(rejudged)"));
        }
      }
      return finish(
          rows, criteria, started, "results-rejudged-p50-" + p50.replace("%", "") + ".md");
    }
    try (ServerProcess same = new ServerProcess(slots, service);
        ServerProcess slow = new ServerProcess(slots, slower)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // an interrupted validation (Ctrl-C) leaves no server behind
                    try {
                      same.close();
                      slow.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      if (prime > 0) {
        // An unrecorded run against each server first, so that the baseline is not a run made
        // by a cold JVM (its JIT) against a cold server: the warm-up then only has to cover what
        // every run has, the start of its own load. 5 s was not enough on a quiet machine: the
        // baseline's p99 came out 12.7 ms against 11.3 ms for the same config's later runs, so
        // every same run looked like an improvement and every +10% run like no change.
        int full = seconds;
        seconds = prime;
        run(same, "prime-same", 0);
        run(slow, "prime-slower", 0);
        seconds = full;
      }
      Path baselineFile = run(same, "baseline", 0);
      RunSummary baseline = SummaryReader.read(baselineFile);
      for (int i = 1; i <= runs; i++) {
        for (boolean slowArm : new boolean[] {false, true}) {
          String arm = slowArm ? "slower" : "same";
          String load = loadAvg();
          RunSummary current = SummaryReader.read(run(slowArm ? slow : same, arm, i));
          rows.add(judge(baseline, current, criteria, arm, i, load));
        }
      }
    }
    return finish(rows, criteria, started, "results.md");
  }

  private Row judge(
      RunSummary baseline, RunSummary current, Criteria criteria, String arm, int i, String load) {
    Comparison c;
    try {
      c = Comparison.compare(baseline, current, criteria);
    } catch (Comparison.UnusableInputException e) {
      System.out.println("run " + arm + " " + i + " unusable: " + e.getMessage());
      unusableWhy.add(arm + " " + i + ": " + e.getMessage());
      c = null;
    }
    Row row = new Row(arm, i, c, current, load);
    System.out.println(line(row));
    return row;
  }

  private boolean finish(List<Row> rows, Criteria criteria, Instant started, String file)
      throws Exception {
    String report = report(rows, criteria, Duration.between(started, Instant.now()));
    Files.writeString(out.resolve(file), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    long falseAlarms = count(rows, "same", true);
    long caught = count(rows, "slower", true);
    return falseAlarms == 0 && caught >= Math.ceil(0.9 * runs);
  }

  private Path run(ServerProcess server, String arm, int index) throws Exception {
    Path summary = out.resolve(arm + (index > 0 ? "-" + index : "")).resolve("ml-summary.json");
    Files.createDirectories(summary.getParent());
    System.setProperty("bench.rest.url", server.restUrl());
    System.setProperty("bench.rate", String.valueOf(rate));
    System.setProperty("bench.seconds", String.valueOf(seconds));
    System.setProperty("bench.poisson", String.valueOf(poisson));
    System.setProperty(
        "bench.seed", String.valueOf(1000 + index * 2 + (arm.equals("slower") ? 1 : 0)));
    System.setProperty("bench.summary", summary.toString());
    io.gatling.app.Gatling$.MODULE$.fromArgs(
        new String[] {
          "-s",
          RegressionGuardSimulation.class.getName(),
          "-rf",
          out.resolve("gatling").toString(),
          "-nr"
        });
    return summary;
  }

  private static long count(List<Row> rows, String arm, boolean regression) {
    return rows.stream()
        .filter(r -> r.arm.equals(arm))
        .filter(r -> r.c != null && (r.c.verdict() == Comparison.Verdict.REGRESSION) == regression)
        .count();
  }

  private static Comparison.Result result(Comparison c, Comparison.Metric m) {
    return c.results().stream().filter(r -> r.metric() == m).findFirst().orElse(null);
  }

  private static String line(Row r) {
    if (r.c == null) {
      return String.format(
          Locale.ROOT,
          "| %s | %d | unusable | | | | | | | %s | %s |",
          r.arm,
          r.index,
          r.s.injector().verdict(),
          r.load);
    }
    Comparison.Result p99 = result(r.c, Comparison.Metric.P99);
    Comparison.Result tp = result(r.c, Comparison.Metric.THROUGHPUT);
    Comparison.Result err = result(r.c, Comparison.Metric.ERROR_RATE);
    Comparison.Result p50 = result(r.c, Comparison.Metric.P50);
    String p50Text =
        p50 == null
            ? "off"
            : pct(p50.change())
                + " ["
                + pct(p50.changeLow())
                + ", "
                + pct(p50.changeHigh())
                + "] "
                + p50.verdict();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %.2f → %.2f | %s | %s | %s | %s | %.2f%% | %s | %s |",
        r.arm,
        r.index,
        r.c.verdict(),
        p99.baseline() / 1000,
        p99.current() / 1000,
        pct(p99.change()),
        "[" + pct(p99.changeLow()) + ", " + pct(p99.changeHigh()) + "]",
        p50Text,
        pct(tp.change()),
        100 * err.current(),
        r.s.injector().verdict(),
        r.load);
  }

  private static String pct(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%+.1f%%", 100 * v);
  }

  private String report(List<Row> rows, Criteria criteria, Duration took) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Regression guard on real runs\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Embedded server in its own JVM, %d slots, service time %s (same) vs %s (slower);"
                + " open load %.0f/s%s for %d s per run (after a %d s unrecorded run against each"
                + " server), summary interval %d s; compared with"
                + " Criteria.defaults() (p99 +%.0f%%, throughput %.0f%%, error rate %.0f%%, p50 %s),"
                + " warm-up %s, %d bootstrap resamples, %.0f%% CI. Started %s, took %d s on %d"
                + " CPUs.%n%n",
            slots,
            service,
            slower,
            rate,
            poisson ? " (Poisson)" : " (evenly spaced)",
            seconds,
            prime,
            interval,
            100 * criteria.maxP99Increase(),
            100 * criteria.maxThroughputChange(),
            100 * criteria.maxErrorRate(),
            criteria.maxP50Increase() == null
                ? "off"
                : "+" + Math.round(100 * criteria.maxP50Increase()) + "%",
            warmUp,
            criteria.resamples(),
            100 * criteria.confidence(),
            Instant.now().minus(took),
            took.toSeconds(),
            Runtime.getRuntime().availableProcessors()));
    long falseAlarms = count(rows, "same", true);
    long caught = count(rows, "slower", true);
    long unusable = rows.stream().filter(r -> r.c == null).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "**Same config: %d false alarm(s) in %d runs (goal 0). Slower server: caught in %d of"
                + " %d (goal ≥ %d). Unusable comparisons: %d. %s**%n%n",
            falseAlarms,
            runs,
            caught,
            runs,
            (int) Math.ceil(0.9 * runs),
            unusable,
            falseAlarms == 0 && caught >= Math.ceil(0.9 * runs) ? "Goal met." : "Goal NOT met."));
    sb.append(
        "| arm | run | verdict | p99 ms (median of intervals), baseline → current | p99 change"
            + " | 95% CI | p50 change [95% CI] | throughput change (achieved/offered) | error"
            + " rate | injector | load average (1/5/15 min) before the run |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> sb.append(line(r)).append('\n'));
    if (!unusableWhy.isEmpty()) {
      sb.append("\nUnusable comparisons (exit 2 in CI):\n\n");
      unusableWhy.forEach(w -> sb.append("- ").append(w).append('\n'));
    }
    return sb.toString();
  }

  private static String loadAvg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
