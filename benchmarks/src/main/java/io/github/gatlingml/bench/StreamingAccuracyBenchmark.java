/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How accurately gatling-ml measures TTFT and TPOT: token streams against the embedded server's
 * tiny_llm told to send its first token exactly 80 ms after a request gets its slot and then one
 * token every 20 ms, so the truth is known. The server runs in its own JVM with more slots than
 * streams (no queueing); each case runs a closed-model Gatling simulation in this JVM and reads its
 * ml-summary.json. A last case holds 2,000 streams open at once and measures this JVM's heap per
 * open stream (used heap after a full GC with the streams open, minus the same with Gatling running
 * and no stream open, over the streams the server counts open). Writes the tables into
 * BENCHMARKS.md between the STREAMING markers.
 *
 * <p>System properties: {@code bench.seconds} (20, per accuracy case), {@code bench.singleSeconds}
 * (150, the single-stream cases), {@code bench.serverNice} (-10, the server's niceness; "" for
 * none), {@code bench.serverCpus} (none; e.g. "1" pins the server with taskset), {@code
 * bench.serverJvm} (extra JVM options for the server, space-separated), {@code bench.tokens} (32),
 * {@code bench.heapUsers} (2000), {@code bench.heapTokens} (200), {@code bench.heapSeconds} (25),
 * {@code bench.profile} (true: one extra JFR-profiled 1,000-stream pass), {@code bench.cases}
 * (comma list of case ids; default all), {@code bench.out} (BENCHMARKS.md).
 */
public final class StreamingAccuracyBenchmark {
  static final double TTFT_MS = 80;
  static final double TPOT_MS = 20;
  static final double P50_TOL_MS = 1;
  static final double P99_TOL_MS = 3;
  static final String MODEL = "tiny_llm";

  record Case(
      String id,
      String transport,
      int users,
      int ramp,
      int pause,
      int seconds,
      int tokens,
      boolean heap) {}

  record Heap(long baselineBytes, long baselineOpen, List<long[]> loaded) {
    /** Median over the loaded samples of (used - baseline) / open streams. */
    double bytesPerStream() {
      List<Double> xs = new ArrayList<>();
      for (long[] s : loaded) {
        xs.add((double) (s[0] - baselineBytes) / Math.max(1, s[1] - baselineOpen));
      }
      return LoopbackBenchmark.median(xs);
    }
  }

  record Result(
      Case c,
      RunSummary.RequestSummary req,
      RunSummary.Injector inj,
      double wallS,
      long cpuNs,
      long serverCpuNs,
      double serverTtftMeanMs,
      long serverOk,
      long serverKo,
      Heap heap,
      long[] lateFirst,
      long[] lateLater) {}

  private final int seconds = Integer.getInteger("bench.seconds", 20);
  private final int tokens = Integer.getInteger("bench.tokens", 32);
  private final int singleSeconds = Integer.getInteger("bench.singleSeconds", 150);
  private final String serverNice = System.getProperty("bench.serverNice", "-10");
  private final int heapUsers = Integer.getInteger("bench.heapUsers", 2000);
  private final int heapTokens = Integer.getInteger("bench.heapTokens", 200);
  private final int heapSeconds = Integer.getInteger("bench.heapSeconds", 25);
  private final boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
  private final Path out = Path.of(System.getProperty("bench.out", "BENCHMARKS.md"));
  private final Path work =
      Path.of(System.getProperty("bench.work", "benchmarks/target/bench-stream"));
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private ServerProcess server;
  private int runNo;

  public static void main(String[] args) throws Exception {
    new StreamingAccuracyBenchmark().run();
    System.exit(0); // Gatling and grpc leave non-daemon threads behind
  }

  private List<Case> cases() {
    List<Case> all =
        List.of(
            new Case("openai-1", "openai", 1, 0, 0, singleSeconds, tokens, false),
            new Case("openai-100", "openai", 100, 2, 0, seconds, tokens, false),
            new Case("openai-1000", "openai", 1000, 4, 0, seconds, tokens, false),
            new Case("grpc-1", "grpc", 1, 0, 0, singleSeconds, tokens, false),
            new Case("grpc-100", "grpc", 100, 2, 0, seconds, tokens, false),
            new Case("openai-2000-heap", "openai", heapUsers, 4, 4, heapSeconds, heapTokens, true));
    String only = System.getProperty("bench.cases", "").trim();
    if (only.isEmpty()) {
      return all;
    }
    List<String> ids = Arrays.asList(only.split("\\s*,\\s*"));
    return all.stream().filter(c -> ids.contains(c.id())).toList();
  }

