/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import io.github.gatlingml.internal.metrics.HistogramCodec;
import io.github.gatlingml.internal.metrics.Slo;
import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Summaries built in code, shaped like real runs: a breaking-point run of a streaming model with
 * server metrics, and a 24-hour soak of 20 request names. Seeded, so every run of a test sees the
 * same numbers.
 */
final class SyntheticSummaries {
  private static final long START = 1_780_000_000_000L;

  private SyntheticSummaries() {}

  /**
   * Writes one of the summaries, to look at its report or time the command line: {@code
   * breaking-point FILE} or {@code soak FILE [NAMES [SECONDS]]}.
   */
  public static void main(String[] args) throws Exception {
    RunSummary s =
        args[0].equals("soak")
            ? soak(
                args.length > 2 ? Integer.parseInt(args[2]) : 20,
                args.length > 3 ? Integer.parseInt(args[3]) : 86_400)
            : breakingPoint();
    io.github.gatlingml.internal.metrics.SummaryWriter.write(s, java.nio.file.Path.of(args[1]));
  }

  /**
   * A 10-minute rate-step run (8 steps of 75 s, 20 to 160 req/s) of a chat stream and a gRPC
   * classifier beside it, with the knee at step 5, KO past it, GPU and queue metrics, an SLO search
   * and a doubtful injector.
   */
  static RunSummary breakingPoint(String runId, long startEpochMs, String host) {
    Random rnd = new Random(42);
    int seconds = 600;
    int steps = 8;
    long stepMs = 75_000;
    double capacity = 110; // req/s the server sustains
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
    Map<String, RunSummary.EncodedHistograms> histograms = new TreeMap<>();

    // chat: a stream whose latency bends at the knee
    List<RunSummary.TimePoint> chat = new ArrayList<>();
    Histogram lat = HistogramCodec.newHistogram();
    Histogram koLat = HistogramCodec.newHistogram();
    Histogram ttft = HistogramCodec.newHistogram();
    Histogram tpot = HistogramCodec.newHistogram();
    Histogram gaps = HistogramCodec.newHistogram();
    long ok = 0;
    long ko = 0;
    long tokens = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (int t = 0; t < seconds; t++) {
      int step = (int) (t * 1000L / stepMs);
      double offered = 20 * (step + 1);
      double load = offered / capacity;
      double served = Math.min(offered, capacity) * (0.97 + 0.06 * rnd.nextDouble());
      double queueMs = load < 0.8 ? 0 : Math.pow(load - 0.8, 2) * 4000 * (1 + t % 75 / 75.0);
      long n = Math.round(served);
      long failed = load > 1.05 ? Math.round(n * Math.min(0.3, (load - 1) * 0.2)) : 0;
      long good = n - failed;
      long p50 = (long) ((180 + queueMs * 0.6 + rnd.nextGaussian() * 5) * 1000);
      long p99 = (long) ((260 + queueMs * 1.4 + rnd.nextGaussian() * 12) * 1000);
      long ttftP50 = (long) ((35 + queueMs * 0.6) * 1000);
      long ttftP99 = (long) ((70 + queueMs * 1.4) * 1000);
      long pointTokens = good * 64;
      chat.add(
          new RunSummary.TimePoint(t * 1000L, n, failed, p50, p99, ttftP50, ttftP99, pointTokens));
      for (int i = 0; i < good; i++) {
        long ttftUs = (long) ((35 + queueMs * (0.3 + rnd.nextDouble())) * 1000 * logn(rnd, 0.25));
        long tpotUs = (long) (2_300 * logn(rnd, 0.15) * (1 + 0.3 * Math.max(0, load - 0.8)));
        ttft.recordValue(Math.max(1, ttftUs));
        tpot.recordValue(Math.max(1, tpotUs));
        gaps.recordValue(Math.max(1, tpotUs * 2));
        lat.recordValue(ttftUs + tpotUs * 63);
      }
      for (int i = 0; i < failed; i++) {
        koLat.recordValue(30_000_000);
        String reason = i % 3 == 0 ? "HTTP 503" : "timeout";
        reasons.merge(reason, 1L, Long::sum);
      }
      ok += good;
      ko += failed;
      tokens += pointTokens;
    }
    RunSummary.StreamStats stream =
        new RunSummary.StreamStats(
            RunSummary.LatencyStats.of(ttft),
            RunSummary.LatencyStats.of(tpot),
            RunSummary.LatencyStats.of(gaps),
            new RunSummary.OutputTokens(tokens, tokens / (double) ok, "usage"),
            tokens / (double) seconds,
            (long) (ok * 0.8),
            ok * 0.8 / seconds,
            new Slo(500_000, 20_000));
    requests.put(
        "chat",
        new RunSummary.RequestSummary(
            "stream",
            "openai-chat",
            "llama-3-8b",
            ok + ko,
            ok,
            ko,
            reasons,
            (ok + ko) / (double) seconds,
            (ok + ko) * 900,
            tokens * 5,
            RunSummary.LatencyStats.of(lat),
            RunSummary.LatencyStats.of(koLat),
            null,
            stream));
    series.put("chat", chat);
    histograms.put(
        "chat",
        new RunSummary.EncodedHistograms(
            HistogramCodec.encode(lat),
            HistogramCodec.encode(koLat),
            HistogramCodec.encode(HistogramCodec.newHistogram()),
            HistogramCodec.encode(ttft),
            HistogramCodec.encode(tpot),
            HistogramCodec.encode(gaps)));
    addInfer(requests, series, histograms, "classify grpc", seconds, 1, rnd, 1_800, 0.0);

    // the plan's steps and the analysis of them
    List<LoadReport.StepSummary> stepList = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      double offered = 20 * (i + 1);
      double load = offered / capacity;
      double queueMs = load < 0.8 ? 0 : Math.pow(load - 0.8, 2) * 4000 * 1.5;
      long p99 = (long) ((260 + queueMs * 1.4) * 1000);
      long p50 = (long) ((180 + queueMs * 0.6) * 1000);
      double thr = Math.min(offered, capacity) * (i >= 5 ? 0.93 - 0.04 * (i - 5) : 1.0);
      long sent = (long) (offered * 75);
      long stepKo = load > 1.05 ? (long) (sent * Math.min(0.3, (load - 1) * 0.2)) : 0;
      RunSummary.LatencyStats l =
          new RunSummary.LatencyStats(
              sent - stepKo, p50 / 2, p50, 1, p50, p99, p99, p99, p99, p99 * 2);
      Map<String, ServerMetrics.Stats> server = new LinkedHashMap<>();
      server.put("gpu_util_pct", new ServerMetrics.Stats(75, Math.min(99, 20 + 75 * load), 99));
      server.put(
          "triton_queue_us_per_request",
          new ServerMetrics.Stats(75, queueMs * 1000, queueMs * 1500));
      stepList.add(
          new LoadReport.StepSummary(
                  i,
                  i * stepMs,
                  (i + 1) * stepMs,
                  offered,
                  null,
                  sent,
                  sent - stepKo,
                  stepKo,
                  100.0 * stepKo / sent,
                  offered,
                  thr,
                  l,
                  l,
                  null,
                  l,
                  null,
                  thr * 0.8,
                  thr * 64)
              .withServer(server));
    }
    LoadReport.Analysis analysis =
        new LoadReport.Analysis(
                99,
                new LoadReport.Criteria(1.0, 2_000_000L, 3.0, 90.0),
                new LoadReport.Knee(
                    5, 120, "p99 latency 971 ms is 3.7x the lowest of the steps before (260 ms)"),
                new LoadReport.Sustainable(4, 100, 100),
                110,
                "Knee at 120 req/s (step 5): p99 latency 971 ms is 3.7x the lowest before."
                    + " Maximum sustainable rate: 100 req/s (step 4), delivering 100 req/s.")
            .withServerCorrelation(
                "At the knee the GPU was saturated (utilisation 99% mean) and Triton's queue time"
                    + " per request grew from 0 to 0.5 s: the server, not the client, is the"
                    + " bottleneck.");
    LoadReport.SearchResult search =
        new LoadReport.SearchResult(
            100.0,
            120.0,
            List.of(
                new LoadReport.SearchResult.Probe(0, 80, true, "p99 0.26 s, 0% errors"),
                new LoadReport.SearchResult.Probe(1, 160, false, "p99 3.8 s, 9.1% errors"),
                new LoadReport.SearchResult.Probe(2, 120, false, "1.8% errors > 1%"),
                new LoadReport.SearchResult.Probe(3, 100, true, "p99 360 ms, 0% errors")),
            "converged");
    LoadReport load =
        new LoadReport(
            "rate-steps",
            "20 to 160 req/s in 8 steps of 75 s",
            "poisson",
            54_000L,
            53_990L,
            stepList,
            analysis,
            search);

