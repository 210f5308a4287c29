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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 16's stream scale: 10,000 token streams open at once from this one injector JVM, over SSE
 * (OpenAI chat, one HTTP/1.1 connection per stream) and over gRPC (ModelStreamInfer, streams
 * multiplexed on a few HTTP/2 connections), against the embedded server in its own JVM (each
 * process has its own file-descriptor limit). tiny_llm answers each stream's first token {@code
 * bench.ttftMs} (80) ms after it arrives and then one token every {@code bench.gapMs} (500) ms, so
 * a stream of {@code bench.tokens} (80) tokens lasts ~40 s: every stream is open at once after the
 * 10 s ramp, with room for a ramp that falls behind on a busy machine; 10,000 open streams then
 * bring 20,000 chunks a second.
 *
 * <p>Measured per case: the peak of streams open at once, counted by the client (users between
 * starting and ending their stream) and by the server ({@code nv_inference_pending_request_count},
 * sampled every 250 ms), with the server's established TCP connections from {@code ss}; KO counts
 * (ml-summary.json and the server's failures); this JVM's heap per open stream: (used heap after a
 * full GC with the streams open - the same in the idle pause, every user created and no connection
 * open) / streams open at the server at that moment, median of three samples; this JVM's CPU over
 * the case; TTFT p50 and p99 against the server's true 80 ms (a 1,000-stream case with short
 * streams gives many samples; the 10,000 cases report theirs too).
 *
 * <p>System properties: {@code bench.users} (10000), {@code bench.ramp} (10 s), {@code
 * bench.tokens} (80), {@code bench.gapMs} (500), {@code bench.ttftMs} (80), {@code bench.cases}
 * (comma list of openai-1000, grpc-1000, openai-10000, grpc-10000; default all), {@code
 * bench.serverNice} (-10), {@code bench.grpcChannels} (2 per event loop), {@code bench.histograms}
 * (false; true writes class histograms of the live heap, idle and loaded, to the work folder),
 * {@code bench.out} (BENCHMARKS.md). Writes its tables between the STREAM SCALE markers of
 * BENCHMARKS.md.
 */
public final class StreamScaleBenchmark {
  static final String MODEL = "tiny_llm";

  record Case(
      String id,
      String transport,
      int users,
      double ramp,
      double pause,
      int tokens,
      int repeat,
      boolean heap) {}

  record Result(
      Case c,
      RunSummary.RequestSummary req,
      RunSummary.RequestSummary warm,
      RunSummary.Injector inj,
      double wallS,
      long cpuNs,
      long serverCpuNs,
      long serverOk,
      long serverKo,
      int clientPeak,
      long serverPeak,
      double serverTtftMeanMs,
      long serverConnPeak,
      long baseline,
      List<long[]> loaded) {
    double heapPerStream() {
      List<Double> xs = new ArrayList<>();
      for (long[] s : loaded) {
        xs.add((double) (s[0] - baseline) / Math.max(1, s[1]));
      }
      return xs.isEmpty() ? Double.NaN : LoopbackBenchmark.median(xs);
    }
  }

  private final int users = Integer.getInteger("bench.users", 10_000);
  private final double ramp = Double.parseDouble(System.getProperty("bench.ramp", "10"));
  private final int tokens = Integer.getInteger("bench.tokens", 80);
  private final int gapMs = Integer.getInteger("bench.gapMs", 500);
  private final int ttftMs = Integer.getInteger("bench.ttftMs", 80);
  private final String serverNice = System.getProperty("bench.serverNice", "-10");
  private final Path out = Path.of(System.getProperty("bench.out", "BENCHMARKS.md"));
  private final Path work =
      Path.of(System.getProperty("bench.work", "benchmarks/target/bench-stream-scale"));
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final boolean histograms = Boolean.getBoolean("bench.histograms");
  private ServerProcess server;
  private int runNo;

  public static void main(String[] args) throws Exception {
    new StreamScaleBenchmark().run();
    System.exit(0); // Gatling and grpc leave non-daemon threads behind
  }

