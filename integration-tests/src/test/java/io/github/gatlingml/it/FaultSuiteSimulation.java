/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.javaapi.GenerateActionBuilder;
import io.github.gatlingml.javaapi.InferActionBuilder;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fault suite: every fault of {@link #CASES}, N requests each, sent one after the other by one
 * virtual user per fault and transport, all faults at once. Short limits end every fault quickly: a
 * 2 s request timeout, a 1 s stream idle timeout, 1 MiB of response at most. Gatling's own
 * assertions require exactly N requests per name, all OK or all KO as the case expects. Targets
 * come as system properties {@code it.fault.<target>.rest} / {@code .grpc}; {@code it.fault.cases}
 * (comma-separated case names) runs a subset. Run in its own JVM by {@link FaultSuiteTest}, which
 * reads the KO categories from ml-summary.json. At the end it prints the heap's use.
 */
public class FaultSuiteSimulation extends Simulation {
  static final int N = 5;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  static final Duration STALL_REQUEST_TIMEOUT = Duration.ofSeconds(4);
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /**
   * Printed by {@link #after()}: {@code <prefix><old generation peak> <heap used after a full GC>
   * <max heap>}, in bytes.
   */
  static final String HEAP_LINE = "fault-suite heap old-peak/after-gc/max bytes: ";

  enum Kind {
    /** {@code infer(...).restJson()} */
    REST,
    /** {@code generate(...).openAiCompletions()}: Server-Sent Events over HTTP/1.1 */
    SSE,
    /** {@code infer(...).grpc()} */
    GRPC;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One fault on one transport.
   *
   * @param target the key of the system properties that give its address
   * @param expected the KO category every request must end with, or {@link #OK}
   */
  record Case(String fault, Kind kind, String target, String expected) {
    String name() {
      return fault + " " + kind.label();
    }
  }

  static final String OK = "OK";

  /**
   * A plaintext client cannot always tell that it met TLS: the server may close or reset the
   * connection instead of answering with a TLS record. Any of these categories (separated by |).
   */
  static final String PLAINTEXT_TO_TLS =
      "TLS expected by server|connection closed|connection reset";

  static final List<Case> CASES =
      List.of(
          new Case("connection refused", Kind.REST, "refused", "connection refused"),
          new Case("connection refused", Kind.SSE, "refused", "connection refused"),
          new Case("connection refused", Kind.GRPC, "refused", "connection refused"),
          new Case("reset mid-body", Kind.REST, "reset-mid-body", "connection reset"),
          new Case("reset mid-stream", Kind.SSE, "reset-mid-stream", "connection reset"),
          new Case("stall before headers", Kind.REST, "stall-before-headers", "timeout"),
          new Case("stall before headers", Kind.SSE, "stall-before-headers", "timeout"),
          new Case("stall before headers", Kind.GRPC, "grpc-stall", "timeout"),
          new Case("stall mid-stream", Kind.SSE, "stall-mid-stream", "stalled"),
          new Case("trickle", Kind.REST, "trickle", "timeout"),
          new Case("trickle", Kind.SSE, "trickle", "timeout"),
          new Case("garbage", Kind.REST, "garbage", "malformed response"),
          new Case("garbage", Kind.SSE, "garbage", "malformed response"),
          new Case("garbage body", Kind.REST, "garbage-body", "malformed response"),
          new Case("garbage body", Kind.GRPC, "garbage-body", "malformed response"),
          new Case("endless body", Kind.REST, "endless-body", "response too large"),
          new Case("endless body", Kind.SSE, "endless-body", "response too large"),
          new Case("oversized body", Kind.REST, "oversized", "response too large"),
          new Case("oversized body", Kind.SSE, "oversized", "response too large"),
          new Case("keep-alive closed early", Kind.REST, "keepalive-idle", OK),
          new Case("keep-alive closed on reuse", Kind.REST, "keepalive-reuse", OK),
          new Case("goaway graceful", Kind.GRPC, "goaway-graceful", OK),
          new Case("goaway cut", Kind.GRPC, "goaway-cut", "UNAVAILABLE"),
          new Case("tls untrusted", Kind.REST, "tls-untrusted", "TLS untrusted certificate"),
          new Case("tls untrusted", Kind.GRPC, "tls-untrusted", "TLS untrusted certificate"),
          new Case("tls wrong host", Kind.REST, "tls-wrong-host", "TLS host name mismatch"),
          new Case("tls wrong host", Kind.GRPC, "tls-wrong-host", "TLS host name mismatch"),
          new Case("tls expired", Kind.REST, "tls-expired", "TLS certificate expired"),
          new Case("tls expired", Kind.GRPC, "tls-expired", "TLS certificate expired"),
          new Case(
              "tls client cert missing",
              Kind.REST,
              "tls-no-client-cert",
              "TLS client certificate required"),
          new Case(
              "tls client cert missing",
              Kind.GRPC,
              "tls-no-client-cert",
              "TLS client certificate required"),
          new Case("plaintext to tls port", Kind.REST, "tls-plaintext-to-tls", PLAINTEXT_TO_TLS),
          new Case("plaintext to tls port", Kind.GRPC, "tls-plaintext-to-tls", PLAINTEXT_TO_TLS),
          new Case(
              "tls to plaintext port", Kind.REST, "tls-to-plaintext", "TLS not spoken by server"),
          new Case(
              "tls to plaintext port", Kind.GRPC, "tls-to-plaintext", "TLS not spoken by server"),
          new Case("dns failure", Kind.REST, "dns", "DNS failure"),
          new Case("dns failure", Kind.SSE, "dns", "DNS failure"),
          new Case("dns failure", Kind.GRPC, "dns", "DNS failure"),
          new Case("missing attribute", Kind.REST, "server", "request not built"),
          new Case("missing attribute", Kind.SSE, "server", "request not built"),
          new Case("missing attribute", Kind.GRPC, "server", "request not built"),
          new Case("check throws", Kind.REST, "server", "check"),
          new Case("check throws", Kind.SSE, "server", "check"),
          new Case("check throws", Kind.GRPC, "server", "check"));

  static Case find(String name) {
    return CASES.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no case " + name));
  }

  {
    String summary = GatlingRun.property(GatlingRun.SUMMARY);
    String only = System.getProperty("it.fault.cases", "");
    Set<String> selected =
        only.isBlank()
            ? CASES.stream().map(Case::name).collect(Collectors.toSet())
            : Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());
    List<PopulationBuilder> populations = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>();
    for (Case c : CASES) {
      if (!selected.contains(c.name())) {
        continue;
      }
      String address =
          GatlingRun.property(
              "it.fault." + c.target() + (c.kind() == Kind.GRPC ? ".grpc" : ".rest"));
      MlProtocolBuilder protocol =
          (c.kind() == Kind.GRPC ? ml.grpcTarget(address) : ml.restBaseUrl(address))
              .model("add_sub")
              // A stall mid-stream must be told by the idle timeout, well before the request's.
              .requestTimeout(
                  c.fault().equals("stall mid-stream") ? STALL_REQUEST_TIMEOUT : REQUEST_TIMEOUT)
              .maxResponseBytes(MAX_RESPONSE_BYTES)
              .summaryPath(summary);
      if (c.target().startsWith("tls-")) {
        protocol = protocol.trustedCaPem(GatlingRun.property("it.fault.tls.ca"));
      }
      ChainBuilder one = exec(request(c));
      if (c.fault().startsWith("keep-alive")) {
        // Long enough for the proxy's idle close (100 ms) to happen between two requests.
        one = one.pause(Duration.ofMillis(300));
      }
      populations.add(
          scenario(c.name()).repeat(N).on(one).injectOpen(atOnceUsers(1)).protocols(protocol));
      assertions.add(details(c.name()).allRequests().count().is((long) N));
      assertions.add(
          c.expected().equals(OK)
              ? details(c.name()).successfulRequests().count().is((long) N)
              : details(c.name()).failedRequests().count().is((long) N));
    }
    setUp(populations).assertions(assertions);
  }

  private static final MlCheck THROWING =
      (response, session) -> {
        throw new IllegalStateException("a check of the user's that throws");
      };

  private static ActionBuilder request(Case c) {
    boolean missing = c.fault().equals("missing attribute");
    boolean throwing = c.fault().equals("check throws");
    if (c.kind() == Kind.SSE) {
      GenerateActionBuilder g =
          generate(c.name())
              .model("tiny_llm")
              .openAiCompletions()
              .prompt(missing ? "#{missing}" : "hello")
              .maxTokens(4)
              // A trickle of 1 byte/s is no silence: whatever the idle timeout, the request
              // timeout must end it. (5 s: no busy machine can make its bytes look like a stall.)
              .idleTimeout(c.fault().equals("trickle") ? Duration.ofSeconds(5) : IDLE_TIMEOUT);
      return throwing ? g.check(THROWING) : g;
    }
    InferActionBuilder i = infer(c.name());
    i = c.kind() == Kind.GRPC ? i.grpc() : i.restJson();
    if (throwing) {
      // identity: the server counts these apart from the add_sub requests of other faults.
      return i.model("identity")
          .inputValues("INPUT0", FP32, shape(1, 4), 1, 2, 3, 4)
          .check(THROWING);
    }
    return (missing
            ? i.input("INPUT0", FP32, shape(1, 16), "#{missing}")
            : i.inputValues("INPUT0", FP32, shape(1, 16), new double[16]))
        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]);
  }

  @Override
  public void after() {
    // The old generation's peak is what the run kept alive across collections (the young
    // generation fills up by design); the heap after a full collection is what the run left behind.
    long oldPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP
          && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
        oldPeak += pool.getPeakUsage().getUsed();
      }
    }
    System.gc();
    java.lang.management.MemoryUsage heap =
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.println(HEAP_LINE + oldPeak + " " + heap.getUsed() + " " + heap.getMax());
  }
}
