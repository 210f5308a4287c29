/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.metrics;

import io.github.gatlingml.internal.metrics.HistogramCodec;
import io.github.gatlingml.internal.metrics.Slo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * The numbers of one run, as written to {@code ml-summary.json}: immutable, and the only thing
 * reports, baseline comparison, multi-injector merge and CI read.
 *
 * <p>Maps are sorted by request name so that files written from equal summaries are equal. Units
 * follow the file: times in microseconds unless a name says otherwise. See {@code
 * docs/ml-summary.md} for every field.
 *
 * @param simulation the simulation's name
 * @param runId the run's identifier (several, comma-separated, in a merged summary)
 * @param startEpochMs wall-clock start of the run, ms since the epoch
 * @param endEpochMs wall-clock end of the run, ms since the epoch
 * @param injector the load generator's health during the run
 * @param requests the numbers of each request name, over the whole run
 * @param intervalMs the width of one time-series interval, ms
 * @param timeseries each request name's points, one per interval, in time order
 * @param histograms each request name's full histograms, for lossless merging
 * @param complete true for the final summary of a run that ended normally; false for a periodic
 *     summary written during the run, or a final one written because the JVM shut down mid-run
 * @param stoppedBy what ended a run before its end ({@code "shutdown"} for a JVM shutdown), or
 *     {@code null}; several, comma-separated, in a merged summary
 * @param load the load plan, its steps and the breaking-point analysis, or {@code null} for a run
 *     without a plan
 * @param serverMetrics the server side of the run (scraped metrics, ModelStatistics deltas), or
 *     {@code null} when the protocol watched none
 * @param distribution which injector of a run spread over several wrote this summary, or {@code
 *     null} for a run on one injector
 */
