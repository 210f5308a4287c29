/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.metrics.LoadReport;

/** Writes the {@code "load"} part of ml-summary.json (see docs/ml-summary.md). */
final class LoadReportJson {
  private LoadReportJson() {}

  static void write(ObjectNode node, LoadReport load) {
    node.put("kind", load.kind());
    node.put("description", load.description());
    node.put("arrivals", load.arrivals());
    if (load.offeredArrivals() != null) {
      node.put("offered_arrivals", load.offeredArrivals());
    }
    if (load.sentArrivals() != null) {
      node.put("sent_arrivals", load.sentArrivals());
    }
    ArrayNode steps = node.putArray("steps");
    for (LoadReport.StepSummary s : load.steps()) {
      writeStep(steps.addObject(), s);
    }
    if (load.analysis() != null) {
      writeAnalysis(node.putObject("analysis"), load.analysis());
    }
    if (load.search() != null) {
      writeSearch(node.putObject("search"), load.search());
    }
  }

  private static void writeStep(ObjectNode node, LoadReport.StepSummary s) {
    node.put("index", s.index());
    node.put("start_ms", s.startMs());
    node.put("end_ms", s.endMs());
    if (s.offeredRps() != null) {
      node.put("offered_rps", s.offeredRps());
    }
    if (s.offeredUsers() != null) {
      node.put("offered_users", s.offeredUsers());
    }
    node.put("sent", s.sent());
    node.put("ok", s.ok());
    node.put("ko", s.ko());
    node.put("error_pct", s.errorPct());
    node.put("sent_rps", s.sentRps());
    node.put("throughput_rps", s.throughputRps());
    SummaryWriter.writeLatency(node.putObject("latency_us"), s.latencyUs());
    if (s.latencyFromIntendedUs() != null) {
      SummaryWriter.writeLatency(
          node.putObject("latency_from_intended_us"), s.latencyFromIntendedUs());
    }
    if (s.scheduleLagUs() != null) {
      SummaryWriter.writeLag(node.putObject("schedule_lag_us"), s.scheduleLagUs());
    }
    if (!s.server().isEmpty()) {
      ObjectNode server = node.putObject("server");
      s.server()
          .forEach(
              (name, st) ->
                  server
                      .putObject(name)
                      .put("points", st.points())
                      .put("mean", st.mean())
                      .put("max", st.max()));
    }
    if (s.goodputRps() != null) {
      SummaryWriter.writeLatency(node.putObject("ttft_us"), s.ttftUs());
      SummaryWriter.writeLatency(node.putObject("tpot_us"), s.tpotUs());
      node.put("goodput_rps", s.goodputRps());
      node.put("output_tokens_per_s", s.outputTokensPerS());
    }
  }

  private static void writeAnalysis(ObjectNode node, LoadReport.Analysis a) {
    node.put("latency_percentile", a.latencyPercentile());
    ObjectNode c = node.putObject("criteria");
    c.put("max_error_pct", a.criteria().maxErrorPct());
    if (a.criteria().latencySloUs() != null) {
      c.put("latency_slo_us", a.criteria().latencySloUs());
    }
    if (a.criteria().ttftSloUs() != null) {
      c.put("ttft_slo_us", a.criteria().ttftSloUs());
    }
    c.put("knee_factor", a.criteria().kneeFactor());
    c.put("min_achieved_pct", a.criteria().minAchievedPct());
    if (a.knee() != null) {
      node.putObject("knee")
          .put("step", a.knee().step())
          .put("offered", a.knee().offered())
          .put("reason", a.knee().reason());
    }
    if (a.maxSustainable() != null) {
      node.putObject("max_sustainable")
          .put("step", a.maxSustainable().step())
          .put("offered", a.maxSustainable().offered())
          .put("throughput_rps", a.maxSustainable().throughputRps());
    }
    node.put("saturation_throughput_rps", a.saturationThroughputRps());
    node.put("conclusion", a.conclusion());
    if (a.serverCorrelation() != null) {
      node.put("server_correlation", a.serverCorrelation());
    }
  }

  private static void writeSearch(ObjectNode node, LoadReport.SearchResult r) {
    if (r.foundRps() != null) {
      node.put("found_rps", r.foundRps());
    }
    if (r.lowestFailingRps() != null) {
      node.put("lowest_failing_rps", r.lowestFailingRps());
    }
    node.put("stop_reason", r.stopReason());
    ArrayNode probes = node.putArray("probes");
    for (LoadReport.SearchResult.Probe p : r.probes()) {
      probes
          .addObject()
          .put("step", p.step())
          .put("rate_rps", p.rateRps())
          .put("met", p.met())
          .put("why", p.why());
    }
  }
}
