/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How close to their intended times trace replay sends its requests: synthetic traces with Poisson
 * gaps (seeded) at each rate, replayed with {@code MlLoad.trace} against the embedded server in its
 * own JVM (add_sub, many slots, 0 µs service time, REST JSON: the server is never the limit), in
 * interleaved rounds. The figures are ml-summary.json's schedule lag (actual start minus intended
 * start) of every request. A last pass measures the floor: how late timers fire on an idle Netty
 * event loop in this JVM at the same rates, with no request sent. Writes the tables into
 * BENCHMARKS.md between the ARRIVAL ACCURACY markers.
 *
 * <p>System properties: {@code bench.rates} (100,1000,10000), {@code bench.seconds} (10 per
 * replay), {@code bench.rounds} (3), {@code bench.warmSeconds} (10, an unrecorded replay at 1,000/s
 * first), {@code bench.slots} (256), {@code bench.serverNice} ("": normal priority), {@code
 * bench.trace.users} (0: the plan's default pool), {@code bench.probeSeconds} (5 per rate; 0 skips
 * the idle-timer pass), {@code bench.profile} (false: true adds a JFR-profiled replay at 1,000/s),
 * {@code bench.out} (BENCHMARKS.md), {@code bench.work}.
 */
public final class ArrivalAccuracyBenchmark {
  static final double GOAL_P99_US = 1000;

  record Result(
      int rate,
      int round,
      long arrivals,
      RunSummary.RequestSummary req,
      RunSummary.Injector inj,
      Long offered,
      Long sent,
      double wallS,
      long cpuNs,
      long serverCpuNs,
      String loadAvg) {}

  record Probe(int rate, long timers, long p50, long p99, long max, double over1msPct) {}

  private final List<Integer> rates = parseRates(System.getProperty("bench.rates", ""));
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final int rounds = Integer.getInteger("bench.rounds", 3);
  private final int warmSeconds = Integer.getInteger("bench.warmSeconds", 10);
  private final int slots = Integer.getInteger("bench.slots", 256);
  private final String serverNice = System.getProperty("bench.serverNice", "");
  private final int users = Integer.getInteger("bench.trace.users", 0);
  private final int probeSeconds = Integer.getInteger("bench.probeSeconds", 5);
  private final boolean profile =
      Boolean.parseBoolean(System.getProperty("bench.profile", "false"));
  private final Path out = Path.of(System.getProperty("bench.out", "BENCHMARKS.md"));
  private final Path work =
      Path.of(System.getProperty("bench.work", "benchmarks/target/bench-arrivals"));
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private ServerProcess server;
  private int runNo;

  public static void main(String[] args) throws Exception {
    new ArrivalAccuracyBenchmark().run();
    System.exit(0); // Gatling leaves non-daemon threads behind
  }

  private static List<Integer> parseRates(String s) {
    if (s.isBlank()) {
      return List.of(100, 1000, 10000);
    }
    return Arrays.stream(s.split("\\s*,\\s*")).map(Integer::valueOf).toList();
  }

  private void run() throws Exception {
    Files.createDirectories(work);
    Instant started = Instant.now();
    String loadAtStart = loadAvg();
    List<Result> results = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    JfrProfile.Summary prof = null;
    try (ServerProcess s = new ServerProcess(slots, "0us", List.of(), serverNice)) {
      server = s;
      log("warm-up (not recorded): 1000/s for " + warmSeconds + " s");
      measure(1000, 0, warmSeconds, 99);
      for (int round = 1; round <= rounds; round++) {
        List<Integer> order = new ArrayList<>(rates);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (int rate : order) {
          Result r = measure(rate, round, seconds, round);
          results.add(r);
          log(line(r));
        }
      }
      if (profile) {
        JfrProfile p = new JfrProfile();
        Result r = measure(1000, 0, seconds, 98);
        prof = p.stop(work.resolve("profile-arrivals-1000.jfr"));
        log("profiled: " + line(r));
      }
    }
    if (probeSeconds > 0) {
      for (int rate : rates) {
        Probe p = probeIdleTimers(rate, probeSeconds);
        probes.add(p);
        log(
            String.format(
                Locale.ROOT,
                "idle timers %d/s: p50 %d p99 %d max %d us, %.2f%% > 1 ms",
                rate,
                p.p50(),
                p.p99(),
                p.max(),
                p.over1msPct()));
      }
    }
    String md = report(results, probes, prof, started, loadAtStart);
    System.out.println(md);
    write(md);
  }