  private void run() throws Exception {
    Files.createDirectories(work);
    Instant started = Instant.now();
    List<Result> results = new ArrayList<>();
    JfrProfile.Summary prof = null;
    int slots = Math.max(2100, heapUsers + 100);
    List<String> flags =
        List.of(
            "--llm-ttft",
            "80ms",
            "--llm-token-gap",
            "20ms",
            "--llm-tokens",
            String.valueOf(Math.max(tokens, heapTokens)),
            "--llm-tokens-per-chunk",
            "1",
            "--model-capacity",
            MODEL + ":slots=" + slots + ",queue=0");
    // The server is the truth the figures are compared with: it runs at a higher priority so that
    // its timers fire on time while the injector works on the same 2 cores (the injector gets no
    // favour). It reports its own lateness, shown beside the figures.
    try (ServerProcess s = new ServerProcess(64, "0us", flags, serverNice)) {
      server = s;
      log("warm-up (not recorded)");
      // Long enough for both JVMs' JIT compilers to have settled: a C2 compilation in a measured
      // case holds a core for 100-200 ms (seen in a JFR recording of the server).
      measure(new Case("warm-openai", "openai", 500, 2, 0, 25, tokens, false));
      measure(new Case("warm-grpc", "grpc", 100, 1, 0, 15, tokens, false));
      for (Case c : cases()) {
        Result r = measure(c);
        results.add(r);
        log(line(r));
      }
      if (profile) {
        Case c = new Case("openai-1000-profiled", "openai", 1000, 4, 0, 12, tokens, false);
        JfrProfile p = new JfrProfile();
        Result r = measure(c);
        prof = p.stop(work.resolve("profile-stream-1000.jfr"));
        log("profiled: " + line(r));
      }
    }
    String md = report(results, prof, started, flags);
    System.out.println(md);
    write(md);
  }

  private Result measure(Case c) throws Exception {
    int run = ++runNo;
    Path summary = work.resolve("ml-summary-" + run + "-" + c.id() + ".json");
    System.setProperty("bench.rest.url", server.restUrl());
    System.setProperty("bench.grpc.target", server.grpcTarget());
    System.setProperty("bench.stream.users", String.valueOf(c.users()));
    System.setProperty("bench.stream.ramp", String.valueOf(c.ramp()));
    System.setProperty("bench.stream.pause", String.valueOf(c.pause()));
    System.setProperty("bench.stream.seconds", String.valueOf(c.seconds()));
    System.setProperty("bench.stream.tokens", String.valueOf(c.tokens()));
    System.setProperty("bench.stream.transport", c.transport());
    System.setProperty("bench.summary", summary.toString());
    // No System.gc() here: after a full collection G1 shrinks the heap, and the next case then
    // ran with a young generation of ~40 MB, collecting every 0.6 s at 1,000 streams.
    double frSum0 = server.metric("nv_inference_first_response_histogram_ms_sum", MODEL);
    double frCount0 = server.metric("nv_inference_first_response_histogram_ms_count", MODEL);
    long[] counts0 = server.counts(MODEL);
    long[] lateFirst0 = server.latenessBuckets(MODEL, true);
    long[] lateLater0 = server.latenessBuckets(MODEL, false);
    long cpu0 = os.getProcessCpuTime();
    long srv0 = server.cpuNanos();
    long t0 = System.nanoTime();
    Throwable[] failure = new Throwable[1];
    Thread runner =
        InJvmGatling.start(StreamBenchSimulation.class, work.resolve("gatling"), failure);
    Heap heap = c.heap() ? sampleHeap(c, t0, runner) : null;
    runner.join();
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    long srv1 = server.cpuNanos();
    if (failure[0] != null) {
      throw new IllegalStateException(c.id() + " failed", failure[0]);
    }
    long[] counts1 = server.counts(MODEL);
    double frSum = server.metric("nv_inference_first_response_histogram_ms_sum", MODEL) - frSum0;
    double frCount =
        server.metric("nv_inference_first_response_histogram_ms_count", MODEL) - frCount0;
    RunSummary rs = SummaryReader.read(summary);
    RunSummary.RequestSummary req = rs.requests().get(StreamBenchSimulation.NAME);
    return new Result(
        c,
        req,
        rs.injector(),
        (t1 - t0) / 1e9,
        cpu1 - cpu0,
        srv0 < 0 ? -1 : srv1 - srv0,
        frCount == 0 ? Double.NaN : frSum / frCount,
        counts1[0] - counts0[0],
        counts1[1] - counts0[1],
        heap,
        minus(server.latenessBuckets(MODEL, true), lateFirst0),
        minus(server.latenessBuckets(MODEL, false), lateLater0));
  }