  private List<Case> cases() {
    // 1,000 streams: short streams (6 tokens, ~2.6 s), five per user, for ~5,000 TTFT samples.
    List<Case> all =
        List.of(
            new Case("openai-1000", "openai", 1000, 4, 2, 6, 5, false),
            new Case("grpc-1000", "grpc", 1000, 4, 2, 6, 5, false),
            new Case("openai-" + users, "openai", users, ramp, 6, tokens, 1, true),
            new Case("grpc-" + users, "grpc", users, ramp, 6, tokens, 1, true));
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
    List<String> flags =
        List.of(
            "--llm-ttft",
            ttftMs + "ms",
            "--llm-token-gap",
            gapMs + "ms",
            "--llm-tokens",
            String.valueOf(tokens),
            "--llm-tokens-per-chunk",
            "1",
            "--model-capacity",
            MODEL + ":slots=" + (users + 1000) + ",queue=0",
            "--max-connections",
            String.valueOf(users + 1000));
    try (ServerProcess s = new ServerProcess(64, "0us", flags, serverNice)) {
      server = s;
      log("warm-up (not recorded)");
      measure(new Case("warm-openai", "openai", 500, 2, 0, 4, 4, false));
      measure(new Case("warm-grpc", "grpc", 500, 2, 0, 4, 4, false));
      for (Case c : cases()) {
        Result r = measure(c);
        results.add(r);
        log(line(r));
      }
    }
    String md = report(results, started, flags);
    System.out.println(md);
    write(md);
  }