    // server metrics on the same clock
    List<ServerMetrics.Point> gpu = new ArrayList<>();
    List<ServerMetrics.Point> queue = new ArrayList<>();
    List<ServerMetrics.Point> mem = new ArrayList<>();
    for (int t = 0; t < seconds; t++) {
      double l = 20 * ((int) (t * 1000L / stepMs) + 1) / capacity;
      gpu.add(new ServerMetrics.Point(t * 1000L, Math.min(99.5, 20 + 75 * l + rnd.nextGaussian())));
      double q = l < 0.8 ? 0 : Math.pow(l - 0.8, 2) * 4000 * (1 + t % 75 / 75.0);
      queue.add(new ServerMetrics.Point(t * 1000L, q * 1000));
      mem.add(new ServerMetrics.Point(t * 1000L, 18_000 + 40 * Math.min(l, 1.2) * 100));
    }
    Map<String, ServerMetrics.Series> wellKnown = new TreeMap<>();
    wellKnown.put(
        "gpu_util_pct",
        ServerMetrics.Series.of("DCGM_FI_DEV_GPU_UTIL", Map.of(), "derived", "value", gpu));
    wellKnown.put(
        "gpu_memory_used_mib",
        ServerMetrics.Series.of("DCGM_FI_DEV_FB_USED", Map.of(), "derived", "value", mem));
    wellKnown.put(
        "triton_queue_us_per_request",
        ServerMetrics.Series.of(
            "nv_inference_queue_duration_us / nv_inference_request_success",
            Map.of(),
            "derived",
            "per_request",
            queue));
    ServerMetrics server = new ServerMetrics(1000, Map.of(), wellKnown, null);

