/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.github.gatlingml.it.FaultSuiteSimulation.N;
import static io.github.gatlingml.it.FaultSuiteSimulation.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.it.FaultSuiteSimulation.Case;
import io.github.gatlingml.it.FaultSuiteSimulation.Kind;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.tls.TestPki;
import io.github.gatlingml.server.tls.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of RELIABILITY.md: {@link FaultSuiteSimulation} in its own JVM with a 256 MiB
 * heap against fault servers on loopback. For every fault it shows that the N requests sent are N
 * in Gatling (the simulation's assertions, exit code 0) and N = ok + ko in ml-summary.json, all
 * with the expected KO category (or all OK), that the server saw each request once where it sees
 * them, that no request outlived its time bound, and that the JVM ended by itself in time without
 * running out of heap.
 */
class FaultSuiteTest {
  /** The whole forked run, JVM start and Gatling's report included, must end within this. */
  static final long RUN_LIMIT_SECONDS = 45;

  /**
   * No request, OK or KO, may take longer than the request timeout and some slack (the idle and
   * request timers run on busy event loops).
   */
  static final long REQUEST_BOUND_US =
      FaultSuiteSimulation.REQUEST_TIMEOUT.toMillis() * 1000 + 1_000_000;

  /**
   * Faults run in a JVM of their own, by their own test below (so a failure of one reads apart).
   */
  static final List<String> OWN_TEST = List.of("keep-alive closed on reuse rest");

  static InferenceServer server;
  static final Map<String, FaultServer> faults = new LinkedHashMap<>();
  static final Map<String, FaultGrpcServer> grpcFaults = new LinkedHashMap<>();
  static GarbageRestServer garbageRest;
  static GarbageGrpcServer garbageGrpc;
  static KeepAliveClosingProxy idleClose;
  static KeepAliveClosingProxy closeOnReuse;
  static int refusedPort;
  static final Map<String, InferenceServer> tlsServers = new LinkedHashMap<>();
  static Path caPem;

  @TempDir Path results;
  @TempDir static Path certs;

  @BeforeAll
  static void start() throws Exception {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(4, Duration.ofMillis(1)))
                .withCapacity("identity", Capacity.of(4, Duration.ofMillis(1))));
    for (FaultServer.Mode m : FaultServer.Mode.values()) {
      faults.put(key(m.name()), new FaultServer(m));
    }
    for (FaultGrpcServer.Mode m : FaultGrpcServer.Mode.values()) {
      grpcFaults.put("grpc-" + key(m.name()), new FaultGrpcServer(m));
    }
    garbageRest = new GarbageRestServer();
    garbageGrpc = new GarbageGrpcServer();
    idleClose =
        new KeepAliveClosingProxy(server.restBaseUrl(), KeepAliveClosingProxy.Mode.IDLE_CLOSE);
    closeOnReuse =
        new KeepAliveClosingProxy(server.restBaseUrl(), KeepAliveClosingProxy.Mode.CLOSE_ON_REUSE);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusedPort = s.getLocalPort();
    }
    // The TLS faults, as in TlsTest: certificates made here, one embedded server per fault.
    TestPki pki = TestPki.create(certs, "faults");
    caPem = pki.caPem();
    TestPki.Issued good = pki.server("127.0.0.1", "localhost").write();
    TestPki.Issued untrusted =
        pki.otherCa("stranger").server("127.0.0.1", "localhost").named("untrusted").write();
    TestPki.Issued wrongHost = pki.server("other.example").named("wrong-host").write();
    TestPki.Issued expired = pki.server("127.0.0.1").named("expired").expired().write();
    tlsServers.put("tls-untrusted", tls(untrusted.serverTls()));
    tlsServers.put("tls-wrong-host", tls(wrongHost.serverTls()));
    tlsServers.put("tls-expired", tls(expired.serverTls()));
    tlsServers.put("tls-no-client-cert", tls(good.serverTls().withClientCa(pki.caPem())));
    tlsServers.put("tls-plaintext-to-tls", tls(good.serverTls()));
  }

  private static InferenceServer tls(TlsConfig config) throws Exception {
    return InferenceServer.start(ServerConfig.onFreePorts().withTls(config));
  }

  @AfterAll
  static void stop() throws Exception {
    for (FaultServer f : faults.values()) {
      f.close();
    }
    for (FaultGrpcServer f : grpcFaults.values()) {
      f.close();
    }
    garbageRest.close();
    garbageGrpc.close();
    idleClose.close();
    closeOnReuse.close();
    for (InferenceServer s : tlsServers.values()) {
      s.close();
    }
    server.close();
  }

  private static String key(String mode) {
    return mode.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The system properties that give the simulation its targets. */
  private static Map<String, String> targets() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("refused.rest", "http://127.0.0.1:" + refusedPort);
    p.put("refused.grpc", "127.0.0.1:" + refusedPort);
    faults.forEach((k, f) -> p.put(k + ".rest", f.url()));
    p.put("grpc-stall.grpc", grpcFaults.get("grpc-stall").target());
    p.put("goaway-graceful.grpc", grpcFaults.get("grpc-goaway-graceful").target());
    p.put("goaway-cut.grpc", grpcFaults.get("grpc-goaway-cut").target());
    p.put("garbage-body.rest", garbageRest.url());
    p.put("garbage-body.grpc", garbageGrpc.target());
    p.put("keepalive-idle.rest", idleClose.url());
    p.put("keepalive-reuse.rest", closeOnReuse.url());
    p.put("dns.rest", "http://no-such-host.invalid:8000");
    p.put("dns.grpc", "no-such-host.invalid:8001");
    p.put("tls.ca", caPem.toString());
    tlsServers.forEach(
        (k, s) -> {
          p.put(k + ".rest", s.restBaseUrl());
          p.put(k + ".grpc", "grpcs://" + s.grpcTarget());
        });
    // Plaintext to a TLS server; TLS to a plaintext one.
    InferenceServer tlsPort = tlsServers.get("tls-plaintext-to-tls");
    p.put("tls-plaintext-to-tls.rest", tlsPort.restBaseUrl().replace("https://", "http://"));
    p.put("tls-plaintext-to-tls.grpc", tlsPort.grpcTarget());
    p.put("tls-to-plaintext.rest", server.restBaseUrl().replace("http://", "https://"));
    p.put("tls-to-plaintext.grpc", "grpcs://" + server.grpcTarget());
    p.put("server.rest", server.restBaseUrl());
    p.put("server.grpc", server.grpcTarget());
    return p;
  }

  /**
   * The server-side count of a case's requests where a fault server keeps one; null where none does
   * (TLS handshakes fail before any request).
   */
  private static IntSupplier serverCount(Case c) {
    switch (c.target()) {
      case "refused":
      case "dns":
        return () -> 0;
      case "grpc-stall":
        return grpcFaults.get("grpc-stall")::calls;
      case "goaway-graceful":
        return grpcFaults.get("grpc-goaway-graceful")::calls;
      case "goaway-cut":
        return grpcFaults.get("grpc-goaway-cut")::calls;
      case "garbage-body":
      case "server":
      case "keepalive-idle":
      case "keepalive-reuse":
        // The garbage servers keep no count; the embedded server's statistics are checked apart
        // (several cases share it).
        return null;
      default:
        FaultServer f = faults.get(c.target());
        return f == null ? null : f::requests;
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyFaultIsCountedOnceWithItsCategoryInBoundedTimeAndHeap() throws Exception {
    check(FaultSuiteSimulation.CASES.stream().filter(c -> !OWN_TEST.contains(c.name())).toList());
  }

  /**
   * The server closes an idle keep-alive connection just as the client reuses it, so the request
   * written on it gets no answer and nothing of it reached the server. The request is then sent
   * once more on a new connection (as Gatling's own HTTP client does) and is OK, counted once by
   * Gatling, the summary and the server. (Found by this suite: the plugin retried only when the
   * write itself failed.)
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRequestOnAKeepAliveConnectionClosedAsItIsReusedIsRetriedOnceAndOk() throws Exception {
    check(List.of(FaultSuiteSimulation.find("keep-alive closed on reuse rest")));
  }

  private void check(List<Case> cases) throws Exception {
    ModelStats addSub = server.engine().find("add_sub", "").stats();
    ModelStats identity = server.engine().find("identity", "").stats();
    long addSubBefore = addSub.success().count() + addSub.fail().count();
    long identityBefore = identity.success().count() + identity.fail().count();
    // Fault servers shared by the cases of one target (e.g. REST and SSE) count them together.
    Map<String, Integer> before = new LinkedHashMap<>();
    Map<String, Long> sentTo = new LinkedHashMap<>();
    for (Case c : cases) {
      IntSupplier count = serverCount(c);
      if (count != null) {
        before.put(c.target(), count.getAsInt());
        sentTo.merge(c.target(), (long) expectedAtServer(c), Long::sum);
      }
    }

    int idleCloseConnectionsBefore = idleClose.connections();
    Forked run = fork(cases);
    RunSummary summary = run.summary();
    List<String> problems = new ArrayList<>();
    for (Case c : cases) {
      RunSummary.RequestSummary r = summary.requests().get(c.name());
      if (r == null) {
        problems.add(c.name() + ": not in the summary");
        continue;
      }
      String seen =
          "count=" + r.count() + " ok=" + r.ok() + " ko=" + r.ko() + " reasons=" + r.koReasons();
      if (r.count() != N || r.ok() + r.ko() != r.count()) {
        problems.add(c.name() + ": " + seen);
      } else if (c.expected().equals(OK)
          ? r.ok() != N
          : r.ko() != N
              || !List.of(c.expected().split("\\|")).containsAll(r.koReasons().keySet())) {
        problems.add(c.name() + ": expected " + c.expected() + ", " + seen);
      }
      long slowest = Math.max(max(r.latencyUs()), max(r.koLatencyUs()));
      System.out.printf("fault %-34s %s, slowest %d ms%n", c.name(), seen, slowest / 1000);
      if (slowest > REQUEST_BOUND_US) {
        problems.add(c.name() + ": a request took " + slowest + " µs");
      }
    }
    for (Map.Entry<String, Long> e : sentTo.entrySet()) {
      Case any = cases.stream().filter(c -> c.target().equals(e.getKey())).findFirst().get();
      long atServer = serverCount(any).getAsInt() - before.get(e.getKey());
      if (atServer != e.getValue()) {
        problems.add(
            "target "
                + e.getKey()
                + ": the server saw "
                + atServer
                + " requests, expected "
                + e.getValue());
      }
    }
    // The embedded server: the keep-alive cases and the throwing checks reached it once each;
    // the requests that could not be built never did.
    long keepAliveRequests =
        cases.stream().filter(c -> c.target().startsWith("keepalive")).count() * N;
    long addSubSeen = addSub.success().count() + addSub.fail().count() - addSubBefore;
    if (addSubSeen != keepAliveRequests) {
      problems.add(
          "the embedded server saw "
              + addSubSeen
              + " add_sub requests (keep-alive cases), expected "
              + keepAliveRequests);
    }
    long throwingInfers =
        cases.stream().filter(c -> c.fault().equals("check throws") && c.kind() != Kind.SSE).count()
            * N;
    long identitySeen = identity.success().count() + identity.fail().count() - identityBefore;
    if (identitySeen != throwingInfers) {
      problems.add(
          "the embedded server saw "
              + identitySeen
              + " identity requests (throwing checks), expected "
              + throwingInfers);
    }
    // Keep-alive closed early: the proxy closed every connection after its answer, so each of the
    // N requests (300 ms apart) went on a new connection, and all were OK (checked above).
    boolean idleCase = cases.stream().anyMatch(c -> c.target().equals("keepalive-idle"));
    int idleConnections = idleClose.connections() - idleCloseConnectionsBefore;
    if (idleCase && idleConnections != N) {
      problems.add(
          "keep-alive closed early: " + idleConnections + " connections, expected one per request");
    }
    // Gatling's own counts: its assertions (N per name, all OK or all KO) decide its exit code.
    if (run.exitCode() != 0) {
      problems.add(
          "Gatling's exit code is "
              + run.exitCode()
              + " (2: an assertion on Gatling's own counts failed, see the log)");
    }
    assertThat(problems).as("faults that broke a promise\n%s", run.tail()).isEmpty();
    assertThat(summary.requests()).hasSize(cases.size());
    assertThat(summary.complete()).isTrue();
  }

  private static long max(RunSummary.LatencyStats s) {
    return s == null ? 0 : s.max();
  }

  /** Requests a fault server must have seen: each request once, none for a refused connection. */
  private static int expectedAtServer(Case c) {
    return c.target().equals("refused") || c.target().equals("dns") ? 0 : N;
  }

  // ------------------------------------------------------------------ the forked run

  /** A finished forked run. */
  record Forked(Path summaryFile, Path log, long millis, int exitCode) {
    RunSummary summary() throws IOException {
      assertThat(Files.isRegularFile(summaryFile))
          .as("ml-summary.json written\n%s", tail())
          .isTrue();
      return SummaryReader.read(summaryFile);
    }

    String tail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.subList(Math.max(0, lines.size() - 60), lines.size()).stream()
            .collect(Collectors.joining("\n"));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  /**
   * Runs {@link FaultSuiteSimulation} with {@code cases} in a JVM of its own with a 256 MiB heap,
   * and checks that it ended by itself within {@link #RUN_LIMIT_SECONDS} without running out of
   * memory; its exit code (0: every Gatling assertion held) is checked by the caller.
   */
  private Forked fork(List<Case> cases) throws Exception {
    Path summaryFile = results.resolve("ml-summary.json");
    Path log = results.resolve("gatling.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("--add-opens");
    command.add("java.base/java.lang=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-D" + GatlingRun.SUMMARY + "=" + summaryFile);
    command.add(
        "-Dit.fault.cases=" + cases.stream().map(Case::name).collect(Collectors.joining(",")));
    targets().forEach((k, v) -> command.add("-Dit.fault." + k + "=" + v));
    command.add("io.gatling.app.Gatling");
    command.add("-s");
    command.add(FaultSuiteSimulation.class.getName());
    command.add("-rf");
    command.add(results.resolve("gatling").toString());
    long start = System.nanoTime();
    Process gatling =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Forked run;
    try {
      boolean ended = gatling.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      run = new Forked(summaryFile, log, millis, ended ? gatling.exitValue() : -1);
      assertThat(ended)
          .as("the run ended by itself within %d s\n%s", RUN_LIMIT_SECONDS, run.tail())
          .isTrue();
    } finally {
      gatling.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    // -XX:+ExitOnOutOfMemoryError: a heap exhausted ends the JVM at once, with this message.
    assertThat(output).as("the injector's heap (-Xmx256m)").doesNotContain("OutOfMemoryError");
    long[] heap =
        output
            .lines()
            .filter(l -> l.startsWith(FaultSuiteSimulation.HEAP_LINE))
            .map(l -> l.substring(FaultSuiteSimulation.HEAP_LINE.length()).trim().split(" "))
            .map(a -> new long[] {Long.parseLong(a[0]), Long.parseLong(a[1]), Long.parseLong(a[2])})
            .findFirst()
            .orElseThrow(() -> new AssertionError("no heap line\n" + run.tail()));
    System.out.printf(
        "fault suite: %d cases in %d ms; heap: old generation peak %d MiB, %d MiB after a full GC"
            + " at the end, max %d MiB%n",
        cases.size(), run.millis(), heap[0] >> 20, heap[1] >> 20, heap[2] >> 20);
    assertThat(heap[2]).as("max heap").isLessThanOrEqualTo(256L << 20);
    // What the run keeps to its end is mostly the plugin's histograms, a few MiB per request name
    // whatever the load; nothing the faults sent (100 MB bodies, endless streams) is kept.
    assertThat(heap[1]).as("heap after the run and a full GC").isLessThan(200L << 20);
    return run;
  }
}
