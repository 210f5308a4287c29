/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** A JFR execution-sample recording of the benchmark JVM, summarized as hot frames. */
final class JfrProfile {
  private final Recording recording = new Recording();

  JfrProfile() {
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
    recording.start();
  }

  /** Stops, dumps to {@code file} and summarizes. */
  Summary stop(Path file) throws IOException {
    recording.stop();
    recording.dump(file);
    recording.close();
    return summarize(file);
  }

  /**
   * Prints the owner and thread split of JFR recordings (execution samples), one line per file: for
   * recordings made outside {@link LoopbackBenchmark}, e.g. with {@code -XX:StartFlightRecording}.
   */
  public static void main(String[] args) throws IOException {
    for (String a : args) {
      Summary s = summarize(Path.of(a));
      System.out.println(a + " (" + s.samples() + " samples)");
      System.out.println(
          "  whose code: " + LoopbackBenchmark.percentOf(s.owners(), s.samples(), 10));
      System.out.println(
          "  threads:    " + LoopbackBenchmark.percentOf(s.threads(), s.samples(), 6));
      System.out.println("  self:       " + LoopbackBenchmark.percentOf(s.self(), s.samples(), 12));
      System.out.println(
          "  inclusive:  " + LoopbackBenchmark.percentOf(s.inclusive(), s.samples(), 12));
    }
  }

  /** Summarizes the execution samples of a recording. */
  static Summary summarize(Path file) throws IOException {
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> pluginThreads = new HashMap<>();
    Map<String, Integer> owners = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : events) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      self.merge(name(frames.get(0)), 1, Integer::sum);
      owners.merge(owner(frames), 1, Integer::sum);
      String t =
          e.getThread("sampledThread") == null ? null : e.getThread("sampledThread").getJavaName();
      threads.merge(t == null ? "?" : t.replaceAll("\\d+", "N"), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      boolean plugin = false;
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.startsWith("io.github.gatlingml.")
            && !n.startsWith("io.github.gatlingml.bench.")
            && !n.startsWith("io.github.gatlingml.proto.")) {
          plugin = true;
        }
        if ((n.startsWith("io.github.gatlingml.") || n.startsWith("io.gatling.")) && seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
      }
      if (plugin) {
        String thread =
            e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
        pluginThreads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
      }
    }
    return new Summary(
        total,
        top(self, 15),
        top(inclusive, 15),
        top(pluginThreads, 10),
        top(owners, 10),
        top(threads, 6));
  }

  /**
   * Whose code a sample is in: the innermost frame that belongs to a known party, library frames
   * (JDK, Scala collections, HdrHistogram, Jackson) counting for the code that called them. Logging
   * anywhere on the stack counts as logging, whoever called it.
   */
  static String owner(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String n = f.getMethod().getType().getName();
      if (n.startsWith("org.slf4j.") || n.startsWith("ch.qos.logback.")) {
        return "logging (slf4j/logback)";
      }
    }
    for (RecordedFrame f : frames) {
      String n = f.getMethod().getType().getName();
      if (n.startsWith("io.github.gatlingml.proto.") || n.startsWith("com.google.protobuf.")) {
        return "protobuf";
      }
      if (n.startsWith("io.github.gatlingml.bench.")) {
        return "benchmark's own client code";
      }
      if (n.startsWith("io.github.gatlingml.")) {
        return "gatling-ml";
      }
      if (n.startsWith("io.gatling.")) {
        return "Gatling";
      }
      if (n.startsWith("io.grpc.")) {
        return "grpc-java";
      }
      if (n.startsWith("io.netty.")) {
        return "Netty";
      }
    }
    return "JDK / other";
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static Map<String, Integer> top(Map<String, Integer> m, int n) {
    Map<String, Integer> out = new LinkedHashMap<>();
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * @param samples execution samples in the window
   * @param self top frames (where the CPU was)
   * @param inclusive Gatling and gatling-ml methods on the stack
   * @param pluginThreads threads of the samples running gatling-ml code (digits shown as N)
   * @param owners samples by whose code they are in (see {@link #owner})
   * @param threads samples by thread (digits shown as N)
   */
  record Summary(
      int samples,
      Map<String, Integer> self,
      Map<String, Integer> inclusive,
      Map<String, Integer> pluginThreads,
      Map<String, Integer> owners,
      Map<String, Integer> threads) {}
}
