/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.internal.load.PiecewiseLinearRate;
import io.github.gatlingml.internal.load.RateFunctions;
import io.github.gatlingml.internal.load.SineRate;
import io.github.gatlingml.internal.load.StepPlan;
import io.github.gatlingml.internal.load.StepWindow;
import io.github.gatlingml.internal.load.Trace;
import io.github.gatlingml.internal.load.TraceFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Load shapes for finding a breaking point: each makes a {@link LoadPlan}, which drives a scenario
 * and reports per-step numbers, the knee and the maximum sustainable load in ml-summary.json.
 *
 * <ul>
 *   <li>{@link #rateSteps}: an arrival rate that steps up (open model), e.g. +50/s every 10 s;
 *   <li>{@link #userSteps}: concurrent users that step up (closed model), e.g. +10 every 30 s;
 *   <li>{@link #sine}: an arrival rate swinging between a minimum and a maximum;
 *   <li>{@link #trace}: arrivals at the times of a recorded trace (JSONL or CSV: Mooncake's and the
 *       Azure LLM inference trace's layouts load as they are), with a speed factor.
 * </ul>
 */
public final class MlLoad {
  private MlLoad() {}

  /**
   * An arrival rate that steps up: {@code startRps} for one step, then {@code stepRps} more per
   * step, {@code steps} steps of {@code stepDuration} each, jumping from one rate to the next (add
   * ramps with {@link #rateSteps(double, double, int, Duration, Duration)}).
   *
   * @param startRps the first step's rate, arrivals per second, at least 0
   * @param stepRps what each step adds, per second (negative steps down)
   * @param steps how many steps, at least 1
   * @param stepDuration each step's length
   * @return the plan
   */
  public static LoadPlan rateSteps(
      double startRps, double stepRps, int steps, Duration stepDuration) {
    return rateSteps(startRps, stepRps, steps, stepDuration, Duration.ZERO);
  }

  /**
   * An arrival rate that steps up, with a linear ramp between steps. Requests sent during a ramp
   * count in the run's totals but in no step, so that each step's numbers describe one steady load.
   *
   * @param startRps the first step's rate, arrivals per second, at least 0
   * @param stepRps what each step adds, per second
   * @param steps how many steps, at least 1
   * @param stepDuration each step's length
   * @param rampDuration each ramp's length, zero for a jump
   * @return the plan
   */
  public static LoadPlan rateSteps(
      double startRps, double stepRps, int steps, Duration stepDuration, Duration rampDuration) {
    Objects.requireNonNull(stepDuration, "stepDuration");
    Objects.requireNonNull(rampDuration, "rampDuration");
    PiecewiseLinearRate rate =
        RateFunctions.steps(startRps, stepRps, steps, seconds(stepDuration), seconds(rampDuration));
    List<StepPlan.Step> list = new ArrayList<>();
    for (StepWindow w : rate.windows()) {
      list.add(
          new StepPlan.Step(
              w.index(),
              Math.round(w.startSeconds() * 1e9),
              Math.round(w.endSeconds() * 1e9),
              w.rate(),
              0));
    }
    String description =
        String.format(
            Locale.ROOT,
            "arrival rate %s/s %s %s/s per step, %d steps of %s%s",
            number(startRps),
            stepRps < 0 ? "-" : "+",
            number(Math.abs(stepRps)),
            steps,
            seconds(stepDuration.toNanos()),
            rampDuration.isZero() ? "" : ", ramps of " + seconds(rampDuration.toNanos()));
    return new LoadPlan(
        LoadPlan.rateShape(StepPlan.Kind.RATE_STEPS, description, rate, List.copyOf(list)));
  }

  /**
   * Concurrent users that step up (closed model): {@code startUsers} for one step, then {@code
   * stepUsers} more per step. Gatling keeps each step's number of users running; the plan reports
   * the throughput and latency of each step, and the knee is where adding users stops adding
   * throughput.
   *
   * @param startUsers the first step's users, at least 1
   * @param stepUsers what each step adds, at least 0
   * @param steps how many steps, at least 1
   * @param stepDuration each step's length
   * @return the plan
   */
  public static LoadPlan userSteps(
      int startUsers, int stepUsers, int steps, Duration stepDuration) {
    return userSteps(startUsers, stepUsers, steps, stepDuration, Duration.ZERO);
  }

  /**
   * Concurrent users that step up, with a linear ramp between steps.
   *
   * @param startUsers the first step's users, at least 1
   * @param stepUsers what each step adds, at least 0
   * @param steps how many steps, at least 1
   * @param stepDuration each step's length
   * @param rampDuration each ramp's length, zero for a jump
   * @return the plan
   */
  public static LoadPlan userSteps(
      int startUsers, int stepUsers, int steps, Duration stepDuration, Duration rampDuration) {
    Objects.requireNonNull(stepDuration, "stepDuration");
    Objects.requireNonNull(rampDuration, "rampDuration");
    if (startUsers < 1 || stepUsers < 0 || steps < 1) {
      throw new IllegalArgumentException(
          "userSteps needs startUsers >= 1, stepUsers >= 0 and steps >= 1; got "
              + startUsers
              + ", "
              + stepUsers
              + ", "
              + steps);
    }
    if (stepDuration.isNegative() || stepDuration.isZero() || rampDuration.isNegative()) {
      throw new IllegalArgumentException(
          "userSteps needs a positive step duration and a ramp of 0 or more; got "
              + stepDuration
              + " and "
              + rampDuration);
    }
    return new LoadPlan(
        LoadPlan.userShape(
            startUsers, stepUsers, steps, stepDuration.toNanos(), rampDuration.toNanos()));
  }

  /**
   * An arrival rate following a sine: {@code minRps} at the start, {@code maxRps} half a period
   * later, for {@code duration}. A daily traffic cycle compressed into minutes, to see how the
   * system follows a rise and recovers from it.
   *
   * @param minRps the lowest rate, per second, at least 0
   * @param maxRps the highest rate, per second, at least {@code minRps}
   * @param period one full swing
   * @param duration the plan's length
   * @return the plan
   */
  public static LoadPlan sine(double minRps, double maxRps, Duration period, Duration duration) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(duration, "duration");
    SineRate rate = RateFunctions.sine(minRps, maxRps, seconds(period), seconds(duration));
    String description =
        String.format(
            Locale.ROOT,
            "sine arrival rate %s/s to %s/s, period %s, for %s",
            number(minRps),
            number(maxRps),
            seconds(period.toNanos()),
            seconds(duration.toNanos()));
    return new LoadPlan(LoadPlan.rateShape(StepPlan.Kind.SINE, description, rate, List.of()));
  }

  /**
   * Arrivals at the times of a recorded trace, at its own pace. Each arrival's fields are set in
   * the session for its requests (names EL can read, e.g. {@code "#{ml_trace_prompt}"}): {@link
   * LoadPlan#TRACE_INPUT_TOKENS}, {@link LoadPlan#TRACE_OUTPUT_TOKENS}, {@link
   * LoadPlan#TRACE_MODEL}, {@link LoadPlan#TRACE_PROMPT}, {@link LoadPlan#TRACE_PAYLOAD}, and any
   * other field under {@link LoadPlan#TRACE_EXTRA_PREFIX}. Recognised layouts: Mooncake's JSONL
   * ({@code timestamp} in ms, {@code input_length}, {@code output_length}, {@code hash_ids}), the
   * Azure LLM inference trace CSV ({@code TIMESTAMP, ContextTokens, GeneratedTokens}), and generic
   * JSONL or CSV (see the project's docs).
   *
   * @param file the trace, {@code .jsonl} or {@code .csv}
   * @return the plan
   * @throws FeederException if the file is missing or malformed, naming the line and the fix
   */
  public static LoadPlan trace(String file) {
    return trace(file, 1.0);
  }

  /**
   * Arrivals at the times of a recorded trace, played {@code speed} times as fast (2.0 halves every
   * gap, doubling the rate).
   *
   * @param file the trace, {@code .jsonl} or {@code .csv}
   * @param speed more than 0
   * @return the plan
   * @throws FeederException if the file is missing or malformed, naming the line and the fix
   */
  public static LoadPlan trace(String file, double speed) {
    Objects.requireNonNull(file, "file");
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("trace speed must be more than 0, got " + speed);
    }
    Trace trace = TraceFile.read(Path.of(file));
    return new LoadPlan(LoadPlan.traceShape(trace, speed));
  }

  /**
   * Finds the highest arrival rate that meets an SLO, in one run: short probes at one rate each,
   * doubling from {@code minRps} until a probe fails, then bisecting between the highest rate that
   * met the SLO and the lowest that failed, until they are within 5% ({@link LoadPlan#tolerance}),
   * {@code maxRps} meets it, or 5 minutes have passed ({@link LoadPlan#timeLimit}). Each probe is
   * followed by a pause without arrivals ({@link LoadPlan#drain}) so that it is judged on its own
   * requests only. A warm-up of one probe at {@code minRps} comes first, not judged (change it with
   * {@link LoadPlan#warmUp}). The SLO is the plan's {@link LoadPlan#sustainable(double, double,
   * Duration)} and/or {@link LoadPlan#ttftSlo(Duration)}: at least one is required. The result (the
   * rate found and every probe) is in ml-summary.json's {@code load.search} and printed at the end.
   *
   * @param minRps the lowest rate tried, per second, more than 0
   * @param maxRps the highest rate tried, at least {@code minRps}
   * @param probe each probe's length: long enough for a few hundred requests at the rates tried
   * @return the plan
   */
  public static LoadPlan sloSearch(double minRps, double maxRps, Duration probe) {
    Objects.requireNonNull(probe, "probe");
    if (!(minRps > 0) || !(maxRps >= minRps) || Double.isInfinite(maxRps)) {
      throw new IllegalArgumentException(
          "sloSearch needs 0 < minRps <= maxRps, got " + minRps + " and " + maxRps);
    }
    if (probe.isNegative() || probe.isZero()) {
      throw new IllegalArgumentException("sloSearch needs a positive probe length, got " + probe);
    }
    long probeNanos = probe.toNanos();
    long drain = Math.max(200_000_000L, Math.min(2_000_000_000L, probeNanos / 2));
    String description =
        String.format(
            Locale.ROOT,
            "SLO search from %s/s to %s/s, probes of %s",
            number(minRps),
            number(maxRps),
            seconds(probeNanos));
    LoadPlan.Search search =
        new LoadPlan.Search(minRps, maxRps, probeNanos, drain, 300_000_000_000L, 0.05);
    // A cold injector and server fail the first probe on JIT and connection set-up alone, which
    // would end the search at once: warm up for one probe at the lowest rate by default.
    return new LoadPlan(LoadPlan.searchShape(description, maxRps, minRps), search).warmUp(probe);
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static String seconds(long nanos) {
    double s = nanos / 1e9;
    return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.3f", s))
        + " s";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
