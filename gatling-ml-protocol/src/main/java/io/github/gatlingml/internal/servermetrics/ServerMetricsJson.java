/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code "server_metrics"} object of {@code ml-summary.json}, written and read back; its shape
 * is documented in {@code docs/ml-summary.md}.
 */
public final class ServerMetricsJson {
  private ServerMetricsJson() {}

  /**
   * Writes {@code m} into {@code node}.
   *
   * @param node an empty object
   * @param m the server metrics
   */
  public static void write(ObjectNode node, ServerMetrics m) {
    node.put("interval_ms", m.intervalMs());
    ObjectNode targets = node.putObject("targets");
    m.targets()
        .forEach(
            (name, t) -> {
              ObjectNode o = targets.putObject(name);
              o.put("url", t.url());
              o.put("interval_ms", t.intervalMs());
              o.put("timeout_ms", t.timeoutMs());
              o.put("scrapes", t.scrapes());
              o.put("ok", t.ok());
              o.put("failed", t.failed());
              ObjectNode failures = o.putObject("failures");
              t.failures().forEach(failures::put);
              if (t.lastFailure() != null) {
                o.put("last_failure", t.lastFailure());
              }
              ObjectNode d = o.putObject("scrape_duration_us");
              if (t.scrapeDurationUs() != null) {
                d.put("count", t.scrapeDurationUs().count());
                d.put("mean", t.scrapeDurationUs().mean());
                d.put("p50", t.scrapeDurationUs().p50());
                d.put("p99", t.scrapeDurationUs().p99());
                d.put("max", t.scrapeDurationUs().max());
              }
              o.put("series_dropped", t.seriesDropped());
              writeSeries(o.putObject("series"), t.series());
            });
    writeSeries(node.putObject("well_known"), m.wellKnown());
    if (m.modelStatistics() != null) {
      ServerMetrics.ModelStatistics ms = m.modelStatistics();
      ObjectNode o = node.putObject("model_statistics");
      o.put("source", ms.source());
      if (ms.error() != null) {
        o.put("error", ms.error());
      }
      ObjectNode models = o.putObject("models");
      ms.models()
          .forEach(
              (name, d) -> {
                ObjectNode mo = models.putObject(name);
                mo.put("success", d.success());
                mo.put("fail", d.fail());
                mo.put("inference_count", d.inferenceCount());
                mo.put("execution_count", d.executionCount());
                ObjectNode per = mo.putObject("per_request_us");
                per.put("request", d.requestUs());
                per.put("queue", d.queueUs());
                per.put("compute_input", d.computeInputUs());
                per.put("compute_infer", d.computeInferUs());
                per.put("compute_output", d.computeOutputUs());
              });
    }
  }

  private static void writeSeries(ObjectNode node, Map<String, ServerMetrics.Series> series) {
    series.forEach(
        (key, s) -> {
          ObjectNode o = node.putObject(key);
          o.put("metric", s.metric());
          ObjectNode labels = o.putObject("labels");
          s.labels().forEach(labels::put);
          o.put("type", s.type());
          o.put("value", s.value());
          o.put("mean", s.mean());
          o.put("max", s.max());
          ArrayNode points = o.putArray("points");
          for (ServerMetrics.Point p : s.points()) {
            ObjectNode po = points.addObject();
            // Whole seconds stay integers, as in the client's time series.
            if (p.tMs() % 1000 == 0) {
              po.put("t", p.tMs() / 1000);
            } else {
              po.put("t", p.tMs() / 1000.0);
            }
            po.put("v", p.v());
          }
        });
  }

  /**
   * Reads the object back.
   *
   * @param node the {@code "server_metrics"} object
   * @return the server metrics
   * @throws IllegalArgumentException naming the first field that is not as documented
   */
  public static ServerMetrics read(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("server_metrics must be a JSON object");
    }
    Map<String, ServerMetrics.Target> targets = new TreeMap<>();
    JsonNode ts = node.path("targets");
    for (Map.Entry<String, JsonNode> e : ts.properties()) {
      JsonNode t = e.getValue();
      String path = "server_metrics.targets." + e.getKey();
      Map<String, Long> failures = new TreeMap<>();
      for (Map.Entry<String, JsonNode> f : t.path("failures").properties()) {
        failures.put(f.getKey(), f.getValue().asLong());
      }
      JsonNode d = t.path("scrape_duration_us");
      ServerMetrics.DurationStats duration =
          d.isObject() && d.has("count")
              ? new ServerMetrics.DurationStats(
                  d.path("count").asLong(),
                  d.path("mean").asDouble(),
                  d.path("p50").asLong(),
                  d.path("p99").asLong(),
                  d.path("max").asLong())
              : null;
      targets.put(
          e.getKey(),
          new ServerMetrics.Target(
              text(t, "url", path),
              t.path("interval_ms").asLong(),
              t.path("timeout_ms").asLong(),
              t.path("scrapes").asLong(),
              t.path("ok").asLong(),
              failures,
              t.hasNonNull("last_failure") ? t.get("last_failure").asText() : null,
              duration,
              t.path("series_dropped").asLong(),
              readSeries(t.path("series"), path + ".series")));
    }
    ServerMetrics.ModelStatistics ms = null;
    JsonNode m = node.get("model_statistics");
    if (m != null && m.isObject()) {
      Map<String, ServerMetrics.ModelDelta> models = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : m.path("models").properties()) {
        JsonNode d = e.getValue();
        JsonNode per = d.path("per_request_us");
        models.put(
            e.getKey(),
            new ServerMetrics.ModelDelta(
                d.path("success").asLong(),
                d.path("fail").asLong(),
                d.path("inference_count").asLong(),
                d.path("execution_count").asLong(),
                nullableDouble(per, "request"),
                nullableDouble(per, "queue"),
                nullableDouble(per, "compute_input"),
                nullableDouble(per, "compute_infer"),
                nullableDouble(per, "compute_output")));
      }
      ms =
          new ServerMetrics.ModelStatistics(
              m.hasNonNull("source") ? m.get("source").asText() : null,
              m.hasNonNull("error") ? m.get("error").asText() : null,
              models);
    }
    return new ServerMetrics(
        node.path("interval_ms").asLong(),
        targets,
        readSeries(node.path("well_known"), "server_metrics.well_known"),
        ms);
  }

  private static Map<String, ServerMetrics.Series> readSeries(JsonNode node, String path) {
    Map<String, ServerMetrics.Series> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode s = e.getValue();
      String at = path + "." + e.getKey();
      Map<String, String> labels = new TreeMap<>();
      for (Map.Entry<String, JsonNode> l : s.path("labels").properties()) {
        labels.put(l.getKey(), l.getValue().asText());
      }
      List<ServerMetrics.Point> points = new ArrayList<>();
      JsonNode ps = s.path("points");
      for (int i = 0; i < ps.size(); i++) {
        JsonNode p = ps.get(i);
        if (!p.path("t").isNumber() || !p.path("v").isNumber()) {
          throw new IllegalArgumentException(at + ".points[" + i + "] needs numbers t and v");
        }
        points.add(
            new ServerMetrics.Point(
                Math.round(p.get("t").asDouble() * 1000), p.get("v").asDouble()));
      }
      out.put(
          e.getKey(),
          new ServerMetrics.Series(
              text(s, "metric", at),
              labels,
              text(s, "type", at),
              text(s, "value", at),
              nullableDouble(s, "mean"),
              nullableDouble(s, "max"),
              points));
    }
    return out;
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(path + "." + field + " must be a string");
    }
    return v.asText();
  }

  private static Double nullableDouble(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isNumber() ? null : v.asDouble();
  }
}