  private static long[] minus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - (i < b.length ? b[i] : 0);
    }
    return d;
  }

  /** Bucket bounds (µs) of the server's lateness histogram, as {@code ModelStats} defines them. */
  private static final long[] LATENESS_BOUNDS_US =
      io.github.gatlingml.server.engine.ModelStats.LATENESS_BUCKETS_US;

  /**
   * The server's lateness from cumulative bucket counts: share later than 1 ms, share later than 3
   * ms, and the bound that holds 99% ("<= x ms").
   */
  private static String lateness(long[] cumulative) {
    if (cumulative.length == 0 || cumulative[cumulative.length - 1] == 0) {
      return "- | - | -";
    }
    long total = cumulative[cumulative.length - 1];
    double over1 = 100.0 * (total - cumulativeAt(cumulative, 1000)) / total;
    double over3 = 100.0 * (total - cumulativeAt(cumulative, 3000)) / total;
    String p99 = "> " + LATENESS_BOUNDS_US[LATENESS_BOUNDS_US.length - 1] / 1000.0 + " ms";
    for (int i = 0; i < LATENESS_BOUNDS_US.length && i < cumulative.length; i++) {
      if (cumulative[i] >= Math.ceil(0.99 * total)) {
        p99 = "<= " + LATENESS_BOUNDS_US[i] / 1000.0 + " ms";
        break;
      }
    }
    return String.format(Locale.ROOT, "%.2f%% | %.2f%% | %s", over1, over3, p99);
  }

  private static long cumulativeAt(long[] cumulative, long boundUs) {
    for (int i = 0; i < LATENESS_BOUNDS_US.length && i < cumulative.length; i++) {
      if (LATENESS_BOUNDS_US[i] == boundUs) {
        return cumulative[i];
      }
    }
    throw new IllegalArgumentException("no bucket bound " + boundUs);
  }

  /**
   * Baseline in the idle pause (Gatling up, users created, no stream open), then three samples once
   * the server counts (nearly) every user's stream open; each after a full GC.
   */
  private Heap sampleHeap(Case c, long t0, Thread runner) throws Exception {
    HeapProbe.sleepUntil(t0, c.pause() * 1000L / 2 + 500);
    long[] base = HeapProbe.usedAfterGc(server, MODEL);
    log(String.format(Locale.ROOT, "heap baseline %.1f MB, %d open", base[0] / 1e6, base[1]));
    List<long[]> loaded = new ArrayList<>();
    long first = (c.pause() + c.ramp() + 3) * 1000L;
    for (int i = 0; i < 3 && runner.isAlive(); i++) {
      HeapProbe.sleepUntil(t0, first + i * 5000L);
      long[] s = HeapProbe.usedAfterGc(server, MODEL);
      loaded.add(s);
      log(
          String.format(
              Locale.ROOT,
              "heap loaded %.1f MB, %d open, direct %d B (JDK) / %d B (netty)",
              s[0] / 1e6,
              s[1],
              s[2],
              s[3]));
    }
    return new Heap(base[0], base[1], loaded);
  }

  // ------------------------------------------------------------------ report

  private static double ms(long us) {
    return us / 1000.0;
  }

  private static String verdict(double err, double tol) {
    return Math.abs(err) <= tol
        ? "PASS"
        : String.format(Locale.ROOT, "**FAIL** (%.2f ms over)", Math.abs(err) - tol);
  }

  private String line(Result r) {
    RunSummary.StreamStats st = r.req() == null ? null : r.req().stream();
    if (st == null || st.ttftUs() == null) {
      return r.c().id() + ": no stream figures";
    }
    return String.format(
        Locale.ROOT,
        "%-16s ok %d ko %d  ttft p50 %.2f p99 %.2f  tpot p50 %.2f p99 %.2f ms  server ttft mean %.2f ms  injector %.0f%% of a core",
        r.c().id(),
        r.req().ok(),
        r.req().ko(),
        ms(st.ttftUs().p50()),
        ms(st.ttftUs().p99()),
        ms(st.tpotUs().p50()),
        ms(st.tpotUs().p99()),
        r.serverTtftMeanMs(),
        100.0 * r.cpuNs() / 1e9 / r.wallS());
  }

  private String report(
      List<Result> results, JfrProfile.Summary prof, Instant started, List<String> flags) {
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
        .append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() / (1 << 20))
        .append(" MB.\n\n");
    md.append("Server (own JVM): `")
        .append(String.join(" ", flags))
        .append("`. Truth: TTFT ")
        .append((int) TTFT_MS)
        .append(" ms, TPOT ")
        .append((int) TPOT_MS)
        .append(" ms. Targets: |p50 - truth| <= ")
        .append((int) P50_TOL_MS)
        .append(" ms, |p99 - truth| <= ")
        .append((int) P99_TOL_MS)
        .append(" ms. ")
        .append(
            "Closed model: N users started evenly over the ramp, after one unrecorded connection-opening stream, each streaming `generate(\"stream\")` (")
        .append(tokens)
        .append(" tokens) back to back for ")
        .append(seconds)
        .append(" s (1 stream: ")
        .append(singleSeconds)
        .append(
            " s, so that its p99 rests on ~200 streams); figures are ml-summary.json's over every OK stream of the run. ")
        .append("The server process runs at niceness ")
        .append(serverNice.isEmpty() ? "0" : serverNice)
        .append(" (the injector at 0).\n\n");
    md.append("#### Accuracy\n\n");
    md.append(
        "| case | streams | OK / KO | TTFT p50 | TTFT p99 | TPOT p50 | TPOT p99 | err TTFT p50 / p99 | err TPOT p50 / p99 | TTFT p50 | TTFT p99 | TPOT p50 | TPOT p99 |\n");
    md.append("|---|---:|---|---:|---:|---:|---:|---|---|---|---|---|---|\n");
    for (Result r : results) {
      if (r.c().heap()) {
        continue;
      }
      RunSummary.StreamStats st = r.req().stream();
      double t50 = ms(st.ttftUs().p50()) - TTFT_MS, t99 = ms(st.ttftUs().p99()) - TTFT_MS;
      double p50 = ms(st.tpotUs().p50()) - TPOT_MS, p99 = ms(st.tpotUs().p99()) - TPOT_MS;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d / %d | %.2f | %.2f | %.2f | %.2f | %+.2f / %+.2f | %+.2f / %+.2f | %s | %s | %s | %s |%n",
              r.c().transport().equals("grpc") ? "gRPC ModelStreamInfer" : "OpenAI chat (SSE)",
              r.c().users(),
              r.req().ok(),
              r.req().ko(),
              ms(st.ttftUs().p50()),
              ms(st.ttftUs().p99()),
              ms(st.tpotUs().p50()),
              ms(st.tpotUs().p99()),
              t50,
              t99,
              p50,
              p99,
              verdict(t50, P50_TOL_MS),
              verdict(t99, P99_TOL_MS),
              verdict(p50, P50_TOL_MS),
              verdict(p99, P99_TOL_MS)));
    }
    md.append("\nTimes in ms; err = measured - truth.\n\n#### The server's own lateness\n\n");
    md.append(
            "How late tiny_llm's timers handed chunks over, after their planned times (the truth above), from the server's `gatling_ml_chunk_lateness_us` histogram over each case: ")
        .append(
            "whatever the server adds is in the measured figures too, though it is not the client's error.\n\n");
    md.append(
        "| case | streams | first chunks > 1 ms late | > 3 ms late | 99% of first chunks | later chunks > 1 ms late | > 3 ms late | 99% of later chunks |\n");
    md.append("|---|---:|---:|---:|---|---:|---:|---|\n");
    for (Result r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s |%n",
              r.c().id(),
              r.c().users(),
              lateness(r.lateFirst()),
              lateness(r.lateLater())));
    }
    md.append("\n#### Where the time goes\n\n");
    md.append(
        "| case | streams | server-side TTFT mean (arrival to chunk timer) | TTFT mean measured | TPOT mean measured | injector CPU (this JVM, % of one core) | server CPU (% of one core) | ml-summary injector CPU p50 / max % | event-loop lag p50 / p99 / max us | GC pause ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
    for (Result r : results) {
      RunSummary.StreamStats st = r.req().stream();
      RunSummary.Injector i = r.inj();
      RunSummary.LagStats lag = i.eventLoopLagUs();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f | %.2f | %.2f | %.0f | %s | %s | %s | %d |%n",
              r.c().id(),
              r.c().users(),
              r.serverTtftMeanMs(),
              st.ttftUs().mean() / 1000,
              st.tpotUs().mean() / 1000,
              100.0 * r.cpuNs() / 1e9 / r.wallS(),
              r.serverCpuNs() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", 100.0 * r.serverCpuNs() / 1e9 / r.wallS()),
              i.cpuBusyPct() == null
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.0f / %.0f", i.cpuBusyPct().p50(), i.cpuBusyPct().max()),
              lag == null ? "-" : lag.p50() + " / " + lag.p99() + " / " + lag.max(),
              i.gcPauseMs()));
    }
    for (Result r : results) {
      if (r.heap() == null) {
        continue;
      }
      Heap h = r.heap();
      RunSummary.StreamStats st = r.req().stream();
      md.append(
          String.format(
              Locale.ROOT,
              "%n#### %d concurrent streams (%d tokens each, %.1f s per stream)%n%n",
              r.c().users(),
              r.c().tokens(),
              (TTFT_MS + (r.c().tokens() - 1) * TPOT_MS) / 1000));
      md.append(
          String.format(
              Locale.ROOT,
              "- ran: %d OK / %d KO streams in ml-summary.json (server: %d OK / %d failed)%s%n",
              r.req().ok(),
              r.req().ko(),
              r.serverOk(),
              r.serverKo(),
              r.req().koReasons().isEmpty() ? "" : ", KO reasons " + r.req().koReasons()));
      md.append(
          String.format(
              Locale.ROOT,
              "- TTFT p50 / p99 %.2f / %.2f ms, TPOT p50 / p99 %.2f / %.2f ms (with the benchmark's own full GCs in the run)%n",
              ms(st.ttftUs().p50()),
              ms(st.ttftUs().p99()),
              ms(st.tpotUs().p50()),
              ms(st.tpotUs().p99())));
      md.append(
          String.format(
              Locale.ROOT,
              "- baseline (Gatling running, users created, %d streams open): %.1f MB used heap after full GC%n",
              h.baselineOpen(),
              h.baselineBytes() / 1e6));
      for (long[] s : h.loaded()) {
        md.append(
            String.format(
                Locale.ROOT,
                "- with %d streams open: %.1f MB -> %.1f KB per open stream (direct memory: JDK %s, Netty %s)%n",
                s[1],
                s[0] / 1e6,
                (s[0] - h.baselineBytes()) / 1024.0 / Math.max(1, s[1] - h.baselineOpen()),
                s[2] < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", s[2] / 1e6),
                s[3] < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", s[3] / 1e6)));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "- **injector heap per open stream: %.1f KB** (median of the samples, over the streams open at the server)%n",
              h.bytesPerStream() / 1024));
      long[] last = h.loaded().get(h.loaded().size() - 1);
      md.append(
          String.format(
              Locale.ROOT,
              "- over all %d users' streams (open at the client, some not yet at the server): %.1f KB per stream%n",
              r.c().users(),
              (last[0] - h.baselineBytes()) / 1024.0 / r.c().users()));
    }
    if (prof != null) {
      md.append("\n#### JFR profile of the injector JVM, extra 1,000-stream OpenAI pass (")
          .append(prof.samples())
          .append(" samples)\n\n");
      md.append("- top frames (self): ")
          .append(LoopbackBenchmark.percentOf(prof.self(), prof.samples(), 10))
          .append("\n");
      md.append("- Gatling / gatling-ml methods on stack (inclusive): ")
          .append(LoopbackBenchmark.percentOf(prof.inclusive(), prof.samples(), 10))
          .append("\n");
      if (!prof.pluginThreads().isEmpty()) {
        md.append("- threads running gatling-ml code (samples): ")
            .append(prof.pluginThreads())
            .append("\n");
      }
    }
    return md.toString();
  }

  static final String BEGIN =
      "<!-- BEGIN STREAMING ACCURACY generated by StreamingAccuracyBenchmark: do not edit by hand -->";
  static final String END = "<!-- END STREAMING ACCURACY -->";

  private void write(String md) throws IOException {
    ResultsBlock.write(out, BEGIN, END, md);
    log("wrote " + out.toAbsolutePath());
  }

  private static void log(String s) {
    System.out.println("[stream-bench] " + s);
  }
}