  /** Writes a Poisson trace of {@code rate}/s over {@code secs} s; returns its arrivals. */
  private long writeTrace(Path file, int rate, int secs, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(rate * secs * 24);
    double tMs = 0;
    long n = 0;
    while (tMs < secs * 1000.0) {
      sb.append(String.format(Locale.ROOT, "{\"timestamp\": %.6f}%n", tMs));
      n++;
      tMs += -Math.log(1 - rnd.nextDouble()) * 1000.0 / rate;
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return n;
  }

  private Result measure(int rate, int round, int secs, long seedBase) throws Exception {
    int run = ++runNo;
    Path trace = work.resolve("trace-" + rate + "-r" + round + ".jsonl");
    long arrivals = writeTrace(trace, rate, secs, seedBase * 1_000_003L + rate);
    Path summary = work.resolve("ml-summary-" + run + "-" + rate + "-r" + round + ".json");
    System.setProperty("bench.rest.url", server.restUrl());
    System.setProperty("bench.trace.file", trace.toString());
    System.setProperty("bench.trace.users", String.valueOf(users));
    System.setProperty("bench.summary", summary.toString());
    String load = loadAvg();
    long cpu0 = os.getProcessCpuTime();
    long srv0 = server.cpuNanos();
    long t0 = System.nanoTime();
    GatlingRuns.run(
        new String[] {
          "-s",
          TraceBenchSimulation.class.getName(),
          "-rf",
          work.resolve("gatling").toString(),
          "-nr"
        });
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    long srv1 = server.cpuNanos();
    RunSummary rs = SummaryReader.read(summary);
    return new Result(
        rate,
        round,
        arrivals,
        rs.requests().get(TraceBenchSimulation.NAME),
        rs.injector(),
        rs.load() == null ? null : rs.load().offeredArrivals(),
        rs.load() == null ? null : rs.load().sentArrivals(),
        (t1 - t0) / 1e9,
        cpu1 - cpu0,
        srv0 < 0 ? -1 : srv1 - srv0,
        load);
  }

  /**
   * The floor: Poisson timers at {@code rate}/s for {@code secs} s on an idle 2-loop Netty event
   * loop group of the transport Gatling uses here (epoll when available), each scheduled up front
   * as the arrival gate does, recording how late each fired (µs).
   */
  static Probe probeIdleTimers(int rate, int secs) throws InterruptedException {
    int loops = Runtime.getRuntime().availableProcessors();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            loops, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    try {
      SplittableRandom rnd = new SplittableRandom(rate);
      List<Long> offsets = new ArrayList<>();
      double t = 0;
      while (t < secs * 1e9) {
        offsets.add((long) t);
        t += -Math.log(1 - rnd.nextDouble()) * 1e9 / rate;
      }
      long[] late = new long[offsets.size()];
      CountDownLatch done = new CountDownLatch(offsets.size());
      long origin = System.nanoTime() + 200_000_000L;
      EventLoop[] ls = new EventLoop[loops];
      for (int i = 0; i < loops; i++) {
        ls[i] = group.next();
      }
      for (int i = 0; i < offsets.size(); i++) {
        int idx = i;
        long due = origin + offsets.get(i);
        EventLoop loop = ls[i % loops];
        loop.execute(
            () ->
                loop.schedule(
                    () -> {
                      late[idx] = (System.nanoTime() - due) / 1000;
                      done.countDown();
                    },
                    due - System.nanoTime(),
                    TimeUnit.NANOSECONDS));
      }
      done.await(secs + 30L, TimeUnit.SECONDS);
      Arrays.sort(late);
      long over = Arrays.stream(late).filter(v -> v > 1000).count();
      return new Probe(
          rate,
          late.length,
          late[late.length / 2],
          late[(int) Math.min(late.length - 1, Math.ceil(0.99 * late.length) - 1)],
          late[late.length - 1],
          100.0 * over / late.length);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private static String loadAvg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  // ------------------------------------------------------------------ report

  private static double ms(long us) {
    return us / 1000.0;
  }

  private String line(Result r) {
    RunSummary.LagStats lag = r.req() == null ? null : r.req().scheduleLagUs();
    if (lag == null) {
      return r.rate() + "/s round " + r.round() + ": no schedule lag recorded";
    }
    return String.format(
        Locale.ROOT,
        "%6d/s r%d  n %d (ok %d ko %d, offered %s sent %s)  lag p50 %d p99 %d max %d us, %.2f%% > 1 ms  verdict %s  load %s",
        r.rate(),
        r.round(),
        lag.count(),
        r.req().ok(),
        r.req().ko(),
        r.offered(),
        r.sent(),
        lag.p50(),
        lag.p99(),
        lag.max(),
        lag.over1msPct(),
        r.inj().verdict(),
        r.loadAvg());
  }

  private static double median(List<Double> xs) {
    return LoopbackBenchmark.median(xs);
  }

  private String report(
      List<Result> results,
      List<Probe> probes,
      JfrProfile.Summary prof,
      Instant started,
      String loadAtStart) {
    StringBuilder md = new StringBuilder();
    md.append("### Run of ").append(started).append("\n\n");
    md.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), ")
        .append(LoopbackBenchmark.cpuModelName())
        .append(", Java ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(". Load average (1 / 5 / 15 min) at the start: ")
        .append(loadAtStart)
        .append("; at the end: ")
        .append(loadAvg())
        .append(".\n\n");
    md.append(
            String.format(
                Locale.ROOT,
                "Settings: %d interleaved rounds (every other one in reverse order) of one %d s"
                    + " replay per rate, after an unrecorded %d s replay at 1,000/s; Poisson gaps,"
                    + " a new seed per replay; injector CPU is ml-summary's per-second samples of the"
                    + " benchmark JVM; server CPU is over the replay's wall time, Gatling's start"
                    + " included; server in its own JVM (add_sub, %d slots, 0 µs"
                    + " service time, niceness %s), REST JSON; pool of users: %s. Goal: schedule"
                    + " lag p99 <= 1 ms up to 1,000/s.%n%n",
                rounds,
                seconds,
                warmSeconds,
                slots,
                serverNice.isEmpty() ? "0" : serverNice,
                users > 0 ? users + " users" : "the plan's default (2 x the busiest second)"))
        .append("");
    md.append("#### Schedule lag (actual minus intended start), medians of the rounds\n\n");
    md.append(
        "| offered rate | requests per replay | OK / KO (all rounds) | sent = offered? | lag p50 µs | lag p99 µs | lag max µs | % > 1 ms | p99 <= 1 ms? | event-loop lag p99 µs | injector CPU p50, % of the machine | server CPU, % of a core | verdicts |\n");
    md.append("|---:|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
    for (int rate : rates) {
      List<Result> rs = results.stream().filter(r -> r.rate() == rate).toList();
      if (rs.isEmpty()) {
        continue;
      }
      long ok = 0, ko = 0;
      boolean allSent = true;
      Map<String, Integer> verdicts = new LinkedHashMap<>();
      List<Double> p50 = new ArrayList<>(), p99 = new ArrayList<>(), max = new ArrayList<>();
      List<Double> over = new ArrayList<>(), loop = new ArrayList<>(), n = new ArrayList<>();
      List<Double> cpu = new ArrayList<>(), srv = new ArrayList<>();
      for (Result r : rs) {
        RunSummary.LagStats lag = r.req().scheduleLagUs();
        ok += r.req().ok();
        ko += r.req().ko();
        allSent &=
            r.offered() != null
                && r.offered().equals(r.sent())
                && r.sent() == r.arrivals()
                && r.req().count() == r.arrivals();
        verdicts.merge(r.inj().verdict(), 1, Integer::sum);
        p50.add((double) lag.p50());
        p99.add((double) lag.p99());
        max.add((double) lag.max());
        over.add(lag.over1msPct());
        n.add((double) lag.count());
        loop.add(r.inj().eventLoopLagUs() == null ? Double.NaN : r.inj().eventLoopLagUs().p99());
        cpu.add(r.inj().cpuBusyPct() == null ? Double.NaN : r.inj().cpuBusyPct().p50());
        srv.add(r.serverCpuNs() < 0 ? Double.NaN : 100.0 * r.serverCpuNs() / 1e9 / r.wallS());
      }
      double mp99 = median(p99);
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d/s | %,.0f | %d / %d | %s | %.0f | **%.0f** | %.0f | %.2f | %s | %.0f | %.0f | %.0f | %s |%n",
              rate,
              median(n),
              ok,
              ko,
              allSent ? "yes" : "**no**",
              median(p50),
              mp99,
              median(max),
              median(over),
              rate > 1000
                  ? (mp99 <= GOAL_P99_US
                      ? "yes (beyond the goal's range)"
                      : "no (beyond the goal's range)")
                  : mp99 <= GOAL_P99_US
                      ? "**yes**"
                      : String.format(
                          Locale.ROOT, "**no** (+%.2f ms)", ms((long) (mp99 - GOAL_P99_US))),
              median(loop),
              median(cpu),
              median(srv),
              verdicts.entrySet().stream()
                  .map(e -> e.getValue() + " " + e.getKey())
                  .collect(java.util.stream.Collectors.joining(", "))));
    }
    md.append("\n#### Per replay\n\n");
    md.append(
        "| rate | round | requests (OK / KO) | lag p50 µs | p99 µs | max µs | % > 1 ms | event-loop lag p50 / p99 / max µs | GC ms | machine CPU p50 / max % | load avg at start | injector verdict |\n");
    md.append("|---:|---:|---|---:|---:|---:|---:|---|---:|---|---|---|\n");
    for (Result r : results) {
      RunSummary.LagStats lag = r.req().scheduleLagUs();
      RunSummary.LagStats el = r.inj().eventLoopLagUs();
      RunSummary.CpuStats m = r.inj().machineCpuBusyPct();
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d/s | %d | %d / %d | %d | %d | %d | %.2f | %s | %d | %s | %s | %s |%n",
              r.rate(),
              r.round(),
              r.req().ok(),
              r.req().ko(),
              lag.p50(),
              lag.p99(),
              lag.max(),
              lag.over1msPct(),
              el == null ? "-" : el.p50() + " / " + el.p99() + " / " + el.max(),
              r.inj().gcPauseMs(),
              m == null ? "-" : String.format(Locale.ROOT, "%.0f / %.0f", m.p50(), m.max()),
              r.loadAvg(),
              r.inj().verdict()));
    }
    md.append("\n#### The injector's verdict lines (as printed at the end of each replay)\n\n");
    for (Result r : results) {
      md.append(
          String.format(
              Locale.ROOT, "- %,d/s round %d: **%s**", r.rate(), r.round(), r.inj().verdict()));
      if (r.inj().warnings().isEmpty()) {
        md.append(" (CPU, GC, event-loop lag, schedule lag and achieved rate all within limits)");
      }
      md.append('\n');
      for (String w : r.inj().warnings()) {
        md.append("  - ").append(w).append('\n');
      }
    }
    if (!probes.isEmpty()) {
      md.append("\n#### Floor: timers on an idle Netty event loop in this JVM (no requests)\n\n");
      md.append(
          String.format(
              Locale.ROOT,
              "Poisson timers for %d s per rate on a %d-loop %s group, scheduled up front as the"
                  + " arrival gate does; lateness = when the task ran minus its deadline. The"
                  + " server JVM had exited; Gatling was not running.%n%n",
              probeSeconds,
              Runtime.getRuntime().availableProcessors(),
              Epoll.isAvailable() ? "epoll" : "NIO"));
      md.append("| rate | timers | lateness p50 µs | p99 µs | max µs | % > 1 ms |\n");
      md.append("|---:|---:|---:|---:|---:|---:|\n");
      for (Probe p : probes) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d/s | %d | %d | %d | %d | %.2f |%n",
                p.rate(),
                p.timers(),
                p.p50(),
                p.p99(),
                p.max(),
                p.over1msPct()));
      }
    }
    if (prof != null) {
      md.append("\n#### JFR profile of the injector JVM, extra 1,000/s replay (")
          .append(prof.samples())
          .append(" samples)\n\n");
      md.append("- top frames (self): ")
          .append(LoopbackBenchmark.percentOf(prof.self(), prof.samples(), 12))
          .append("\n");
      md.append("- Gatling / gatling-ml methods on stack (inclusive): ")
          .append(LoopbackBenchmark.percentOf(prof.inclusive(), prof.samples(), 12))
          .append("\n");
    }
    return md.toString();
  }

  static final String BEGIN =
      "<!-- BEGIN ARRIVAL ACCURACY generated by ArrivalAccuracyBenchmark: do not edit by hand -->";
  static final String END = "<!-- END ARRIVAL ACCURACY -->";

  private void write(String md) throws IOException {
    ResultsBlock.write(out, BEGIN, END, md);
    log("wrote " + out.toAbsolutePath());
  }

  private static void log(String s) {
    System.out.println("[arrival-bench] " + s);
  }
}
