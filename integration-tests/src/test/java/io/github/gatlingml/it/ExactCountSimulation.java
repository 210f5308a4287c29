/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * USERS users each send REPEAT add_sub inferences over one transport ({@code it.transport}), every
 * request with different INPUT0/INPUT1 values from a feeder. The outputs are saved and compared
 * with the fed values, so the test knows the server decoded each request's own values.
 */
public class ExactCountSimulation extends Simulation {
  static final int USERS = 10;
  static final int REPEAT = 20;
  static final int TOTAL = USERS * REPEAT;

  /** Requests whose OUTPUT0/OUTPUT1 were exactly a+b / a-b of their own feeder record. */
  static final AtomicInteger VERIFIED = new AtomicInteger();

  /** One line per request whose outputs did not match its inputs. */
  static final ConcurrentLinkedQueue<String> MISMATCHES = new ConcurrentLinkedQueue<>();

  static String requestName(InferTransport t) {
    return "add_sub " + t.label();
  }

  {
    InferTransport transport = InferTransport.valueOf(GatlingRun.property("it.transport"));
    String name = requestName(transport);
    MlProtocolBuilder protocol =
        ml.restBaseUrl(GatlingRun.property("it.rest.url"))
            .grpcTarget(GatlingRun.property("it.grpc.target"))
            .model("add_sub")
            .summaryPath(GatlingRun.property(GatlingRun.SUMMARY));

    setUp(
            scenario("exact counts " + transport.label())
                .repeat(REPEAT)
                .on(
                    feed(listFeeder(records(TOTAL)).circular())
                        .exec(
                            infer(name)
                                .transport(transport)
                                .input("INPUT0", FP32, shape(1, 16), "#{a}")
                                .input("INPUT1", FP32, shape(1, 16), "#{b}")
                                .output("OUTPUT0")
                                .output("OUTPUT1")
                                .check(
                                    output("OUTPUT0").shape().is(1, 16),
                                    output("OUTPUT0").values().saveAs("sum"),
                                    output("OUTPUT1").values().saveAs("diff")))
                        .exec(ExactCountSimulation::verify))
                .injectOpen(atOnceUsers(USERS)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(30))
        .assertions(
            details(name).allRequests().count().is((long) TOTAL),
            details(name).successfulRequests().count().is((long) TOTAL),
            details(name).failedRequests().count().is(0L),
            global().allRequests().count().is((long) TOTAL));
  }

  /** Distinct payloads: multiples of 1/8 in [-125, 125), so FP32 sums and differences are exact. */
  static List<Map<String, Object>> records(int n) {
    Random random = new Random(42);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      float[] a = new float[16];
      float[] b = new float[16];
      for (int i = 0; i < 16; i++) {
        a[i] = (random.nextInt(2000) - 1000) / 8f;
        b[i] = (random.nextInt(2000) - 1000) / 8f;
      }
      out.add(Map.of("a", a, "b", b, "record", r));
    }
    return out;
  }

  private static Session verify(Session session) {
    if (session.isFailed() || !session.contains("sum")) {
      return session; // the KO is already counted by Gatling and the summary
    }
    float[] a = session.get("a");
    float[] b = session.get("b");
    double[] sum = session.get("sum");
    double[] diff = session.get("diff");
    for (int i = 0; i < 16; i++) {
      if (sum[i] != a[i] + b[i] || diff[i] != a[i] - b[i]) {
        MISMATCHES.add(
            "record "
                + session.getInt("record")
                + " element "
                + i
                + ": "
                + a[i]
                + " ± "
                + b[i]
                + " gave sum "
                + sum[i]
                + ", diff "
                + diff[i]);
        return session.remove("sum").remove("diff");
      }
    }
    VERIFIED.incrementAndGet();
    return session.remove("sum").remove("diff");
  }
}
