/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.metrics;

import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.engine.SimulatedGpu;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes the engine's statistics in the Prometheus text format under Triton's metric names, so
 * dashboards and scrapers built for Triton read the embedded server unchanged. Durations are
 * cumulative microseconds, as Triton's are.
 */
public final class PrometheusFormat {
  private PrometheusFormat() {}

  /** The whole {@code /metrics} page. */
  public static String render(InferenceEngine engine) {
    StringBuilder out = new StringBuilder(4096);
    counter(
        out,
        engine,
        "nv_inference_request_success",
        "Number of successful inference requests, all batch sizes",
        s -> s.success().count());
    failures(out, engine);
    counter(
        out,
        engine,
        "nv_inference_count",
        "Number of inferences performed (a batch of n counts n)",
        ModelStats::inferenceCount);
    counter(
        out,
        engine,
        "nv_inference_exec_count",
        "Number of model executions performed",
        ModelStats::executionCount);
    counter(
        out,
        engine,
        "nv_inference_request_duration_us",
        "Cumulative inference request duration in microseconds (includes cached requests)",
        s -> micros(s.success().nanos() + s.fail().nanos()));
    counter(
        out,
        engine,
        "nv_inference_queue_duration_us",
        "Cumulative inference queuing duration in microseconds",
        s -> micros(s.queue().nanos()));
    counter(
        out,
        engine,
        "nv_inference_compute_input_duration_us",
        "Cumulative compute input duration in microseconds",
        s -> micros(s.computeInput().nanos()));
    counter(
        out,
        engine,
        "nv_inference_compute_infer_duration_us",
        "Cumulative compute inference duration in microseconds",
        s -> micros(s.computeInfer().nanos()));
    counter(
        out,
        engine,
        "nv_inference_compute_output_duration_us",
        "Cumulative inference compute output duration in microseconds",
        s -> micros(s.computeOutput().nanos()));
    header(
        out,
        "nv_inference_pending_request_count",
        "Instantaneous number of pending requests awaiting execution per-model.",
        "gauge");
    for (InferenceEngine.Entry e : engine.allVersions()) {
      sample(out, "nv_inference_pending_request_count", e, null, e.stats().pending());
    }
    firstResponse(out, engine);
    chunkLateness(out, engine);
    gpu(out, engine.gpu().read());
    processCpu(out);
    return out.toString();
  }

  /** The labels DCGM's exporter puts on a GPU's series, for the one simulated card. */
  static final String GPU_LABELS =
      "gpu=\"0\",UUID=\"GPU-00000000-0000-0000-0000-000000000000\",device=\"nvidia0\","
          + "modelName=\"gatling-ml simulated GPU\"";

  /**
   * The simulated GPU under NVIDIA DCGM exporter's names and units, so the dashboards and scrapers
   * of a GPU server read the embedded one unchanged (see {@link SimulatedGpu} for the model). DCGM
   * writes utilization and memory as whole numbers, power with decimals.
   */
  private static void gpu(StringBuilder out, SimulatedGpu.Reading r) {
    header(out, "DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", "gauge");
    out.append("DCGM_FI_DEV_GPU_UTIL{")
        .append(GPU_LABELS)
        .append("} ")
        .append(Math.round(r.utilPct()))
        .append('\n');
    header(out, "DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", "gauge");
    out.append("DCGM_FI_DEV_FB_USED{")
        .append(GPU_LABELS)
        .append("} ")
        .append(Math.round(r.fbUsedMib()))
        .append('\n');
    header(out, "DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).", "gauge");
    out.append("DCGM_FI_DEV_FB_FREE{")
        .append(GPU_LABELS)
        .append("} ")
        .append(Math.round(r.fbFreeMib()))
        .append('\n');
    header(out, "DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", "gauge");
    out.append("DCGM_FI_DEV_POWER_USAGE{")
        .append(GPU_LABELS)
        .append("} ")
        .append(String.format(java.util.Locale.ROOT, "%.3f", r.powerW()))
        .append('\n');
  }

