/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.internal.action.GateAction;
import io.github.gatlingml.internal.gate.GateSpec;
import io.github.gatlingml.internal.gatling.MlActionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A regression gate inside a simulation: when the gated populations are done, the run is compared
 * with a baseline run (or, for a canary, one request name of the run with another) by the engine of
 * {@code gatling-ml compare} ({@link io.github.gatlingml.compare.Comparison}), and the outcome is
 * logged to Gatling as one entry per request name and metric plus a verdict entry, OK or KO. With
 * {@link #assertions()} in {@code setUp(...).assertions(...)}, a regression fails {@code
 * gatling:test} like any Gatling assertion. The comparison's table is printed at the end of the
 * run. Immutable: every method returns a new gate.
 *
 * <pre>{@code
 * MlGate gate = MlGate.baseline("baselines/add_sub.json").maxP99Increase("5%").warmUp(Duration.ofSeconds(10));
 * setUp(gate.after(scn.injectOpen(constantUsersPerSec(50).during(60))))
 *     .protocols(ml)
 *     .assertions(gate.assertions());
 * }</pre>
 *
 * <p>The ml protocol must be on {@code setUp(...).protocols(...)} (the gate's own one-user scenario
 * uses it). Entries are Gatling groups: they add nothing to the requests' counts.
 */
public final class MlGate {
  private final String baseline;
  private final String canaryBaseline;
  private final String canaryCandidate;
  private final Criteria criteria;

  private MlGate(
      String baseline, String canaryBaseline, String canaryCandidate, Criteria criteria) {
    this.baseline = baseline;
    this.canaryBaseline = canaryBaseline;
    this.canaryCandidate = canaryCandidate;
    this.criteria = criteria;
    spec(); // fails now, in the simulation's constructor, on a bad combination
  }

