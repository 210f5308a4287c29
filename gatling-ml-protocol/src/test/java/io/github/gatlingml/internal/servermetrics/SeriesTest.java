/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.gatlingml.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scraped pages to per-interval series, against values worked out by hand: gauges as they are,
 * counters as rates, histograms as interpolated quantiles, the well-known series, and windows.
 */
class SeriesTest {
  private static final long INTERVAL = 1_000;

  private static TargetState target(TargetConfig config) {
    return new TargetState(config, INTERVAL);
  }

  private static void scrape(TargetState t, double tMs, String page) throws Exception {
    t.scraped(PrometheusText.parse(page, false), tMs);
  }

  private static Map<Long, Double> points(ServerMetrics.Series s) {
    Map<Long, Double> out = new TreeMap<>();
    s.points().forEach(p -> out.put(p.tMs(), p.v()));
    return out;
  }

  @Test
  void gaugeIsTheMeanOfTheIntervalsSamples() throws Exception {
    TargetState t = target(TargetConfig.of("http://h/metrics").withSeries(List.of("temp")));
    scrape(t, 100, "temp{gpu=\"0\"} 10\n");
    scrape(t, 600, "temp{gpu=\"0\"} 20\n");
    scrape(t, 1_100, "temp{gpu=\"0\"} 40\n");
    scrape(t, 3_000, "temp{gpu=\"0\"} NaN\n"); // no value now: no point
    ServerMetrics.Series s = t.summary().series().get("temp{gpu=\"0\"}");
    assertThat(s.value()).isEqualTo("value");
    assertThat(points(s)).containsExactly(Map.entry(0L, 15.0), Map.entry(1_000L, 40.0));
    assertThat(s.mean()).isEqualTo(27.5);
    assertThat(s.max()).isEqualTo(40.0);
  }

  @Test
  void counterIsARateAtTheMidpointOfTwoScrapes() throws Exception {
    TargetState t = target(TargetConfig.of("http://h/metrics").withSeries(List.of("reqs_total")));
    String type = "# TYPE reqs_total counter\n";
    scrape(t, 500, type + "reqs_total 100\n");
    scrape(t, 1_500, type + "reqs_total 150\n"); // +50 over 1 s, midpoint 1000 -> slot 1000
    scrape(t, 2_500, type + "reqs_total 250\n"); // +100 over 1 s, midpoint 2000
    scrape(t, 3_500, type + "reqs_total 30\n"); // a reset: +30 over 1 s, midpoint 3000
    ServerMetrics.Series s = t.summary().series().get("reqs_total");
    assertThat(s.value()).isEqualTo("rate_per_s");
    assertThat(s.type()).isEqualTo("counter");
    assertThat(points(s))
        .containsExactly(
            Map.entry(1_000L, 50.0), Map.entry(2_000L, 100.0), Map.entry(3_000L, 30.0));
  }

  @Test
  void twoPairsInOneIntervalMakeOneRateOverTheirTotalTime() throws Exception {
    TargetState t = target(TargetConfig.of("http://h/metrics").withSeries(List.of("c_total")));
    String type = "# TYPE c_total counter\n";
    scrape(t, 0, type + "c_total 0\n");
    scrape(t, 400, type + "c_total 10\n"); // midpoint 200
    scrape(t, 800, type + "c_total 30\n"); // midpoint 600
    assertThat(points(t.summary().series().get("c_total")))
        .containsExactly(Map.entry(0L, 30 * 1000.0 / 800));
  }

