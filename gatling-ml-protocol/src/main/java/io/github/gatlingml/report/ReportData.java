/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The data of one run as the page draws it: the summary's figures with times in milliseconds (three
 * decimals, so microseconds are kept), its time series folded onto one shared axis of at most
 * {@link #MAX_POINTS} buckets (mean, minimum and maximum of each bucket, see {@link Downsampler}),
 * and its histograms turned into percentile curves and bucket counts.
 *
 * <p>Everything about one run is built by {@link #run(RunSummary, int)} and nothing in it depends
 * on the page or on another run: this is the seam for a baseline overlay. A comparison builds the
 * baseline's data with the same method (with the same bucket width, so both share a time axis) and
 * adds it beside {@code run} in {@link #page(RunSummary)}'s document; the page reads the run from
 * one place ({@code RUN} in report.js) and draws each chart from a build function, which is where a
 * second run's series would be added.
 *
 * <p>Shape ({@code "format": "gatling-ml/report-data/1"}): {@code run.time} {@code {interval_ms,
 * bucket_ms, t: [s...]}}; {@code run.series.<name>} arrays aligned with {@code t}: {@code ok,
 * ok_min, ok_max, ko, ko_max} (requests/s), {@code p50, p99, p99_min, p99_max} (ms), and for
 * streams {@code ttft_p50, ttft_p99} (ms), {@code tokens, tokens_min, tokens_max} (output
 * tokens/s); {@code run.server.<name>} {@code {metric, value, mean, max, v, v_min, v_max}}; {@code
 * run.distributions.<name>.<latency|ttft|tpot>} {@code {curve: {p, ms}, buckets: {lo_ms, hi_ms,
 * count}}}; {@code run.requests}, {@code run.load} as in the summary with ms for µs.
 *
 * <p>With a baseline ({@link #page(RunSummary, MlReport.Overlay)}) the document also holds {@code
 * baseline}, the baseline run's data in the same shape (its own time axis, from its own start: the
 * page joins the two axes), {@code run.metadata} and {@code baseline.metadata} (strings, e.g. the
 * git commit, when the files carried any), and {@code comparison} {@code {verdict, passed,
 * criteria, results: [{request, metric, method, unit, baseline, current, change, change_low,
 * change_high, threshold, baseline_intervals, current_intervals, verdict, note}]}}, the values in
 * {@link Comparison.Result}'s own units (µs for latencies), {@code null} where not compared.
 */
final class ReportData {
  /** The data's format, raised on an incompatible change of the shape the page reads. */
  static final String FORMAT = "gatling-ml/report-data/1";

  /** The most points of a time series on the page (2,000: a few per pixel of a wide chart). */
  static final int MAX_POINTS = 2_000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ReportData() {}

  /**
   * The page's data: the run, and the format.
   *
   * @param summary the run's summary
   * @return a new tree
   */
  static ObjectNode page(RunSummary summary) {
    ObjectNode root = JSON.objectNode();
    root.put("format", FORMAT);
    root.set("run", run(summary, MAX_POINTS));
    return root;
  }

  /**
   * The page's data with a baseline overlaid: the run, the baseline's run, and the comparison.
   *
   * @param summary the current run's summary
   * @param overlay the baseline, its comparison with the run, and both runs' metadata
   * @return a new tree
   */
  static ObjectNode page(RunSummary summary, MlReport.Overlay overlay) {
    ObjectNode root = page(summary);
    metadata((ObjectNode) root.get("run"), overlay.currentMetadata());
    ObjectNode baseline = run(overlay.baseline(), MAX_POINTS);
    metadata(baseline, overlay.baselineMetadata());
    root.set("baseline", baseline);
    root.set("comparison", comparison(overlay.comparison()));
    return root;
  }

  private static void metadata(ObjectNode run, Map<String, String> metadata) {
    ObjectNode node = run.putObject("metadata");
    metadata.forEach(node::put);
  }

  static ObjectNode comparison(Comparison c) {
    ObjectNode node = JSON.objectNode();
    node.put("verdict", c.verdict().name());
    node.put("passed", c.passed());
    Criteria k = c.criteria();
    ObjectNode criteria = node.putObject("criteria");
    putNumber(criteria, "max_p50_increase", k.maxP50Increase());
    putNumber(criteria, "max_p95_increase", k.maxP95Increase());
    putNumber(criteria, "max_p99_increase", k.maxP99Increase());
    putNumber(criteria, "max_ttft_p99_increase", k.maxTtftP99Increase());
    putNumber(criteria, "max_tpot_p99_increase", k.maxTpotP99Increase());
    putNumber(criteria, "max_throughput_change", k.maxThroughputChange());
    putNumber(criteria, "max_error_rate", k.maxErrorRate());
    criteria.put("warm_up_ms", k.warmUp().toMillis());
    criteria.put("confidence", k.confidence());
    criteria.put("resamples", k.resamples());
    ArrayNode results = node.putArray("results");
    for (Comparison.Result r : c.results()) {
      ObjectNode n = results.addObject();
      n.put("request", r.request());
      n.put("metric", r.metric().label());
      n.put("method", r.method().name());
      n.put("unit", r.unit());
      exact(n, "baseline", r.baseline());
      exact(n, "current", r.current());
      exact(n, "change", r.change());
      exact(n, "change_low", r.changeLow());
      exact(n, "change_high", r.changeHigh());
      n.put("threshold", r.threshold());
      n.put("baseline_intervals", r.baselineIntervals());
      n.put("current_intervals", r.currentIntervals());
      n.put("verdict", r.verdict().name());
      if (r.note() != null) {
        n.put("note", r.note());
      }
    }
    return node;
  }

  /** A comparison's number as computed (the table shows what the CLI prints), null if none. */
  private static void exact(ObjectNode node, String field, Double v) {
    if (v == null || !Double.isFinite(v)) {
      node.putNull(field);
    } else {
      node.put(field, v.doubleValue());
    }
  }

  /**
   * One run's data.
   *
   * @param s the run's summary
   * @param maxPoints the most points per time series
   * @return a new tree
   */
  static ObjectNode run(RunSummary s, int maxPoints) {
    ObjectNode run = JSON.objectNode();
    run.put("simulation", s.simulation());
    run.put("run_id", s.runId());
    run.put("start_epoch_ms", s.startEpochMs());
    run.put("end_epoch_ms", s.endEpochMs());
    run.put("duration_ms", s.durationMs());
    run.put("complete", s.complete());
    if (s.stoppedBy() != null) {
      run.put("stopped_by", s.stoppedBy());
    }
    injector(run.putObject("injector"), s.injector());

    ArrayNode requests = run.putArray("requests");
    s.requests().forEach((name, r) -> request(requests.addObject().put("name", name), r));

    timeseries(run, s, maxPoints);
    distributions(run.putObject("distributions"), s);
    if (s.load() != null) {
      load(run.putObject("load"), s.load());
    }
    return run;
  }

  private static void injector(ObjectNode node, RunSummary.Injector i) {
    node.put("host", i.host());
    node.put("cpus", i.cpus());
    if (i.cpuBusyPct() != null) {
      node.putObject("cpu_busy_pct")
          .put("p50", round(i.cpuBusyPct().p50()))
          .put("max", round(i.cpuBusyPct().max()));
    }
    if (i.machineCpuBusyPct() != null) {
      node.putObject("machine_cpu_busy_pct")
          .put("p50", round(i.machineCpuBusyPct().p50()))
          .put("max", round(i.machineCpuBusyPct().max()));
    }
    node.put("gc_pause_ms", i.gcPauseMs());
    if (i.eventLoopLagUs() != null) {
      node.putObject("event_loop_lag_ms")
          .put("p50", ms(i.eventLoopLagUs().p50()))
          .put("p99", ms(i.eventLoopLagUs().p99()))
          .put("max", ms(i.eventLoopLagUs().max()));
    }
    node.put("verdict", i.verdict());
    ArrayNode warnings = node.putArray("warnings");
    i.warnings().forEach(warnings::add);
  }

  private static void request(ObjectNode node, RunSummary.RequestSummary r) {
    node.put("kind", r.kind());
    node.put("transport", r.transport());
    node.put("model", r.model());
    node.put("count", r.count());
    node.put("ok", r.ok());
    node.put("ko", r.ko());
    node.put("error_pct", round(100.0 * r.errorRate()));
    node.put("throughput_rps", round(r.throughputRps()));
    latency(node, "latency_ms", r.latencyUs());
    ObjectNode reasons = node.putObject("ko_reasons");
    r.koReasons().forEach(reasons::put);
    RunSummary.StreamStats st = r.stream();
    if (st != null) {
      latency(node, "ttft_ms", st.ttftUs());
      latency(node, "tpot_ms", st.tpotUs());
      node.put("output_tokens_per_s", round(st.outputTokensPerS()));
      node.put("goodput_rps", round(st.goodputRps()));
      if (st.outputTokens() != null) {
        node.put("tokens_source", st.outputTokens().source());
      }
      if (st.slo().hasTtft()) {
        node.put("slo_ttft_ms", ms(st.slo().ttftMaxUs()));
      }
      if (st.slo().hasTpot()) {
        node.put("slo_tpot_ms", ms(st.slo().tpotMaxUs()));
      }
    }
  }

  private static void latency(ObjectNode parent, String field, RunSummary.LatencyStats l) {
    if (l == null) {
      return;
    }
    parent
        .putObject(field)
        .put("count", l.count())
        .put("min", ms(l.min()))
        .put("mean", ms(l.mean()))
        .put("p50", ms(l.p50()))
        .put("p90", ms(l.p90()))
        .put("p95", ms(l.p95()))
        .put("p99", ms(l.p99()))
        .put("p999", ms(l.p999()))
        .put("max", ms(l.max()));
  }

  private static void timeseries(ObjectNode run, RunSummary s, int maxPoints) {
    long interval = s.intervalMs();
    long span = Math.max(s.durationMs(), 0);
    for (List<RunSummary.TimePoint> points : s.timeseries().values()) {
      if (!points.isEmpty()) {
        span = Math.max(span, points.get(points.size() - 1).tMs() + interval);
      }
    }
    ServerMetrics server = s.serverMetrics();
    if (server != null) {
      for (ServerMetrics.Series series : server.wellKnown().values()) {
        List<ServerMetrics.Point> p = series.points();
        if (!p.isEmpty()) {
          span = Math.max(span, p.get(p.size() - 1).tMs() + interval);
        }
      }
    }
    long bucketMs = Downsampler.bucketMs(span, interval, maxPoints);
    int buckets = (int) Math.max(1, (span + bucketMs - 1) / bucketMs);
    ObjectNode time = run.putObject("time");
    time.put("interval_ms", interval);
    time.put("bucket_ms", bucketMs);
    ArrayNode t = time.putArray("t");
    for (int i = 0; i < buckets; i++) {
      t.add(round(i * bucketMs / 1000.0));
    }

    double perSecond = 1000.0 / interval;
    ObjectNode all = run.putObject("series");
    s.timeseries()
        .forEach(
            (name, points) -> {
              Downsampler ok = new Downsampler(bucketMs, buckets);
              Downsampler ko = new Downsampler(bucketMs, buckets);
              Downsampler p50 = new Downsampler(bucketMs, buckets);
              Downsampler p99 = new Downsampler(bucketMs, buckets);
              Downsampler ttft50 = new Downsampler(bucketMs, buckets);
              Downsampler ttft99 = new Downsampler(bucketMs, buckets);
              Downsampler tokens = new Downsampler(bucketMs, buckets);
              for (RunSummary.TimePoint p : points) {
                ok.add(p.tMs(), (p.count() - p.ko()) * perSecond);
                ko.add(p.tMs(), p.ko() * perSecond);
                addMs(p50, p.tMs(), p.p50Us());
                addMs(p99, p.tMs(), p.p99Us());
                addMs(ttft50, p.tMs(), p.ttftP50Us());
                addMs(ttft99, p.tMs(), p.ttftP99Us());
                if (p.outputTokens() != null) {
                  tokens.add(p.tMs(), p.outputTokens() * perSecond);
                }
              }
              ObjectNode node = all.putObject(name);
              array(node, "ok", ok.means());
              array(node, "ok_min", ok.mins());
              array(node, "ok_max", ok.maxes());
              array(node, "ko", ko.means());
              array(node, "ko_max", ko.maxes());
              array(node, "p50", p50.means());
              array(node, "p99", p99.means());
              array(node, "p99_min", p99.mins());
              array(node, "p99_max", p99.maxes());
              if (ttft99.hasValues()) {
                array(node, "ttft_p50", ttft50.means());
                array(node, "ttft_p99", ttft99.means());
              }
              if (tokens.hasValues()) {
                array(node, "tokens", tokens.means());
                array(node, "tokens_min", tokens.mins());
                array(node, "tokens_max", tokens.maxes());
              }
            });

    ObjectNode serverNode = run.putObject("server");
    if (server != null) {
      server
          .wellKnown()
          .forEach(
              (name, series) -> {
                Downsampler v = new Downsampler(bucketMs, buckets);
                for (ServerMetrics.Point p : series.points()) {
                  v.add(p.tMs(), p.v());
                }
                ObjectNode node = serverNode.putObject(name);
                node.put("metric", series.metric());
                node.put("value", series.value());
                putNumber(node, "mean", series.mean());
                putNumber(node, "max", series.max());
                array(node, "v", v.means());
                array(node, "v_min", v.mins());
                array(node, "v_max", v.maxes());
              });
    }
  }

  private static void addMs(Downsampler d, long tMs, Long us) {
    if (us != null) {
      d.add(tMs, us / 1000.0);
    }
  }

  private static void distributions(ObjectNode node, RunSummary s) {
    s.histograms()
        .forEach(
            (name, h) -> {
              ObjectNode n = node.putObject(name);
              distribution(n, "latency", h.decodeLatencyUs());
              if (h.hasStream()) {
                distribution(n, "ttft", h.decodeTtftUs());
                distribution(n, "tpot", h.decodeTpotUs());
              }
            });
  }

  private static void distribution(ObjectNode parent, String field, Histogram h) {
    Distributions.Curve curve = Distributions.curve(h);
    if (curve == null) {
      return;
    }
    ObjectNode node = parent.putObject(field);
    node.put("count", h.getTotalCount());
    ObjectNode c = node.putObject("curve");
    ArrayNode p = c.putArray("p");
    ArrayNode v = c.putArray("ms");
    for (int i = 0; i < curve.percentiles().length; i++) {
      p.add(Math.round(curve.percentiles()[i] * 1e6) / 1e6);
      v.add(ms(curve.valuesUs()[i]));
    }
    Distributions.Buckets b = Distributions.buckets(h);
    ObjectNode bn = node.putObject("buckets");
    ArrayNode lo = bn.putArray("lo_ms");
    ArrayNode hi = bn.putArray("hi_ms");
    ArrayNode count = bn.putArray("count");
    for (int i = 0; i < b.counts().length; i++) {
      lo.add(ms(b.lowUs()[i]));
      hi.add(ms(b.highUs()[i]));
      count.add(b.counts()[i]);
    }
  }

  private static void load(ObjectNode node, LoadReport load) {
    node.put("kind", load.kind());
    node.put("description", load.description());
    node.put("arrivals", load.arrivals());
    if (load.offeredArrivals() != null) {
      node.put("offered_arrivals", load.offeredArrivals());
    }
    if (load.sentArrivals() != null) {
      node.put("sent_arrivals", load.sentArrivals());
    }
    double judged = load.analysis() == null ? 99.0 : load.analysis().latencyPercentile();
    ArrayNode steps = node.putArray("steps");
    for (LoadReport.StepSummary st : load.steps()) {
      ObjectNode n = steps.addObject();
      n.put("index", st.index());
      n.put("start_s", round(st.startMs() / 1000.0));
      n.put("end_s", round(st.endMs() / 1000.0));
      putNumber(n, "offered_rps", st.offeredRps());
      if (st.offeredUsers() != null) {
        n.put("offered_users", st.offeredUsers());
      }
      n.put("sent", st.sent());
      n.put("ok", st.ok());
      n.put("ko", st.ko());
      n.put("error_pct", round(st.errorPct()));
      n.put("sent_rps", round(st.sentRps()));
      n.put("throughput_rps", round(st.throughputRps()));
      latency(n, "latency_ms", st.latencyUs());
      latency(n, "judged_ms", st.judgedLatencyUs());
      if (st.judgedLatencyUs() != null) {
        n.put("judged_latency_ms", ms(at(st.judgedLatencyUs(), judged)));
      }
      latency(n, "ttft_ms", st.ttftUs());
      putNumber(n, "goodput_rps", st.goodputRps());
      putNumber(n, "output_tokens_per_s", st.outputTokensPerS());
      if (!st.server().isEmpty()) {
        ObjectNode srv = n.putObject("server");
        for (Map.Entry<String, ServerMetrics.Stats> e : st.server().entrySet()) {
          srv.putObject(e.getKey())
              .put("mean", round(e.getValue().mean()))
              .put("max", round(e.getValue().max()));
        }
      }
    }
    LoadReport.Analysis a = load.analysis();
    if (a != null) {
      ObjectNode an = node.putObject("analysis");
      an.put("latency_percentile", a.latencyPercentile());
      ObjectNode c = an.putObject("criteria");
      c.put("max_error_pct", a.criteria().maxErrorPct());
      if (a.criteria().latencySloUs() != null) {
        c.put("latency_slo_ms", ms(a.criteria().latencySloUs()));
      }
      if (a.criteria().ttftSloUs() != null) {
        c.put("ttft_slo_ms", ms(a.criteria().ttftSloUs()));
      }
      c.put("knee_factor", a.criteria().kneeFactor());
      c.put("min_achieved_pct", a.criteria().minAchievedPct());
      if (a.knee() != null) {
        an.putObject("knee")
            .put("step", a.knee().step())
            .put("offered", round(a.knee().offered()))
            .put("reason", a.knee().reason());
      }
      if (a.maxSustainable() != null) {
        an.putObject("max_sustainable")
            .put("step", a.maxSustainable().step())
            .put("offered", round(a.maxSustainable().offered()))
            .put("throughput_rps", round(a.maxSustainable().throughputRps()));
      }
      an.put("saturation_throughput_rps", round(a.saturationThroughputRps()));
      an.put("conclusion", a.conclusion());
      if (a.serverCorrelation() != null) {
        an.put("server_correlation", a.serverCorrelation());
      }
    }
    LoadReport.SearchResult r = load.search();
    if (r != null) {
      ObjectNode sn = node.putObject("search");
      putNumber(sn, "found_rps", r.foundRps());
      putNumber(sn, "lowest_failing_rps", r.lowestFailingRps());
      sn.put("stop_reason", r.stopReason());
      ArrayNode probes = sn.putArray("probes");
      for (LoadReport.SearchResult.Probe p : r.probes()) {
        probes
            .addObject()
            .put("step", p.step())
            .put("rate_rps", round(p.rateRps()))
            .put("met", p.met())
            .put("why", p.why());
      }
    }
  }

  /** The statistic at a judged percentile: the listed one at or above it. */
  private static double at(RunSummary.LatencyStats l, double percentile) {
    if (percentile <= 50) {
      return l.p50();
    }
    if (percentile <= 90) {
      return l.p90();
    }
    if (percentile <= 95) {
      return l.p95();
    }
    if (percentile <= 99) {
      return l.p99();
    }
    return percentile <= 99.9 ? l.p999() : l.max();
  }

  private static void array(ObjectNode node, String field, Double[] values) {
    ArrayNode a = node.putArray(field);
    for (Double v : values) {
      if (v == null) {
        a.addNull();
      } else {
        a.add(round(v));
      }
    }
  }

  private static void putNumber(ObjectNode node, String field, Double v) {
    if (v == null || !Double.isFinite(v)) {
      node.putNull(field);
    } else {
      node.put(field, round(v));
    }
  }

  /** Microseconds as milliseconds, with three decimals (the microseconds). */
  static double ms(double us) {
    return Math.round(us) / 1000.0;
  }

  /** Three decimals: enough for a chart, and a third of the page's size. */
  static double round(double v) {
    if (!Double.isFinite(v)) {
      return v;
    }
    return Math.abs(v) >= 1e12 ? v : Math.round(v * 1000.0) / 1000.0;
  }
}
