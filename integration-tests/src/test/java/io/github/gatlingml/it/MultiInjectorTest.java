/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.MergeCheck;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three injector JVMs, started together on loopback against one embedded server, each with its
 * index, the injector count and a shared run id: their merged summary counts exactly what they sent
 * and what the server served, and its percentiles are those of one histogram fed with every
 * request's latency, recorded by the injectors apart from their summaries. Leaving one summary out
 * is reported as a missing injector.
 */
class MultiInjectorTest {
  private static final int INJECTORS = 3;

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void threeInjectorsMergeIntoTheNumbersOfOne() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withCapacity("tiny_llm", Capacity.of(64, Duration.ofMillis(1)))
            // Distinct latencies: a first token after 2..12 ms, then 3 more 1 ms apart.
            .withLlm(
                LlmSettings.defaults()
                    .withTokens(4)
                    .withTtft(ServiceTime.parse("uniform(2ms,12ms)"))
                    .withTokenGap(ServiceTime.parse("1ms")));
    String runId = "it-" + System.currentTimeMillis();
    Path barrier = Files.createDirectories(dir.resolve("barrier"));
    try (InferenceServer server = InferenceServer.start(config)) {
      List<Process> processes = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < INJECTORS; i++) {
        Path log = dir.resolve("injector-" + i + ".log");
        logs.add(log);
        processes.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED",
                    "-Xmx192m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Dit.rest.url=" + server.restBaseUrl(),
                    "-D" + GatlingRun.SUMMARY + "=" + summary(i),
                    "-Dit.latencies=" + dir.resolve("latencies-" + i + ".txt"),
                    "-Dit.barrier=" + barrier,
                    "-Dgatling.ml.runId=" + runId,
                    "-Dgatling.ml.injectorIndex=" + i,
                    "-Dgatling.ml.injectorCount=" + INJECTORS,
                    "io.gatling.app.Gatling",
                    "-s",
                    MultiInjectorSimulation.class.getName(),
                    "-rf",
                    dir.resolve("results-" + i).toString(),
                    "-nr")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
      }
      try {
        for (int i = 0; i < INJECTORS; i++) {
          assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS))
              .as("injector %d ends", i)
              .isTrue();
          assertThat(processes.get(i).exitValue())
              .as("injector %d's exit code\n%s", i, Files.readString(logs.get(i)))
              .isZero();
        }
      } finally {
        processes.forEach(Process::destroyForcibly);
      }
      long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      List<RunSummary> parts = new ArrayList<>();
      for (int i = 0; i < INJECTORS; i++) {
        parts.add(SummaryReader.read(summary(i)));
      }
      // One histogram fed with every request's latency as each injector recorded it itself.
      Histogram all = new Histogram(3);
      Histogram outer = new Histogram(3);
      long lines = 0;
      for (int i = 0; i < INJECTORS; i++) {
        for (String line : Files.readAllLines(dir.resolve("latencies-" + i + ".txt"))) {
          String[] nanos = line.split(" ");
          long plugin = Long.parseLong(nanos[0]);
          long around = Long.parseLong(nanos[1]);
          assertThat(around).as("the action's own time encloses the latency").isGreaterThan(plugin);
          all.recordValue(TimeUnit.NANOSECONDS.toMicros(plugin));
          outer.recordValue(TimeUnit.NANOSECONDS.toMicros(around));
          lines++;
        }
      }

      assertThat(MergeCheck.check(parts)).as("problems of the whole run").isEmpty();
      RunSummary merged = RunSummary.merge(parts);
      RunSummary.RequestSummary m = merged.requests().get(MultiInjectorSimulation.NAME);
      long sum =
          parts.stream()
              .mapToLong(p -> p.requests().get(MultiInjectorSimulation.NAME).count())
              .sum();
      long served = server.engine().find("tiny_llm", "").stats().success().count();
      int total = MultiInjectorSimulation.USERS * MultiInjectorSimulation.REPEAT;

      assertThat(parts)
          .extracting(p -> p.requests().get(MultiInjectorSimulation.NAME).count())
          .as(
              "shares of %d users x %d",
              MultiInjectorSimulation.USERS, MultiInjectorSimulation.REPEAT)
          .containsExactly(7L * 6, 7L * 6, 6L * 6);
      assertThat(m.count()).isEqualTo(sum).isEqualTo(served).isEqualTo(total);
      assertThat(m.ok()).isEqualTo(total).isEqualTo(lines);
      assertThat(merged.runId()).isEqualTo(runId);
      assertThat(merged.distribution()).isEqualTo(new RunSummary.Distribution(null, INJECTORS));
      assertThat(m.latencyUs().p50()).isEqualTo(all.getValueAtPercentile(50));
      assertThat(m.latencyUs().p99()).isEqualTo(all.getValueAtPercentile(99));
      assertThat(m.latencyUs().max()).isEqualTo(all.getMaxValue());
      assertThat(m.latencyUs().min()).isEqualTo(all.getMinValue());

      // Leaving injector 1 out: reported, whatever the merge itself would accept.
      List<MergeCheck.Problem> problems = MergeCheck.check(List.of(parts.get(0), parts.get(2)));
      assertThat(problems)
          .extracting(MergeCheck.Problem::kind)
          .containsExactly(MergeCheck.Kind.MISSING_INJECTOR);
      assertThat(problems.get(0).message()).contains("missing injector [1] of 3");

      long startSpread =
          parts.stream().mapToLong(RunSummary::startEpochMs).max().orElseThrow()
              - parts.stream().mapToLong(RunSummary::startEpochMs).min().orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "multi-injector: %d requests (%s), wall %d ms, start spread %d ms, merged p50 %d us,"
              + " p99 %d us (independent %d, %d); around the action p50 %d us, p99 %d us%n",
          m.count(),
          parts.stream()
              .map(p -> Long.toString(p.requests().get(MultiInjectorSimulation.NAME).count()))
              .toList(),
          wallMs,
          startSpread,
          m.latencyUs().p50(),
          m.latencyUs().p99(),
          all.getValueAtPercentile(50),
          all.getValueAtPercentile(99),
          outer.getValueAtPercentile(50),
          outer.getValueAtPercentile(99));
    }
  }

  private Path summary(int i) {
    return dir.resolve("multi-" + i).resolve("ml-summary.json");
  }
}