  @Test
  void histogramQuantilesInterpolateInsideTheBucket() throws Exception {
    TargetState t = target(TargetConfig.of("http://h/metrics").withSeries(List.of("lat")));
    String type = "# TYPE lat histogram\n";
    scrape(
        t,
        500,
        type
            + "lat_bucket{le=\"0.1\"} 0\nlat_bucket{le=\"0.2\"} 0\nlat_bucket{le=\"0.5\"} 0\n"
            + "lat_bucket{le=\"+Inf\"} 0\nlat_sum 0\nlat_count 0\n");
    // 40 observations in (0.1, 0.2], 60 in (0.2, 0.5].
    scrape(
        t,
        1_500,
        type
            + "lat_bucket{le=\"0.1\"} 0\nlat_bucket{le=\"0.2\"} 40\nlat_bucket{le=\"0.5\"} 100\n"
            + "lat_bucket{le=\"+Inf\"} 100\nlat_sum 30\nlat_count 100\n");
    Map<String, ServerMetrics.Series> series = t.summary().series();
    // p50: rank 50, 10 into the (0.2, 0.5] bucket of 60 -> 0.2 + 0.3 * 10/60 = 0.25
    assertThat(points(series.get("lat{quantile=\"0.5\"}")).get(1_000L))
        .isCloseTo(0.25, within(1e-12));
    // p99: rank 99 -> 0.2 + 0.3 * 59/60 = 0.495
    assertThat(points(series.get("lat{quantile=\"0.99\"}")).get(1_000L))
        .isCloseTo(0.495, within(1e-12));
    assertThat(series.get("lat{quantile=\"0.5\"}").value()).isEqualTo("quantile");
    assertThat(points(series.get("lat_count"))).containsExactly(Map.entry(1_000L, 100.0));
    assertThat(points(series.get("lat_sum"))).containsExactly(Map.entry(1_000L, 30.0));
  }

  @Test
  void quantileEdgeCases() {
    TreeMap<Double, Double> b = new TreeMap<>();
    assertThat(Tracks.quantile(0.5, b)).isNull();
    b.put(1.0, 0.0);
    b.put(Double.POSITIVE_INFINITY, 0.0);
    assertThat(Tracks.quantile(0.5, b)).as("nothing observed").isNull();
    b.put(1.0, 10.0);
    b.put(Double.POSITIVE_INFINITY, 10.0);
    assertThat(Tracks.quantile(0.5, b)).as("first bucket from 0").isEqualTo(0.5);
    b.put(Double.POSITIVE_INFINITY, 100.0);
    assertThat(Tracks.quantile(0.99, b)).as("in +Inf: the highest finite bound").isEqualTo(1.0);
  }

  @Test
  void labelFiltersAndSeriesPatterns() throws Exception {
    TargetState t =
        target(
            TargetConfig.of("http://h/metrics")
                .withSeries(List.of("node_.*"))
                .withLabel("gpu", "0|1"));
    scrape(
        t,
        100,
        "node_load1{gpu=\"0\"} 1\nnode_load1{gpu=\"2\"} 2\nnode_load1 3\nother{gpu=\"0\"} 4\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"1\"} 50\nDCGM_FI_DEV_GPU_UTIL{gpu=\"3\"} 60\n");
    assertThat(t.summary().series().keySet())
        .containsExactly("DCGM_FI_DEV_GPU_UTIL{gpu=\"1\"}", "node_load1{gpu=\"0\"}");
  }

