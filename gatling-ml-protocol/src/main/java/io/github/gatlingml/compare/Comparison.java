/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A run compared with its baseline, per request name and metric, with a verdict that only a
 * significant change beyond a threshold turns into a regression.
 *
 * <p>The method (see {@code docs/regression.md}): latencies are judged by the <b>median of the
 * per-interval percentiles</b> of the time series after the warm-up, not by the whole run's
 * percentile, which a few slow seconds (JIT warm-up, a GC) can dominate. The confidence interval of
 * the ratio of the two medians comes from a seeded bootstrap that resamples each run's intervals. A
 * change is significant when that interval excludes 1 and the point change is beyond the threshold.
 * Throughput is compared the same way on per-interval OK counts, as achieved per offered arrival
 * when both runs had an open load plan. The error rate is an absolute bound on the current run.
 *
 * <pre>{@code
 * Comparison c = Comparison.compare(baseline, current, Criteria.defaults());
 * if (!c.passed()) { c.regressions().forEach(r -> System.out.println(r.request())); }
 * }</pre>
 */
public final class Comparison {
  /** What a change amounts to. */
  public enum Verdict {
    /** Worse, significantly and beyond the threshold (or an error rate above its bound). */
    REGRESSION,
    /** Better, significantly and beyond the threshold. */
    IMPROVEMENT,
    /** Neither: within the threshold, or not distinguishable from noise. */
    NO_SIGNIFICANT_CHANGE
  }

  /** A compared quantity of a request name. */
  public enum Metric {
    /** Median latency of the OK requests, per interval. */
    P50("p50", "us", false),
    /** 95th percentile of latency over the whole run (the series has no per-interval p95). */
    P95("p95", "us", false),
    /** 99th percentile of latency of the OK requests, per interval. */
    P99("p99", "us", false),
    /** Median time to first token of OK streams, per interval. */
    TTFT_P50("ttft_p50", "us", false),
    /** 99th percentile of time to first token of OK streams, per interval. */
    TTFT_P99("ttft_p99", "us", false),
    /** Median time per output token over the whole run. */
    TPOT_P50("tpot_p50", "us", false),
    /** 99th percentile of time per output token over the whole run. */
    TPOT_P99("tpot_p99", "us", false),
    /** OK requests per interval: per offered arrival (open load) or per second (closed). */
    THROUGHPUT("throughput", "ok/s", true),
    /**
     * Output tokens of OK streams per interval: per offered arrival (open load) or per second
     * (closed).
     */
    TOKENS_PER_S("tokens_per_s", "tokens/s", true),
    /**
     * Streams that met every objective, per interval like throughput when both runs' time series
     * count them ({@code good}), else per second over the whole run (threshold only).
     */
    GOODPUT("goodput", "good/s", true),
    /** KO / completed requests of the current run after the warm-up. */
    ERROR_RATE("error_rate", "ratio", false);

    private final String label;
    private final String unit;
    private final boolean higherIsBetter;

    Metric(String label, String unit, boolean higherIsBetter) {
      this.label = label;
      this.unit = unit;
      this.higherIsBetter = higherIsBetter;
    }

    /**
     * Whether a decrease is the bad direction (throughput, tokens/s, goodput); for the others an
     * increase is.
     *
     * @return true when more is better
     */
    public boolean higherIsBetter() {
      return higherIsBetter;
    }

    /**
     * The metric of a label, as in criteria files and {@code --criterion}.
     *
     * @param label e.g. {@code p99} or {@code tokens_per_s}
     * @return the metric
     * @throws IllegalArgumentException naming the known labels if none has that label
     */
    public static Metric fromLabel(String label) {
      for (Metric m : values()) {
        if (m.label.equals(label)) {
          return m;
        }
      }
      List<String> known = new ArrayList<>();
      for (Metric m : values()) {
        known.add(m.label);
      }
      throw new IllegalArgumentException(
          "'" + label + "' is not a metric: use one of " + String.join(", ", known));
    }

    /**
     * The metric's name in outputs.
     *
     * @return e.g. {@code p99}
     */
    public String label() {
      return label;
    }

