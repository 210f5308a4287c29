/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.metrics.HistogramCodec;
import io.github.gatlingml.internal.metrics.Slo;
import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the page is given to draw: folded series, percentile curves, steps and knee marks. */
class ReportDataTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void bucketWidthIsAWholeNumberOfIntervalsGivingAtMostTheMaximum() {
    assertThat(Downsampler.bucketMs(60_000, 1_000, 2_000)).isEqualTo(1_000);
    assertThat(Downsampler.bucketMs(86_400_000, 1_000, 2_000)).isEqualTo(44_000);
    assertThat(86_400_000 / 44_000 + 1).isLessThanOrEqualTo(2_000);
    assertThat(Downsampler.bucketMs(2_000_000, 1_000, 2_000)).isEqualTo(1_000);
    assertThat(Downsampler.bucketMs(2_001_000, 1_000, 2_000)).isEqualTo(2_000);
  }

  @Test
  void downsamplingKeepsEachBucketsMinimumAndMaximum() {
    int n = 86_400;
    long bucketMs = Downsampler.bucketMs(n * 1000L, 1000, 2_000);
    int buckets = (int) ((n * 1000L + bucketMs - 1) / bucketMs);
    Downsampler d = new Downsampler(bucketMs, buckets);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 100 + 10 * Math.sin(i / 300.0);
    }
    values[12_345] = 5_000; // one spike of one second
    values[70_001] = -3; // one dip
    for (int i = 0; i < n; i++) {
      d.add(i * 1000L, values[i]);
    }
    Double[] max = d.maxes();
    Double[] min = d.mins();
    Double[] mean = d.means();
    assertThat(max).hasSizeLessThanOrEqualTo(2_000);
    assertThat(Arrays.stream(max).filter(Objects::nonNull).mapToDouble(v -> v).max().getAsDouble())
        .isEqualTo(5_000);
    assertThat(Arrays.stream(min).filter(Objects::nonNull).mapToDouble(v -> v).min().getAsDouble())
        .isEqualTo(-3);
    int spikeBucket = (int) (12_345_000L / bucketMs);
    assertThat(max[spikeBucket]).isEqualTo(5_000);
    // the mean of the bucket is the mean of its intervals
    int per = (int) (bucketMs / 1000);
    double sum = 0;
    for (int i = spikeBucket * per; i < (spikeBucket + 1) * per; i++) {
      sum += values[i];
    }
    assertThat(mean[spikeBucket]).isCloseTo(sum / per, within(1e-9));
  }

  @Test
  void aBucketWithoutValuesIsNull() {
    Downsampler d = new Downsampler(2_000, 3);
    d.add(0, 1);
    d.add(1_000, 3);
    d.add(4_500, 7);
    assertThat(d.means()).containsExactly(2.0, null, 7.0);
    assertThat(d.mins()).containsExactly(1.0, null, 7.0);
    assertThat(d.maxes()).containsExactly(3.0, null, 7.0);
  }

  @Test
  void percentileCurveOfAKnownHistogram() {
    Histogram h = HistogramCodec.newHistogram();
    for (int v = 1; v <= 10_000; v++) {
      h.recordValue(v);
    }
    Distributions.Curve c = Distributions.curve(h);
    double[] p = c.percentiles();
    long[] v = c.valuesUs();
    assertThat(p[0]).isEqualTo(0.0);
    assertThat(p[p.length - 1]).isEqualTo(100.0);
    assertThat(v[v.length - 1]).isEqualTo(h.getMaxValue());
    assertThat(p.length).isBetween(50, Distributions.MAX_CURVE_POINTS);
    for (int i = 1; i < p.length; i++) {
      assertThat(p[i]).isGreaterThan(p[i - 1]);
      assertThat(v[i]).isGreaterThanOrEqualTo(v[i - 1]);
    }
    // every point is the histogram's own value at its level, and within 0.1% of the exact rank
    for (int i = 0; i < p.length; i++) {
      assertThat(v[i]).isEqualTo(h.getValueAtPercentile(p[i]));
      double exact = Math.max(1, Math.ceil(p[i] / 100 * 10_000));
      assertThat((double) v[i]).isCloseTo(exact, within(exact * 0.002 + 1));
    }
    // the first level at or past p50 / p99, within HdrHistogram's 0.1% of the exact value
    assertThat(valueAt(c, 50)).isCloseTo(5_000, within(20L));
    assertThat(valueAt(c, 99)).isCloseTo(9_900, within(20L));
  }

  private static long valueAt(Distributions.Curve c, double pct) {
    for (int i = 0; i < c.percentiles().length; i++) {
      if (c.percentiles()[i] >= pct) {
        return c.valuesUs()[i];
      }
    }
    throw new AssertionError("no level " + pct);
  }

  @Test
  void bucketsAddUpToTheHistogramsCountAndAreLogSpaced() {
    Histogram h = HistogramCodec.newHistogram();
    for (int v = 1; v <= 10_000; v++) {
      h.recordValue(v * 10L);
    }
    h.recordValue(0);
    Distributions.Buckets b = Distributions.buckets(h);
    assertThat(Arrays.stream(b.counts()).sum()).isEqualTo(h.getTotalCount());
    assertThat(b.counts()).hasSize(Distributions.BUCKETS);
    double ratio = b.highUs()[1] / b.lowUs()[1];
    for (int i = 2; i < b.counts().length; i++) {
      assertThat(b.highUs()[i] / b.lowUs()[i]).isCloseTo(ratio, within(1e-6));
      assertThat(b.lowUs()[i]).isCloseTo(b.highUs()[i - 1], within(1e-6));
    }
    assertThat(b.highUs()[b.counts().length - 1]).isEqualTo(h.getMaxValue());
    assertThat(Distributions.curve(HistogramCodec.newHistogram())).isNull();
  }

  @Test
  void stepBoundariesKneeAndConclusionAreInTheEmbeddedJson() throws Exception {
    JsonNode run = embedded(MlReport.html(steppedSummary())).get("run");
    JsonNode steps = run.at("/load/steps");
    assertThat(steps).hasSize(4);
    assertThat(steps.get(0).get("start_s").asDouble()).isEqualTo(0.0);
    assertThat(steps.get(1).get("start_s").asDouble()).isEqualTo(10.0);
    assertThat(steps.get(3).get("end_s").asDouble()).isEqualTo(40.0);
    assertThat(steps.get(2).get("offered_rps").asDouble()).isEqualTo(300.0);
    assertThat(steps.get(2).get("judged_latency_ms").asDouble()).isEqualTo(80.0);
    JsonNode analysis = run.at("/load/analysis");
    assertThat(analysis.at("/knee/step").asInt()).isEqualTo(2);
    assertThat(analysis.at("/knee/reason").asText()).contains("4x");
    assertThat(analysis.at("/max_sustainable/step").asInt()).isEqualTo(1);
    assertThat(analysis.at("/max_sustainable/throughput_rps").asDouble()).isEqualTo(199.5);
    assertThat(analysis.get("conclusion").asText()).startsWith("Knee at 300 req/s");
    assertThat(analysis.get("server_correlation").asText()).contains("GPU");
    assertThat(run.at("/load/search/probes")).hasSize(2);
    // server series on the same axis, and the time axis itself
    assertThat(run.at("/server/gpu_util_pct/v")).hasSize(run.at("/time/t").size());
    assertThat(run.at("/time/bucket_ms").asLong()).isEqualTo(1_000);
    // the stream's distributions, from its histograms
    assertThat(run.at("/distributions/chat/ttft/curve/p").size()).isGreaterThan(10);
    assertThat(run.at("/distributions/chat/tpot/buckets/count")).hasSize(Distributions.BUCKETS);
    assertThat(run.at("/series/chat/tokens")).isNotEmpty();
    JsonNode chat = run.get("requests").get(0);
    assertThat(chat.get("name").asText()).isEqualTo("chat");
    assertThat(chat.at("/latency_ms/p50").asDouble()).isEqualTo(12.345);
    assertThat(chat.at("/ttft_ms/p99").asDouble()).isEqualTo(0.999);
  }

  @Test
  void aScriptEndInTheDataCannotCloseTheDataElement() throws Exception {
    String evil = "x</script><script>alert(1)</script><!--";
    RunSummary s = summary(evil, 30, null, null);
    String html = MlReport.html(s);
    // the three script elements' own ends, no other
    assertThat(count(html, "</script")).isEqualTo(3);
    assertThat(html).doesNotContain("<!--");
    JsonNode run = embedded(html).get("run");
    assertThat(run.get("requests").get(0).get("name").asText()).isEqualTo(evil);
    assertThat(run.get("series").has(evil)).isTrue();
  }

  @Test
  void thePageLoadsNothing() {
    String html = MlReport.html(steppedSummary());
    assertThat(html).doesNotContain("http://").doesNotContain("https://");
    assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\ssrc=");
    assertThat(html).doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)<img\\b");
    assertThat(html).doesNotContainPattern("(?i)url\\(").doesNotContain("@import");
    assertThat(html).contains("var uPlot=").contains("Leon Sorokin").contains(".u-legend");
  }

  @Test
  void writeReplacesTheReportInTheFolder(@TempDir Path dir) throws Exception {
    Path first = MlReport.write(summary("a", 5, null, null), dir.resolve("run"));
    assertThat(first).isEqualTo(dir.resolve("run").resolve(MlReport.FILE_NAME));
    Path second = MlReport.write(steppedSummary(), dir.resolve("run"));
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(second)).contains("StepSim");
    try (var files = Files.list(dir.resolve("run"))) {
      assertThat(files.toList()).containsExactly(first);
    }
    // readable by others, like Gatling's own report (not the owner-only mode of a temp file)
    if (first.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(first))
          .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ)
          .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
    }
  }

  @Test
  void aSoakDaysSeriesAreFoldedToTheMaximum() throws Exception {
    RunSummary s = summary("soak", 86_400, null, null);
    JsonNode run = MAPPER.valueToTree(ReportData.run(s, ReportData.MAX_POINTS));
    assertThat(run.at("/time/t").size()).isLessThanOrEqualTo(ReportData.MAX_POINTS);
    assertThat(run.at("/series/soak/ok_max").size()).isEqualTo(run.at("/time/t").size());
    // the one second of 990 OK/s survives the folding as its bucket's maximum
    double max = 0;
    for (JsonNode v : run.at("/series/soak/ok_max")) {
      max = Math.max(max, v.asDouble());
    }
    assertThat(max).isEqualTo(990.0);
  }

  // ---------------------------------------------------------------- fixtures

  static JsonNode embedded(String html) throws Exception {
    Matcher m =
        Pattern.compile("<script type=\"application/json\" id=\"ml-data\">(.*?)</script>", 32)
            .matcher(html);
    assertThat(m.find()).isTrue();
    return MAPPER.readTree(m.group(1));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static RunSummary.LatencyStats stats(long p50, long p99) {
    return new RunSummary.LatencyStats(100, p50 / 2, p50, 1, p50, p99, p99, p99, p99, p99 * 2);
  }

  /** One request name with {@code seconds} points; second 1234 (if any) has 990 OK. */
  static RunSummary summary(String name, int seconds, LoadReport load, ServerMetrics server) {
    Histogram lat = HistogramCodec.newHistogram();
    for (int i = 1; i <= 1000; i++) {
      lat.recordValue(1000L + i * 20);
    }
    List<RunSummary.TimePoint> points = new ArrayList<>();
    long total = 0;
    for (int t = 0; t < seconds; t++) {
      long c = t == 1234 ? 990 : 100;
      long ko = t % 10 == 0 ? 1 : 0;
      if (t == 1234) {
        ko = 0;
      }
      points.add(new RunSummary.TimePoint(t * 1000L, c, ko, 12_000L + t % 7, 40_000L));
      total += c;
    }
    long ko = points.stream().mapToLong(RunSummary.TimePoint::ko).sum();
    RunSummary.RequestSummary r =
        new RunSummary.RequestSummary(
            "infer",
            "grpc",
            "m",
            total,
            total - ko,
            ko,
            Map.of("UNAVAILABLE", ko),
            total / (double) seconds,
            0,
            0,
            stats(12_345, 40_000),
            null,
            null);
    String enc = HistogramCodec.encode(lat);
    return new RunSummary(
        "Sim",
        "run-1",
        1_700_000_000_000L,
        1_700_000_000_000L + seconds * 1000L,
        new RunSummary.Injector("host-a", 2, null, null, 0, null, List.of()),
        Map.of(name, r),
        1000,
        Map.of(name, points),
        Map.of(name, new RunSummary.EncodedHistograms(enc, enc, enc)),
        true,
        null,
        load,
        server);
  }

  /** A stream under a four-step rate plan, knee at step 2, with GPU metrics and a search. */
  static RunSummary steppedSummary() {
    List<LoadReport.StepSummary> steps = new ArrayList<>();
    double[] offered = {100, 200, 300, 400};
    long[] p99 = {20_000, 22_000, 80_000, 400_000};
    for (int i = 0; i < 4; i++) {
      double thr = i == 1 ? 199.5 : Math.min(offered[i], 260);
      steps.add(
          new LoadReport.StepSummary(
              i,
              i * 10_000L,
              (i + 1) * 10_000L,
              offered[i],
              null,
              (long) offered[i] * 10,
              (long) offered[i] * 10,
              0,
              0.0,
              offered[i],
              thr,
              stats(10_000, p99[i]),
              stats(10_000, p99[i]),
              null,
              null,
              null,
              null,
              null));
    }
    LoadReport.Analysis analysis =
        new LoadReport.Analysis(
                99,
                new LoadReport.Criteria(1.0, 100_000L, 3.0, 90.0),
                new LoadReport.Knee(2, 300, "p99 80 ms is 4x the lowest before it"),
                new LoadReport.Sustainable(1, 200, 199.5),
                260,
                "Knee at 300 req/s; maximum sustainable 200 req/s.")
            .withServerCorrelation("GPU utilisation reached 97% at the knee: the GPU saturated.");
    LoadReport.SearchResult search =
        new LoadReport.SearchResult(
            200.0,
            300.0,
            List.of(
                new LoadReport.SearchResult.Probe(0, 200, true, "p99 22 ms"),
                new LoadReport.SearchResult.Probe(1, 300, false, "p99 80 ms")),
            "converged");
    LoadReport load =
        new LoadReport(
            "rate-steps", "100 to 400 req/s", "uniform", 10_000L, 10_000L, steps, analysis, search);
    List<ServerMetrics.Point> gpu = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      gpu.add(new ServerMetrics.Point(t * 1000L, 20 + 2 * t));
    }
    ServerMetrics server =
        new ServerMetrics(
            1000,
            Map.of(),
            Map.of(
                "gpu_util_pct",
                ServerMetrics.Series.of("DCGM_FI_DEV_GPU_UTIL", Map.of(), "derived", "value", gpu)),
            null);

    Histogram lat = HistogramCodec.newHistogram();
    Histogram ttft = HistogramCodec.newHistogram();
    Histogram tpot = HistogramCodec.newHistogram();
    for (int i = 0; i < 2000; i++) {
      lat.recordValue(10_000 + i * 7L);
      ttft.recordValue(300 + i % 700);
      tpot.recordValue(2_000 + i % 300);
    }
    List<RunSummary.TimePoint> points = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      points.add(
          new RunSummary.TimePoint(
              t * 1000L, 250, t > 30 ? 5 : 0, 12_000L, 80_000L, 400L, 999L, 4_000L));
    }
    RunSummary.StreamStats stream =
        new RunSummary.StreamStats(
            stats(500, 999),
            stats(2_100, 2_290),
            stats(2_100, 2_290),
            new RunSummary.OutputTokens(160_000, 16, "usage"),
            4_000,
            9_000,
            225,
            new Slo(200_000, 20_000));
    RunSummary.RequestSummary chat =
        new RunSummary.RequestSummary(
            "stream",
            "openai-chat",
            "tiny_llm",
            10_000,
            9_950,
            50,
            Map.of("timeout", 50L),
            250,
            0,
            0,
            stats(12_345, 80_000),
            null,
            null,
            stream);
    return new RunSummary(
        "StepSim",
        "run-2",
        1_700_000_000_000L,
        1_700_000_040_000L,
        new RunSummary.Injector(
            "host-b", 4, new RunSummary.CpuStats(30, 60), null, 12, null, List.of()),
        Map.of("chat", chat),
        1000,
        Map.of("chat", points),
        Map.of(
            "chat",
            new RunSummary.EncodedHistograms(
                HistogramCodec.encode(lat),
                HistogramCodec.encode(HistogramCodec.newHistogram()),
                HistogramCodec.encode(HistogramCodec.newHistogram()),
                HistogramCodec.encode(ttft),
                HistogramCodec.encode(tpot),
                HistogramCodec.encode(tpot))),
        true,
        null,
        load,
        server);
  }
}
