/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlFeeders;
import io.github.gatlingml.javaapi.MlLoad;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The breaking point: an arrival rate that steps up, with varied payloads (random tensors from a
 * synthetic feeder built from the model's metadata), the server's metrics scraped alongside, and
 * the knee, the maximum sustainable rate and what the server metrics say about them in
 * ml-summary.json and at the end of the run.
 *
 * <p>Against the embedded server (the default) the capacity is known: 4 slots of 10 ms each serve
 * 400 inferences/s. The default plan, 100/s + 50/s per step for 9 steps of 5 s after a 3 s warm-up,
 * crosses it at 450/s: the analysis puts the maximum sustainable rate at 400/s and the knee at step
 * 7.
 *
 * <p>System properties (all optional): {@code ml.rest.url}, {@code ml.grpc.target} (default: an
 * embedded server), {@code ml.metrics.url} (a Prometheus endpoint to scrape; the embedded server's
 * by default), {@code ml.model} (add_sub), {@code ml.transport} (rest-json), {@code ml.plan.start}
 * (100/s), {@code ml.plan.step} (50/s), {@code ml.plan.steps} (9), {@code ml.plan.stepSeconds} (5),
 * {@code ml.plan.warmUpSeconds} (3), {@code ml.plan.poisson} (false: evenly spaced arrivals),
 * {@code ml.slo.p99.ms} (p99 latency SLO for "sustainable", none by default), {@code
 * ml.require.rps} (fail the run's assertions when the maximum sustainable rate is lower; none by
 * default), and for the embedded server {@code ml.server.slots} (4) and {@code ml.server.serviceMs}
 * (10).
 */
public class BreakingPointSimulation extends Simulation {
  private final String model = System.getProperty("ml.model", "add_sub");

  private final SimulationTarget target =
      SimulationTarget.fromSystemProperties(
          model,
          Integer.getInteger("ml.server.slots", 4),
          Duration.ofMillis(Long.getLong("ml.server.serviceMs", 10)));

  {
    InferTransport transport =
        InferTransport.fromLabel(System.getProperty("ml.transport", "rest-json"));
    MlProtocolBuilder protocol = ml.model(model);
    if (target.restUrl != null) {
      protocol = protocol.restBaseUrl(target.restUrl);
    }
    if (target.grpcTarget != null) {
      protocol = protocol.grpcTarget(target.grpcTarget);
    }
    if (target.metricsUrl() != null) {
      protocol = protocol.scrape(target.metricsUrl());
    }

    // Varied payloads: 2,000 different records of random values, every input's datatype and shape
    // taken from the model's metadata (a dynamic batch dimension is 1).
    ModelSignature signature = MlFeeders.modelFrom(protocol, model);
    FeederBuilder<Object> payloads =
        MlFeeders.synthetic(signature).seed(42).range(-100, 100).records(2_000).feeder().circular();

    LoadPlan plan =
        MlLoad.rateSteps(
                Double.parseDouble(System.getProperty("ml.plan.start", "100")),
                Double.parseDouble(System.getProperty("ml.plan.step", "50")),
                Integer.getInteger("ml.plan.steps", 9),
                Duration.ofSeconds(Long.getLong("ml.plan.stepSeconds", 5)))
            .warmUp(Duration.ofSeconds(Long.getLong("ml.plan.warmUpSeconds", 3)));
    if (Boolean.getBoolean("ml.plan.poisson")) {
      plan = plan.poisson(7);
    }
    String slo = System.getProperty("ml.slo.p99.ms");
    if (slo != null && !slo.isBlank()) {
      plan = plan.sustainable(1.0, 99, Duration.ofMillis(Long.parseLong(slo.trim())));
    }
    List<Assertion> assertions = new ArrayList<>();
    String require = System.getProperty("ml.require.rps");
    if (require != null && !require.isBlank()) {
      plan = plan.requireMaxSustainable(Double.parseDouble(require.trim()));
      assertions.add(plan.assertion());
    }

    System.out.println(
        "gatling-ml example: "
            + target.describe()
            + "; "
            + plan.description()
            + " ("
            + plan.duration().toSeconds()
            + " s)");
    setUp(
            plan.population(
                "breaking point",
                feed(payloads)
                    .exec(
                        infer(model + " " + transport.label())
                            .transport(transport)
                            .inputsFromFeeder())))
        .protocols(protocol)
        .maxDuration(plan.duration().plusSeconds(60))
        .assertions(assertions);
  }

  @Override
  public void after() {
    target.close();
  }
}