    /**
     * The unit of its values (throughput's is {@code achieved/offered} in open-load runs).
     *
     * @return e.g. {@code us}
     */
    public String unit() {
      return unit;
    }
  }

  /** How a metric's values were obtained and judged. */
  public enum Method {
    /** Median of per-interval values after the warm-up, bootstrap confidence interval. */
    INTERVAL_MEDIAN,
    /** The whole run's value (warm-up included), no confidence interval: threshold only. */
    WHOLE_RUN,
    /** An absolute bound on the current run. */
    ABSOLUTE
  }

  /**
   * The comparison of one metric of one request name.
   *
   * @param request the request name
   * @param metric what was compared
   * @param method how
   * @param unit the unit of {@code baseline} and {@code current}
   * @param baseline the baseline's value ({@code NaN} when not compared)
   * @param current the current run's value ({@code NaN} when not compared)
   * @param change relative change {@code current / baseline - 1}; for {@link Metric#ERROR_RATE} the
   *     absolute difference; {@code NaN} when not compared
   * @param changeLow lower bound of the confidence interval of {@code change}, or {@code null}
   * @param changeHigh upper bound of the confidence interval of {@code change}, or {@code null}
   * @param threshold the criterion's threshold (a fraction)
   * @param baselineIntervals intervals of the baseline the value is over (0 for whole-run values)
   * @param currentIntervals intervals of the current run the value is over
   * @param verdict what the change amounts to
   * @param note why the metric was not compared, else {@code null}
   */
  public record Result(
      String request,
      Metric metric,
      Method method,
      String unit,
      double baseline,
      double current,
      double change,
      Double changeLow,
      Double changeHigh,
      double threshold,
      int baselineIntervals,
      int currentIntervals,
      Verdict verdict,
      String note) {
    /** Checks the names. */
    public Result {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * Whether the change's confidence interval excludes no change.
     *
     * @return true when both bounds are known and on the same side of 0
     */
    public boolean significant() {
      return changeLow != null && changeHigh != null && (changeLow > 0 || changeHigh < 0);
    }
  }

  /** The inputs cannot be compared; {@link #problems()} says why, one line each. */
  public static final class UnusableInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The problems, one sentence each. */
    private final List<String> problems;

    /**
     * An exception listing the problems.
     *
     * @param problems one sentence each, at least one
     */
    public UnusableInputException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    /**
     * What makes the inputs unusable.
     *
     * @return one sentence per problem
     */
    public List<String> problems() {
      return problems;
    }
  }

  private final Criteria criteria;
  private final List<Result> results;

  private Comparison(Criteria criteria, List<Result> results) {
    this.criteria = criteria;
    this.results = List.copyOf(results);
  }

  /**
   * The criteria the runs were judged by.
   *
   * @return the criteria
   */
  public Criteria criteria() {
    return criteria;
  }

  /**
   * One result per request name (sorted) and metric compared.
   *
   * @return the results
   */
  public List<Result> results() {
    return results;
  }

  /**
   * The results that are regressions.
   *
   * @return those with verdict {@link Verdict#REGRESSION}
   */
  public List<Result> regressions() {
    return results.stream().filter(r -> r.verdict() == Verdict.REGRESSION).toList();
  }

  /**
   * The overall verdict: a regression if any result is one, else an improvement if any is one.
   *
   * @return the overall verdict
   */
  public Verdict verdict() {
    boolean improved = false;
    for (Result r : results) {
      if (r.verdict() == Verdict.REGRESSION) {
        return Verdict.REGRESSION;
      }
      improved |= r.verdict() == Verdict.IMPROVEMENT;
    }
    return improved ? Verdict.IMPROVEMENT : Verdict.NO_SIGNIFICANT_CHANGE;
  }

  /**
   * Whether the current run passes: no regression.
   *
   * @return true without any regression
   */
  public boolean passed() {
    return verdict() != Verdict.REGRESSION;
  }

