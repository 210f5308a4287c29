/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.internal.servermetrics.ServerMetricsJson;
import io.github.gatlingml.metrics.RunSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a {@link RunSummary} as {@code ml-summary.json}, in the shape documented in {@code
 * docs/ml-summary.md}. A statistic with no values (no OK request, no schedule lag recorded, health
 * not measurable) is written as an empty object {@code {}}; a percentile of an interval without OK
 * requests as {@code null}.
 */
public final class SummaryWriter {
  /** The file name downstream tools look for next to Gatling's report. */
  public static final String FILE_NAME = "ml-summary.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryWriter() {}

  /**
   * Writes the summary to a file, replacing it atomically where the file system allows, so a reader
   * never sees half a file: the JSON goes to a temporary file in the same folder, which is then
   * moved over {@code file}. The file gets the permissions of any file the process creates (the
   * umask's, like Gatling's report files: {@code rw-r--r--} under the usual umask 022), not the
   * owner-only ones of {@link Files#createTempFile}.
   *
   * @param summary the summary
   * @param file the file, usually {@code <run directory>/ml-summary.json}
   * @throws IOException if the file cannot be written
   */
  public static void write(RunSummary summary, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] json = toJson(summary).getBytes(StandardCharsets.UTF_8);
    Path tmp = temporaryFile(dir, file.getFileName().toString());
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        out.write(json);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * A new, empty, hidden file next to the target, created with the default permissions (open's 0666
   * less the umask), where {@link Files#createTempFile} would give 0600.
   */
  private static Path temporaryFile(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve(
              "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /**
   * The summary as JSON text.
   *
   * @param summary the summary
   * @return the indented JSON document
   */
  public static String toJson(RunSummary summary) {
    try {
      return MAPPER.writeValueAsString(toTree(summary)) + "\n";
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The summary as a Jackson tree, for callers that embed it in a larger document.
   *
   * @param summary the summary
   * @return a new tree
   */
  public static ObjectNode toTree(RunSummary summary) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", RunSummary.SCHEMA);
    root.put("simulation", summary.simulation());
    root.put("run_id", summary.runId());
    root.put("complete", summary.complete());
    if (summary.stoppedBy() != null) {
      root.put("stopped_by", summary.stoppedBy());
    }
    if (summary.distribution() != null) {
      if (summary.distribution().injectorIndex() != null) {
        root.put("injector_index", summary.distribution().injectorIndex());
      }
      root.put("injector_count", summary.distribution().injectorCount());
    }
    root.put("start_epoch_ms", summary.startEpochMs());
    root.put("end_epoch_ms", summary.endEpochMs());
    writeInjector(root.putObject("injector"), summary.injector());
    writeVerdict(root.putObject("verdict"), summary.injector());

    ObjectNode requests = root.putObject("requests");
    summary.requests().forEach((name, r) -> writeRequest(requests.putObject(name), r));

    ObjectNode timeseries = root.putObject("timeseries");
    timeseries.put("interval_ms", summary.intervalMs());
    ObjectNode seriesByName = timeseries.putObject("requests");
    summary
        .timeseries()
        .forEach(
            (name, points) -> {
              RunSummary.RequestSummary r = summary.requests().get(name);
              boolean stream = r != null && r.stream() != null;
              writePoints(seriesByName.putArray(name), points, stream);
            });

    if (summary.load() != null) {
      LoadReportJson.write(root.putObject("load"), summary.load());
    }

    if (summary.serverMetrics() != null) {
      ServerMetricsJson.write(root.putObject("server_metrics"), summary.serverMetrics());
    }

    ObjectNode histograms = root.putObject("histograms");
    summary
        .histograms()
        .forEach(
            (name, h) -> {
              ObjectNode node = histograms.putObject(name);
              node.put("latency_us", h.latencyUs());
              node.put("ko_latency_us", h.koLatencyUs());
              node.put("schedule_lag_us", h.scheduleLagUs());
              if (h.hasStream()) {
                node.put("ttft_us", h.ttftUs());
                node.put("tpot_us", h.tpotUs());
                node.put("chunk_gap_us", h.chunkGapUs());
              }
            });
    return root;
  }

  private static void writeInjector(ObjectNode node, RunSummary.Injector injector) {
    node.put("host", injector.host());
    node.put("cpus", injector.cpus());
    writeCpu(node.putObject("cpu_busy_pct"), injector.cpuBusyPct());
    writeCpu(node.putObject("machine_cpu_busy_pct"), injector.machineCpuBusyPct());
    node.put("gc_pause_ms", injector.gcPauseMs());
    writeLag(node.putObject("event_loop_lag_us"), injector.eventLoopLagUs());
    ArrayNode warnings = node.putArray("warnings");
    injector.warnings().forEach(warnings::add);
  }

  private static void writeVerdict(ObjectNode node, RunSummary.Injector injector) {
    node.put("verdict", injector.verdict());
    ArrayNode reasons = node.putArray("reasons");
    injector.warnings().forEach(reasons::add);
  }

  private static void writeCpu(ObjectNode node, RunSummary.CpuStats cpu) {
    if (cpu != null) {
      node.put("p50", cpu.p50());
      node.put("max", cpu.max());
    }
  }

  private static void writeRequest(ObjectNode node, RunSummary.RequestSummary r) {
    node.put("kind", r.kind());
    node.put("transport", r.transport());
    node.put("model", r.model());
    node.put("count", r.count());
    node.put("ok", r.ok());
    node.put("ko", r.ko());
    ObjectNode reasons = node.putObject("ko_reasons");
    for (Map.Entry<String, Long> e : r.koReasons().entrySet()) {
      reasons.put(e.getKey(), e.getValue());
    }
    node.put("throughput_rps", r.throughputRps());
    node.put("bytes_sent", r.bytesSent());
    node.put("bytes_received", r.bytesReceived());
    writeLatency(node.putObject("latency_us"), r.latencyUs());
    writeLatency(node.putObject("ko_latency_us"), r.koLatencyUs());
    writeLag(node.putObject("schedule_lag_us"), r.scheduleLagUs());
    if (r.latencyFromIntendedUs() != null) {
      writeLatency(node.putObject("latency_from_intended_us"), r.latencyFromIntendedUs());
    }
    if (r.retryAfter() != null && r.retryAfter().count() > 0) {
      node.putObject("retry_after")
          .put("count", r.retryAfter().count())
          .put("max_s", r.retryAfter().maxSeconds())
          .put("total_s", r.retryAfter().totalSeconds());
    }
    if (r.stream() != null) {
      writeStream(node, r.stream());
    }
  }

  private static void writeStream(ObjectNode node, RunSummary.StreamStats s) {
    writeLatency(node.putObject("ttft_us"), s.ttftUs());
    if (s.ttftFromIntendedUs() != null) {
      writeLatency(node.putObject("ttft_from_intended_us"), s.ttftFromIntendedUs());
    }
    writeLatency(node.putObject("tpot_us"), s.tpotUs());
    writeLatency(node.putObject("chunk_gap_us"), s.chunkGapUs());
    ObjectNode tokens = node.putObject("output_tokens");
    if (s.outputTokens() != null) {
      tokens.put("total", s.outputTokens().total());
      tokens.put("mean", s.outputTokens().mean());
      if (s.outputTokens().source() != null) {
        tokens.put("source", s.outputTokens().source());
      }
    }
    node.put("output_tokens_per_s", s.outputTokensPerS());
    node.put("good", s.good());
    node.put("goodput_rps", s.goodputRps());
    ObjectNode slo = node.putObject("slo");
    if (s.slo().hasTtft()) {
      slo.put("ttft_us", s.slo().ttftMaxUs());
    }
    if (s.slo().hasTpot()) {
      slo.put("tpot_us", s.slo().tpotMaxUs());
    }
  }

  static void writeLatency(ObjectNode node, RunSummary.LatencyStats s) {
    if (s == null) {
      return;
    }
    node.put("count", s.count());
    node.put("min", s.min());
    node.put("mean", s.mean());
    node.put("stddev", s.stddev());
    node.put("p50", s.p50());
    node.put("p90", s.p90());
    node.put("p95", s.p95());
    node.put("p99", s.p99());
    node.put("p999", s.p999());
    node.put("max", s.max());
  }

  static void writeLag(ObjectNode node, RunSummary.LagStats s) {
    if (s == null) {
      return;
    }
    node.put("count", s.count());
    node.put("p50", s.p50());
    node.put("p99", s.p99());
    node.put("max", s.max());
    node.put("over_1ms_pct", s.over1msPct());
  }

  private static void writePoints(
      ArrayNode array, List<RunSummary.TimePoint> points, boolean stream) {
    for (RunSummary.TimePoint p : points) {
      ObjectNode node = array.addObject();
      // Whole seconds stay integers, as in the documented shape; sub-second intervals need
      // fractions.
      if (p.tMs() % 1000 == 0) {
        node.put("t", p.tMs() / 1000);
      } else {
        node.put("t", p.tMs() / 1000.0);
      }
      node.put("count", p.count());
      // OK and KO apart: a second full of fast failures must not read as throughput.
      node.put("ok", p.count() - p.ko());
      node.put("ko", p.ko());
      node.put("p50_us", p.p50Us());
      node.put("p99_us", p.p99Us());
      if (stream) {
        node.put("ttft_p50_us", p.ttftP50Us());
        node.put("ttft_p99_us", p.ttftP99Us());
        node.put("output_tokens", p.outputTokens() == null ? 0 : p.outputTokens());
        if (p.good() != null) {
          node.put("good", p.good());
        }
      }
    }
  }
}
