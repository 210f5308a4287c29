/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The series the summary names, each combined over every target and label set (GPU, model, engine)
 * that serves its source metric. Their sources are always kept, whatever a target's series filter
 * says (its label filters still apply).
 */
final class WellKnown {
  private WellKnown() {}

  /** How a well-known series combines its sources per interval. */
  private enum How {
    /** Mean of the gauges (e.g. utilization of several GPUs). */
    MEAN,
    /** Sum of the gauges (e.g. memory of several GPUs). */
    SUM,
    /** Sum of the counters' rates. */
    RATE,
    /** Sum of one counter's increases over the sum of another's. */
    RATIO
  }

  private record Def(String name, How how, String metric, String per, String alternative) {}

  private static final List<Def> DEFS =
      List.of(
          new Def("gpu_util_pct", How.MEAN, "DCGM_FI_DEV_GPU_UTIL", null, null),
          new Def("gpu_memory_used_mib", How.SUM, "DCGM_FI_DEV_FB_USED", null, null),
          new Def("gpu_power_w", How.SUM, "DCGM_FI_DEV_POWER_USAGE", null, null),
          new Def(
              "triton_queue_us_per_request",
              How.RATIO,
              "nv_inference_queue_duration_us",
              "nv_inference_request_success",
              null),
          new Def(
              "triton_compute_infer_us_per_request",
              How.RATIO,
              "nv_inference_compute_infer_duration_us",
              "nv_inference_request_success",
              null),
          new Def(
              "triton_pending_requests", How.SUM, "nv_inference_pending_request_count", null, null),
          new Def("vllm_requests_running", How.SUM, "vllm:num_requests_running", null, null),
          new Def("vllm_requests_waiting", How.SUM, "vllm:num_requests_waiting", null, null),
          new Def(
              "vllm_kv_cache_usage_ratio",
              How.MEAN,
              "vllm:kv_cache_usage_perc",
              null,
              "vllm:gpu_cache_usage_perc"),
          new Def(
              "process_cpu_cores",
              How.RATE,
              "process_cpu_seconds_total",
              null,
              "process_cpu_seconds"));

  /** Every metric a well-known series reads, kept by every target. */
  static final List<String> SOURCE_METRICS;

  static {
    List<String> names = new ArrayList<>();
    for (Def d : DEFS) {
      names.add(d.metric);
      if (d.per != null) {
        names.add(d.per);
      }
      if (d.alternative != null) {
        names.add(d.alternative);
      }
    }
    SOURCE_METRICS = List.copyOf(names);
  }

  /** The well-known series found in these targets' series. */
  static Map<String, ServerMetrics.Series> of(List<TargetState> targets) {
    Map<String, ServerMetrics.Series> out = new TreeMap<>();
    for (Def d : DEFS) {
      List<TargetState.Track> tracks = tracks(targets, d.metric);
      String metric = d.metric;
      if (tracks.isEmpty() && d.alternative != null) {
        tracks = tracks(targets, d.alternative);
        metric = d.alternative;
      }
      if (tracks.isEmpty()) {
        continue;
      }
      Map<Long, Double> values;
      String value;
      switch (d.how) {
        case MEAN:
        case SUM:
          values = gauges(tracks, d.how == How.MEAN);
          value = "value";
          break;
        case RATE:
          values = rates(tracks);
          value = "rate_per_s";
          break;
        default:
          List<TargetState.Track> per = tracks(targets, d.per);
          if (per.isEmpty()) {
            continue;
          }
          values = ratio(tracks, per);
          value = "per_request";
          metric = d.metric + " / " + d.per;
          break;
      }
      out.put(
          d.name,
          ServerMetrics.Series.of(metric, Map.of(), "derived", value, Tracks.points(values)));
    }
    return out;
  }

  private static List<TargetState.Track> tracks(List<TargetState> targets, String metric) {
    List<TargetState.Track> out = new ArrayList<>();
    for (TargetState t : targets) {
      out.addAll(t.tracksOf(metric));
    }
    return out;
  }

  private static Map<Long, Double> gauges(List<TargetState.Track> tracks, boolean mean) {
    Map<Long, double[]> acc = new TreeMap<>();
    for (TargetState.Track t : tracks) {
      Map<Long, Double> values =
          t.gauge != null ? t.gauge.values() : t.counter != null ? t.counter.rates() : Map.of();
      values.forEach(
          (slot, v) -> {
            double[] a = acc.computeIfAbsent(slot, k -> new double[2]);
            a[0] += v;
            a[1]++;
          });
    }
    Map<Long, Double> out = new TreeMap<>();
    acc.forEach((slot, a) -> out.put(slot, mean ? a[0] / a[1] : a[0]));
    return out;
  }

  private static Map<Long, Double> rates(List<TargetState.Track> tracks) {
    Map<Long, Double> out = new TreeMap<>();
    for (TargetState.Track t : tracks) {
      if (t.counter != null) {
        t.counter.rates().forEach((slot, v) -> out.merge(slot, v, Double::sum));
      }
    }
    return out;
  }

  private static Map<Long, Double> ratio(
      List<TargetState.Track> numerators, List<TargetState.Track> denominators) {
    Map<Long, Double> num = increases(numerators);
    Map<Long, Double> den = increases(denominators);
    Map<Long, Double> out = new TreeMap<>();
    num.forEach(
        (slot, n) -> {
          Double d = den.get(slot);
          if (d != null && d > 0) {
            out.put(slot, n / d);
          }
        });
    return out;
  }

  private static Map<Long, Double> increases(List<TargetState.Track> tracks) {
    Map<Long, Double> out = new TreeMap<>();
    for (TargetState.Track t : tracks) {
      if (t.counter != null) {
        t.counter.slots.forEach((slot, acc) -> out.merge(slot, acc[0], Double::sum));
      }
    }
    return out;
  }
}