  /**
   * Compares a run with its baseline.
   *
   * @param baseline the reference run
   * @param current the run judged
   * @param criteria thresholds, warm-up and bootstrap settings
   * @return the results
   * @throws UnusableInputException when the request names differ, a run is doubtful (unless
   *     allowed), the two runs' load models differ, or a request name has fewer than {@link
   *     Criteria#minIntervals()} intervals after the warm-up
   */
  public static Comparison compare(RunSummary baseline, RunSummary current, Criteria criteria) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(criteria, "criteria");
    List<String> problems = new ArrayList<>();
    Set<String> onlyBaseline = new TreeSet<>(baseline.requests().keySet());
    onlyBaseline.removeAll(current.requests().keySet());
    Set<String> onlyCurrent = new TreeSet<>(current.requests().keySet());
    onlyCurrent.removeAll(baseline.requests().keySet());
    if (!onlyBaseline.isEmpty() || !onlyCurrent.isEmpty()) {
      problems.add(
          "the request names differ: only in the baseline "
              + onlyBaseline
              + ", only in the current run "
              + onlyCurrent
              + " (compare runs of the same simulation)");
    }
    Set<String> unknown = new TreeSet<>(criteria.overrides().keySet());
    unknown.removeAll(baseline.requests().keySet());
    unknown.removeAll(current.requests().keySet());
    if (!unknown.isEmpty()) {
      problems.add(
          "the criteria name request(s) "
              + unknown
              + " that neither run has: use names of "
              + new TreeSet<>(baseline.requests().keySet())
              + " (a per-name criterion with a misspelt name would check nothing)");
    }
    if (!criteria.allowDoubtful()) {
      doubtful("the baseline", baseline, problems);
      doubtful("the current run", current, problems);
    }
    boolean openBaseline = isOpen(baseline);
    boolean openCurrent = isOpen(current);
    if (judgesRates(criteria) && openBaseline != openCurrent) {
      problems.add(
          "the baseline is "
              + (openBaseline ? "an open" : "a closed")
              + "-load run and the current run "
              + (openCurrent ? "an open" : "a closed")
              + "-load one: their throughputs do not compare");
    }
    Set<String> names = new TreeSet<>(baseline.requests().keySet());
    names.retainAll(current.requests().keySet());
    long warmUpMs = criteria.warmUp().toMillis();
    long fromBaseline = warmUpEnd(baseline, warmUpMs, criteria.warmUpRequests());
    long fromCurrent = warmUpEnd(current, warmUpMs, criteria.warmUpRequests());
    for (String name : names) {
      for (RunSummary s : List.of(baseline, current)) {
        int kept = kept(s, name, s == baseline ? fromBaseline : fromCurrent).size();
        if (kept < criteria.minIntervals()) {
          problems.add(
              (s == baseline ? "the baseline" : "the current run")
                  + " has "
                  + kept
                  + " interval(s) of '"
                  + name
                  + "' after a warm-up of "
                  + criteria.describeWarmUp()
                  + ", fewer than "
                  + criteria.minIntervals()
                  + " (a longer run, or a shorter --warm-up)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UnusableInputException(problems);
    }

    List<Result> results = new ArrayList<>();
    for (String name : names) {
      List<RunSummary.TimePoint> b = kept(baseline, name, fromBaseline);
      List<RunSummary.TimePoint> c = kept(current, name, fromCurrent);
      RunSummary.RequestSummary rb = baseline.requests().get(name);
      RunSummary.RequestSummary rc = current.requests().get(name);
      boolean streams = isStream(rb) && isStream(rc);
      Engine e = new Engine(name, criteria);
      Double t;
      if ((t = criteria.threshold(name, Metric.P50)) != null) {
        results.add(e.latency(Metric.P50, t, b, c, p -> p.p50Us()));
      }
      if ((t = criteria.threshold(name, Metric.P95)) != null) {
        results.add(e.wholeRun(Metric.P95, t, p95(rb), p95(rc)));
      }
      if ((t = criteria.threshold(name, Metric.P99)) != null) {
        results.add(e.latency(Metric.P99, t, b, c, p -> p.p99Us()));
      }
      if (streams && (t = criteria.threshold(name, Metric.TTFT_P50)) != null) {
        results.add(e.latency(Metric.TTFT_P50, t, b, c, p -> p.ttftP50Us()));
      }
      if (streams && (t = criteria.threshold(name, Metric.TTFT_P99)) != null) {
        results.add(e.latency(Metric.TTFT_P99, t, b, c, p -> p.ttftP99Us()));
      }
      if (streams && (t = criteria.threshold(name, Metric.TPOT_P50)) != null) {
        results.add(e.wholeRun(Metric.TPOT_P50, t, tpot(rb, false), tpot(rc, false)));
      }
      if (streams && (t = criteria.threshold(name, Metric.TPOT_P99)) != null) {
        results.add(e.wholeRun(Metric.TPOT_P99, t, tpot(rb, true), tpot(rc, true)));
      }
      if ((t = criteria.threshold(name, Metric.THROUGHPUT)) != null) {
        results.add(
            e.rate(
                Metric.THROUGHPUT,
                t,
                perInterval(baseline, b, openBaseline, p -> p.count() - p.ko()),
                perInterval(current, c, openCurrent, p -> p.count() - p.ko()),
                openBaseline ? "achieved/offered" : "ok/s"));
      }
      if (streams && (t = criteria.threshold(name, Metric.TOKENS_PER_S)) != null) {
        results.add(
            e.rate(
                Metric.TOKENS_PER_S,
                t,
                perInterval(baseline, b, openBaseline, RunSummary.TimePoint::outputTokens),
                perInterval(current, c, openCurrent, RunSummary.TimePoint::outputTokens),
                openBaseline ? "tokens/offered" : "tokens/s"));
      }
      if (streams && (t = criteria.threshold(name, Metric.GOODPUT)) != null) {
        if (countsGood(b) && countsGood(c)) {
          results.add(
              e.rate(
                  Metric.GOODPUT,
                  t,
                  perInterval(baseline, b, openBaseline, RunSummary.TimePoint::good),
                  perInterval(current, c, openCurrent, RunSummary.TimePoint::good),
                  openBaseline ? "good/offered" : "good/s"));
        } else {
          // a summary written before the series counted good streams: the whole run's figure
          results.add(
              e.wholeRun(Metric.GOODPUT, t, rb.stream().goodputRps(), rc.stream().goodputRps()));
        }
      }
      if ((t = criteria.threshold(name, Metric.ERROR_RATE)) != null) {
        results.add(e.errorRate(t, b, c));
      }
    }
    return new Comparison(criteria, results);
  }

  /**
   * Compares two request names of one run, a canary: the baseline target's requests against the
   * candidate's, both sent in the same time window (interleaved), judged with the same method and
   * criteria as {@link #compare}. Throughput compares the two names' OK requests per interval,
   * which is fair when the load is split evenly between them.
   *
   * <pre>{@code
   * Comparison c = Comparison.canary(summary, "add_sub v1", "add_sub v2", Criteria.defaults());
   * }</pre>
   *
   * @param summary the run holding both request names
   * @param baselineName the request name of the reference target
   * @param candidateName the request name of the target judged
   * @param criteria thresholds, warm-up and bootstrap settings
   * @return the results, under the request name {@code "<candidate> vs <baseline>"}
   * @throws UnusableInputException when a name is not in the run (the run's names are listed), the
   *     two names are equal, the run is doubtful (unless allowed), or a name has too few intervals
   */
  public static Comparison canary(
      RunSummary summary, String baselineName, String candidateName, Criteria criteria) {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(baselineName, "baselineName");
    Objects.requireNonNull(candidateName, "candidateName");
    List<String> problems = new ArrayList<>();
    if (baselineName.equals(candidateName)) {
      problems.add(
          "the canary's baseline and candidate are both '"
              + baselineName
              + "': give the two targets distinct request names");
    }
    for (String name : List.of(baselineName, candidateName)) {
      if (!summary.requests().containsKey(name)) {
        problems.add(
            "the run has no request named '"
                + name
                + "' (its names: "
                + summary.requests().keySet()
                + "); name the canary's targets as the simulation names their requests");
      }
    }
    if (!problems.isEmpty()) {
      throw new UnusableInputException(problems);
    }
    String label = canaryLabel(baselineName, candidateName);
    return compare(
        view(summary, baselineName, label), view(summary, candidateName, label), criteria);
  }

  /**
   * The request name a canary's results carry.
   *
   * @param baselineName the reference target's request name
   * @param candidateName the judged target's request name
   * @return {@code "<candidate> vs <baseline>"}
   */
  public static String canaryLabel(String baselineName, String candidateName) {
    return candidateName + " vs " + baselineName;
  }

  /** One request name of a run, renamed, as if it were a run of its own. */
  private static RunSummary view(RunSummary s, String name, String label) {
    Map<String, RunSummary.EncodedHistograms> histograms = new TreeMap<>();
    if (s.histograms().containsKey(name)) {
      histograms.put(label, s.histograms().get(name));
    }
    return new RunSummary(
        s.simulation(),
        s.runId(),
        s.startEpochMs(),
        s.endEpochMs(),
        s.injector(),
        Map.of(label, s.requests().get(name)),
        s.intervalMs(),
        Map.of(label, s.timeseries().getOrDefault(name, List.of())),
        histograms,
        s.complete(),
        s.stoppedBy(),
        s.load(),
        s.serverMetrics(),
        s.distribution());
  }

  private static boolean countsGood(List<RunSummary.TimePoint> points) {
    return points.stream().allMatch(p -> p.good() != null);
  }

  /** Whether any name's throughput or tokens/s is judged: those need both runs open or closed. */
  private static boolean judgesRates(Criteria criteria) {
    for (Metric m : List.of(Metric.THROUGHPUT, Metric.TOKENS_PER_S, Metric.GOODPUT)) {
      if (criteria.threshold(m) != null) {
        return true;
      }
      for (Map<Metric, Double> o : criteria.overrides().values()) {
        if (o.get(m) != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static void doubtful(String which, RunSummary s, List<String> problems) {
    RunSummary.Injector i = s.injector();
    if (RunSummary.Injector.DOUBTFUL.equals(i.verdict())) {
      problems.add(
          which
              + "'s injector judged its numbers doubtful ("
              + String.join("; ", i.warnings())
              + "); fix the injector, or pass --allow-doubtful to compare anyway");
    }
  }

  private static boolean isOpen(RunSummary s) {
    LoadReport load = s.load();
    return load != null && load.offeredArrivals() != null && load.offeredArrivals() > 0;
  }

  private static boolean isStream(RunSummary.RequestSummary r) {
    return r.stream() != null;
  }

  private static Long p95(RunSummary.RequestSummary r) {
    return r.latencyUs() == null ? null : r.latencyUs().p95();
  }

  private static Long tpot(RunSummary.RequestSummary r, boolean p99) {
    if (r.stream() == null || r.stream().tpotUs() == null) {
      return null;
    }
    return p99 ? r.stream().tpotUs().p99() : r.stream().tpotUs().p50();
  }

  /**
   * The start (ms from the run's start) of the first interval that counts: at or after the warm-up
   * time, and after the interval in which the run's {@code requests}-th request (all names
   * together) completed; {@link Long#MAX_VALUE} when the run never completed that many.
   */
  static long warmUpEnd(RunSummary s, long warmUpMs, long requests) {
    if (requests <= 0) {
      return warmUpMs;
    }
    TreeMap<Long, Long> perInterval = new TreeMap<>();
    for (List<RunSummary.TimePoint> points : s.timeseries().values()) {
      for (RunSummary.TimePoint p : points) {
        perInterval.merge(p.tMs(), p.count(), Long::sum);
      }
    }
    long done = 0;
    for (Map.Entry<Long, Long> e : perInterval.entrySet()) {
      done += e.getValue();
      if (done >= requests) {
        return Math.max(warmUpMs, e.getKey() + 1);
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * A name's points after the warm-up, without the series' last point, which may cover a partial
   * interval (the run stopped during it).
   */
  private static List<RunSummary.TimePoint> kept(RunSummary s, String name, long fromMs) {
    List<RunSummary.TimePoint> all = s.timeseries().getOrDefault(name, List.of());
    List<RunSummary.TimePoint> out = new ArrayList<>();
    for (int i = 0; i < all.size() - 1; i++) {
      if (all.get(i).tMs() >= fromMs) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  /**
   * A count of each interval (OK requests, output tokens): per second in a closed run, per offered
   * arrival in an open one (the offered arrivals spread evenly over the run; each request name of a
   * scenario has its own share, equal in both runs, so the ratio of two runs is that of their
   * achieved/offered).
   */
  private static double[] perInterval(
      RunSummary s,
      List<RunSummary.TimePoint> points,
      boolean open,
      Function<RunSummary.TimePoint, Long> count) {
    double perSecond = 1000.0 / s.intervalMs();
    double scale = perSecond;
    if (open) {
      scale = perSecond / offeredPerSecond(s);
    }
    double[] out = new double[points.size()];
    for (int i = 0; i < out.length; i++) {
      Long v = count.apply(points.get(i));
      out[i] = (v == null ? 0 : v) * scale;
    }
    return out;
  }

  /**
   * The offered rate of an open run: the plan's own rates over its steps when it has them, else the
   * offered arrivals over the run. The run's duration also holds the lead before the first arrival
   * and the drain after the last, which differ from run to run (a cold JVM's first run starts
   * later): on a 25 s run they made an unchanged throughput look 4% lower.
   */
  private static double offeredPerSecond(RunSummary s) {
    double arrivals = 0;
    long ms = 0;
    for (LoadReport.StepSummary st : s.load().steps()) {
      if (st.offeredRps() == null || st.endMs() <= st.startMs()) {
        ms = 0;
        break;
      }
      arrivals += st.offeredRps() * (st.endMs() - st.startMs());
      ms += st.endMs() - st.startMs();
    }
    if (ms > 0 && arrivals > 0) {
      return arrivals / ms;
    }
    return s.load().offeredArrivals() * 1000.0 / Math.max(1, s.durationMs());
  }

  /** The judging of one request name's metrics, with a bootstrap seeded per name and metric. */
  private static final class Engine {
    private final String name;
    private final Criteria criteria;

    Engine(String name, Criteria criteria) {
      this.name = name;
      this.criteria = criteria;
    }

    Result latency(
        Metric metric,
        double threshold,
        List<RunSummary.TimePoint> b,
        List<RunSummary.TimePoint> c,
        Function<RunSummary.TimePoint, Long> value) {
      double[] xb = values(b, value);
      double[] xc = values(c, value);
      if (xb.length < criteria.minIntervals() || xc.length < criteria.minIntervals()) {
        return notCompared(
            metric,
            Method.INTERVAL_MEDIAN,
            metric.unit(),
            threshold,
            xb.length,
            xc.length,
            "too few intervals with OK requests ("
                + xb.length
                + " in the baseline, "
                + xc.length
                + " in the current run; "
                + criteria.minIntervals()
                + " needed)");
      }
      return medians(metric, metric.unit(), threshold, xb, xc, true);
    }

    Result rate(Metric metric, double threshold, double[] xb, double[] xc, String unit) {
      return medians(metric, unit, threshold, xb, xc, false);
    }

    Result wholeRun(Metric metric, double threshold, Number b, Number c) {
      if (b == null || c == null || b.doubleValue() <= 0) {
        return notCompared(
            metric, Method.WHOLE_RUN, metric.unit(), threshold, 0, 0, "no value in a run");
      }
      double change = c.doubleValue() / b.doubleValue() - 1;
      double worse = metric.higherIsBetter() ? -change : change;
      Verdict v =
          worse > threshold
              ? Verdict.REGRESSION
              : worse < -threshold ? Verdict.IMPROVEMENT : Verdict.NO_SIGNIFICANT_CHANGE;
      return new Result(
          name,
          metric,
          Method.WHOLE_RUN,
          metric.unit(),
          b.doubleValue(),
          c.doubleValue(),
          change,
          null,
          null,
          threshold,
          0,
          0,
          v,
          null);
    }

    Result errorRate(double threshold, List<RunSummary.TimePoint> b, List<RunSummary.TimePoint> c) {
      double rb = rate(b);
      double rc = rate(c);
      return new Result(
          name,
          Metric.ERROR_RATE,
          Method.ABSOLUTE,
          Metric.ERROR_RATE.unit(),
          rb,
          rc,
          rc - rb,
          null,
          null,
          threshold,
          b.size(),
          c.size(),
          rc > threshold ? Verdict.REGRESSION : Verdict.NO_SIGNIFICANT_CHANGE,
          null);
    }

    private static double rate(List<RunSummary.TimePoint> points) {
      long count = 0;
      long ko = 0;
      for (RunSummary.TimePoint p : points) {
        count += p.count();
        ko += p.ko();
      }
      return count == 0 ? 0.0 : (double) ko / count;
    }

    private Result notCompared(
        Metric metric, Method method, String unit, double threshold, int nb, int nc, String note) {
      return new Result(
          name,
          metric,
          method,
          unit,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          null,
          null,
          threshold,
          nb,
          nc,
          Verdict.NO_SIGNIFICANT_CHANGE,
          note);
    }

    /**
     * The ratio of the medians, its bootstrap interval and the verdict. {@code higherIsWorse}:
     * latencies; throughput is the other way round.
     */
    private Result medians(
        Metric metric,
        String unit,
        double threshold,
        double[] xb,
        double[] xc,
        boolean higherIsWorse) {
      double[] sb = xb.clone();
      double[] sc = xc.clone();
      Arrays.sort(sb);
      Arrays.sort(sc);
      double mb = median(sb);
      double mc = median(sc);
      if (mb <= 0) {
        return notCompared(
            metric,
            Method.INTERVAL_MEDIAN,
            unit,
            threshold,
            xb.length,
            xc.length,
            "the baseline's median is 0");
      }
      double change = mc / mb - 1;
      int n = criteria.resamples();
      SplittableRandom rnd =
          new SplittableRandom(
              criteria.seed() * 0x9E3779B97F4A7C15L + (name + '/' + metric).hashCode());
      double[] ratios = new double[n];
      int[] counts = new int[Math.max(sb.length, sc.length)];
      for (int i = 0; i < n; i++) {
        double rb = resampledMedian(sb, counts, rnd);
        double rc = resampledMedian(sc, counts, rnd);
        ratios[i] = rb <= 0 ? Double.POSITIVE_INFINITY : rc / rb;
      }
      Arrays.sort(ratios);
      double alpha = (1 - criteria.confidence()) / 2;
      double low = ratios[(int) Math.floor(alpha * (n - 1))] - 1;
      double high = ratios[(int) Math.ceil((1 - alpha) * (n - 1))] - 1;
      boolean worse =
          higherIsWorse ? low > 0 && change > threshold : high < 0 && change < -threshold;
      boolean better =
          higherIsWorse ? high < 0 && change < -threshold : low > 0 && change > threshold;
      Verdict v =
          worse ? Verdict.REGRESSION : better ? Verdict.IMPROVEMENT : Verdict.NO_SIGNIFICANT_CHANGE;
      return new Result(
          name,
          metric,
          Method.INTERVAL_MEDIAN,
          unit,
          mb,
          mc,
          change,
          low,
          high,
          threshold,
          xb.length,
          xc.length,
          v,
          null);
    }

    private static double[] values(
        List<RunSummary.TimePoint> points, Function<RunSummary.TimePoint, Long> value) {
      return points.stream()
          .map(value)
          .filter(Objects::nonNull)
          .mapToDouble(Long::doubleValue)
          .toArray();
    }
  }

  /** The median of sorted values: the middle one, or the mean of the two middle ones. */
  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The median of a resample (with replacement, same size) of sorted values, in linear time: draw
   * how many times each value is taken, then walk the counts to the middle rank(s).
   */
  static double resampledMedian(double[] sorted, int[] counts, SplittableRandom rnd) {
    int n = sorted.length;
    Arrays.fill(counts, 0, n, 0);
    for (int i = 0; i < n; i++) {
      counts[rnd.nextInt(n)]++;
    }
    // 0-based ranks of the middle value(s) of the resample
    int lowRank = (n - 1) / 2;
    int highRank = n / 2;
    double low = Double.NaN;
    int seen = 0;
    for (int i = 0; i < n; i++) {
      seen += counts[i];
      if (Double.isNaN(low) && seen > lowRank) {
        low = sorted[i];
      }
      if (seen > highRank) {
        return (low + sorted[i]) / 2;
      }
    }
    throw new IllegalStateException("unreachable: the counts add up to " + n);
  }
}