  private Result measure(Case c) throws Exception {
    int run = ++runNo;
    Path summary = work.resolve("ml-summary-" + run + "-" + c.id() + ".json");
    System.setProperty("bench.rest.url", server.restUrl());
    System.setProperty("bench.grpc.target", server.grpcTarget());
    System.setProperty("bench.scale.users", String.valueOf(c.users()));
    System.setProperty("bench.scale.ramp", String.valueOf(c.ramp()));
    System.setProperty("bench.scale.pause", String.valueOf(c.pause()));
    System.setProperty("bench.scale.tokens", String.valueOf(c.tokens()));
    System.setProperty("bench.scale.repeat", String.valueOf(c.repeat()));
    System.setProperty("bench.scale.transport", c.transport());
    System.setProperty("bench.scale.grpcChannels", System.getProperty("bench.grpcChannels", "2"));
    double streamS = (ttftMs + (c.tokens() - 1) * (double) gapMs) / 1000;
    System.setProperty(
        "bench.scale.tail", String.valueOf((int) Math.ceil(c.repeat() * (streamS + 1) + 30)));
    System.setProperty("bench.summary", summary.toString());
    long[] counts0 = server.counts(MODEL);
    double frSum0 = server.metric("nv_inference_first_response_histogram_ms_sum", MODEL);
    double frCount0 = server.metric("nv_inference_first_response_histogram_ms_count", MODEL);
    long cpu0 = os.getProcessCpuTime();
    long srv0 = server.cpuNanos();
    long t0 = System.nanoTime();
    Throwable[] failure = new Throwable[1];
    Thread runner =
        InJvmGatling.start(StreamScaleSimulation.class, work.resolve("gatling"), failure);
    // The server's own counts, sampled apart from the heap samples' thread.
    AtomicLong serverPeak = new AtomicLong();
    AtomicLong connPeak = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    int port = c.transport().equals("grpc") ? server.grpcPort : server.httpPort;
    Thread sampler =
        new Thread(
            () -> {
              int i = 0;
              while (sampling.get()) {
                try {
                  serverPeak.accumulateAndGet(
                      (long) server.metric("nv_inference_pending_request_count", MODEL), Math::max);
                  if (i++ % 4 == 0) {
                    long conns = establishedTo(port);
                    connPeak.accumulateAndGet(conns, Math::max);
                    if (i % 8 == 1) {
                      log(
                          String.format(
                              Locale.ROOT,
                              "t=%.0f s: open %d at the client, %d at the server, %d connections",
                              elapsedMs(t0) / 1000.0,
                              StreamScaleSimulation.OPEN.get(),
                              (long) server.metric("nv_inference_pending_request_count", MODEL),
                              conns));
                    }
                  }
                  Thread.sleep(250);
                } catch (IOException e) {
                  // a scrape that failed under load: the next one counts
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long baseline = -1;
    List<long[]> loaded = new ArrayList<>();
    if (c.heap()) {
      HeapProbe.sleepUntil(t0, Math.round(c.pause() * 500));
      long[] base = HeapProbe.usedAfterGc(server, MODEL);
      baseline = base[0];
      log(String.format(Locale.ROOT, "heap baseline %.1f MB, %d open", base[0] / 1e6, base[1]));
      if (histograms) {
        histogram(c.id() + "-baseline");
      }
      // Samples on the plateau: the first once the server counts every stream open (or the first
      // streams are about to end, if the ramp fell behind), two more 3 s apart, all before the
      // first streams end (pause + stream length).
      long deadline = Math.round(1000 * (c.pause() + streamS - 1.5));
      HeapProbe.sleepUntil(t0, Math.round(1000 * (c.pause() + c.ramp())));
      while (runner.isAlive()
          && elapsedMs(t0) < deadline - 6000
          && server.metric("nv_inference_pending_request_count", MODEL) < c.users()) {
        Thread.sleep(250);
      }
      for (int i = 0; i < 3 && runner.isAlive() && elapsedMs(t0) < deadline; i++) {
        if (i > 0) {
          Thread.sleep(3000);
        }
        long[] s = HeapProbe.usedAfterGc(server, MODEL);
        loaded.add(s);
        log(
            String.format(
                Locale.ROOT,
                "heap loaded %.1f MB, %d open at the server, %d at the client,"
                    + " direct %.1f MB (JDK) / %.1f MB (netty)",
                s[0] / 1e6,
                s[1],
                StreamScaleSimulation.OPEN.get(),
                s[2] / 1e6,
                s[3] / 1e6));
        if (histograms && i == 0) {
          histogram(c.id() + "-loaded");
        }
      }
    }
    runner.join();
    sampling.set(false);
    sampler.interrupt();
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
    return new Result(
        c,
        rs.requests().get(StreamScaleSimulation.NAME),
        rs.requests().get(StreamScaleSimulation.NAME + " warm-up"),
        rs.injector(),
        (t1 - t0) / 1e9,
        cpu1 - cpu0,
        srv0 < 0 ? -1 : srv1 - srv0,
        counts1[0] - counts0[0],
        counts1[1] - counts0[1],
        StreamScaleSimulation.PEAK.get(),
        serverPeak.get(),
        frCount == 0 ? Double.NaN : frSum / frCount,
        connPeak.get(),
        baseline,
        loaded);
  }

  /** Established TCP connections on the server's local {@code port}, by {@code ss} (-1 if none). */
  private static long establishedTo(int port) {
    try {
      Process p =
          new ProcessBuilder("ss", "-Htn", "state", "established", "sport = :" + port)
              .redirectErrorStream(true)
              .start();
      long n;
      try (var in = p.getInputStream()) {
        n =
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .count();
      }
      p.waitFor(5, TimeUnit.SECONDS);
      return n;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long elapsedMs(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * Writes this JVM's class histogram of live objects (a full GC first: jcmd GC.class_histogram,
   * run in-process through the DiagnosticCommand MBean) to the work folder, to see what the heap
   * per stream is made of.
   */
  private void histogram(String name) {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      Path f = work.resolve("histogram-" + name + ".txt");
      Files.writeString(f, String.valueOf(text), StandardCharsets.UTF_8);
      log("class histogram: " + f);
    } catch (Exception e) {
      log("no class histogram: " + e);
    }
  }

  // ------------------------------------------------------------------ report

  private static double ms(long us) {
    return us / 1000.0;
  }

  private String line(Result r) {
    RunSummary.StreamStats st = r.req() == null ? null : r.req().stream();
    if (st == null || st.ttftUs() == null) {
      return r.c().id() + ": no stream figures";
    }
    return String.format(
        Locale.ROOT,
        "%-14s ok %d ko %d %s  peak open client %d server %d (conns %d)  ttft p50 %.2f p99 %.2f ms"
            + "  heap/stream %.1f KB  injector %.0f%% of a core",
        r.c().id(),
        r.req().ok(),
        r.req().ko(),
        r.req().koReasons(),
        r.clientPeak(),
        r.serverPeak(),
        r.serverConnPeak(),
        ms(st.ttftUs().p50()),
        ms(st.ttftUs().p99()),
        r.heapPerStream() / 1024,
        100.0 * r.cpuNs() / 1e9 / r.wallS());
  }

  private String report(List<Result> results, Instant started, List<String> flags) {
    StringBuilder md = new StringBuilder();
    md.append("### Run of ").append(started).append("\n\n");
    md.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), ")
        .append(LoopbackBenchmark.cpuModelName())
        .append(", Java ")
        .append(System.getProperty("java.runtime.version"))
        .append(", injector max heap ")
        .append(Runtime.getRuntime().maxMemory() / (1 << 20))
        .append(" MB (default G1). Load average at the start: ")
        .append(String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage()))
        .append(".\n\nServer (own JVM, niceness ")
        .append(serverNice.isEmpty() ? "0" : serverNice)
        .append("): `")
        .append(String.join(" ", flags))
        .append("`. Truth: TTFT ")
        .append(ttftMs)
        .append(" ms from arrival, then a token every ")
        .append(gapMs)
        .append(" ms.\n\n");
    md.append(
        "| case | streams (users) | tokens per stream, streams per user | peak open: client / server"
            + " (server TCP conns) | OK / KO (server OK / failed) | heap per open stream | injector"
            + " CPU, % of one core (server) | TTFT p50 / p99 ms | TTFT p50 error | server TTFT mean ms | TPOT p50 ms |"
            + " GC ms | event-loop lag p99 / max ms |\n");
    md.append("|---|---:|---|---|---|---:|---|---|---:|---:|---:|---:|---|\n");
    for (Result r : results) {
      RunSummary.StreamStats st = r.req().stream();
      RunSummary.LagStats lag = r.inj().eventLoopLagUs();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d, %d | %d / %d (%d) | %d / %d%s (%d / %d) | %s | %.0f (%s) | %.2f /"
                  + " %.2f | %+.2f ms | %.2f | %.2f | %d | %s |%n",
              r.c().transport().equals("grpc")
                  ? "gRPC ModelStreamInfer (HTTP/2, shared channels)"
                  : "OpenAI chat SSE (HTTP/1.1, a connection per stream)",
              r.c().users(),
              r.c().tokens(),
              r.c().repeat(),
              r.clientPeak(),
              r.serverPeak(),
              r.serverConnPeak(),
              r.req().ok(),
              r.req().ko(),
              r.req().koReasons().isEmpty() ? "" : " " + r.req().koReasons(),
              r.serverOk(),
              r.serverKo(),
              r.loaded().isEmpty()
                  ? "-"
                  : String.format(Locale.ROOT, "**%.1f KB**", r.heapPerStream() / 1024),
              100.0 * r.cpuNs() / 1e9 / r.wallS(),
              r.serverCpuNs() < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", 100.0 * r.serverCpuNs() / 1e9 / r.wallS()),
              ms(st.ttftUs().p50()),
              ms(st.ttftUs().p99()),
              ms(st.ttftUs().p50()) - ttftMs,
              r.serverTtftMeanMs(),
              ms(st.tpotUs().p50()),
              r.inj().gcPauseMs(),
              lag == null ? "-" : ms(lag.p99()) + " / " + ms(lag.max())));
    }
    md.append(
        "\nCPU is over the whole case (pause, ramp, streams, end). Server TTFT: the mean of"
            + " tiny_llm's own first-response histogram (arrival to first chunk handed over), over"
            + " the case's streams and warm-up streams. The heap samples' own full GCs"
            + " stop the world and are in the 10,000-stream cases' TTFT and GC figures.\n");
    for (Result r : results) {
      if (r.loaded().isEmpty()) {
        continue;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "%n%s: baseline (Gatling up, %d users created, no connection open) %.1f MB used after"
                  + " full GC%n%n",
              r.c().id(),
              r.c().users(),
              r.baseline() / 1e6));
      for (long[] s : r.loaded()) {
        md.append(
            String.format(
                Locale.ROOT,
                "- %d streams open (server): %.1f MB -> %.2f KB per open stream; direct memory JDK"
                    + " %.1f MB, Netty %.1f MB%n",
                s[1],
                s[0] / 1e6,
                (s[0] - r.baseline()) / 1024.0 / Math.max(1, s[1]),
                s[2] / 1e6,
                s[3] / 1e6));
      }
    }
    return md.toString();
  }

  static final String BEGIN =
      "<!-- BEGIN STREAM SCALE generated by StreamScaleBenchmark: do not edit by hand -->";
  static final String END = "<!-- END STREAM SCALE -->";

  private void write(String md) throws IOException {
    ResultsBlock.write(out, BEGIN, END, md);
    log("wrote " + out.toAbsolutePath());
  }

  private static void log(String s) {
    System.out.println("[stream-scale] " + s);
  }
}
