/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.TlsSettings;
import io.github.gatlingml.metrics.ServerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The collector against real HTTP servers on 127.0.0.1: a healthy exporter whose counter grows at a
 * known rate, and targets that are down, slow, broken or serve garbage, all counted with their
 * reason while the healthy one goes on; and ModelStatistics deltas over REST.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CollectorTest {
  private static final double RATE = 1_000; // the exporter's counter, per second

  private HttpServer server;
  private final long bornNanos = System.nanoTime();
  private final AtomicInteger statsCalls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/metrics",
        ex -> {
          double seconds = (System.nanoTime() - bornNanos) / 1e9;
          reply(
              ex,
              200,
              "text/plain; version=0.0.4",
              "# TYPE work_total counter\nwork_total "
                  + (long) (RATE * seconds)
                  + "\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 42\n");
        });
    server.createContext(
        "/openmetrics",
        ex ->
            reply(
                ex,
                200,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                "# TYPE g gauge\ng 7\n# EOF\n"));
    server.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(ex, 200, "text/plain", "g 1\n");
        });
    server.createContext("/garbage", ex -> reply(ex, 200, "text/html", "<html>oops</html>\n"));
    server.createContext("/broken", ex -> reply(ex, 503, "text/plain", "overloaded\n"));
    server.createContext(
        "/v2/models/stats",
        ex -> {
          int call = statsCalls.incrementAndGet();
          long success = call == 1 ? 10 : 35;
          long queueNs = call == 1 ? 1_000_000 : 6_000_000; // +5 ms over 25 requests
          reply(
              ex,
              200,
              "application/json",
              "{\"model_stats\":[{\"name\":\"add_sub\",\"version\":\"1\",\"inference_count\":"
                  + success
                  + ",\"execution_count\":"
                  + success
                  + ",\"inference_stats\":{\"success\":{\"count\":"
                  + success
                  + ",\"ns\":"
                  + success * 2_000_000
                  + "},\"fail\":{\"count\":0,\"ns\":0},\"queue\":{\"count\":"
                  + success
                  + ",\"ns\":"
                  + queueNs
                  + "},\"compute_input\":{\"count\":"
                  + success
                  + ",\"ns\":0},\"compute_infer\":{\"count\":"
                  + success
                  + ",\"ns\":"
                  + success * 1_000_000
                  + "},\"compute_output\":{\"count\":0,\"ns\":0}}}]}");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private MlProtocol protocol(ServerMetricsConfig config) {
    return new MlProtocol(
        URI.create(url("")),
        null,
        InferAction.Wire.REST_JSON,
        null,
        null,
        "",
        List.of(),
        Duration.ofSeconds(5),
        1,
        1,
        false,
        1 << 20,
        null,
        TlsSettings.DEFAULT,
        false,
        config);
  }

  @Test
  void healthyTargetsAreScrapedAndBadOnesCountedByReason() throws Exception {
    Duration every = Duration.ofMillis(250);
    ServerMetricsConfig config =
        ServerMetricsConfig.NONE
            .withTarget(TargetConfig.of(url("/metrics")).withName("ok").withInterval(every))
            .withTarget(
                TargetConfig.of(url("/openmetrics"))
                    .withName("om")
                    .withInterval(every)
                    .withSeries(List.of("g")))
            .withTarget(
                TargetConfig.of("http://127.0.0.1:" + freePort() + "/metrics")
                    .withName("down")
                    .withInterval(every))
            .withTarget(
                TargetConfig.of(url("/slow"))
                    .withName("slow")
                    .withInterval(every)
                    .withTimeout(Duration.ofMillis(150)))
            .withTarget(TargetConfig.of(url("/garbage")).withName("garbage").withInterval(every))
            .withTarget(TargetConfig.of(url("/broken")).withName("broken").withInterval(every))
            .withModelStatistics(List.of());
    MetricsRegistry registry = MetricsRegistry.create();
    ServerMetricsCollector collector = new ServerMetricsCollector(registry);
    collector.watch(protocol(config));
    assertThat(statsCalls.get()).as("ModelStatistics fetched before watch returns").isEqualTo(1);

    ServerMetrics during = collector.snapshot();
    assertThat(during.modelStatistics().models()).as("no deltas before the end").isEmpty();
    Thread.sleep(2_000);
    collector.stop(false);
    ServerMetrics m = collector.snapshot();

    ServerMetrics.Target ok = m.targets().get("ok");
    assertThat(ok.ok()).isGreaterThanOrEqualTo(4);
    assertThat(ok.failures()).isEmpty();
    assertThat(ok.scrapeDurationUs().count()).isEqualTo(ok.ok());
    assertThat(ok.url()).isEqualTo(url("/metrics"));
    ServerMetrics.Series work = ok.series().get("work_total");
    assertThat(work).as("series of 'ok': %s", ok.series().keySet()).isNull();
    // Only the well-known series are kept unless asked: work_total was not asked for.
    assertThat(ok.series()).containsOnlyKeys("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}");
    assertThat(m.wellKnown().get("gpu_util_pct").mean()).isEqualTo(42.0);

    assertThat(m.targets().get("om").series().get("g").mean()).isEqualTo(7.0);

    ServerMetrics.Target down = m.targets().get("down");
    assertThat(down.ok()).isZero();
    assertThat(down.failures()).containsOnlyKeys("connection refused");
    assertThat(down.failures().get("connection refused")).isEqualTo(down.scrapes());
    assertThat(down.scrapes()).isGreaterThanOrEqualTo(4);

    ServerMetrics.Target slow = m.targets().get("slow");
    assertThat(slow.ok()).isZero();
    assertThat(slow.failures()).containsKey("timeout");
    assertThat(slow.lastFailure()).contains("within 150 ms");

    ServerMetrics.Target garbage = m.targets().get("garbage");
    assertThat(garbage.failures())
        .containsOnlyKeys("parse error at line 1: expected a metric name, got '<html>oops</html>'");
    assertThat(garbage.scrapeDurationUs().count()).isEqualTo(garbage.scrapes());

    ServerMetrics.Target broken = m.targets().get("broken");
    assertThat(broken.failures()).containsOnlyKeys("HTTP 503");
    assertThat(broken.lastFailure()).isEqualTo("broken answered HTTP 503: 'overloaded'");

    ServerMetrics.ModelStatistics stats = m.modelStatistics();
    assertThat(stats.source()).isEqualTo("rest");
    assertThat(stats.error()).isNull();
    ServerMetrics.ModelDelta d = stats.models().get("add_sub");
    assertThat(d.success()).isEqualTo(25);
    assertThat(d.inferenceCount()).isEqualTo(25);
    assertThat(d.queueUs()).isEqualTo(200.0); // 5 ms over 25 requests
    assertThat(d.computeInferUs()).isEqualTo(1000.0);
    assertThat(d.requestUs()).isEqualTo(2000.0);
    assertThat(d.computeInputUs()).isEqualTo(0.0);
    assertThat(d.computeOutputUs()).isNull();
  }

  @Test
  void aCounterBecomesItsRate() throws Exception {
    ServerMetricsConfig config =
        ServerMetricsConfig.NONE.withTarget(
            TargetConfig.of(url("/metrics"))
                .withInterval(Duration.ofMillis(200))
                .withSeries(List.of("work_total")));
    ServerMetricsCollector collector =
        new ServerMetricsCollector(MetricsRegistry.builder().intervalMs(500).build());
    collector.watch(protocol(config));
    Thread.sleep(2_200);
    collector.stop(false);
    ServerMetrics.Series work =
        collector.snapshot().targets().get(url("/metrics")).series().get("work_total");
    assertThat(work.value()).isEqualTo("rate_per_s");
    assertThat(work.points().size()).isGreaterThanOrEqualTo(3);
    // Each rate spans 200 ms of a counter that grows 1000/s; scheduling jitter on a busy machine
    // moves a stamp by a few ms, hence the tolerance.
    assertThat(work.mean()).isBetween(0.85 * RATE, 1.15 * RATE);
    for (ServerMetrics.Point p : work.points()) {
      assertThat(p.tMs() % 500).isZero();
    }
  }

  @Test
  void aProtocolWithoutServerMetricsStartsNothing() {
    ServerMetricsCollector collector = new ServerMetricsCollector(MetricsRegistry.create());
    collector.watch(protocol(ServerMetricsConfig.NONE));
    assertThat(collector.snapshot()).isNull();
    collector.stop(false);
  }
}
