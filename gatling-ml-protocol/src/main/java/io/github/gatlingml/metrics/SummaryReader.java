/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.metrics.Slo;
import io.github.gatlingml.internal.servermetrics.ServerMetricsJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code ml-summary.json} back into a {@link RunSummary}. Fields it does not know are
 * ignored, so files from later versions of schema 1 that only add fields still read. A file without
 * {@code complete} (written before the field existed, always at the end of a run) reads as
 * complete.
 */
public final class SummaryReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SummaryReader() {}

  /**
   * Reads a summary file.
   *
   * @param file the file
   * @return the summary
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a schema-1 summary, naming the first bad field
   */
  public static RunSummary read(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses summary JSON text.
   *
   * @param json the document
   * @return the summary
   * @throws IllegalArgumentException if it is not JSON or not a schema-1 summary
   */
  public static RunSummary fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String schema = text(root, "schema", "schema");
    if (!RunSummary.SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "schema is '" + schema + "', this reader reads '" + RunSummary.SCHEMA + "'");
    }

    Map<String, RunSummary.RequestSummary> requests = new TreeMap<>();
    forEachField(
        object(root, "requests", "requests"),
        (name, node) -> requests.put(name, readRequest(node, "requests." + name)));

    JsonNode ts = object(root, "timeseries", "timeseries");
    long intervalMs = number(ts, "interval_ms", "timeseries.interval_ms").asLong();
    Map<String, List<RunSummary.TimePoint>> timeseries = new TreeMap<>();
    forEachField(
        object(ts, "requests", "timeseries.requests"),
        (name, node) -> timeseries.put(name, readPoints(node, "timeseries.requests." + name)));

    Map<String, RunSummary.EncodedHistograms> histograms = new TreeMap<>();
    forEachField(
        object(root, "histograms", "histograms"),
        (name, node) -> {
          String path = "histograms." + name;
          histograms.put(
              name,
              new RunSummary.EncodedHistograms(
                  text(node, "latency_us", path + ".latency_us"),
                  text(node, "ko_latency_us", path + ".ko_latency_us"),
                  text(node, "schedule_lag_us", path + ".schedule_lag_us"),
                  optionalText(node, "ttft_us", path + ".ttft_us"),
                  optionalText(node, "tpot_us", path + ".tpot_us"),
                  optionalText(node, "chunk_gap_us", path + ".chunk_gap_us")));
        });

    RunSummary summary =
        new RunSummary(
            text(root, "simulation", "simulation"),
            text(root, "run_id", "run_id"),
            number(root, "start_epoch_ms", "start_epoch_ms").asLong(),
            number(root, "end_epoch_ms", "end_epoch_ms").asLong(),
            readInjector(object(root, "injector", "injector")),
            requests,
            intervalMs,
            timeseries,
            histograms,
            optionalBoolean(root, "complete", true),
            optionalText(root, "stopped_by", "stopped_by"));
    JsonNode load = root.get("load");
    if (load != null && !load.isNull()) {
      summary = summary.withLoad(LoadReportReader.read(load, "load"));
    }
    JsonNode server = root.get("server_metrics");
    if (server != null && !server.isNull()) {
      summary = summary.withServerMetrics(ServerMetricsJson.read(server));
    }
    return summary.withDistribution(readDistribution(root));
  }

  /** {@code injector_index} and {@code injector_count}, absent for a run on one injector. */
  private static RunSummary.Distribution readDistribution(JsonNode root) {
    JsonNode count = root.get("injector_count");
    if (count == null || count.isNull()) {
      return null;
    }
    if (!count.isIntegralNumber()) {
      throw new IllegalArgumentException("injector_count must be an integer");
    }
    JsonNode index = root.get("injector_index");
    if (index != null && !index.isNull() && !index.isIntegralNumber()) {
      throw new IllegalArgumentException("injector_index must be an integer");
    }
    return new RunSummary.Distribution(
        index == null || index.isNull() ? null : index.asInt(), count.asInt());
  }

  /**
   * A boolean that may be absent ({@code fallback}); summaries written before the field existed
   * were all final, hence {@code complete} defaults to true.
   */
  private static boolean optionalBoolean(JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return value.asBoolean();
  }

  private static RunSummary.Injector readInjector(JsonNode node) {
    List<String> warnings = new ArrayList<>();
    JsonNode w = node.get("warnings");
    if (w != null && w.isArray()) {
      w.forEach(item -> warnings.add(item.asText()));
    }
    return new RunSummary.Injector(
        text(node, "host", "injector.host"),
        number(node, "cpus", "injector.cpus").asInt(),
        readCpu(node.get("cpu_busy_pct"), "injector.cpu_busy_pct"),
        readCpu(node.get("machine_cpu_busy_pct"), "injector.machine_cpu_busy_pct"),
        number(node, "gc_pause_ms", "injector.gc_pause_ms").asLong(),
        readLag(node.get("event_loop_lag_us"), "injector.event_loop_lag_us"),
        warnings);
  }

  private static RunSummary.CpuStats readCpu(JsonNode node, String path) {
    if (isEmpty(node)) {
      return null;
    }
    return new RunSummary.CpuStats(
        number(node, "p50", path + ".p50").asDouble(),
        number(node, "max", path + ".max").asDouble());
  }

  private static RunSummary.RequestSummary readRequest(JsonNode node, String path) {
    Map<String, Long> reasons = new TreeMap<>();
    JsonNode r = node.get("ko_reasons");
    if (r != null && r.isObject()) {
      forEachField(r, (reason, n) -> reasons.put(reason, n.asLong()));
    }
    JsonNode model = node.get("model");
    return new RunSummary.RequestSummary(
        text(node, "kind", path + ".kind"),
        text(node, "transport", path + ".transport"),
        model == null || model.isNull() ? null : model.asText(),
        number(node, "count", path + ".count").asLong(),
        number(node, "ok", path + ".ok").asLong(),
        number(node, "ko", path + ".ko").asLong(),
        reasons,
        number(node, "throughput_rps", path + ".throughput_rps").asDouble(),
        optionalLong(node, "bytes_sent"),
        optionalLong(node, "bytes_received"),
        readLatency(node.get("latency_us"), path + ".latency_us"),
        readLatency(node.get("ko_latency_us"), path + ".ko_latency_us"),
        readLag(node.get("schedule_lag_us"), path + ".schedule_lag_us"),
        RequestKind.STREAM.wireName().equals(node.path("kind").asText()) && node.has("ttft_us")
            ? readStream(node, path)
            : null,
        readRetryAfter(node.get("retry_after"), path + ".retry_after"),
        readLatency(node.get("latency_from_intended_us"), path + ".latency_from_intended_us"));
  }

  private static RunSummary.RetryAfter readRetryAfter(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(path + " must be an object");
    }
    return new RunSummary.RetryAfter(
        n.path("count").asLong(), n.path("max_s").asLong(), n.path("total_s").asLong());
  }

  private static RunSummary.StreamStats readStream(JsonNode node, String path) {
    RunSummary.OutputTokens tokens = null;
    JsonNode t = node.get("output_tokens");
    if (!isEmpty(t)) {
      JsonNode source = t.get("source");
      tokens =
          new RunSummary.OutputTokens(
              number(t, "total", path + ".output_tokens.total").asLong(),
              number(t, "mean", path + ".output_tokens.mean").asDouble(),
              source == null || source.isNull() ? null : source.asText());
    }
    JsonNode slo = node.get("slo");
    return new RunSummary.StreamStats(
        readLatency(node.get("ttft_us"), path + ".ttft_us"),
        readLatency(node.get("tpot_us"), path + ".tpot_us"),
        readLatency(node.get("chunk_gap_us"), path + ".chunk_gap_us"),
        tokens,
        number(node, "output_tokens_per_s", path + ".output_tokens_per_s").asDouble(),
        number(node, "good", path + ".good").asLong(),
        number(node, "goodput_rps", path + ".goodput_rps").asDouble(),
        isEmpty(slo)
            ? Slo.NONE
            : new Slo(optionalLong(slo, "ttft_us"), optionalLong(slo, "tpot_us")),
        readLatency(node.get("ttft_from_intended_us"), path + ".ttft_from_intended_us"));
  }

  static RunSummary.LatencyStats readLatency(JsonNode node, String path) {
    if (isEmpty(node)) {
      return null;
    }
    return new RunSummary.LatencyStats(
        number(node, "count", path + ".count").asLong(),
        number(node, "min", path + ".min").asLong(),
        number(node, "mean", path + ".mean").asDouble(),
        optionalDouble(node, "stddev"),
        number(node, "p50", path + ".p50").asLong(),
        number(node, "p90", path + ".p90").asLong(),
        number(node, "p95", path + ".p95").asLong(),
        number(node, "p99", path + ".p99").asLong(),
        number(node, "p999", path + ".p999").asLong(),
        number(node, "max", path + ".max").asLong());
  }

  static RunSummary.LagStats readLag(JsonNode node, String path) {
    if (isEmpty(node)) {
      return null;
    }
    return new RunSummary.LagStats(
        optionalLong(node, "count"),
        number(node, "p50", path + ".p50").asLong(),
        number(node, "p99", path + ".p99").asLong(),
        number(node, "max", path + ".max").asLong(),
        optionalDouble(node, "over_1ms_pct"));
  }

  private static List<RunSummary.TimePoint> readPoints(JsonNode array, String path) {
    if (!array.isArray()) {
      throw new IllegalArgumentException(path + " must be an array of points");
    }
    List<RunSummary.TimePoint> points = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode p = array.get(i);
      String at = path + "[" + i + "]";
      points.add(
          new RunSummary.TimePoint(
              Math.round(number(p, "t", at + ".t").asDouble() * 1000),
              number(p, "count", at + ".count").asLong(),
              number(p, "ko", at + ".ko").asLong(),
              nullableLong(p, "p50_us"),
              nullableLong(p, "p99_us"),
              nullableLong(p, "ttft_p50_us"),
              nullableLong(p, "ttft_p99_us"),
              nullableLong(p, "output_tokens"),
              nullableLong(p, "good")));
    }
    return points;
  }

  private interface FieldVisitor {
    void visit(String name, JsonNode value);
  }

  private static void forEachField(JsonNode node, FieldVisitor visitor) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      visitor.visit(e.getKey(), e.getValue());
    }
  }

  static boolean isEmpty(JsonNode node) {
    return node == null || node.isNull() || (node.isObject() && node.isEmpty());
  }

  private static JsonNode object(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(path + " must be a JSON object");
    }
    return value;
  }

  static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(path + " must be a string");
    }
    return value.asText();
  }

  static String optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(path + " must be a string");
    }
    return value.asText();
  }

  static JsonNode number(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(path + " must be a number");
    }
    return value;
  }

  private static long optionalLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? 0 : value.asLong();
  }

  private static double optionalDouble(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? 0.0 : value.asDouble();
  }

  private static Long nullableLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.asLong();
  }
}