  /** The JVM's CPU time, as Prometheus' client libraries name it. */
  private static void processCpu(StringBuilder out) {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun
        && sun.getProcessCpuTime() >= 0) {
      header(
          out,
          "process_cpu_seconds_total",
          "Total user and system CPU time spent in seconds.",
          "counter");
      out.append("process_cpu_seconds_total ")
          .append(String.format(java.util.Locale.ROOT, "%.6f", sun.getProcessCpuTime() / 1e9))
          .append('\n');
    }
  }

  /**
   * gatling-ml's own histogram (not Triton's): how late the model's timers handed each streamed
   * chunk over, after its planned time, so a benchmark can tell the server's error from the
   * client's.
   */
  private static void chunkLateness(StringBuilder out, InferenceEngine engine) {
    String name = "gatling_ml_chunk_lateness_us";
    boolean any = false;
    for (InferenceEngine.Entry e : engine.allVersions()) {
      if (!e.spec().decoupled()) {
        continue;
      }
      if (!any) {
        header(
            out,
            name,
            "Delay between a streamed chunk's planned time and its hand-over to the front end, "
                + "in microseconds (chunk=\"first\": the first token)",
            "histogram");
        any = true;
      }
      for (boolean first : new boolean[] {true, false}) {
        String labels =
            "model=\""
                + e.spec().name()
                + "\",version=\""
                + e.spec().version()
                + "\",chunk=\""
                + (first ? "first" : "later")
                + "\"";
        long[] buckets = e.stats().chunkLatenessBuckets(first);
        long cumulative = 0;
        for (int i = 0; i < ModelStats.LATENESS_BUCKETS_US.length; i++) {
          cumulative += buckets[i];
          out.append(name)
              .append("_bucket{")
              .append(labels)
              .append(",le=\"")
              .append(ModelStats.LATENESS_BUCKETS_US[i])
              .append("\"} ")
              .append(cumulative)
              .append('\n');
        }
        cumulative += buckets[buckets.length - 1];
        out.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"+Inf\"} ")
            .append(cumulative)
            .append('\n');
        out.append(name)
            .append("_sum{")
            .append(labels)
            .append("} ")
            .append(e.stats().chunkLatenessSumUs(first))
            .append('\n');
        out.append(name)
            .append("_count{")
            .append(labels)
            .append("} ")
            .append(cumulative)
            .append('\n');
      }
    }
  }

  /** Triton's histogram of time to first response, for decoupled models. */
  private static void firstResponse(StringBuilder out, InferenceEngine engine) {
    String name = "nv_inference_first_response_histogram_ms";
    boolean any = false;
    for (InferenceEngine.Entry e : engine.allVersions()) {
      if (!e.spec().decoupled()) {
        continue;
      }
      if (!any) {
        header(out, name, "Duration from request to first response in milliseconds", "histogram");
        any = true;
      }
      ModelStats s = e.stats();
      long[] buckets = s.firstResponseBuckets();
      long cumulative = 0;
      String labels = "model=\"" + e.spec().name() + "\",version=\"" + e.spec().version() + "\"";
      for (int i = 0; i < buckets.length; i++) {
        cumulative += buckets[i];
        double le = ModelStats.FIRST_RESPONSE_BUCKETS_MS[i];
        out.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(le == Math.rint(le) ? Long.toString((long) le) : Double.toString(le))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"+Inf\"} ")
          .append(s.firstResponseCount())
          .append('\n');
      out.append(name)
          .append("_sum{")
          .append(labels)
          .append("} ")
          .append(String.format(java.util.Locale.ROOT, "%.3f", s.firstResponseSumMs()))
          .append('\n');
      out.append(name)
          .append("_count{")
          .append(labels)
          .append("} ")
          .append(s.firstResponseCount())
          .append('\n');
    }
  }

  private static long micros(long nanos) {
    return nanos / 1000;
  }

  private static void counter(
      StringBuilder out,
      InferenceEngine engine,
      String name,
      String help,
      ToLongFunction<ModelStats> value) {
    header(out, name, help, "counter");
    for (InferenceEngine.Entry e : engine.allVersions()) {
      sample(out, name, e, null, value.applyAsLong(e.stats()));
    }
  }

  private static void failures(StringBuilder out, InferenceEngine engine) {
    String name = "nv_inference_request_failure";
    header(out, name, "Number of failed inference requests, all batch sizes", "counter");
    for (InferenceEngine.Entry e : engine.allVersions()) {
      Map<String, Long> byReason = e.stats().failuresByReason();
      for (String reason : new String[] {"REJECTED", "CANCELED", "BACKEND", "OTHER"}) {
        sample(out, name, e, reason, byReason.getOrDefault(reason, 0L));
      }
    }
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String name, InferenceEngine.Entry e, String reason, long value) {
    out.append(name).append("{model=\"").append(e.spec().name()).append('"');
    if (reason != null) {
      out.append(",reason=\"").append(reason).append('"');
    }
    out.append(",version=\"").append(e.spec().version()).append("\"} ").append(value).append('\n');
  }
}
