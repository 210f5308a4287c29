/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferActionBuilder;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Baseline latency profile: ramp to N concurrent users, hold, with one fixed {@code add_sub}
 * payload, one scenario per transport running side by side (REST JSON and gRPC by default), and
 * assertions on p95 latency and error rate. Gatling's report shows each transport's percentiles;
 * {@code ml-summary.json} beside it has them in microseconds.
 *
 * <p>System properties (all optional): {@code ml.rest.url}, {@code ml.grpc.target} (default: an
 * embedded server), {@code ml.model} (add_sub), {@code ml.transports} (rest-json,grpc; also
 * rest-binary, grpc-typed), {@code ml.users} (50 per transport), {@code ml.ramp} (5 s), {@code
 * ml.duration} (hold, 20 s), {@code ml.p95.ms} (500), {@code ml.maxErrorPct} (1.0), and for the
 * embedded server {@code ml.server.slots} (4) and {@code ml.server.serviceMs} (2).
 *
 * <p>Each user loops for ramp + hold seconds from its own start, so the run has three phases: users
 * ramp up over {@code ml.ramp}, all of them run for {@code ml.duration}, then they finish one by
 * one over another {@code ml.ramp} (the ramp down).
 */
public class BaselineLatencySimulation extends Simulation {
  private final int users = Integer.getInteger("ml.users", 50);
  private final int rampSeconds = Integer.getInteger("ml.ramp", 5);
  private final int holdSeconds = Integer.getInteger("ml.duration", 20);
  private final String model = System.getProperty("ml.model", "add_sub");
  private final double p95Ms = Double.parseDouble(System.getProperty("ml.p95.ms", "500"));
  private final double maxErrorPct =
      Double.parseDouble(System.getProperty("ml.maxErrorPct", "1.0"));

  /**
   * An embedded add_sub with 4 slots of 2 ms by default ({@code ml.server.slots}, {@code
   * ml.server.serviceMs}): about 2,000 requests/s. The users of every transport share those slots,
   * so with 2 × 50 closed-loop users most of the measured latency is the server's queue (about 100
   * / 4 × 2 ms = 50 ms), not the wire.
   */
  private final SimulationTarget target =
      SimulationTarget.fromSystemProperties(
          Integer.getInteger("ml.server.slots", 4),
          Duration.ofMillis(Long.getLong("ml.server.serviceMs", 2)));

  {
    List<InferTransport> transports =
        transports(System.getProperty("ml.transports", "rest-json,grpc"));
    MlProtocolBuilder protocol = ml.model(model);
    if (target.restUrl != null) {
      protocol = protocol.restBaseUrl(target.restUrl);
    }
    if (target.grpcTarget != null) {
      protocol = protocol.grpcTarget(target.grpcTarget);
    }

    List<PopulationBuilder> populations = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().percent().lte(maxErrorPct));
    for (InferTransport transport : transports) {
      String name = model + " " + transport.label();
      ScenarioBuilder scenario =
          scenario("baseline " + transport.label())
              .during(Duration.ofSeconds(rampSeconds + holdSeconds))
              .on(exec(addSub(name, transport)));
      populations.add(
          scenario.injectClosed(
              rampConcurrentUsers(0).to(users).during(Duration.ofSeconds(rampSeconds)),
              constantConcurrentUsers(users).during(Duration.ofSeconds(holdSeconds))));
      assertions.add(details(name).responseTime().percentile(95.0).lt((int) Math.ceil(p95Ms)));
    }
    setUp(populations)
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(rampSeconds + holdSeconds + 60L))
        .assertions(assertions);
  }

  /** INPUT0 = 0..15 and INPUT1 = all ones, so OUTPUT0 = 1..16 and OUTPUT1 = -1..14. */
  private InferActionBuilder addSub(String name, InferTransport transport) {
    double[] a = new double[16];
    double[] b = new double[16];
    double[] sum = new double[16];
    double[] diff = new double[16];
    for (int i = 0; i < 16; i++) {
      a[i] = i;
      b[i] = 1;
      sum[i] = i + 1;
      diff[i] = i - 1;
    }
    return infer(name)
        .transport(transport)
        .inputValues("INPUT0", FP32, shape(1, 16), a)
        .inputValues("INPUT1", FP32, shape(1, 16), b)
        .output("OUTPUT0")
        .output("OUTPUT1")
        .check(output("OUTPUT0").values().is(sum), output("OUTPUT1").values().is(diff));
  }

  /** {@code rest-json,grpc}: the labels of {@link InferTransport#fromLabel}, which lists them. */
  private static List<InferTransport> transports(String list) {
    List<InferTransport> out = new ArrayList<>();
    for (String s : list.split(",")) {
      out.add(InferTransport.fromLabel(s.trim().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  @Override
  public void before() {
    System.out.println("Baseline latency profile against " + target.describe());
  }

  @Override
  public void after() {
    target.close();
  }
}
