/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded inference server in its own JVM, so the benchmark JVM's CPU time is the injector's
 * alone. Requests are counted server-side (Prometheus {@code /metrics}), which costs the contenders
 * nothing and counts every one of them the same way.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern PORT = Pattern.compile("(HTTP|gRPC|metrics) port (\\d+)");
  private final Process process;
  final int httpPort;
  final int grpcPort;
  final int metricsPort;

  ServerProcess(int slots, String serviceTime) throws IOException {
    this(slots, serviceTime, List.of());
  }

  /** As above, with further server flags (e.g. tiny_llm's timing) appended to the command. */
  ServerProcess(int slots, String serviceTime, List<String> extraArgs) throws IOException {
    this(slots, serviceTime, extraArgs, "");
  }

  /**
   * @param nice a niceness for the server process ({@code nice -n}), e.g. "-10", or "" to leave it;
   *     when not permitted, nice warns and the server runs at the normal priority
   */
  ServerProcess(int slots, String serviceTime, List<String> extraArgs, String nice)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.github.gatlingml.server.InferenceServerMain",
                "--http-port",
                "0",
                "--grpc-port",
                "0",
                "--metrics-port",
                "0",
                "--slots",
                String.valueOf(slots),
                "--service-time",
                serviceTime));
    String jvm = System.getProperty("bench.serverJvm", "");
    if (!jvm.isEmpty()) {
      cmd.addAll(1, List.of(jvm.split(" ")));
    }
    cmd.addAll(extraArgs);
    if (!nice.isEmpty()) {
      cmd.addAll(0, List.of("nice", "-n", nice));
    }
    String cpus = System.getProperty("bench.serverCpus", "");
    if (!cpus.isEmpty()) {
      cmd.addAll(0, List.of("taskset", "-c", cpus));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    int http = -1, grpc = -1, metrics = -1;
    String line;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((http < 0 || grpc < 0 || metrics < 0) && (line = out.readLine()) != null) {
      System.out.println("[server] " + line);
      Matcher m = PORT.matcher(line);
      if (m.find()) {
        int p = Integer.parseInt(m.group(2));
        switch (m.group(1)) {
          case "HTTP" -> http = p;
          case "gRPC" -> grpc = p;
          default -> metrics = p;
        }
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    if (http < 0 || grpc < 0 || metrics < 0) {
      process.destroyForcibly();
      throw new IOException("server did not print its ports");
    }
    httpPort = http;
    grpcPort = grpc;
    metricsPort = metrics;
    // Keep draining its output so it never blocks on a full pipe.
    Thread drain = new Thread(() -> drain(process.getInputStream()), "server-stdout");
    drain.setDaemon(true);
    drain.start();
  }

  private static void drain(InputStream in) {
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // process gone
    }
  }

  String restUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  private String scrape() throws IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            new URL("http://127.0.0.1:" + metricsPort + "/metrics").openConnection();
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The sum of the samples of metric {@code name} labelled with {@code model} (0 if absent). */
  double metric(String name, String model) throws IOException {
    double sum = 0;
    String prefix = name + "{model=\"" + model + "\"";
    for (String l : scrape().split("\n")) {
      if (l.startsWith(prefix)) {
        sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }

  /**
   * The cumulative bucket counts of the server's chunk-lateness histogram for {@code model}'s first
   * chunks or later ones, in the order of its {@code le} bounds (the last is +Inf).
   */
  long[] latenessBuckets(String model, boolean first) throws IOException {
    String prefix = "gatling_ml_chunk_lateness_us_bucket{model=\"" + model + "\"";
    String chunk = "chunk=\"" + (first ? "first" : "later") + "\"";
    List<Long> counts = new ArrayList<>();
    for (String l : scrape().split("\n")) {
      if (l.startsWith(prefix) && l.contains(chunk)) {
        counts.add(value(l));
      }
    }
    return counts.stream().mapToLong(Long::longValue).toArray();
  }

  /** Successful and failed inference requests of {@code model} so far: {ok, failed}. */
  long[] counts(String model) throws IOException {
    String text = scrape();
    long ok = 0, ko = 0;
    String tag = "{model=\"" + model + "\"";
    for (String l : text.split("\n")) {
      if (l.startsWith("nv_inference_request_success" + tag)) {
        ok += value(l);
      } else if (l.startsWith("nv_inference_request_failure" + tag)) {
        ko += value(l);
      }
    }
    return new long[] {ok, ko};
  }

  private static long value(String line) {
    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
  }

  /** CPU time of the server process so far, in nanoseconds (Linux /proc; -1 elsewhere). */
  long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(0) ... utime is field 14 overall => index 11 here, stime 12
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