  @Test
  void wellKnownSeriesCombineTheirSources() throws Exception {
    TargetState t = target(TargetConfig.of("http://h/metrics"));
    String page1 =
        "# TYPE nv_inference_queue_duration_us counter\n"
            + "nv_inference_queue_duration_us{model=\"a\",version=\"1\"} 0\n"
            + "nv_inference_queue_duration_us{model=\"b\",version=\"1\"} 0\n"
            + "# TYPE nv_inference_request_success counter\n"
            + "nv_inference_request_success{model=\"a\",version=\"1\"} 0\n"
            + "nv_inference_request_success{model=\"b\",version=\"1\"} 0\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 20\nDCGM_FI_DEV_GPU_UTIL{gpu=\"1\"} 40\n"
            + "DCGM_FI_DEV_FB_USED{gpu=\"0\"} 1000\nDCGM_FI_DEV_FB_USED{gpu=\"1\"} 3000\n"
            + "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 10\n"
            + "unrelated_metric 5\n";
    String page2 =
        "# TYPE nv_inference_queue_duration_us counter\n"
            + "nv_inference_queue_duration_us{model=\"a\",version=\"1\"} 3000\n"
            + "nv_inference_queue_duration_us{model=\"b\",version=\"1\"} 1000\n"
            + "# TYPE nv_inference_request_success counter\n"
            + "nv_inference_request_success{model=\"a\",version=\"1\"} 30\n"
            + "nv_inference_request_success{model=\"b\",version=\"1\"} 10\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 20\nDCGM_FI_DEV_GPU_UTIL{gpu=\"1\"} 40\n"
            + "DCGM_FI_DEV_FB_USED{gpu=\"0\"} 1000\nDCGM_FI_DEV_FB_USED{gpu=\"1\"} 3000\n"
            + "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 11.5\n";
    scrape(t, 0, page1);
    scrape(t, 1_000, page2);
    Map<String, ServerMetrics.Series> known = WellKnown.of(List.of(t));
    // (3000 + 1000) µs of queueing over (30 + 10) requests
    assertThat(points(known.get("triton_queue_us_per_request")))
        .containsExactly(Map.entry(0L, 100.0));
    assertThat(known.get("triton_queue_us_per_request").value()).isEqualTo("per_request");
    assertThat(points(known.get("gpu_util_pct")))
        .containsExactly(Map.entry(0L, 30.0), Map.entry(1_000L, 30.0));
    assertThat(points(known.get("gpu_memory_used_mib"))).containsEntry(0L, 4000.0);
    assertThat(points(known.get("process_cpu_cores"))).containsExactly(Map.entry(0L, 1.5));
    assertThat(known).doesNotContainKeys("gpu_power_w", "vllm_requests_running");
    assertThat(t.summary().series()).doesNotContainKey("unrelated_metric");
  }

  @Test
  void windowsSummarizeThePointsInside() {
    ServerMetrics.Series s =
        ServerMetrics.Series.of(
            "m",
            Map.of(),
            "gauge",
            "value",
            List.of(
                new ServerMetrics.Point(0, 1),
                new ServerMetrics.Point(1_000, 3),
                new ServerMetrics.Point(2_000, 8),
                new ServerMetrics.Point(3_000, 2)));
    ServerMetrics m =
        new ServerMetrics(
            1_000,
            Map.of(
                "t",
                new ServerMetrics.Target(
                    "http://h/metrics",
                    1_000,
                    1_000,
                    4,
                    4,
                    Map.of(),
                    null,
                    null,
                    0,
                    Map.of("m", s))),
            Map.of("gpu_util_pct", s),
            null);
    ServerMetrics.Window w = m.window(1_000, 3_000);
    assertThat(w.wellKnown().get("gpu_util_pct")).isEqualTo(new ServerMetrics.Stats(2, 5.5, 8.0));
    assertThat(w.series().get("t").get("m")).isEqualTo(new ServerMetrics.Stats(2, 5.5, 8.0));
    assertThat(m.window(10_000, 20_000).wellKnown()).isEmpty();
    assertThat(s.mean()).isEqualTo(3.5);
    assertThat(s.max()).isEqualTo(8.0);
  }

  @Test
  void failuresAreCountedByReasonWithALimit() {
    TargetState t = target(TargetConfig.of("http://h/metrics"));
    t.failed("timeout", "no answer");
    t.failed("timeout", "no answer");
    for (int i = 0; i < TargetState.MAX_REASONS + 3; i++) {
      t.failed("parse error at line " + i + ": x", "detail " + i);
    }
    ServerMetrics.Target s = t.summary();
    assertThat(s.failures().get("timeout")).isEqualTo(2);
    assertThat(s.failures()).hasSize(TargetState.MAX_REASONS + 1);
    assertThat(s.failures().get("other")).isEqualTo(4);
    assertThat(s.scrapes()).isEqualTo(TargetState.MAX_REASONS + 5);
    assertThat(s.failed()).isEqualTo(s.scrapes());
    assertThat(s.lastFailure()).isEqualTo("detail " + (TargetState.MAX_REASONS + 2));
  }
}
