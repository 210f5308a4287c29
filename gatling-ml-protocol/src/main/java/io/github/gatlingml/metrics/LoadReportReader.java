/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code "load"} part of ml-summary.json back into a {@link LoadReport}. */
final class LoadReportReader {
  private LoadReportReader() {}

  static LoadReport read(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + " must be an object");
    }
    List<LoadReport.StepSummary> steps = new ArrayList<>();
    JsonNode array = node.get("steps");
    if (array != null && array.isArray()) {
      for (int i = 0; i < array.size(); i++) {
        steps.add(readStep(array.get(i), path + ".steps[" + i + "]"));
      }
    }
    JsonNode analysis = node.get("analysis");
    JsonNode search = node.get("search");
    return new LoadReport(
        SummaryReader.text(node, "kind", path + ".kind"),
        SummaryReader.text(node, "description", path + ".description"),
        SummaryReader.optionalText(node, "arrivals", path + ".arrivals"),
        optionalLong(node, "offered_arrivals"),
        optionalLong(node, "sent_arrivals"),
        steps,
        SummaryReader.isEmpty(analysis) ? null : readAnalysis(analysis, path + ".analysis"),
        SummaryReader.isEmpty(search) ? null : readSearch(search, path + ".search"));
  }

  private static LoadReport.StepSummary readStep(JsonNode n, String path) {
    JsonNode users = n.get("offered_users");
    boolean stream = n.has("goodput_rps");
    return new LoadReport.StepSummary(
        SummaryReader.number(n, "index", path + ".index").asInt(),
        SummaryReader.number(n, "start_ms", path + ".start_ms").asLong(),
        SummaryReader.number(n, "end_ms", path + ".end_ms").asLong(),
        optionalDouble(n, "offered_rps"),
        users == null || users.isNull() ? null : users.asInt(),
        SummaryReader.number(n, "sent", path + ".sent").asLong(),
        SummaryReader.number(n, "ok", path + ".ok").asLong(),
        SummaryReader.number(n, "ko", path + ".ko").asLong(),
        SummaryReader.number(n, "error_pct", path + ".error_pct").asDouble(),
        SummaryReader.number(n, "sent_rps", path + ".sent_rps").asDouble(),
        SummaryReader.number(n, "throughput_rps", path + ".throughput_rps").asDouble(),
        SummaryReader.readLatency(n.get("latency_us"), path + ".latency_us"),
        SummaryReader.readLatency(
            n.get("latency_from_intended_us"), path + ".latency_from_intended_us"),
        SummaryReader.readLag(n.get("schedule_lag_us"), path + ".schedule_lag_us"),
        stream ? SummaryReader.readLatency(n.get("ttft_us"), path + ".ttft_us") : null,
        stream ? SummaryReader.readLatency(n.get("tpot_us"), path + ".tpot_us") : null,
        optionalDouble(n, "goodput_rps"),
        optionalDouble(n, "output_tokens_per_s"),
        readServer(n.get("server")));
  }

  private static java.util.Map<String, ServerMetrics.Stats> readServer(JsonNode n) {
    java.util.Map<String, ServerMetrics.Stats> figures = new java.util.TreeMap<>();
    if (n != null && n.isObject()) {
      n.fields()
          .forEachRemaining(
              e ->
                  figures.put(
                      e.getKey(),
                      new ServerMetrics.Stats(
                          e.getValue().path("points").asInt(),
                          e.getValue().path("mean").asDouble(),
                          e.getValue().path("max").asDouble())));
    }
    return figures;
  }

  private static LoadReport.Analysis readAnalysis(JsonNode n, String path) {
    JsonNode c = n.path("criteria");
    LoadReport.Criteria criteria =
        new LoadReport.Criteria(
            c.path("max_error_pct").asDouble(),
            optionalLong(c, "latency_slo_us"),
            c.path("knee_factor").asDouble(),
            c.path("min_achieved_pct").asDouble(),
            optionalLong(c, "ttft_slo_us"));
    JsonNode k = n.get("knee");
    JsonNode m = n.get("max_sustainable");
    return new LoadReport.Analysis(
        SummaryReader.number(n, "latency_percentile", path + ".latency_percentile").asDouble(),
        criteria,
        SummaryReader.isEmpty(k)
            ? null
            : new LoadReport.Knee(
                k.path("step").asInt(), k.path("offered").asDouble(), k.path("reason").asText()),
        SummaryReader.isEmpty(m)
            ? null
            : new LoadReport.Sustainable(
                m.path("step").asInt(),
                m.path("offered").asDouble(),
                m.path("throughput_rps").asDouble()),
        n.path("saturation_throughput_rps").asDouble(),
        n.path("conclusion").asText(),
        SummaryReader.optionalText(n, "server_correlation", path + ".server_correlation"));
  }

  private static LoadReport.SearchResult readSearch(JsonNode n, String path) {
    List<LoadReport.SearchResult.Probe> probes = new ArrayList<>();
    JsonNode array = n.get("probes");
    if (array != null && array.isArray()) {
      for (JsonNode p : array) {
        probes.add(
            new LoadReport.SearchResult.Probe(
                p.path("step").asInt(),
                p.path("rate_rps").asDouble(),
                p.path("met").asBoolean(),
                p.path("why").asText()));
      }
    }
    return new LoadReport.SearchResult(
        optionalDouble(n, "found_rps"),
        optionalDouble(n, "lowest_failing_rps"),
        probes,
        SummaryReader.text(n, "stop_reason", path + ".stop_reason"));
  }

  private static Long optionalLong(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asLong();
  }

  private static Double optionalDouble(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asDouble();
  }
}
