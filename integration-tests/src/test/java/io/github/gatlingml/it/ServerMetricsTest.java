/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.engine.SimulatedGpu;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server metrics beside the client's, end to end in a real Gatling run: the series scraped from a
 * test exporter equal its formulas on the run's clock within one interval; the embedded server's
 * simulated GPU and Triton counters arrive under their names; targets that are down, slow or serve
 * garbage are reported while the run goes on; and the ModelStatistics delta equals the server's own
 * counts for the run, over gRPC and over REST.
 */
class ServerMetricsTest {
  /** Observations per second of the exporter's histogram: 40% in (0.1, 0.2], 60% in (0.2, 0.5]. */
  private static final double OBSERVATIONS = 100_000;

  @TempDir Path results;
  private HttpServer exporter;
  private long exporterEpochMs;

  @BeforeEach
  void startExporter() throws IOException {
    exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    exporter.setExecutor(Executors.newCachedThreadPool());
    exporterEpochMs = System.currentTimeMillis();
    exporter.createContext(
        "/metrics",
        ex -> {
          // Every value is a function of the wall clock, so the test can recompute it at any t.
          double s = (System.currentTimeMillis() - exporterEpochMs) / 1000.0;
          reply(
              ex,
              200,
              "# TYPE test_gauge gauge\ntest_gauge "
                  + s
                  + "\n# TYPE test_events_total counter\ntest_events_total "
                  + (long) (100 * s)
                  + "\n# TYPE test_latency_seconds histogram\n"
                  + "test_latency_seconds_bucket{le=\"0.1\"} 0\n"
                  + "test_latency_seconds_bucket{le=\"0.2\"} "
                  + (long) (0.4 * OBSERVATIONS * s)
                  + "\ntest_latency_seconds_bucket{le=\"0.5\"} "
                  + (long) (OBSERVATIONS * s)
                  + "\ntest_latency_seconds_bucket{le=\"+Inf\"} "
                  + (long) (OBSERVATIONS * s)
                  + "\ntest_latency_seconds_count "
                  + (long) (OBSERVATIONS * s)
                  + "\n");
        });
    exporter.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(ex, 200, "test_gauge 1\n");
        });
    exporter.createContext("/garbage", ex -> reply(ex, 200, "<html>Service Unavailable</html>\n"));
    exporter.start();
  }

  @AfterEach
  void stopExporter() {
    exporter.stop(0);
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = InferTransport.class,
      names = {"GRPC", "REST_JSON"})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void scrapedSeriesFollowTheirSourcesAndFailingTargetsDoNotFailTheRun(InferTransport transport)
      throws Exception {
    try (InferenceServer server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(2, Duration.ofMillis(5))))) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.transport", transport.name())
              .with("it.rest.url", server.restBaseUrl())
              .with("it.grpc.target", server.grpcTarget())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.exporter.url", "http://127.0.0.1:" + exporter.getAddress().getPort())
              .with("it.down.url", "http://127.0.0.1:" + freePort() + "/metrics");

      // Every request was sent and succeeded although three targets failed all along.
      assertThat(run.run(ServerMetricsSimulation.class)).as("Gatling exit code").isZero();
      RunSummary summary = run.summary();
      assertThat(summary.requests().get(ServerMetricsSimulation.NAME).ok())
          .isEqualTo(ServerMetricsSimulation.TOTAL);
      ServerMetrics m = summary.serverMetrics();
      assertThat(m).as("server_metrics in ml-summary.json").isNotNull();
      assertThat(m.intervalMs()).isEqualTo(summary.intervalMs());

      exporterFormulas(summary, m.targets().get("exporter"));
      embeddedServer(summary, m);
      failingTargets(m);

      // ModelStatistics: the run's delta is the server's own count (it served nothing else).
      ServerMetrics.ModelStatistics stats = m.modelStatistics();
      assertThat(stats.error()).isNull();
      assertThat(stats.source()).isEqualTo(transport == InferTransport.GRPC ? "grpc" : "rest");
      ModelStats own = server.engine().find("add_sub", "").stats();
      ServerMetrics.ModelDelta d = stats.models().get("add_sub");
      assertThat(d.success())
          .isEqualTo(own.success().count())
          .isEqualTo(ServerMetricsSimulation.TOTAL);
      assertThat(d.fail()).isEqualTo(own.fail().count()).isZero();
      assertThat(d.inferenceCount()).isEqualTo(own.inferenceCount());
      assertThat(d.executionCount()).isEqualTo(own.executionCount());
      assertThat(d.queueUs()).isEqualTo(own.queue().nanos() / 1000.0 / own.queue().count());
      assertThat(d.computeInferUs())
          .isEqualTo(own.computeInfer().nanos() / 1000.0 / own.computeInfer().count())
          .isGreaterThanOrEqualTo(5_000.0); // the 5 ms service time
      assertThat(d.requestUs()).isEqualTo(own.success().nanos() / 1000.0 / own.success().count());
      assertThat(stats.models().get("identity").success()).isZero();
    }
  }

  /** Each exporter series equals its formula, evaluated on the run's clock, within one interval. */
  private void exporterFormulas(RunSummary summary, ServerMetrics.Target exporter) {
    assertThat(exporter.failures()).isEmpty();
    assertThat(exporter.ok()).isGreaterThanOrEqualTo(4);
    assertThat(exporter.scrapeDurationUs().count()).isEqualTo(exporter.ok());
    long interval = summary.intervalMs();

    List<ServerMetrics.Point> gauge = exporter.series().get("test_gauge").points();
    assertThat(gauge).hasSizeGreaterThanOrEqualTo(4);
    for (ServerMetrics.Point p : gauge) {
      // The gauge is the exporter's age in seconds; a point at t holds samples of [t, t + 1 s).
      double expected =
          (summary.startEpochMs() + p.tMs() + interval / 2.0 - exporterEpochMs) / 1000;
      assertThat(p.v())
          .as("test_gauge at t=%d ms", p.tMs())
          .isCloseTo(expected, within(interval / 1000.0));
    }

    ServerMetrics.Series counter = exporter.series().get("test_events_total");
    assertThat(counter.value()).isEqualTo("rate_per_s");
    assertThat(counter.points()).hasSizeGreaterThanOrEqualTo(3);
    // A rate is the increase between two scrapes over the time between their stamps; a stamp is
    // only known to within half its scrape's duration (when in it the exporter rendered the page),
    // which on a busy 2-core machine can be a tenth of a second at the run's start. That error
    // moves neighbouring rates in opposite directions, so their mean stays close to the truth.
    for (ServerMetrics.Point p : counter.points()) {
      assertThat(p.v())
          .as("test_events_total rate at t=%d ms", p.tMs())
          .isCloseTo(100, within(30.0));
    }
    assertThat(counter.mean()).as("mean rate").isCloseTo(100, within(5.0));

    List<ServerMetrics.Point> p50 =
        exporter.series().get("test_latency_seconds{quantile=\"0.5\"}").points();
    List<ServerMetrics.Point> p99 =
        exporter.series().get("test_latency_seconds{quantile=\"0.99\"}").points();
    assertThat(p50).hasSizeGreaterThanOrEqualTo(3);
    // p50: 10% of the (0.2, 0.5] bucket's 60% -> 0.2 + 0.3/6; p99: 0.2 + 0.3 * 59/60.
    p50.forEach(p -> assertThat(p.v()).isCloseTo(0.25, within(0.002)));
    p99.forEach(p -> assertThat(p.v()).isCloseTo(0.495, within(0.002)));
  }

  /** The embedded server's GPU and Triton series, against its formulas and the client's counts. */
  private void embeddedServer(RunSummary summary, ServerMetrics m) {
    ServerMetrics.Target server = m.targets().get("server");
    assertThat(server.failures()).isEmpty();
    Map<Long, Double> util = byT(m.wellKnown().get("gpu_util_pct"));
    Map<Long, Double> power = byT(m.wellKnown().get("gpu_power_w"));
    assertThat(util).isNotEmpty();
    assertThat(power.keySet()).isEqualTo(util.keySet());
    util.forEach(
        (t, u) -> {
          assertThat(u).isBetween(0.0, 100.0);
          assertThat(power.get(t))
              .as("power at t=%d", t)
              .isCloseTo(SimulatedGpu.IDLE_W + SimulatedGpu.W_PER_UTIL_PCT * u, within(1e-6));
        });
    assertThat(m.wellKnown().get("gpu_memory_used_mib").max())
        .isBetween(SimulatedGpu.FB_BASE_MIB, SimulatedGpu.FB_TOTAL_MIB);
    assertThat(m.wellKnown())
        .containsKeys(
            "triton_queue_us_per_request",
            "triton_compute_infer_us_per_request",
            "triton_pending_requests",
            "process_cpu_cores");
    assertThat(m.wellKnown().get("triton_compute_infer_us_per_request").mean())
        .isGreaterThanOrEqualTo(5_000.0);

    // The server's success rate per interval against the client's count in the same interval,
    // on the same clock: equal within one interval (the neighbours' counts bound it).
    Map<Long, Double> rate =
        byT(server.series().get("nv_inference_request_success{model=\"add_sub\",version=\"1\"}"));
    Map<Long, Long> client = new HashMap<>();
    summary
        .timeseries()
        .get(ServerMetricsSimulation.NAME)
        .forEach(p -> client.put(p.tMs(), p.count()));
    long interval = summary.intervalMs();
    double seconds = interval / 1000.0;
    int compared = 0;
    for (Map.Entry<Long, Double> e : rate.entrySet()) {
      long t = e.getKey();
      Long before = client.get(t - interval);
      Long here = client.get(t);
      Long after = client.get(t + interval);
      if (before == null || here == null || after == null) {
        continue;
      }
      long lo = Math.min(here, Math.min(before, after));
      long hi = Math.max(here, Math.max(before, after));
      assertThat(e.getValue() * seconds)
          .as("server successes around t=%d ms vs client counts %d, %d, %d", t, before, here, after)
          .isBetween(lo - 3.0, hi + 3.0);
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(2);
  }

  private static void failingTargets(ServerMetrics m) {
    ServerMetrics.Target down = m.targets().get("down");
    assertThat(down.ok()).isZero();
    assertThat(down.failures()).containsOnlyKeys("connection refused");
    assertThat(down.scrapes()).isGreaterThanOrEqualTo(3);

    ServerMetrics.Target slow = m.targets().get("slow");
    assertThat(slow.ok()).isZero();
    assertThat(slow.failures()).containsKey("timeout");
    assertThat(slow.timeoutMs()).isEqualTo(300);

    ServerMetrics.Target garbage = m.targets().get("garbage");
    assertThat(garbage.ok()).isZero();
    assertThat(garbage.failures())
        .containsOnlyKeys(
            "parse error at line 1: expected a metric name, got '<html>Service Unavailable</html>'");
    assertThat(garbage.lastFailure()).startsWith("garbage: parse error at line 1");
  }

  private static Map<Long, Double> byT(ServerMetrics.Series s) {
    assertThat(s).isNotNull();
    Map<Long, Double> out = new HashMap<>();
    s.points().forEach(p -> out.put(p.tMs(), p.v()));
    return out;
  }
}