public record RunSummary(
    String simulation,
    String runId,
    long startEpochMs,
    long endEpochMs,
    Injector injector,
    Map<String, RequestSummary> requests,
    long intervalMs,
    Map<String, List<TimePoint>> timeseries,
    Map<String, EncodedHistograms> histograms,
    boolean complete,
    String stoppedBy,
    LoadReport load,
    ServerMetrics serverMetrics,
    Distribution distribution) {

  /** The value of the file's {@code "schema"} field, changed on any incompatible change. */
  public static final String SCHEMA = "gatling-ml/summary/1";

  /** Copies the collections into sorted, unmodifiable ones. */
  public RunSummary {
    Objects.requireNonNull(simulation, "simulation");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(injector, "injector");
    requests = sortedCopy(requests);
    Map<String, List<TimePoint>> series = new TreeMap<>();
    timeseries.forEach((name, points) -> series.put(name, List.copyOf(points)));
    timeseries = Collections.unmodifiableMap(series);
    histograms = sortedCopy(histograms);
  }

  /**
   * A summary without a load plan.
   *
   * @param simulation the simulation's name
   * @param runId the run's identifier
   * @param startEpochMs wall-clock start of the run, ms since the epoch
   * @param endEpochMs wall-clock end of the run, ms since the epoch
   * @param injector the load generator's health
   * @param requests the numbers of each request name
   * @param intervalMs the width of one time-series interval, ms
   * @param timeseries each request name's points
   * @param histograms each request name's full histograms
   * @param complete whether the run ended normally and this is its final summary
   * @param stoppedBy what stopped the run early, or {@code null}
   */
  public RunSummary(
      String simulation,
      String runId,
      long startEpochMs,
      long endEpochMs,
      Injector injector,
      Map<String, RequestSummary> requests,
      long intervalMs,
      Map<String, List<TimePoint>> timeseries,
      Map<String, EncodedHistograms> histograms,
      boolean complete,
      String stoppedBy) {
    this(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        null);
  }

  /**
   * A complete summary (the final one of a run that ended normally), as written before summaries
   * had a {@code complete} flag.
   *
   * @param simulation the simulation's name
   * @param runId the run's identifier
   * @param startEpochMs wall-clock start of the run, ms since the epoch
   * @param endEpochMs wall-clock end of the run, ms since the epoch
   * @param injector the load generator's health
   * @param requests the numbers of each request name
   * @param intervalMs the width of one time-series interval, ms
   * @param timeseries each request name's points
   * @param histograms each request name's full histograms
   */
  public RunSummary(
      String simulation,
      String runId,
      long startEpochMs,
      long endEpochMs,
      Injector injector,
      Map<String, RequestSummary> requests,
      long intervalMs,
      Map<String, List<TimePoint>> timeseries,
      Map<String, EncodedHistograms> histograms) {
    this(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        true,
        null);
  }

  /**
   * This summary with another completion status.
   *
   * @param complete whether the run ended normally and this is its final summary
   * @param stoppedBy what stopped the run early, or {@code null}
   * @return a copy with these two fields changed
   */
  public RunSummary withCompletion(boolean complete, String stoppedBy) {
    return new RunSummary(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        serverMetrics,
        distribution);
  }

  /**
   * A summary without server metrics.
   *
   * @param simulation the simulation's name
   * @param runId the run's identifier
   * @param startEpochMs wall-clock start of the run, ms since the epoch
   * @param endEpochMs wall-clock end of the run, ms since the epoch
   * @param injector the load generator's health
   * @param requests the numbers of each request name
   * @param intervalMs the width of one time-series interval, ms
   * @param timeseries each request name's points
   * @param histograms each request name's full histograms
   * @param complete whether the run ended normally and this is its final summary
   * @param stoppedBy what stopped the run early, or {@code null}
   * @param load the load plan's report, or {@code null}
   */
  public RunSummary(
      String simulation,
      String runId,
      long startEpochMs,
      long endEpochMs,
      Injector injector,
      Map<String, RequestSummary> requests,
      long intervalMs,
      Map<String, List<TimePoint>> timeseries,
      Map<String, EncodedHistograms> histograms,
      boolean complete,
      String stoppedBy,
      LoadReport load) {
    this(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        null);
  }

  /**
   * A summary of a run on one injector (no {@link Distribution}).
   *
   * @param simulation the simulation's name
   * @param runId the run's identifier
   * @param startEpochMs wall-clock start of the run, ms since the epoch
   * @param endEpochMs wall-clock end of the run, ms since the epoch
   * @param injector the load generator's health
   * @param requests the numbers of each request name
   * @param intervalMs the width of one time-series interval, ms
   * @param timeseries each request name's points
   * @param histograms each request name's full histograms
   * @param complete whether the run ended normally and this is its final summary
   * @param stoppedBy what stopped the run early, or {@code null}
   * @param load the load plan's report, or {@code null}
   * @param serverMetrics the server side of the run, or {@code null}
   */
  public RunSummary(
      String simulation,
      String runId,
      long startEpochMs,
      long endEpochMs,
      Injector injector,
      Map<String, RequestSummary> requests,
      long intervalMs,
      Map<String, List<TimePoint>> timeseries,
      Map<String, EncodedHistograms> histograms,
      boolean complete,
      String stoppedBy,
      LoadReport load,
      ServerMetrics serverMetrics) {
    this(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        serverMetrics,
        null);
  }

  /**
   * This summary as written by one injector of a run spread over several.
   *
   * @param distribution this injector's index and the run's number of injectors, or {@code null}
   * @return a copy with {@code distribution} changed
   */
  public RunSummary withDistribution(Distribution distribution) {
    return new RunSummary(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        serverMetrics,
        distribution);
  }

  /**
   * This summary with the server side of the run.
   *
   * @param serverMetrics scraped metrics and ModelStatistics deltas, or {@code null}
   * @return a copy with {@code serverMetrics} changed
   */
  public RunSummary withServerMetrics(ServerMetrics serverMetrics) {
    return new RunSummary(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        serverMetrics,
        distribution);
  }

  /**
   * This summary with a load plan's report.
   *
   * @param load the plan, its steps and their analysis, or {@code null}
   * @return a copy with {@code load} changed
   */
  public RunSummary withLoad(LoadReport load) {
    return new RunSummary(
        simulation,
        runId,
        startEpochMs,
        endEpochMs,
        injector,
        requests,
        intervalMs,
        timeseries,
        histograms,
        complete,
        stoppedBy,
        load,
        serverMetrics,
        distribution);
  }

  /**
   * The run's duration from its wall-clock bounds.
   *
   * @return {@code endEpochMs - startEpochMs}
   */
  public long durationMs() {
    return endEpochMs - startEpochMs;
  }

  /**
   * Merges the summaries of several injectors of one run into the summary of the whole run.
   *
   * <p>Counts, bytes and KO reasons add up. Latency and schedule-lag percentiles are recomputed
   * from the sum of the decoded histograms, so they are exactly those of the union of all requests
   * (within HdrHistogram's 0.1%). Throughput is the total count over the merged span, from the
   * earliest start to the latest end. Time-series points are aligned on wall-clock time (each
   * injector's {@code t} shifted by its start's offset from the earliest start, rounded to an
   * interval) and their counts added; their {@code p50_us} and {@code p99_us} become the maximum
   * over injectors, because per-interval histograms are not kept: the maximum is an upper bound of
   * the true percentile of the union. Injector health keeps the worst value of each figure (one
   * saturated injector taints the run) except {@code cpus} and {@code gc_pause_ms}, which add up;
   * warnings are kept, each prefixed with its host. The merge is {@code complete} only if every
   * part is; {@code stoppedBy} joins the parts' distinct values.
   *
   * @param parts the summaries, at least one, all of the same simulation and interval
   * @return the merged summary
   * @throws IllegalArgumentException if the list is empty, the parts disagree on simulation,
   *     interval or a request's kind and transport, or a part lacks a histogram
   */
  public static RunSummary merge(List<RunSummary> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge: the list of summaries is empty");
    }
    RunSummary first = parts.get(0);
    Set<String> runIds = new LinkedHashSet<>();
    Set<String> stoppedBy = new LinkedHashSet<>();
    boolean complete = true;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (RunSummary part : parts) {
      if (!part.simulation.equals(first.simulation)) {
        throw new IllegalArgumentException(
            "cannot merge summaries of different simulations: '"
                + first.simulation
                + "' and '"
                + part.simulation
                + "'");
      }
      if (part.intervalMs != first.intervalMs) {
        throw new IllegalArgumentException(
            "cannot merge time series of different intervals: "
                + first.intervalMs
                + " ms and "
                + part.intervalMs
                + " ms; run every injector with the same interval");
      }
      runIds.add(part.runId);
      complete &= part.complete;
      if (part.stoppedBy != null) {
        for (String s : part.stoppedBy.split(",")) {
          if (!s.isBlank()) {
            stoppedBy.add(s.trim());
          }
        }
      }
      start = Math.min(start, part.startEpochMs);
      end = Math.max(end, part.endEpochMs);
    }
    double durationSeconds = (end - start) / 1000.0;

    Map<String, RequestSummary> requests = new TreeMap<>();
    Map<String, EncodedHistograms> histograms = new TreeMap<>();
    Map<String, TreeMap<Long, TimePoint>> series = new TreeMap<>();
    for (String name : requestNames(parts)) {
      RequestSummary model = null;
      Histogram ok = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
      Histogram ko = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
      Histogram lag = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
      Map<String, Long> koReasons = new TreeMap<>();
      long bytesSent = 0;
      long bytesReceived = 0;
      RetryAfter retryAfter = null;
      StreamMerge stream = null;
      for (RunSummary part : parts) {
        RequestSummary r = part.requests.get(name);
        if (r == null) {
          continue;
        }
        if (model == null) {
          model = r;
        } else if (!model.kind().equals(r.kind()) || !model.transport().equals(r.transport())) {
          throw new IllegalArgumentException(
              "request '"
                  + name
                  + "' is "
                  + model.kind()
                  + " over "
                  + model.transport()
                  + " in one summary and "
                  + r.kind()
                  + " over "
                  + r.transport()
                  + " in another: give different requests different names");
        }
        EncodedHistograms h = part.histograms.get(name);
        if (h == null) {
          throw new IllegalArgumentException(
              "summary of run '"
                  + part.runId
                  + "' has no histograms for '"
                  + name
                  + "': its percentiles cannot be merged");
        }
        ok.add(h.decodeLatencyUs());
        ko.add(h.decodeKoLatencyUs());
        lag.add(h.decodeScheduleLagUs());
        r.koReasons().forEach((reason, n) -> koReasons.merge(reason, n, Long::sum));
        bytesSent += r.bytesSent();
        retryAfter = RetryAfter.combine(retryAfter, r.retryAfter());
        bytesReceived += r.bytesReceived();
        if (r.stream() != null || h.hasStream()) {
          if (stream == null) {
            stream = new StreamMerge(name);
          }
          stream.add(part.runId, r, h);
        }
        long shiftMs =
            Math.round((part.startEpochMs - start) / (double) part.intervalMs) * part.intervalMs;
        TreeMap<Long, TimePoint> points = series.computeIfAbsent(name, n -> new TreeMap<>());
        for (TimePoint p : part.timeseries.getOrDefault(name, List.of())) {
          TimePoint shifted =
              new TimePoint(
                  p.tMs() + shiftMs,
                  p.count(),
                  p.ko(),
                  p.p50Us(),
                  p.p99Us(),
                  p.ttftP50Us(),
                  p.ttftP99Us(),
                  p.outputTokens(),
                  p.good());
          points.merge(shifted.tMs(), shifted, TimePoint::combine);
        }
      }
      long count = ok.getTotalCount() + ko.getTotalCount();
      requests.put(
          name,
          new RequestSummary(
              model.kind(),
              model.transport(),
              model.model(),
              count,
              ok.getTotalCount(),
              ko.getTotalCount(),
              koReasons,
              durationSeconds > 0 ? count / durationSeconds : 0.0,
              bytesSent,
              bytesReceived,
              LatencyStats.of(ok),
              LatencyStats.of(ko),
              LagStats.of(lag),
              stream == null ? null : stream.stats(ok.getTotalCount(), durationSeconds),
              retryAfter));
      histograms.put(
          name,
          stream == null
              ? new EncodedHistograms(
                  HistogramCodec.encode(ok), HistogramCodec.encode(ko), HistogramCodec.encode(lag))
              : new EncodedHistograms(
                  HistogramCodec.encode(ok),
                  HistogramCodec.encode(ko),
                  HistogramCodec.encode(lag),
                  HistogramCodec.encode(stream.ttft),
                  HistogramCodec.encode(stream.tpot),
                  HistogramCodec.encode(stream.chunkGap)));
    }
    Map<String, List<TimePoint>> timeseries = new TreeMap<>();
    series.forEach((name, points) -> timeseries.put(name, new ArrayList<>(points.values())));

    return new RunSummary(
            first.simulation,
            String.join(",", runIds),
            start,
            end,
            Injector.merge(parts),
            requests,
            first.intervalMs,
            timeseries,
            histograms,
            complete,
            stoppedBy.isEmpty() ? null : String.join(",", stoppedBy))
        .withDistribution(Distribution.merged(parts));
  }

  /** The streaming figures of one request name, summed over the parts of a merge. */
  private static final class StreamMerge {
    private final String name;
    final Histogram ttft = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
    final Histogram tpot = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
    final Histogram chunkGap = new Histogram(HistogramCodec.SIGNIFICANT_DIGITS);
    private long tokens;
    private String source;
    private long good;
    private Slo slo;

    StreamMerge(String name) {
      this.name = name;
    }

    void add(String runId, RequestSummary r, EncodedHistograms h) {
      if (r.stream() == null || !h.hasStream()) {
        throw new IllegalArgumentException(
            "summary of run '"
                + runId
                + "' lacks the streaming figures or histograms of '"
                + name
                + "': its TTFT, TPOT and chunk gaps cannot be merged");
      }
      StreamStats s = r.stream();
      if (slo == null) {
        slo = s.slo();
      } else if (!slo.equals(s.slo())) {
        throw new IllegalArgumentException(
            "request '"
                + name
                + "' was measured against "
                + slo
                + " in one summary and "
                + s.slo()
                + " in another: their goodputs do not add up; run every injector with the same"
                + " SLO");
      }
      ttft.add(h.decodeTtftUs());
      tpot.add(h.decodeTpotUs());
      chunkGap.add(h.decodeChunkGapUs());
      if (s.outputTokens() != null) {
        tokens += s.outputTokens().total();
        source = OutputTokens.combineSources(source, s.outputTokens().source());
      }
      good += s.good();
    }

    StreamStats stats(long ok, double durationSeconds) {
      return new StreamStats(
          LatencyStats.of(ttft),
          LatencyStats.of(tpot),
          LatencyStats.of(chunkGap),
          ok == 0 ? null : new OutputTokens(tokens, (double) tokens / ok, source),
          durationSeconds > 0 ? tokens / durationSeconds : 0.0,
          good,
          durationSeconds > 0 ? good / durationSeconds : 0.0,
          slo);
    }
  }

  private static Set<String> requestNames(List<RunSummary> parts) {
    Set<String> names = new TreeSet<>();
    for (RunSummary part : parts) {
      names.addAll(part.requests.keySet());
    }
    return names;
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }

  private static Double max(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }

  private static Long max(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }

  private static Long sum(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }

  /**
   * Which injector of a run spread over several injectors wrote a summary: set from the system
   * properties {@code gatling.ml.injectorIndex} and {@code gatling.ml.injectorCount} (or the
   * environment, see {@code docs/ml-summary.md}), written as the top-level {@code injector_index}
   * and {@code injector_count}. {@link MergeCheck} uses it to find missing or duplicated injectors.
   *
   * @param injectorIndex this injector's index, {@code 0 <= index < injectorCount}; {@code null} in
   *     a merged summary, which stands for the whole run
   * @param injectorCount the number of injectors of the run, at least 1
   */
  public record Distribution(Integer injectorIndex, int injectorCount) {
    /** Checks the bounds. */
    public Distribution {
      if (injectorCount < 1) {
        throw new IllegalArgumentException(
            "injector count must be at least 1, got " + injectorCount);
      }
      if (injectorIndex != null && (injectorIndex < 0 || injectorIndex >= injectorCount)) {
        throw new IllegalArgumentException(
            "injector index must be in [0, "
                + injectorCount
                + "), got "
                + injectorIndex
                + " (indices start at 0)");
      }
    }

    /**
     * The distribution of a merged summary: the common injector count, when every part has one and
     * they agree; else {@code null}.
     */
    static Distribution merged(List<RunSummary> parts) {
      Integer count = null;
      for (RunSummary part : parts) {
        Distribution d = part.distribution;
        if (d == null || (count != null && count != d.injectorCount)) {
          return null;
        }
        count = d.injectorCount;
      }
      return count == null ? null : new Distribution(null, count);
    }
  }

  /**
   * The load generator's health: whether its numbers can be trusted.
   *
   * @param host the injector's host name (several, comma-separated, in a merged summary)
   * @param cpus the processors available to the JVM
   * @param cpuBusyPct the JVM process's CPU use, percent of the whole machine, over the per-tick
   *     samples; {@code null} when the JVM does not report it
   * @param machineCpuBusyPct the whole machine's CPU use, percent; {@code null} when unknown
   * @param gcPauseMs time the JVM's garbage collectors reported during the run, ms
   * @param eventLoopLagUs how late probes ran on the event loops; {@code null} when not probed
   * @param warnings one sentence per reason to suspect the results
   */
  public record Injector(
      String host,
      int cpus,
      CpuStats cpuBusyPct,
      CpuStats machineCpuBusyPct,
      long gcPauseMs,
      LagStats eventLoopLagUs,
      List<String> warnings) {

    /** The verdict of a run with no reason to doubt its numbers. */
    public static final String TRUSTWORTHY = "trustworthy";

    /** The verdict of a run whose numbers the injector's self-check casts doubt on. */
    public static final String DOUBTFUL = "doubtful";

    /** Copies the warnings into an unmodifiable list. */
    public Injector {
      Objects.requireNonNull(host, "host");
      warnings = List.copyOf(warnings);
    }

    /**
     * The injector's self-check in one word: every warning is a reason to doubt the run's numbers
     * (CPU, GC, event-loop lag, schedule lag, achieved vs offered rate, a saturated machine).
     *
     * @return {@link #TRUSTWORTHY} without warnings, else {@link #DOUBTFUL}
     */
    public String verdict() {
      return warnings.isEmpty() ? TRUSTWORTHY : DOUBTFUL;
    }

    static Injector merge(List<RunSummary> parts) {
      Set<String> hosts = new LinkedHashSet<>();
      int cpus = 0;
      CpuStats cpu = null;
      CpuStats machine = null;
      long gc = 0;
      LagStats lag = null;
      List<String> warnings = new ArrayList<>();
      for (RunSummary part : parts) {
        Injector i = part.injector;
        hosts.add(i.host);
        cpus += i.cpus;
        cpu = CpuStats.worst(cpu, i.cpuBusyPct);
        machine = CpuStats.worst(machine, i.machineCpuBusyPct);
        gc += i.gcPauseMs;
        lag = LagStats.worst(lag, i.eventLoopLagUs);
        for (String w : i.warnings) {
          warnings.add("[" + i.host + "] " + w);
        }
      }
      return new Injector(String.join(",", hosts), cpus, cpu, machine, gc, lag, warnings);
    }
  }

  /**
   * CPU use in percent, summarized over the per-tick samples.
   *
   * @param p50 the median sample
   * @param max the largest sample
   */
  public record CpuStats(double p50, double max) {
    static CpuStats worst(CpuStats a, CpuStats b) {
      if (a == null) {
        return b;
      }
      return b == null ? a : new CpuStats(Math.max(a.p50, b.p50), Math.max(a.max, b.max));
    }
  }

  /**
   * The numbers of one request name over the whole run.
   *
   * @param kind what the request does, e.g. {@code "infer"} (see {@link RequestKind})
   * @param transport how it travels, e.g. {@code "grpc"}
   * @param model the model, or {@code null}
   * @param count requests completed, {@code ok + ko}
   * @param ok requests that succeeded
   * @param ko requests that failed
   * @param koReasons failed requests by reason; the values add up to {@code ko}
   * @param throughputRps {@code count} over the run's duration in seconds
   * @param bytesSent request bytes handed to the transport
   * @param bytesReceived response bytes received
   * @param latencyUs latency of the OK requests, or {@code null} if there were none
   * @param koLatencyUs latency of the KO requests, or {@code null} if there were none
   * @param scheduleLagUs actual minus intended start, or {@code null} if not recorded (closed
   *     model)
   * @param stream the streaming figures of a {@code "stream"} entry recorded by a {@code
   *     StreamRecorder}, or {@code null} for other entries
   * @param retryAfter the answers that asked to come back later, or {@code null} if none did
   * @param latencyFromIntendedUs latency of the OK requests from the start their load plan intended
   *     (the view corrected for coordinated omission), or {@code null} if no plan scheduled them
   */
  public record RequestSummary(
      String kind,
      String transport,
      String model,
      long count,
      long ok,
      long ko,
      Map<String, Long> koReasons,
      double throughputRps,
      long bytesSent,
      long bytesReceived,
      LatencyStats latencyUs,
      LatencyStats koLatencyUs,
      LagStats scheduleLagUs,
      StreamStats stream,
      RetryAfter retryAfter,
      LatencyStats latencyFromIntendedUs) {

    /**
     * An entry without latencies from an intended start (closed workloads, merged summaries).
     *
     * @param retryAfter the Retry-After answers, or {@code null}
     */
    public RequestSummary(
        String kind,
        String transport,
        String model,
        long count,
        long ok,
        long ko,
        Map<String, Long> koReasons,
        double throughputRps,
        long bytesSent,
        long bytesReceived,
        LatencyStats latencyUs,
        LatencyStats koLatencyUs,
        LagStats scheduleLagUs,
        StreamStats stream,
        RetryAfter retryAfter) {
      this(
          kind,
          transport,
          model,
          count,
          ok,
          ko,
          koReasons,
          throughputRps,
          bytesSent,
          bytesReceived,
          latencyUs,
          koLatencyUs,
          scheduleLagUs,
          stream,
          retryAfter,
          null);
    }

    /** An entry without Retry-After answers. */
    public RequestSummary(
        String kind,
        String transport,
        String model,
        long count,
        long ok,
        long ko,
        Map<String, Long> koReasons,
        double throughputRps,
        long bytesSent,
        long bytesReceived,
        LatencyStats latencyUs,
        LatencyStats koLatencyUs,
        LagStats scheduleLagUs,
        StreamStats stream) {
      this(
          kind,
          transport,
          model,
          count,
          ok,
          ko,
          koReasons,
          throughputRps,
          bytesSent,
          bytesReceived,
          latencyUs,
          koLatencyUs,
          scheduleLagUs,
          stream,
          null);
    }

    /**
     * An entry without streaming figures (infer, health, metadata, statistics).
     *
     * @param kind what the request does
     * @param transport how it travels
     * @param model the model, or {@code null}
     * @param count requests completed
     * @param ok requests that succeeded
     * @param ko requests that failed
     * @param koReasons failed requests by reason
     * @param throughputRps {@code count} over the run's duration in seconds
     * @param bytesSent request bytes handed to the transport
     * @param bytesReceived response bytes received
     * @param latencyUs latency of the OK requests, or {@code null}
     * @param koLatencyUs latency of the KO requests, or {@code null}
     * @param scheduleLagUs schedule lag, or {@code null}
     */
    public RequestSummary(
        String kind,
        String transport,
        String model,
        long count,
        long ok,
        long ko,
        Map<String, Long> koReasons,
        double throughputRps,
        long bytesSent,
        long bytesReceived,
        LatencyStats latencyUs,
        LatencyStats koLatencyUs,
        LagStats scheduleLagUs) {
      this(
          kind,
          transport,
          model,
          count,
          ok,
          ko,
          koReasons,
          throughputRps,
          bytesSent,
          bytesReceived,
          latencyUs,
          koLatencyUs,
          scheduleLagUs,
          null);
    }

    /** Checks the accounting ({@code count = ok + ko}) so a corrupt file is caught on reading. */
    public RequestSummary {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(transport, "transport");
      if (count != ok + ko) {
        throw new IllegalArgumentException(
            "count "
                + count
                + " is not ok "
                + ok
                + " + ko "
                + ko
                + ": the summary is inconsistent");
      }
      koReasons = sortedCopy(koReasons);
    }

    /**
     * The share of failed requests.
     *
     * @return {@code ko / count}, or 0 when nothing completed
     */
    public double errorRate() {
      return count == 0 ? 0.0 : (double) ko / count;
    }
  }

  /**
   * The streaming figures of a {@code "stream"} entry. TTFT, TPOT, chunk gaps and output tokens are
   * those of the OK requests, like {@code latency_us}.
   *
   * @param ttftUs time to first (non-empty) token, or {@code null} if no OK request had one
   * @param tpotUs time per output token after the first, over OK requests with at least 2 tokens,
   *     or {@code null} if none
   * @param chunkGapUs gaps between successive non-empty chunks, or {@code null} if none
   * @param outputTokens output tokens of the OK requests, or {@code null} if none succeeded
   * @param outputTokensPerS output tokens over the run's duration in seconds
   * @param good OK requests that met every objective of {@code slo}
   * @param goodputRps {@code good} over the run's duration in seconds
   * @param slo the objectives goodput was measured against ({@link Slo#NONE} if none)
   * @param ttftFromIntendedUs TTFT from the start the load plan intended, or {@code null} if no
   *     plan scheduled the requests
   */
  public record StreamStats(
      LatencyStats ttftUs,
      LatencyStats tpotUs,
      LatencyStats chunkGapUs,
      OutputTokens outputTokens,
      double outputTokensPerS,
      long good,
      double goodputRps,
      Slo slo,
      LatencyStats ttftFromIntendedUs) {

    /** Checks that the objectives are given. */
    public StreamStats {
      Objects.requireNonNull(slo, "slo");
    }

    /**
     * Figures without a TTFT from an intended start (closed workloads, merged summaries).
     *
     * @param ttftUs time to first token, or {@code null}
     * @param tpotUs time per output token, or {@code null}
     * @param chunkGapUs gaps between chunks, or {@code null}
     * @param outputTokens output tokens, or {@code null}
     * @param outputTokensPerS output tokens per second of the run
     * @param good OK requests that met every objective
     * @param goodputRps {@code good} per second of the run
     * @param slo the objectives
     */
    public StreamStats(
        LatencyStats ttftUs,
        LatencyStats tpotUs,
        LatencyStats chunkGapUs,
        OutputTokens outputTokens,
        double outputTokensPerS,
        long good,
        double goodputRps,
        Slo slo) {
      this(ttftUs, tpotUs, chunkGapUs, outputTokens, outputTokensPerS, good, goodputRps, slo, null);
    }
  }

  /**
   * Output tokens of a stream entry's OK requests.
   *
   * @param total tokens over all OK requests
   * @param mean {@code total} per OK request
   * @param source where the counts came from: {@code "usage"}, {@code "tokenizer"}, {@code
   *     "chunks"} (see {@code StreamTiming.TokenSource}), or {@code "mixed"} when requests of the
   *     name used more than one; {@code null} if unknown
   */
  public record OutputTokens(long total, double mean, String source) {
    /** The source of requests (or parts) that mixed several sources. */
    public static final String MIXED = "mixed";

    /** The source of a union of requests counted from {@code a} and {@code b}. */
    public static String combineSources(String a, String b) {
      if (a == null) {
        return b;
      }
      return b == null || a.equals(b) ? a : MIXED;
    }
  }

  /**
   * The answers that asked the client to come back later (HTTP 429 or 503 with a {@code
   * Retry-After} header): how many, and the delays they asked for. The plugin does not retry by
   * itself; these say how hard the server pushed back.
   *
   * @param count answers with a Retry-After header
   * @param maxSeconds the longest delay asked for
   * @param totalSeconds the delays added up (mean = total / count)
   */
  public record RetryAfter(long count, long maxSeconds, long totalSeconds) {
    /** The mean delay asked for, seconds; 0 when none. */
    public double meanSeconds() {
      return count == 0 ? 0.0 : (double) totalSeconds / count;
    }

    /** Both parts' answers; null stays out. */
    public static RetryAfter combine(RetryAfter a, RetryAfter b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return new RetryAfter(
          a.count + b.count, Math.max(a.maxSeconds, b.maxSeconds), a.totalSeconds + b.totalSeconds);
    }
  }

  /**
   * A latency distribution in microseconds, from HdrHistogram with 3 significant digits.
   *
   * @param count values in the distribution
   * @param min the smallest value
   * @param mean the arithmetic mean
   * @param stddev the standard deviation
   * @param p50 the median
   * @param p90 the 90th percentile
   * @param p95 the 95th percentile
   * @param p99 the 99th percentile
   * @param p999 the 99.9th percentile
   * @param max the largest value
   */
  public record LatencyStats(
      long count,
      long min,
      double mean,
      double stddev,
      long p50,
      long p90,
      long p95,
      long p99,
      long p999,
      long max) {

    /**
     * The statistics of a histogram of microseconds.
     *
     * @param h the histogram
     * @return its statistics, or {@code null} if it is empty
     */
    public static LatencyStats of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return null;
      }
      return new LatencyStats(
          h.getTotalCount(),
          h.getMinValue(),
          h.getMean(),
          h.getStdDeviation(),
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(90),
          h.getValueAtPercentile(95),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue());
    }
  }

  /**
   * A lag distribution in microseconds (schedule lag, event-loop lag).
   *
   * @param count values in the distribution
   * @param p50 the median
   * @param p99 the 99th percentile
   * @param max the largest value
   * @param over1msPct percent of the values above 1 ms (perf_analyzer's "late" threshold)
   */
  public record LagStats(long count, long p50, long p99, long max, double over1msPct) {

    /**
     * The statistics of a histogram of microseconds.
     *
     * @param h the histogram
     * @return its statistics, or {@code null} if it is empty
     */
    public static LagStats of(Histogram h) {
      long total = h.getTotalCount();
      if (total == 0) {
        return null;
      }
      long late = total - h.getCountBetweenValues(0, 1_000);
      return new LagStats(
          total,
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(99),
          h.getMaxValue(),
          100.0 * late / total);
    }

    static LagStats worst(LagStats a, LagStats b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return new LagStats(
          a.count + b.count,
          Math.max(a.p50, b.p50),
          Math.max(a.p99, b.p99),
          Math.max(a.max, b.max),
          Math.max(a.over1msPct, b.over1msPct));
    }
  }

  /**
   * One interval of a request name's time series.
   *
   * @param tMs the interval's start, ms since the run's start (written as seconds, {@code "t"})
   * @param count requests completed in the interval, OK and KO
   * @param ko requests failed in the interval
   * @param p50Us median latency of the interval's OK requests, or {@code null} if there were none
   * @param p99Us 99th percentile of the interval's OK requests' latency, or {@code null}
   * @param ttftP50Us median TTFT of the interval's OK streams, or {@code null} (none, or not a
   *     stream)
   * @param ttftP99Us 99th percentile of TTFT of the interval's OK streams, or {@code null}
   * @param outputTokens output tokens of the interval's OK streams, or {@code null} if not a stream
   * @param good the interval's OK streams that met every objective (goodput), or {@code null} if
   *     not a stream or not recorded (summaries written before the field existed)
   */
  public record TimePoint(
      long tMs,
      long count,
      long ko,
      Long p50Us,
      Long p99Us,
      Long ttftP50Us,
      Long ttftP99Us,
      Long outputTokens,
      Long good) {

    /**
     * A point of a stream name without its goodput count.
     *
     * @param tMs the interval's start, ms since the run's start
     * @param count requests completed in the interval
     * @param ko requests failed in the interval
     * @param p50Us median latency of the interval's OK requests, or {@code null}
     * @param p99Us 99th percentile latency of the interval's OK requests, or {@code null}
     * @param ttftP50Us median TTFT of the interval's OK streams, or {@code null}
     * @param ttftP99Us 99th percentile of TTFT of the interval's OK streams, or {@code null}
     * @param outputTokens output tokens of the interval's OK streams, or {@code null}
     */
    public TimePoint(
        long tMs,
        long count,
        long ko,
        Long p50Us,
        Long p99Us,
        Long ttftP50Us,
        Long ttftP99Us,
        Long outputTokens) {
      this(tMs, count, ko, p50Us, p99Us, ttftP50Us, ttftP99Us, outputTokens, null);
    }

    /**
     * A point of a request name that is not a stream.
     *
     * @param tMs the interval's start, ms since the run's start
     * @param count requests completed in the interval
     * @param ko requests failed in the interval
     * @param p50Us median latency of the interval's OK requests, or {@code null}
     * @param p99Us 99th percentile latency of the interval's OK requests, or {@code null}
     */
    public TimePoint(long tMs, long count, long ko, Long p50Us, Long p99Us) {
      this(tMs, count, ko, p50Us, p99Us, null, null, null, null);
    }

    /**
     * Two points of the same interval as one: counts add, and, since their histograms are gone,
     * each percentile becomes the larger one, an upper bound of the true percentile.
     */
    public static TimePoint combine(TimePoint a, TimePoint b) {
      return new TimePoint(
          a.tMs,
          a.count + b.count,
          a.ko + b.ko,
          max(a.p50Us, b.p50Us),
          max(a.p99Us, b.p99Us),
          max(a.ttftP50Us, b.ttftP50Us),
          max(a.ttftP99Us, b.ttftP99Us),
          sum(a.outputTokens, b.outputTokens),
          sum(a.good, b.good));
    }
  }

  /**
   * A request name's histograms in HdrHistogram's compressed encoding, base64, values in
   * microseconds.
   *
   * @param latencyUs latency of OK requests
   * @param koLatencyUs latency of KO requests
   * @param scheduleLagUs schedule lag
   * @param ttftUs TTFT of OK streams, or {@code null} if not a stream entry
   * @param tpotUs TPOT of OK streams, or {@code null} if not a stream entry
   * @param chunkGapUs chunk gaps of OK streams, or {@code null} if not a stream entry
   */
  public record EncodedHistograms(
      String latencyUs,
      String koLatencyUs,
      String scheduleLagUs,
      String ttftUs,
      String tpotUs,
      String chunkGapUs) {

    /**
     * Checks that the three common ones are present, since merging needs every one of them, and
     * that the stream ones are all present or all absent.
     */
    public EncodedHistograms {
      Objects.requireNonNull(latencyUs, "latencyUs");
      Objects.requireNonNull(koLatencyUs, "koLatencyUs");
      Objects.requireNonNull(scheduleLagUs, "scheduleLagUs");
      if ((ttftUs == null) != (tpotUs == null) || (ttftUs == null) != (chunkGapUs == null)) {
        throw new IllegalArgumentException(
            "a stream's ttft_us, tpot_us and chunk_gap_us histograms go together: some are missing");
      }
    }

    /**
     * The histograms of an entry that is not a stream.
     *
     * @param latencyUs latency of OK requests
     * @param koLatencyUs latency of KO requests
     * @param scheduleLagUs schedule lag
     */
    public EncodedHistograms(String latencyUs, String koLatencyUs, String scheduleLagUs) {
      this(latencyUs, koLatencyUs, scheduleLagUs, null, null, null);
    }

    /**
     * Whether the stream histograms are present.
     *
     * @return true for a stream entry's histograms
     */
    public boolean hasStream() {
      return ttftUs != null;
    }

    /**
     * Decodes the TTFT histogram.
     *
     * @return a new histogram of microseconds
     * @throws IllegalStateException if this is not a stream entry's
     */
    public Histogram decodeTtftUs() {
      return HistogramCodec.decode(requireStream(ttftUs), "histogram ttft_us");
    }

    /**
     * Decodes the TPOT histogram.
     *
     * @return a new histogram of microseconds
     * @throws IllegalStateException if this is not a stream entry's
     */
    public Histogram decodeTpotUs() {
      return HistogramCodec.decode(requireStream(tpotUs), "histogram tpot_us");
    }

    /**
     * Decodes the chunk-gap histogram.
     *
     * @return a new histogram of microseconds
     * @throws IllegalStateException if this is not a stream entry's
     */
    public Histogram decodeChunkGapUs() {
      return HistogramCodec.decode(requireStream(chunkGapUs), "histogram chunk_gap_us");
    }

    private static String requireStream(String encoded) {
      if (encoded == null) {
        throw new IllegalStateException("not a stream entry's histograms");
      }
      return encoded;
    }

    /**
     * Decodes the OK latency histogram.
     *
     * @return a new histogram of microseconds
     */
    public Histogram decodeLatencyUs() {
      return HistogramCodec.decode(latencyUs, "histogram latency_us");
    }

    /**
     * Decodes the KO latency histogram.
     *
     * @return a new histogram of microseconds
     */
    public Histogram decodeKoLatencyUs() {
      return HistogramCodec.decode(koLatencyUs, "histogram ko_latency_us");
    }

    /**
     * Decodes the schedule-lag histogram.
     *
     * @return a new histogram of microseconds
     */
    public Histogram decodeScheduleLagUs() {
      return HistogramCodec.decode(scheduleLagUs, "histogram schedule_lag_us");
    }
  }
}
