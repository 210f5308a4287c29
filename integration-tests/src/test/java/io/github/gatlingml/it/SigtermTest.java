/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped by SIGTERM still leaves its numbers: a Gatling run in its own JVM, 30 s of open
 * load over gRPC and REST, is terminated after a few seconds. Periodic summaries (every second
 * here) were written before the signal, and the JVM's shutdown hook wrote the final one, marked as
 * stopped by the shutdown, in the folder of Gatling's report.
 */
class SigtermTest {
  @TempDir Path results;
  @TempDir Path logs;

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void aRunStoppedBySigtermLeavesPeriodicSummariesAndAFinalOne() throws Exception {
    try (InferenceServer server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withCapacity("add_sub", Capacity.of(8, Duration.ofMillis(20))))) {
      Path log = logs.resolve("gatling.log");
      Process gatling =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "--add-opens",
                  "java.base/java.lang=ALL-UNNAMED",
                  "-Xmx256m",
                  // A quick start matters more than peak speed in a few seconds of light load.
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Dit.rest.url=" + server.restBaseUrl(),
                  "-Dit.grpc.target=" + server.grpcTarget(),
                  "-Dgatling.ml.summaryIntervalSeconds=1",
                  "io.gatling.app.Gatling",
                  "-s",
                  SigtermSimulation.class.getName(),
                  "-rf",
                  results.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Path summaryFile;
      RunSummary periodic;
      try {
        // The first periodic summaries, next to Gatling's simulation.log, while the run goes on.
        summaryFile = awaitSummary(gatling, log, 20_000);
        periodic = awaitCount(summaryFile, gatling, log, 10_000, server);
        assertThat(periodic.complete()).as("a periodic summary").isFalse();
        assertThat(periodic.stoppedBy()).isNull();
        assertThat(Files.exists(summaryFile.resolveSibling("simulation.log"))).isTrue();
        Thread.sleep(2_500); // ~4 s of load in all

        gatling.destroy(); // SIGTERM
        assertThat(gatling.waitFor(15, TimeUnit.SECONDS))
            .as("the JVM exits after SIGTERM within the hook's budget\n%s", tail(log))
            .isTrue();
      } finally {
        gatling.destroyForcibly();
      }

      assertThat(Files.readString(log))
          .as("the injector ran in its 256 MiB heap")
          .doesNotContain("OutOfMemoryError");
      RunSummary last = SummaryReader.read(summaryFile);
      assertThat(last.complete()).as("stopped mid-run\n%s", tail(log)).isFalse();
      assertThat(last.stoppedBy()).isEqualTo("shutdown");
      assertThat(last.durationMs()).isLessThan(20_000);
      assertThat(last.requests())
          .containsKeys(SigtermSimulation.GRPC_NAME, SigtermSimulation.REST_NAME);
      for (String name : List.of(SigtermSimulation.GRPC_NAME, SigtermSimulation.REST_NAME)) {
        RunSummary.RequestSummary r = last.requests().get(name);
        assertThat(r.count()).as(name).isPositive().isEqualTo(r.ok() + r.ko());
        assertThat(r.koReasons().values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(r.ko());
        RunSummary.RequestSummary before = periodic.requests().get(name);
        if (before != null) {
          assertThat(r.count()).as(name).isGreaterThanOrEqualTo(before.count());
        }
        assertThat(
                last.timeseries().get(name).stream().mapToLong(RunSummary.TimePoint::count).sum())
            .isEqualTo(r.count());
      }
      try (Stream<Path> files = Files.list(summaryFile.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
            .as("temporary files left")
            .isEmpty();
      }
    }
  }

  /** Waits for ml-summary.json in a run folder under the results folder. */
  private Path awaitSummary(Process gatling, Path log, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      Optional<Path> found = find();
      if (found.isPresent()) {
        return found.get();
      }
      if (!gatling.isAlive()) {
        throw new AssertionError("Gatling exited early:\n" + tail(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no periodic ml-summary.json within " + millis + " ms\n" + tail(log));
  }

  /** Waits for a periodic summary that counted requests of both names. */
  private RunSummary awaitCount(
      Path file, Process gatling, Path log, long millis, InferenceServer server) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    RunSummary s = null;
    while (System.currentTimeMillis() < deadline && gatling.isAlive()) {
      s = SummaryReader.read(file); // written atomically: always a whole file
      if (s.requests().size() == 2 && s.requests().values().stream().allMatch(r -> r.count() > 0)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no periodic summary with counts: "
            + (s == null ? null : s.requests())
            + "\nthe server answered "
            + server.engine().find("add_sub", "").stats().success().count()
            + "\n"
            + tail(log));
  }

  private Optional<Path> find() throws IOException {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.map(d -> d.resolve("ml-summary.json")).filter(Files::isRegularFile).findFirst();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