    RunSummary.Injector injector =
        new RunSummary.Injector(
            host,
            8,
            new RunSummary.CpuStats(41.5, 87.0),
            new RunSummary.CpuStats(55.0, 96.0),
            840,
            new RunSummary.LagStats(6000, 120, 14_200, 48_000, 2.1),
            List.of(
                "event-loop lag p99 14.2 ms > 10 ms: responses waited on busy injector threads,"
                    + " latencies are overstated"));
    return new RunSummary(
        "BreakingPointSimulation",
        runId,
        startEpochMs,
        startEpochMs + seconds * 1000L,
        injector,
        requests,
        1000,
        series,
        histograms,
        true,
        null,
        load,
        server);
  }

  static RunSummary breakingPoint() {
    return breakingPoint("breakingpointsimulation-20260501120000000", START, "injector-0");
  }

  /**
   * A 24-hour soak: {@code names} request names (every tenth a stream), one point per second each,
   * with a daily traffic curve, and three server series of one point per second.
   */
  static RunSummary soak(int names, int seconds) {
    Random rnd = new Random(7);
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
    Map<String, RunSummary.EncodedHistograms> histograms = new TreeMap<>();
    for (int k = 0; k < names; k++) {
      String name = String.format("model-%02d %s", k, k % 10 == 3 ? "chat" : "infer");
      if (k % 10 == 3) {
        addStream(requests, series, histograms, name, seconds, rnd);
      } else {
        addInfer(requests, series, histograms, name, seconds, 5 + k, rnd, 4_000 + 300 * k, 0.001);
      }
    }
    Map<String, ServerMetrics.Series> wellKnown = new TreeMap<>();
    for (String metric : List.of("gpu_util_pct", "triton_pending_requests", "process_cpu_cores")) {
      List<ServerMetrics.Point> points = new ArrayList<>(seconds);
      for (int t = 0; t < seconds; t++) {
        points.add(new ServerMetrics.Point(t * 1000L, 50 + 40 * daily(t) + rnd.nextGaussian() * 3));
      }
      wellKnown.put(metric, ServerMetrics.Series.of(metric, Map.of(), "derived", "value", points));
    }
    return new RunSummary(
        "SoakSimulation",
        "soaksimulation-20260501000000000",
        START,
        START + seconds * 1000L,
        new RunSummary.Injector(
            "soak-injector", 16, new RunSummary.CpuStats(22, 64), null, 5_400, null, List.of()),
        requests,
        1000,
        series,
        histograms,
        true,
        null,
        null,
        new ServerMetrics(1000, Map.of(), wellKnown, null));
  }

  private static double daily(int t) {
    return Math.sin(2 * Math.PI * t / 86_400.0 - Math.PI / 2) * 0.5 + 0.5;
  }

  private static double logn(Random rnd, double sigma) {
    return Math.exp(rnd.nextGaussian() * sigma);
  }

  private static void addInfer(
      Map<String, RunSummary.RequestSummary> requests,
      Map<String, List<RunSummary.TimePoint>> series,
      Map<String, RunSummary.EncodedHistograms> histograms,
      String name,
      int seconds,
      int rps,
      Random rnd,
      long baseUs,
      double koShare) {
    List<RunSummary.TimePoint> points = new ArrayList<>(seconds);
    Histogram lat = HistogramCodec.newHistogram();
    Histogram koLat = HistogramCodec.newHistogram();
    long ok = 0;
    long ko = 0;
    for (int t = 0; t < seconds; t++) {
      long n = Math.max(1, Math.round(rps * (0.6 + 0.8 * daily(t)) + rnd.nextGaussian()));
      long failed = rnd.nextDouble() < koShare * n ? 1 : 0;
      long p50 = (long) (baseUs * (1 + 0.3 * daily(t)) * logn(rnd, 0.05));
      long p99 = (long) (p50 * 2.2 * logn(rnd, 0.2));
      points.add(new RunSummary.TimePoint(t * 1000L, n, failed, p50, p99));
      ok += n - failed;
      ko += failed;
    }
    for (int i = 0; i < 20_000; i++) {
      lat.recordValue((long) (baseUs * logn(rnd, 0.35)));
    }
    if (ko > 0) {
      koLat.recordValue(5_000_000);
    }
    Map<String, Long> reasons = ko > 0 ? Map.of("UNAVAILABLE", ko) : Map.of();
    requests.put(
        name,
        new RunSummary.RequestSummary(
            "infer",
            "grpc",
            name.split(" ")[0],
            ok + ko,
            ok,
            ko,
            reasons,
            (ok + ko) / (double) seconds,
            (ok + ko) * 256,
            (ok + ko) * 128,
            RunSummary.LatencyStats.of(lat),
            RunSummary.LatencyStats.of(koLat),
            null));
    series.put(name, points);
    histograms.put(
        name,
        new RunSummary.EncodedHistograms(
            HistogramCodec.encode(lat),
            HistogramCodec.encode(koLat),
            HistogramCodec.encode(HistogramCodec.newHistogram())));
  }

  private static void addStream(
      Map<String, RunSummary.RequestSummary> requests,
      Map<String, List<RunSummary.TimePoint>> series,
      Map<String, RunSummary.EncodedHistograms> histograms,
      String name,
      int seconds,
      Random rnd) {
    List<RunSummary.TimePoint> points = new ArrayList<>(seconds);
    Histogram lat = HistogramCodec.newHistogram();
    Histogram ttft = HistogramCodec.newHistogram();
    Histogram tpot = HistogramCodec.newHistogram();
    long ok = 0;
    long tokens = 0;
    for (int t = 0; t < seconds; t++) {
      long n = Math.max(1, Math.round(4 * (0.6 + 0.8 * daily(t))));
      long pointTokens = n * 120;
      points.add(
          new RunSummary.TimePoint(
              t * 1000L, n, 0, 900_000L, 1_500_000L, 60_000L, 140_000L, pointTokens));
      ok += n;
      tokens += pointTokens;
    }
    for (int i = 0; i < 20_000; i++) {
      long f = (long) (60_000 * logn(rnd, 0.4));
      long p = (long) (7_000 * logn(rnd, 0.2));
      ttft.recordValue(f);
      tpot.recordValue(p);
      lat.recordValue(f + 119 * p);
    }
    RunSummary.StreamStats stream =
        new RunSummary.StreamStats(
            RunSummary.LatencyStats.of(ttft),
            RunSummary.LatencyStats.of(tpot),
            RunSummary.LatencyStats.of(tpot),
            new RunSummary.OutputTokens(tokens, tokens / (double) ok, "usage"),
            tokens / (double) seconds,
            ok,
            ok / (double) seconds,
            Slo.NONE);
    requests.put(
        name,
        new RunSummary.RequestSummary(
            "stream",
            "openai-chat",
            "llm",
            ok,
            ok,
            0,
            Map.of(),
            ok / (double) seconds,
            0,
            0,
            RunSummary.LatencyStats.of(lat),
            null,
            null,
            stream));
    series.put(name, points);
    histograms.put(
        name,
        new RunSummary.EncodedHistograms(
            HistogramCodec.encode(lat),
            HistogramCodec.encode(HistogramCodec.newHistogram()),
            HistogramCodec.encode(HistogramCodec.newHistogram()),
            HistogramCodec.encode(ttft),
            HistogramCodec.encode(tpot),
            HistogramCodec.encode(tpot)));
  }

  /**
   * A steady one-minute closed run of an infer name and a stream name, one point per second (plus a
   * partial last one), per-interval p99s lognormal around 50 ms with a 10% spread, for {@code
   * compare}: {@code latencyFactor} scales every latency, {@code warnings} make the injector
   * doubtful.
   */
  static RunSummary steady(long seed, double latencyFactor, String... warnings) {
    Random rnd = new Random(seed);
    int seconds = 60;
    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    Map<String, List<RunSummary.TimePoint>> series = new TreeMap<>();
    for (String name : List.of("classify grpc", "chat")) {
      boolean stream = name.equals("chat");
      List<RunSummary.TimePoint> points = new ArrayList<>();
      Histogram lat = HistogramCodec.newHistogram();
      long ok = 0;
      for (int t = 0; t <= seconds; t++) {
        long n = 100 + Math.round(3 * rnd.nextGaussian());
        long p50 = (long) (20_000 * latencyFactor * Math.exp(0.05 * rnd.nextGaussian()));
        long p99 = (long) (50_000 * latencyFactor * Math.exp(0.10 * rnd.nextGaussian()));
        long ttft = (long) (8_000 * latencyFactor * Math.exp(0.10 * rnd.nextGaussian()));
        points.add(
            stream
                ? new RunSummary.TimePoint(t * 1000L, n, 0, p50, p99, ttft / 2, ttft, n * 64)
                : new RunSummary.TimePoint(t * 1000L, n, 0, p50, p99));
        lat.recordValueWithCount(p50, n);
        ok += n;
      }
      RunSummary.LatencyStats stats = RunSummary.LatencyStats.of(lat);
      RunSummary.StreamStats st =
          stream
              ? new RunSummary.StreamStats(
                  stats,
                  stats,
                  null,
                  new RunSummary.OutputTokens(ok * 64, 64, "usage"),
                  ok * 64.0 / seconds,
                  ok,
                  ok / (double) seconds,
                  Slo.NONE)
              : null;
      requests.put(
          name,
          new RunSummary.RequestSummary(
              stream ? "stream" : "infer",
              stream ? "openai-chat" : "grpc",
              "m",
              ok,
              ok,
              0,
              Map.of(),
              ok / (double) seconds,
              0,
              0,
              stats,
              null,
              null,
              st));
      series.put(name, points);
    }
    RunSummary.Injector injector =
        new RunSummary.Injector("injector-0", 4, null, null, 0, null, List.of(warnings));
    return new RunSummary(
        "SteadySimulation",
        "steady-" + seed,
        START,
        START + seconds * 1000L + 500,
        injector,
        requests,
        1000,
        series,
        Map.of());
  }
}