  /**
   * A gate that compares the run with a baseline run, by {@link Criteria#defaults()} until told
   * otherwise. The file is read when the run is judged (and, by {@link #assertions()}, to name the
   * entries): a file that is missing or unusable fails the gate with a message saying why.
   *
   * @param path a baseline file ({@code gatling-ml baseline save}), a run's ml-summary.json, or a
   *     folder holding one (relative to the working directory)
   * @return a new gate
   */
  public static MlGate baseline(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isBlank()) {
      throw new IllegalArgumentException(
          "the baseline path is empty: give the ml-summary.json of a run to compare with");
    }
    return new MlGate(path, null, null, Criteria.defaults());
  }

  /**
   * A canary: in one run, the requests named {@code candidateName} judged against those named
   * {@code baselineName}, sent in the same time window (see {@link #interleave}). Throughput
   * compares the two names' OK requests per interval, so split the load evenly.
   *
   * @param baselineName the reference target's request name, e.g. {@code "add_sub v1"}
   * @param candidateName the judged target's request name, e.g. {@code "add_sub v2"}
   * @return a new gate
   */
  public static MlGate canary(String baselineName, String candidateName) {
    Objects.requireNonNull(baselineName, "baselineName");
    Objects.requireNonNull(candidateName, "candidateName");
    if (baselineName.equals(candidateName)) {
      throw new IllegalArgumentException(
          "the canary's two request names are both '"
              + baselineName
              + "': name the baseline's and the candidate's requests differently");
    }
    return new MlGate(null, baselineName, candidateName, Criteria.defaults());
  }

  /**
   * Replaces all thresholds and settings.
   *
   * @param criteria the criteria, e.g. {@code Criteria.builder().maxP99Increase(0.05).build()}
   * @return a new gate
   */
  public MlGate criteria(Criteria criteria) {
    return new MlGate(
        baseline, canaryBaseline, canaryCandidate, Objects.requireNonNull(criteria, "criteria"));
  }

  /**
   * The largest tolerated increase of the median per-interval p99.
   *
   * @param percent e.g. {@code "5%"}, or {@code "off"}
   * @return a new gate
   */
  public MlGate maxP99Increase(String percent) {
    return criteria(criteria.toBuilder().maxP99Increase(Criteria.parsePercent(percent)).build());
  }

  /**
   * The largest tolerated increase of the median per-interval p50.
   *
   * @param percent e.g. {@code "5%"}, or {@code "off"}
   * @return a new gate
   */
  public MlGate maxP50Increase(String percent) {
    return criteria(criteria.toBuilder().maxP50Increase(Criteria.parsePercent(percent)).build());
  }

  /**
   * The largest tolerated decrease of throughput (OK requests per interval; per offered arrival in
   * an open-load plan).
   *
   * @param percent e.g. {@code "10%"}, or {@code "off"}
   * @return a new gate
   */
  public MlGate maxThroughputChange(String percent) {
    return criteria(
        criteria.toBuilder().maxThroughputChange(Criteria.parsePercent(percent)).build());
  }

  /**
   * The largest tolerated error rate of the run (of the candidate, for a canary), after the
   * warm-up.
   *
   * @param percent e.g. {@code "1%"}, or {@code "off"}
   * @return a new gate
   */
  public MlGate maxErrorRate(String percent) {
    return criteria(criteria.toBuilder().maxErrorRate(Criteria.parsePercent(percent)).build());
  }

  /**
   * The time from the start of each run left out of the comparison.
   *
   * @param warmUp e.g. {@code Duration.ofSeconds(10)}
   * @return a new gate
   */
  public MlGate warmUp(Duration warmUp) {
    return criteria(criteria.toBuilder().warmUp(Objects.requireNonNull(warmUp, "warmUp")).build());
  }

  /**
   * Judges runs whose injector marked its own numbers doubtful (an overloaded injector machine)
   * instead of failing the gate as unusable.
   *
   * @return a new gate
   */
  public MlGate allowDoubtful() {
    return criteria(criteria.toBuilder().allowDoubtful(true).build());
  }

  /**
   * The criteria the gate judges by.
   *
   * @return the criteria
   */
  public Criteria criteria() {
    return criteria;
  }

  /**
   * The populations to put in {@code setUp(...)}: each given one followed ({@code andThen}) by the
   * gate's one-user scenario; the last of those to start judges the run, once every gated
   * population is done and while Gatling's statistics still take entries. A run stopped before
   * (e.g. by {@code maxDuration}) is never judged, and {@link #assertions()} then fail.
   *
   * @param populations every population of the simulation whose requests the gate judges
   * @return the populations with the gate
   */
  public List<PopulationBuilder> after(PopulationBuilder... populations) {
    if (populations.length == 0) {
      throw new IllegalArgumentException(
          "the gate needs the populations it judges: gate.after(scn.injectOpen(...), ...)");
    }
    GateSpec spec = spec();
    Object key = new Object(); // one countdown per run, shared by this call's gates
    int parents = populations.length;
    ActionBuilder judge =
        () ->
            MlActionFactory.actionBuilder(
                runtime ->
                    new GateAction(
                        spec,
                        runtime.run(),
                        runtime.run().perRun(key, () -> new AtomicInteger(parents))));
    List<PopulationBuilder> out = new ArrayList<>();
    for (int i = 0; i < populations.length; i++) {
      String name = parents == 1 ? "ml gate" : "ml gate " + (i + 1);
      out.add(
          Objects.requireNonNull(populations[i], "population")
              .andThen(CoreDsl.scenario(name).exec(judge).injectOpen(atOnceUsers(1))));
    }
    return out;
  }

  /**
   * For a canary: a chain that alternates between the two targets' chains on each execution, across
   * all users (Gatling's round-robin switch), so that both see the same load in the same time
   * window. The chains must name their requests as this canary's names.
   *
   * @param baselineChain e.g. {@code exec(ml.infer("add_sub v1").model("add_sub").version("1"))}
   * @param candidateChain the same with the candidate
   * @return the interleaving chain
   */
  public ChainBuilder interleave(ChainBuilder baselineChain, ChainBuilder candidateChain) {
    Objects.requireNonNull(baselineChain, "baselineChain");
    Objects.requireNonNull(candidateChain, "candidateChain");
    return CoreDsl.roundRobinSwitch().on(List.of(baselineChain, candidateChain));
  }

  /**
   * The Gatling assertions that fail the build when the gate fails: the verdict entry must be
   * logged once and OK (so a gate that never judged fails too), and each request name and metric's
   * entry must have no KO, so that the failed ones are listed by name in Gatling's assertion
   * report. A baseline gate names its entries from the baseline's request names; when the baseline
   * cannot be read, only the verdict's assertion is returned (and it fails, saying why).
   *
   * @return assertions for {@code setUp(...).assertions(...)}
   */
  public List<Assertion> assertions() {
    GateSpec spec = spec();
    List<Assertion> out = new ArrayList<>();
    for (String entry : spec.expectedEntries()) {
      out.add(CoreDsl.details(entry).failedRequests().count().is(0L));
    }
    out.add(CoreDsl.details(spec.verdictEntry()).successfulRequests().count().is(1L));
    return out;
  }

  /**
   * The name of the verdict's entry in Gatling's report.
   *
   * @return {@code "[ml gate] verdict"}, or {@code "[ml canary] <candidate> vs <baseline>"}
   */
  public String verdictEntry() {
    return spec().verdictEntry();
  }

  private GateSpec spec() {
    return new GateSpec(baseline, canaryBaseline, canaryCandidate, criteria);
  }
}
