/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.action.ArrivalGateAction;
import io.github.gatlingml.internal.action.PlanEndAction;
import io.github.gatlingml.internal.action.PlanOriginAction;
import io.github.gatlingml.internal.action.PlanRequirement;
import io.github.gatlingml.internal.analysis.BreakingPoint;
import io.github.gatlingml.internal.gatling.MlActionFactory;
import io.github.gatlingml.internal.load.ArrivalDriver;
import io.github.gatlingml.internal.load.ArrivalGenerator;
import io.github.gatlingml.internal.load.ArrivalTicket;
import io.github.gatlingml.internal.load.ClosedDriver;
import io.github.gatlingml.internal.load.RateFunction;
import io.github.gatlingml.internal.load.RateFunctions;
import io.github.gatlingml.internal.load.SloSearch;
import io.github.gatlingml.internal.load.StepPlan;
import io.github.gatlingml.internal.load.StepTimeline;
import io.github.gatlingml.internal.load.Trace;
import io.github.gatlingml.internal.load.TraceRecord;
import io.github.gatlingml.metrics.LoadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A load shape with a known plan: rate steps, user steps, a sine wave or a replayed trace, made by
 * {@link MlLoad}. The plan drives a scenario ({@link #scenario}, {@link #population}); every
 * request of that scenario is counted in the step it was due to start in, and ml-summary.json gets
 * the steps' numbers and the breaking-point analysis (the knee, the maximum sustainable load, the
 * saturation throughput), also printed at the end of the run.
 *
 * <p>Open plans (rates, sine, trace) send each request at the time the plan intends, from a pool of
 * virtual users that wait for their arrival on a timer (nothing blocks). Each request then records
 * its schedule lag (actual minus intended start) and its latency from the intended start, the view
 * corrected for coordinated omission. Closed plans step the number of concurrent users with
 * Gatling's own closed injection.
 *
 * <p>Immutable: every setting returns a new plan. Use one plan per run.
 *
 * <pre>{@code
 * LoadPlan plan = MlLoad.rateSteps(100, 50, 8, Duration.ofSeconds(10)).sustainable(1.0, 99,
 *     Duration.ofMillis(100));
 * setUp(plan.population("breaking point", exec(feed(payloads)).exec(ml.infer("add_sub")))
 *     .protocols(ml));
 * }</pre>
 */
public final class LoadPlan {
  /**
   * Session attribute: a trace arrival's record number, 0-based (in time order). Attribute names
   * use underscores, not dots, so that Gatling EL reads them: {@code "#{ml_trace_prompt}"}.
   */
  public static final String ARRIVAL_INDEX = "ml_arrival_index";

  /** Session attribute: a trace record's input tokens, when the trace gives them. */
  public static final String TRACE_INPUT_TOKENS = "ml_trace_input_tokens";

  /** Session attribute: a trace record's output tokens, when the trace gives them. */
  public static final String TRACE_OUTPUT_TOKENS = "ml_trace_output_tokens";

  /** Session attribute: a trace record's model, when the trace gives one. */
  public static final String TRACE_MODEL = "ml_trace_model";

  /** Session attribute: a trace record's prompt, when the trace gives one. */
  public static final String TRACE_PROMPT = "ml_trace_prompt";

  /** Session attribute: a trace record's payload reference, when the trace gives one. */
  public static final String TRACE_PAYLOAD = "ml_trace_payload";

  /** Prefix of the session attributes holding a trace record's other fields. */
  public static final String TRACE_EXTRA_PREFIX = "ml_trace_";

  /** The fewest users an open plan keeps ready for its arrivals. */
  static final int MIN_CONCURRENCY = 16;

  /** The most users an open plan keeps ready unless told otherwise. */
  static final int MAX_DEFAULT_CONCURRENCY = 20_000;

  /** How the plan makes its schedule; one per kind. */
  interface Shape {
    StepPlan.Kind kind();

    String description();

    List<StepPlan.Step> steps();

    long durationNanos();

    /** The highest arrival rate (open) or user count (closed) the plan reaches. */
    double peak();

    /** The load at the plan's start, which a warm-up holds. */
    double startRate();

    /** The arrivals' generator (open plans); seed used for Poisson. */
    ArrivalGenerator generator(boolean poisson, long seed);

    /** Whether arrivals are a recorded trace's. */
    default boolean traced() {
      return false;
    }

    /** The trace's arrival offsets, speed applied (trace plans). */
    default long[] traceOffsets() {
      return new long[0];
    }

    /** The trace's records (trace plans). */
    default List<TraceRecord> records() {
      return List.of();
    }

    /** Gatling's closed injection (closed plans). */
    default ClosedInjectionStep[] closedSteps() {
      throw new IllegalStateException("an open plan has no closed injection");
    }
  }

  private final Shape shape;
  private final boolean poisson;
  private final long seed;
  private final int maxConcurrency;
  private final LoadReport.Criteria criteria;
  private final double percentile;
  private final long warmUpNanos;
  private final Search search;
  private final PlanRequirement requirement;

  /** An SLO search's settings. */
  record Search(
      double minRps,
      double maxRps,
      long probeNanos,
      long drainNanos,
      long timeLimitNanos,
      double tolerance) {

    Search withDrain(long nanos) {
      return new Search(minRps, maxRps, probeNanos, nanos, timeLimitNanos, tolerance);
    }

    Search withTimeLimit(long nanos) {
      return new Search(minRps, maxRps, probeNanos, drainNanos, nanos, tolerance);
    }

    Search withTolerance(double fraction) {
      return new Search(minRps, maxRps, probeNanos, drainNanos, timeLimitNanos, fraction);
    }
  }

  LoadPlan(Shape shape) {
    this(shape, false, 1L, 0, BreakingPoint.defaultCriteria(), 99.0, 0, null, null);
  }

  LoadPlan(Shape shape, Search search) {
    this(shape, false, 1L, 0, BreakingPoint.defaultCriteria(), 99.0, 0, search, null);
  }

  private LoadPlan(
      Shape shape,
      boolean poisson,
      long seed,
      int maxConcurrency,
      LoadReport.Criteria criteria,
      double percentile,
      long warmUpNanos,
      Search search,
      PlanRequirement requirement) {
    this.requirement = requirement;
    this.shape = shape;
    this.warmUpNanos = warmUpNanos;
    this.search = search;
    this.poisson = poisson;
    this.seed = seed;
    this.maxConcurrency = maxConcurrency;
    this.criteria = criteria;
    this.percentile = percentile;
  }

  /**
   * Exact Poisson arrivals at the plan's rate (exponential gaps, a non-homogeneous Poisson process
   * for a changing rate) instead of evenly spaced ones. Real traffic is bursty; evenly spaced
   * arrivals find the capacity of a system that will see bursts too optimistically.
   *
   * @param seed the random seed: the same seed gives the same arrival times
   * @return a new plan
   * @throws IllegalStateException for a closed plan or a trace, whose times are given
   */
  public LoadPlan poisson(long seed) {
    if (!shape.kind().open() || shape.traced() || search != null) {
      throw new IllegalStateException(
          "poisson(...) spaces the arrivals of a rate, steps or sine plan; a "
              + shape.kind().wireName()
              + " plan's times are given");
    }
    return new LoadPlan(
        shape, true, seed, maxConcurrency, criteria, percentile, warmUpNanos, search, requirement);
  }

  /**
   * The most requests an open plan keeps in flight (the users it holds ready for its arrivals). An
   * arrival that finds every user busy starts late, and its schedule lag shows it. Default: twice
   * the peak rate per second (2 s of arrivals in flight), at least 16, at most 20,000.
   *
   * @param users the pool's size, at least 1
   * @return a new plan
   */
  public LoadPlan maxConcurrency(int users) {
    if (users < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + users);
    }
    if (!shape.kind().open()) {
      throw new IllegalStateException(
          "maxConcurrency(...) sizes an open plan's pool; a closed plan's users are its steps");
    }
    return new LoadPlan(
        shape, poisson, seed, users, criteria, percentile, warmUpNanos, search, requirement);
  }

  /**
   * What the analysis calls sustainable: a step whose error rate is at most {@code maxErrorPct} and
   * whose latency percentile is within {@code latencySlo}, and that is not degraded (see {@link
   * #kneeFactor}). Defaults: 1% errors, p99, no latency SLO.
   *
   * @param maxErrorPct the highest error rate, percent (1.0 = 1%)
   * @param percentile the latency percentile judged: 50, 90, 95, 99 or 99.9
   * @param latencySlo the highest latency at that percentile
   * @return a new plan
   */
  public LoadPlan sustainable(double maxErrorPct, double percentile, Duration latencySlo) {
    Objects.requireNonNull(latencySlo, "latencySlo");
    checkPercentile(percentile);
    if (!(maxErrorPct >= 0 && maxErrorPct <= 100)) {
      throw new IllegalArgumentException(
          "maxErrorPct is a percentage from 0 to 100, got " + maxErrorPct);
    }
    LoadReport.Criteria c =
        new LoadReport.Criteria(
            maxErrorPct,
            Math.max(1, latencySlo.toNanos() / 1000),
            criteria.kneeFactor(),
            criteria.minAchievedPct(),
            criteria.ttftSloUs());
    return new LoadPlan(
        shape, poisson, seed, maxConcurrency, c, percentile, warmUpNanos, search, requirement);
  }

  /**
   * What the analysis calls sustainable, without a latency SLO: errors at most {@code maxErrorPct}
   * and no degradation, judged on the given latency percentile.
   *
   * @param maxErrorPct the highest error rate, percent (1.0 = 1%)
   * @param percentile the latency percentile judged: 50, 90, 95, 99 or 99.9
   * @return a new plan
   */
  public LoadPlan sustainable(double maxErrorPct, double percentile) {
    checkPercentile(percentile);
    LoadReport.Criteria c =
        new LoadReport.Criteria(
            maxErrorPct,
            null,
            criteria.kneeFactor(),
            criteria.minAchievedPct(),
            criteria.ttftSloUs());
    return new LoadPlan(
        shape, poisson, seed, maxConcurrency, c, percentile, warmUpNanos, search, requirement);
  }

  /**
   * Adds a time-to-first-token objective to what the analysis calls sustainable (and what an SLO
   * search must meet): the TTFT of the step's streams at the plan's judged percentile (see {@link
   * #sustainable}) at most {@code ttftSlo}.
   *
   * @param ttftSlo the highest TTFT at the judged percentile
   * @return a new plan
   */
  public LoadPlan ttftSlo(Duration ttftSlo) {
    Objects.requireNonNull(ttftSlo, "ttftSlo");
    LoadReport.Criteria c =
        new LoadReport.Criteria(
            criteria.maxErrorPct(),
            criteria.latencySloUs(),
            criteria.kneeFactor(),
            criteria.minAchievedPct(),
            Math.max(1, ttftSlo.toNanos() / 1000));
    return new LoadPlan(
        shape, poisson, seed, maxConcurrency, c, percentile, warmUpNanos, search, requirement);
  }

  /**
   * An SLO search's pause after each probe, without arrivals, so the probe's requests end and a
   * failing probe's queue empties before the next probe. Default: half a probe, from 200 ms to 2 s.
   * A probe whose requests have not all ended (99%) by the end of its drain fails.
   *
   * @param drain the pause
   * @return a new plan
   * @throws IllegalStateException for other plans
   */
  public LoadPlan drain(Duration drain) {
    Search s = requireSearch("drain");
    Objects.requireNonNull(drain, "drain");
    return withSearch(s.withDrain(drain.toNanos()));
  }

  /**
   * The longest an SLO search runs; it then reports the best rate found so far. Default 5 minutes.
   *
   * @param limit the time limit, from the first arrival
   * @return a new plan
   * @throws IllegalStateException for other plans
   */
  public LoadPlan timeLimit(Duration limit) {
    Search s = requireSearch("timeLimit");
    Objects.requireNonNull(limit, "limit");
    return withSearch(s.withTimeLimit(limit.toNanos()));
  }

  /**
   * How close an SLO search gets: it stops once the lowest rate that failed is within {@code
   * tolerancePct} percent of the highest that met the SLO. Default 5%.
   *
   * @param tolerancePct more than 0
   * @return a new plan
   * @throws IllegalStateException for other plans
   */
  public LoadPlan tolerance(double tolerancePct) {
    Search s = requireSearch("tolerance");
    if (!(tolerancePct > 0)) {
      throw new IllegalArgumentException("tolerance must be more than 0%, got " + tolerancePct);
    }
    return withSearch(s.withTolerance(tolerancePct / 100));
  }

  private Search requireSearch(String setting) {
    if (search == null) {
      throw new IllegalStateException(
          setting
              + "(...) is a setting of MlLoad.sloSearch(...) plans, not of a "
              + shape.kind().wireName()
              + " plan");
    }
    return search;
  }

  private LoadPlan withSearch(Search s) {
    return new LoadPlan(
        shape, poisson, seed, maxConcurrency, criteria, percentile, warmUpNanos, s, requirement);
  }

  /**
   * Requires the plan to sustain at least {@code minimum}: a rate per second for open plans (the
   * analysis' maximum sustainable rate, or the rate an SLO search found), users for a user-steps
   * plan. When the plan's last request has ended, the plugin logs one entry named like {@code "[ml]
   * max sustainable rate >= 350 rps"} to Gatling's report, OK if met and KO if not; add {@link
   * #assertion()} to {@code setUp(...).assertions(...)} so that a miss fails the build. The entry
   * is a group in Gatling's statistics: it adds nothing to the requests' counts.
   *
   * @param minimum the lowest acceptable sustainable load
   * @return a new plan
   */
  public LoadPlan requireMaxSustainable(double minimum) {
    if (!(minimum >= 0) || Double.isInfinite(minimum)) {
      throw new IllegalArgumentException("the required minimum must be 0 or more, got " + minimum);
    }
    return new LoadPlan(
        shape,
        poisson,
        seed,
        maxConcurrency,
        criteria,
        percentile,
        warmUpNanos,
        search,
        new PlanRequirement(minimum, !shape.kind().open()));
  }

  /**
   * The Gatling assertion that fails the build when the plan misses its {@link
   * #requireMaxSustainable} minimum (or never got to judge it: a run stopped early).
   *
   * @return {@code details("<the requirement's entry>").successfulRequests().count().is(1L)}
   * @throws IllegalStateException without a requirement
   */
  public io.gatling.javaapi.core.Assertion assertion() {
    if (requirement == null) {
      throw new IllegalStateException(
          "this plan has no requirement to assert: add .requireMaxSustainable(minimum) first");
    }
    return io.gatling.javaapi.core.CoreDsl.details(requirement.entryName())
        .successfulRequests()
        .count()
        .is(1L);
  }

  /**
   * How sharp a latency rise marks the knee: a step whose judged latency exceeds {@code factor}
   * times the lowest of the steps before it (and by at least 1 ms) is degraded. Default 2.
   *
   * @param factor more than 1
   * @return a new plan
   */
  public LoadPlan kneeFactor(double factor) {
    if (!(factor > 1)) {
      throw new IllegalArgumentException("kneeFactor must be more than 1, got " + factor);
    }
    LoadReport.Criteria c =
        new LoadReport.Criteria(
            criteria.maxErrorPct(),
            criteria.latencySloUs(),
            factor,
            criteria.minAchievedPct(),
            criteria.ttftSloUs());
    return new LoadPlan(
        shape, poisson, seed, maxConcurrency, c, percentile, warmUpNanos, search, requirement);
  }

  /**
   * A warm-up before the first step, at the first step's load (a sine's starting rate): the JVMs'
   * compilers, connection pools and caches on both sides settle before anything is measured for the
   * steps. Its requests count in the run's totals but in no step, so the first step's numbers and
   * the knee's baseline are not those of a cold system. Default: none. Not for traces, whose every
   * arrival is part of the record.
   *
   * @param warmUp the warm-up's length, zero for none
   * @return a new plan
   */
  public LoadPlan warmUp(Duration warmUp) {
    Objects.requireNonNull(warmUp, "warmUp");
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("warmUp must be zero or more, got " + warmUp);
    }
    return new LoadPlan(
        shape,
        poisson,
        seed,
        maxConcurrency,
        criteria,
        percentile,
        warmUp.toNanos(),
        search,
        requirement);
  }

  private static void checkPercentile(double p) {
    if (p != 50 && p != 90 && p != 95 && p != 99 && p != 99.9) {
      throw new IllegalArgumentException(
          "percentile must be one of 50, 90, 95, 99, 99.9 (the ones ml-summary.json keeps), got "
              + p);
    }
  }

  /**
   * The plan in one line, as in ml-summary.json.
   *
   * @return e.g. "arrival rate 100/s + 50/s per step, 8 steps of 10 s"
   */
  public String description() {
    return shape.description()
        + (poisson ? ", Poisson arrivals" : "")
        + (warmUpNanos > 0
            ? ", after a warm-up of "
                + MlLoad.seconds(warmUpNanos)
                + (shape.traced() ? " (the trace's first " + MlLoad.seconds(warmUpNanos) + ")" : "")
            : "");
  }

  /**
   * How long the plan runs from its first arrival or user.
   *
   * @return the plan's length
   */
  public Duration duration() {
    return Duration.ofNanos(
        warmUpNanos + (search != null ? search.timeLimitNanos() : shape.durationNanos()));
  }

  /**
   * The users an open plan keeps ready for its arrivals (see {@link #maxConcurrency}).
   *
   * @return the pool's size; for a closed plan, its highest user count
   */
  public int concurrency() {
    if (!shape.kind().open()) {
      return (int) Math.ceil(shape.peak());
    }
    if (maxConcurrency > 0) {
      return maxConcurrency;
    }
    return (int)
        Math.min(MAX_DEFAULT_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.ceil(2 * shape.peak())));
  }

  /**
   * A scenario driven by this plan: for an open plan, {@link #concurrency()} users that each wait
   * for the plan's next arrival, run {@code perArrival} once, and come back for the next, until the
   * plan has none left; for a closed plan, users that run {@code perArrival} once each, while
   * Gatling keeps the step's number of them running. Inject it with {@link #injectOpen()} or {@link
   * #injectClosed()}, or use {@link #population}, which does both.
   *
   * @param name the scenario's name
   * @param perArrival what one arrival does: usually a feed and one request
   * @return the scenario
   */
  public ScenarioBuilder scenario(String name, ChainBuilder perArrival) {
    Objects.requireNonNull(perArrival, "perArrival");
    if (!shape.kind().open()) {
      ScenarioBuilder closed =
          io.gatling.javaapi.core.CoreDsl.scenario(name).exec(closedOrigin()).exec(perArrival);
      return requirement == null ? closed : closed.exec(closedEnd());
    }
    Function<Session, Boolean> more = s -> !s.contains(ArrivalTicket.DONE_KEY);
    ChainBuilder iteration = exec(gate()).doIf(more).then(perArrival);
    return io.gatling.javaapi.core.CoreDsl.scenario(name).asLongAs(more).on(iteration);
  }

  /**
   * The scenario of {@link #scenario} with its injection: what goes in {@code setUp(...)}.
   *
   * @param name the scenario's name
   * @param perArrival what one arrival does
   * @return the population, to which protocols and throttles can be added
   */
  public PopulationBuilder population(String name, ChainBuilder perArrival) {
    ScenarioBuilder s = scenario(name, perArrival);
    return shape.kind().open() ? s.injectOpen(injectOpen()) : s.injectClosed(injectClosed());
  }

  /**
   * The open injection of an open plan's scenario: its pool of users, all at once (they wait for
   * their arrivals).
   *
   * @return one injection step
   * @throws IllegalStateException for a closed plan
   */
  public io.gatling.javaapi.core.OpenInjectionStep injectOpen() {
    if (!shape.kind().open()) {
      throw new IllegalStateException(
          "a closed plan (user steps) is injected with injectClosed(); use population(...)");
    }
    return atOnceUsers(concurrency());
  }

  /**
   * The closed injection of a user-steps plan: each step's users held for the step's length, with
   * the ramps between.
   *
   * @return the injection steps
   * @throws IllegalStateException for an open plan
   */
  public ClosedInjectionStep[] injectClosed() {
    if (shape.kind().open()) {
      throw new IllegalStateException(
          "an open plan is injected with injectOpen(); use population(...)");
    }
    ClosedInjectionStep[] steps = shape.closedSteps();
    if (warmUpNanos == 0) {
      return steps;
    }
    ClosedInjectionStep[] withWarmUp = new ClosedInjectionStep[steps.length + 1];
    withWarmUp[0] =
        constantConcurrentUsers((int) shape.startRate()).during(Duration.ofNanos(warmUpNanos));
    System.arraycopy(steps, 0, withWarmUp, 1, steps.length);
    return withWarmUp;
  }

  private ActionBuilder gate() {
    LoadPlan plan = this;
    BiFunction<Session, Long, Session> decorate = shape.traced() ? traceAttributes() : null;
    return () ->
        MlActionFactory.actionBuilder(
            runtime -> {
              ArrivalDriver driver =
                  runtime
                      .run()
                      .perRun(
                          plan, () -> plan.newArrivalDriver(runtime.run().metrics()::stepSummary));
              runtime.run().metrics().registerPlan(driver);
              return new ArrivalGateAction(
                  "ml arrival", driver, decorate, runtime.run(), plan.requirement);
            });
  }

  private ActionBuilder closedOrigin() {
    LoadPlan plan = this;
    return () ->
        MlActionFactory.actionBuilder(
            runtime -> {
              ClosedDriver driver =
                  runtime
                      .run()
                      .perRun(
                          plan,
                          () ->
                              new ClosedDriver(plan.newTimeline(), plan.criteria, plan.percentile));
              runtime.run().metrics().registerPlan(driver);
              return new PlanOriginAction("ml plan origin", driver);
            });
  }

  private ActionBuilder closedEnd() {
    LoadPlan plan = this;
    return () ->
        MlActionFactory.actionBuilder(
            runtime -> {
              ClosedDriver driver =
                  runtime
                      .run()
                      .perRun(
                          plan,
                          () ->
                              new ClosedDriver(plan.newTimeline(), plan.criteria, plan.percentile));
              return new PlanEndAction("ml plan end", driver, runtime.run(), plan.requirement);
            });
  }

  private StepTimeline newTimeline() {
    List<StepPlan.Step> steps = new ArrayList<>();
    for (StepPlan.Step s : shape.steps()) {
      steps.add(
          new StepPlan.Step(
              s.index(),
              warmUpNanos + s.startNanos(),
              warmUpNanos + s.endNanos(),
              s.offeredRps(),
              s.offeredUsers()));
    }
    StepPlan plan =
        new StepPlan(shape.kind(), description(), steps, warmUpNanos + shape.durationNanos());
    return new StepTimeline(plan, plan.steps().size());
  }

  private ArrivalDriver newArrivalDriver(
      java.util.function.IntFunction<LoadReport.StepSummary> stepSummaries) {
    if (search != null) {
      if (criteria.latencySloUs() == null && criteria.ttftSloUs() == null) {
        throw new IllegalStateException(
            "an SLO search needs an objective to meet: add .sustainable(maxErrorPct, percentile,"
                + " latencySlo) or .ttftSlo(...) to MlLoad.sloSearch(...)");
      }
      StepPlan plan = new StepPlan(shape.kind(), description(), List.of(), search.timeLimitNanos());
      StepTimeline timeline = new StepTimeline(plan, SloSearch.MAX_PROBES);
      SloSearch slo =
          new SloSearch(
              timeline,
              search.minRps(),
              search.maxRps(),
              search.probeNanos(),
              search.drainNanos(),
              search.timeLimitNanos(),
              search.tolerance(),
              warmUpNanos,
              criteria,
              percentile);
      slo.judgeWith(stepSummaries);
      return new ArrivalDriver(timeline, slo, "uniform", criteria, percentile, leadNanos());
    }
    String arrivals = shape.traced() ? "trace" : poisson ? "poisson" : "uniform";
    ArrivalGenerator main = shape.generator(poisson, seed);
    LongSupplier next = main::next;
    if (warmUpNanos > 0 && shape.traced()) {
      // The trace's own first warmUpNanos, then the whole trace after them.
      long[] offsets = shape.traceOffsets();
      int warm = traceWarmUpCount();
      long[] all = new long[warm + offsets.length];
      System.arraycopy(offsets, 0, all, 0, warm);
      for (int i = 0; i < offsets.length; i++) {
        all[warm + i] = warmUpNanos + offsets[i];
      }
      next = ArrivalGenerator.of(all)::next;
    } else if (warmUpNanos > 0) {
      RateFunction warm = RateFunctions.constant(shape.startRate(), warmUpNanos / 1e9);
      // A seed of its own, so the steps' arrivals are the same with or without a warm-up.
      ArrivalGenerator first =
          poisson ? ArrivalGenerator.poisson(warm, ~seed) : ArrivalGenerator.uniform(warm);
      long shift = warmUpNanos;
      next =
          new LongSupplier() {
            private boolean warming = true;

            @Override
            public long getAsLong() {
              if (warming) {
                long t = first.next();
                if (t >= 0) {
                  return t;
                }
                warming = false;
              }
              long t = main.next();
              return t < 0 ? t : shift + t;
            }
          };
    }
    return new ArrivalDriver(newTimeline(), next, arrivals, criteria, percentile, leadNanos());
  }

  /**
   * How long after the first user claims its arrival the plan's clock starts: the pool's users are
   * all injected at once and open their connections meanwhile, and arrivals due during that burst
   * would start late for the injector's sake. 250 ms plus 20 µs per user of the pool.
   */
  long leadNanos() {
    return 250_000_000L + 20_000L * concurrency();
  }

  /** Arrivals of a trace's warm-up: those of its first {@code warmUpNanos}. */
  private int traceWarmUpCount() {
    if (warmUpNanos <= 0 || !shape.traced()) {
      return 0;
    }
    long[] offsets = shape.traceOffsets();
    int warm = 0;
    while (warm < offsets.length && offsets[warm] < warmUpNanos) {
      warm++;
    }
    return warm;
  }

  /** Sets a trace record's fields as session attributes for the arrival's requests. */
  private BiFunction<Session, Long, Session> traceAttributes() {
    List<TraceRecord> records = shape.records();
    int warm = traceWarmUpCount();
    return (session, arrival) -> {
      // A warm-up replays the trace's first records: arrival k of it is record k.
      long index = arrival < warm ? arrival : arrival - warm;
      TraceRecord r = records.get((int) index);
      Session s = session.set(ARRIVAL_INDEX, index);
      if (r.inputTokens() >= 0) {
        s = s.set(TRACE_INPUT_TOKENS, r.inputTokens());
      }
      if (r.outputTokens() >= 0) {
        s = s.set(TRACE_OUTPUT_TOKENS, r.outputTokens());
      }
      if (r.model() != null) {
        s = s.set(TRACE_MODEL, r.model());
      }
      if (r.prompt() != null) {
        s = s.set(TRACE_PROMPT, r.prompt());
      }
      if (r.payload() != null) {
        s = s.set(TRACE_PAYLOAD, r.payload());
      }
      for (Map.Entry<String, Object> e : r.extra().entrySet()) {
        s = s.set(TRACE_EXTRA_PREFIX + e.getKey(), e.getValue());
      }
      return s;
    };
  }

  // ---------------------------------------------------------------- shapes

  /** Open plans whose arrivals follow a rate function. */
  static Shape rateShape(
      StepPlan.Kind kind, String description, RateFunction rate, List<StepPlan.Step> steps) {
    return new Shape() {
      @Override
      public StepPlan.Kind kind() {
        return kind;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public List<StepPlan.Step> steps() {
        return steps;
      }

      @Override
      public long durationNanos() {
        return Math.round(rate.durationSeconds() * 1e9);
      }

      @Override
      public double peak() {
        double peak = 0;
        int samples = 1000;
        for (int i = 0; i <= samples; i++) {
          peak = Math.max(peak, rate.rateAt(rate.durationSeconds() * i / samples));
        }
        for (StepPlan.Step s : steps) {
          peak = Math.max(peak, s.offeredRps());
        }
        return peak;
      }

      @Override
      public double startRate() {
        return rate.rateAt(0);
      }

      @Override
      public ArrivalGenerator generator(boolean poisson, long seed) {
        return poisson ? ArrivalGenerator.poisson(rate, seed) : ArrivalGenerator.uniform(rate);
      }
    };
  }

  /** An SLO search: its steps are the probes, decided while it runs. */
  static Shape searchShape(String description, double maxRps, double minRps) {
    return new Shape() {
      @Override
      public StepPlan.Kind kind() {
        return StepPlan.Kind.SLO_SEARCH;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public List<StepPlan.Step> steps() {
        return List.of();
      }

      @Override
      public long durationNanos() {
        return 0;
      }

      @Override
      public double peak() {
        return maxRps;
      }

      @Override
      public double startRate() {
        return minRps;
      }

      @Override
      public ArrivalGenerator generator(boolean poisson, long seed) {
        throw new IllegalStateException("an SLO search makes its arrivals as it goes");
      }
    };
  }

  /** An open plan replaying a trace's arrival times. */
  static Shape traceShape(Trace trace, double speed) {
    long[] offsets = trace.offsets(speed);
    return new Shape() {
      @Override
      public StepPlan.Kind kind() {
        return StepPlan.Kind.TRACE;
      }

      @Override
      public String description() {
        return String.format(
            java.util.Locale.ROOT,
            "trace %s: %d arrivals over %.1f s%s",
            trace.source(),
            offsets.length,
            durationNanos() / 1e9,
            speed == 1.0 ? "" : " (speed x" + speed + ")");
      }

      @Override
      public List<StepPlan.Step> steps() {
        return List.of();
      }

      @Override
      public long durationNanos() {
        return offsets.length == 0 ? 0 : offsets[offsets.length - 1] + 1;
      }

      @Override
      public double peak() {
        // The most arrivals in any one second.
        int best = 0;
        int from = 0;
        for (int to = 0; to < offsets.length; to++) {
          while (offsets[to] - offsets[from] >= 1_000_000_000L) {
            from++;
          }
          best = Math.max(best, to - from + 1);
        }
        return best;
      }

      @Override
      public double startRate() {
        return 0;
      }

      @Override
      public ArrivalGenerator generator(boolean poisson, long seed) {
        return ArrivalGenerator.of(offsets);
      }

      @Override
      public boolean traced() {
        return true;
      }

      @Override
      public List<TraceRecord> records() {
        return trace.records();
      }

      @Override
      public long[] traceOffsets() {
        return offsets;
      }
    };
  }

  /** A closed plan stepping the number of concurrent users. */
  static Shape userShape(int startUsers, int stepUsers, int steps, long stepNanos, long rampNanos) {
    List<StepPlan.Step> list = new ArrayList<>();
    List<ClosedInjectionStep> injection = new ArrayList<>();
    long t = 0;
    int previous = 0;
    for (int k = 0; k < steps; k++) {
      int users = startUsers + k * stepUsers;
      if (k > 0 && rampNanos > 0) {
        injection.add(rampConcurrentUsers(previous).to(users).during(Duration.ofNanos(rampNanos)));
        t += rampNanos;
      }
      injection.add(constantConcurrentUsers(users).during(Duration.ofNanos(stepNanos)));
      list.add(new StepPlan.Step(k, t, t + stepNanos, Double.NaN, users));
      t += stepNanos;
      previous = users;
    }
    long duration = t;
    int last = previous;
    String description =
        String.format(
            java.util.Locale.ROOT,
            "concurrent users %d + %d per step, %d steps of %s%s",
            startUsers,
            stepUsers,
            steps,
            MlLoad.seconds(stepNanos),
            rampNanos > 0 ? ", ramps of " + MlLoad.seconds(rampNanos) : "");
    return new Shape() {
      @Override
      public StepPlan.Kind kind() {
        return StepPlan.Kind.USER_STEPS;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public List<StepPlan.Step> steps() {
        return list;
      }

      @Override
      public long durationNanos() {
        return duration;
      }

      @Override
      public double peak() {
        return Math.max(startUsers, last);
      }

      @Override
      public double startRate() {
        return startUsers;
      }

      @Override
      public ArrivalGenerator generator(boolean poisson, long seed) {
        throw new IllegalStateException("a closed plan has no arrivals");
      }

      @Override
      public ClosedInjectionStep[] closedSteps() {
        return injection.toArray(new ClosedInjectionStep[0]);
      }
    };
  }
}
