/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.gatlingml.metrics.LoadReport;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate steps against the embedded server with a known capacity: 4 slots of 10 ms each serve at most
 * 400 inferences/s. Steps of 300, 340, 380, 420 and 460/s for 2 s each: the analysis must put the
 * maximum sustainable rate within 10% of 400/s and the knee at the first step over it.
 */
class BreakingPointTest {
  static final int SLOTS = 4;
  static final Duration SERVICE = Duration.ofMillis(10);
  static final double CAPACITY = SLOTS * 1000.0 / SERVICE.toMillis();

  @TempDir Path results;

  /**
   * add_sub alone (so the simulated GPU's slots are add_sub's), with SLOTS slots of SERVICE: a
   * capacity of CAPACITY inferences/s.
   */
  static ServerConfig knownCapacity() {
    return ServerConfig.onFreePorts()
        .withModels(List.of("add_sub"))
        .withCapacity("add_sub", Capacity.of(SLOTS, SERVICE));
  }

  @Test
  void stepsFindTheServersCapacity() throws Exception {
    ServerConfig config = knownCapacity();
    RunSummary summary;
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.plan.start", 300)
              .with("it.plan.step", 40)
              .with("it.plan.steps", 5)
              .with("it.plan.stepMillis", 2000)
              .with("it.plan.warmUpMillis", 1000)
              .with("it.plan.require", 300)
              .with("it.expected.requests", 300 + 600 + 680 + 760 + 840 + 920);
      assertThat(run.run(BreakingPointSimulation.class)).isZero();
      summary = run.summary();
    }
    LoadReport load = summary.load();
    assertThat(load).isNotNull();
    assertThat(load.kind()).isEqualTo("rate-steps");
    assertThat(load.arrivals()).isEqualTo("uniform");
    List<LoadReport.StepSummary> steps = load.steps();
    assertThat(steps).hasSize(5);

    // Evenly spaced arrivals: exactly rate x 2 s requests per step, attributed by intended start.
    long total = 0;
    for (int i = 0; i < 5; i++) {
      LoadReport.StepSummary s = steps.get(i);
      double rate = 300 + 40 * i;
      assertThat(s.offeredRps()).isEqualTo(rate);
      assertThat(s.sent()).as("step %d", i).isEqualTo(Math.round(rate * 2));
      assertThat(s.scheduleLagUs()).isNotNull();
      total += s.sent();
    }
    // The warm-up's 300 arrivals (1 s at the first step's rate) count in the run, in no step.
    RunSummary.RequestSummary request = summary.requests().get(BreakingPointSimulation.REQUEST);
    assertThat(request.count()).isEqualTo(total + 300);
    assertThat(load.sentArrivals()).isEqualTo(total + 300);
    assertThat(load.offeredArrivals()).isEqualTo(total + 300);

    LoadReport.Analysis analysis = load.analysis();
    assertThat(analysis.maxSustainable()).isNotNull();
    assertThat(analysis.maxSustainable().offered()).isBetween(0.9 * CAPACITY, 1.1 * CAPACITY);
    assertThat(analysis.knee()).isNotNull();
    // The first step whose offered rate is over the capacity.
    assertThat(analysis.knee().step()).isEqualTo(3);
    assertThat(analysis.saturationThroughputRps()).isBetween(0.9 * CAPACITY, 1.05 * CAPACITY);

    // The embedded server's simulated GPU is the share of busy slot time: under the capacity it is
    // the offered share of it (e.g. 300/400 = 75% at step 0), at the knee it is saturated.
    LoadReport.StepSummary first = steps.get(0);
    assertThat(first.server()).containsKey("gpu_util_pct");
    assertThat(first.server().get("gpu_util_pct").mean()).isBetween(60.0, 90.0);
    assertThat(steps.get(3).server().get("gpu_util_pct").mean()).isGreaterThanOrEqualTo(90.0);
    assertThat(analysis.serverCorrelation())
        .startsWith("From step 3 (420/s) GPU utilisation")
        .endsWith("the server is compute-bound.");

    // The corrected view: from the intended start, never shorter than from the actual start.
    assertThat(request.latencyFromIntendedUs()).isNotNull();
    assertThat(request.latencyFromIntendedUs().max())
        .isGreaterThanOrEqualTo(request.latencyUs().max());
  }

  @Test
  void userStepsKneeWhereUsersStopAddingThroughput() throws Exception {
    // Closed model: each user waits for its answer, so throughput grows with the users until the
    // 4 slots of 10 ms (400/s) are all busy; past them, more users only queue. Steps of 1, 3, 5
    // and 7 users: 1 and 3 fit in the slots, 7 cannot; where exactly the knee shows (5 or 7 users,
    // by throughput or by latency) depends on the client's own time per iteration, which varies
    // with the machine (2 users gave 102/s under load and 189/s on a quiet machine; Gatling may
    // briefly run one user more while it replaces one that ended).
    ServerConfig config = knownCapacity();
    LoadReport load;
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.plan.kind", "users")
              .with("it.plan.start", 1)
              .with("it.plan.step", 2)
              .with("it.plan.steps", 4)
              .with("it.plan.stepMillis", 1500)
              .with("it.plan.warmUpMillis", 1000);
      assertThat(run.run(BreakingPointSimulation.class)).isZero();
      load = run.summary().load();
    }
    assertThat(load.kind()).isEqualTo("user-steps");
    assertThat(load.arrivals()).isEqualTo("closed");
    assertThat(load.steps())
        .extracting(LoadReport.StepSummary::offeredUsers)
        .containsExactly(1, 3, 5, 7);
    double one = load.steps().get(0).throughputRps();
    double three = load.steps().get(1).throughputRps();
    assertThat(one).isBetween(30.0, 150.0);
    // Within the slots, users add throughput nearly in proportion.
    assertThat(three).isGreaterThan(2 * one);
    assertThat(load.analysis().saturationThroughputRps()).isBetween(250.0, 405.0);
    // The knee is where the users outnumber the slots (5 or 7 users), not before.
    assertThat(load.analysis().knee()).isNotNull();
    assertThat(load.analysis().knee().offered()).isIn(5.0, 7.0);
    // Saturation shows either way in a closed model: throughput stops following the users, or the
    // latency (Little's law: the same throughput for more users) climbs.
    assertThat(load.analysis().knee().reason()).containsAnyOf("more users", "p99 latency");
    // The maximum sustainable load is the step before the knee.
    assertThat(load.analysis().maxSustainable().offered())
        .isEqualTo(load.analysis().knee().offered() - 2);
  }

  @Test
  void aSineOffersItsIntegral() throws Exception {
    // 100/s to 300/s over a 4 s period for 4 s: a mean of 200/s, so 800 arrivals, evenly spaced in
    // expected-arrival space.
    ServerConfig config =
        ServerConfig.onFreePorts().withCapacity("add_sub", Capacity.of(16, Duration.ofMillis(1)));
    RunSummary summary;
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.plan.kind", "sine")
              .with("it.plan.min", 100)
              .with("it.plan.max", 300)
              .with("it.plan.periodMillis", 4000)
              .with("it.plan.durationMillis", 4000)
              .with("it.expected.requests", 800);
      assertThat(run.run(BreakingPointSimulation.class)).isZero();
      summary = run.summary();
    }
    LoadReport load = summary.load();
    assertThat(load.kind()).isEqualTo("sine");
    assertThat(load.steps()).isEmpty();
    assertThat(load.sentArrivals()).isEqualTo(800);
    RunSummary.RequestSummary request = summary.requests().get(BreakingPointSimulation.REQUEST);
    assertThat(request.count()).isEqualTo(800);
    assertThat(request.scheduleLagUs().count()).isEqualTo(800);
    // The rate follows the sine: the middle second (peak) holds more than the first (trough).
    List<RunSummary.TimePoint> points = summary.timeseries().get(BreakingPointSimulation.REQUEST);
    long busiest = points.stream().mapToLong(RunSummary.TimePoint::count).max().orElse(0);
    assertThat(busiest).isGreaterThan(points.get(0).count());
  }

  @Test
  void aMissedRequirementFailsTheRunsAssertions() throws Exception {
    ServerConfig config = knownCapacity();
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.metrics.url", server.metricsUrl())
              .with("it.plan.start", 100)
              .with("it.plan.step", 100)
              .with("it.plan.steps", 2)
              .with("it.plan.stepMillis", 1000)
              .with("it.plan.require", 1000)
              .with("it.expected.requests", 300);
      // 100 and 200/s are sustainable, 1000/s was required: Gatling's assertions fail (exit 2).
      assertThat(run.run(BreakingPointSimulation.class)).isEqualTo(2);
      LoadReport load = run.summary().load();
      assertThat(load.analysis().maxSustainable().offered()).isEqualTo(200);
    }
  }

  @Test
  void anSloSearchFindsTheRateWithinTenPercent() throws Exception {
    ServerConfig config = knownCapacity();
    RunSummary summary;
    long started = System.nanoTime();
    try (InferenceServer server = InferenceServer.start(config)) {
      GatlingRun run =
          new GatlingRun(results)
              .with("it.rest.url", server.restBaseUrl())
              .with("it.slo.p99Millis", 50);
      assertThat(run.run(SloSearchSimulation.class)).isZero();
      summary = run.summary();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    LoadReport load = summary.load();
    assertThat(load.kind()).isEqualTo("slo-search");
    LoadReport.SearchResult search = load.search();
    assertThat(search.stopReason()).isEqualTo("converged");
    assertThat(search.foundRps()).isBetween(0.9 * CAPACITY, 1.1 * CAPACITY);
    assertThat(search.lowestFailingRps()).isGreaterThan(search.foundRps());
    // Bracketing doubles from 100/s: 100 and 200/s are far under the capacity and must pass.
    assertThat(search.probes()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(search.probes().subList(0, 2))
        .allSatisfy(p -> assertThat(p.met()).as("%s", p).isTrue());
    // One step per probe, each holding its rate x 1 s arrivals.
    assertThat(load.steps()).hasSize(search.probes().size());
    for (LoadReport.SearchResult.Probe p : search.probes()) {
      LoadReport.StepSummary step = load.steps().get(p.step());
      assertThat(step.offeredRps()).isEqualTo(p.rateRps());
      // +-1: a probe of r x 1 s = n + 0.5 arrivals may round either way at the probe's end.
      assertThat(step.sent()).isCloseTo(Math.round(p.rateRps()), within(1L));
    }
    // Bounded: the 60 s time limit plus start-up and the end of the run.
    assertThat(seconds).isLessThan(90);
  }
}
