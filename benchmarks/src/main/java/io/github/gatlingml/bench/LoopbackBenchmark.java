/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.gatlingml.javaapi.InferTransport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Side-by-side loopback benchmark of gatling-ml against Gatling's {@code http()} (REST JSON) and a
 * plain grpc-java client (gRPC), plus large-tensor transports. The server runs in its own JVM;
 * contenders run one after another in this JVM, in alternating order over several rounds, and are
 * compared by the medians of their rounds and of their per-round ratios. Writes the tables into
 * BENCHMARKS.md between the GENERATED markers.
 *
 * <p>System properties: {@code bench.rounds} (5), {@code bench.seconds} (8, measured window),
 * {@code bench.warm} (2, seconds of load before the window), {@code bench.users} (32), {@code
 * bench.largeUsers} (8), {@code bench.slots} (64), {@code bench.serviceTime} (0us), {@code
 * bench.profileSeconds} (8; 0 = no JFR pass), {@code bench.out} (BENCHMARKS.md), {@code
 * bench.cases} (comma list of case ids; default all, {@code wrk} only when it is on the PATH),
 * {@code bench.plainDeadline} (0: the directExecutor plain grpc-java client sets no deadline per
 * call; seconds otherwise), {@code bench.wrkThreads} (2).
 */
public final class LoopbackBenchmark {
  enum Kind {
    ML,
    HTTP,
    PLAIN_GRPC,
    PLAIN_GRPC_DEFAULT,
    WRK,
    FLOOR
  }

  /**
   * @param grpcChannels gatling-ml's gRPC channels per event loop, 0 for the plugin's default
   */
  record Case(
      String id,
      String label,
      Kind kind,
      String model,
      InferTransport transport,
      boolean large,
      int grpcChannels) {
    Case(
        String id, String label, Kind kind, String model, InferTransport transport, boolean large) {
      this(id, label, kind, model, transport, large, 0);
    }
  }

  /**
   * @param injectorSyscalls read- and write-class system calls of the injector process in the
   *     window ({@code syscr + syscw} of /proc/PID/io; -1 when unknown): less sensitive to other
   *     load on the machine than CPU time, it shows how many requests each read or write carries
   */
  record Result(
      long ok,
      long ko,
      double seconds,
      long injectorCpuNs,
      long serverCpuNs,
      long injectorSyscalls) {
    double rps() {
      return ok / seconds;
    }

    double syscallsPerReq() {
      return ok == 0 || injectorSyscalls < 0 ? Double.NaN : (double) injectorSyscalls / ok;
    }

    double injectorCpuUsPerReq() {
      return ok == 0 ? Double.NaN : injectorCpuNs / 1000.0 / ok;
    }

    double serverCpuUsPerReq() {
      return ok == 0 || serverCpuNs < 0 ? Double.NaN : serverCpuNs / 1000.0 / ok;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "ml-rest-json",
              "gatling-ml REST JSON, add_sub",
              Kind.ML,
              Payloads.ADD_SUB,
              InferTransport.REST_JSON,
              false),
          new Case(
              "gatling-http",
              "Gatling http(), add_sub (same JSON body)",
              Kind.HTTP,
              Payloads.ADD_SUB,
              InferTransport.REST_JSON,
              false),
          new Case(
              "ml-grpc",
              "gatling-ml gRPC raw, add_sub",
              Kind.ML,
              Payloads.ADD_SUB,
              InferTransport.GRPC,
              false),
          new Case(
              "ml-grpc-1ch",
              "gatling-ml gRPC raw, add_sub, 1 channel per event loop (the default is 2)",
              Kind.ML,
              Payloads.ADD_SUB,
              InferTransport.GRPC,
              false,
              1),
          new Case(
              "ml-grpc-typed",
              "gatling-ml gRPC typed, add_sub",
              Kind.ML,
              Payloads.ADD_SUB,
              InferTransport.GRPC_TYPED,
              false),
          new Case(
              "plain-grpc",
              "plain grpc-java, directExecutor, 1 channel, no deadline, add_sub (raw)",
              Kind.PLAIN_GRPC,
              Payloads.ADD_SUB,
              InferTransport.GRPC,
              false),
          new Case(
              "plain-grpc-default",
              "plain grpc-java, default executor, 60 s deadline, add_sub (raw)",
              Kind.PLAIN_GRPC_DEFAULT,
              Payloads.ADD_SUB,
              InferTransport.GRPC,
              false),
          new Case(
              "wrk",
              "wrk, add_sub (same JSON body)",
              Kind.WRK,
              Payloads.ADD_SUB,
              InferTransport.REST_JSON,
              false),
          new Case(
              "gatling-floor",
              "Gatling's floor: an action that only logs an OK response after an event-loop hop",
              Kind.FLOOR,
              Payloads.ADD_SUB,
              InferTransport.GRPC,
              false),
          new Case(
              "large-grpc",
              "gatling-ml gRPC raw, identity FP32[1,3,224,224]",
              Kind.ML,
              Payloads.IDENTITY,
              InferTransport.GRPC,
              true),
          new Case(
              "large-grpc-1ch",
              "gatling-ml gRPC raw, identity FP32[1,3,224,224], 1 channel per event loop",
              Kind.ML,
              Payloads.IDENTITY,
              InferTransport.GRPC,
              true,
              1),
          new Case(
              "large-rest-binary",
              "gatling-ml REST binary, identity FP32[1,3,224,224]",
              Kind.ML,
              Payloads.IDENTITY,
              InferTransport.REST_BINARY,
              true),
          new Case(
              "large-rest-json",
              "gatling-ml REST JSON, identity FP32[1,3,224,224]",
              Kind.ML,
              Payloads.IDENTITY,
              InferTransport.REST_JSON,
              true));

  private final int rounds = Integer.getInteger("bench.rounds", 5);
  private final int seconds = Integer.getInteger("bench.seconds", 8);
  private final int warm = Integer.getInteger("bench.warm", 2);
  private final int users = Integer.getInteger("bench.users", 32);
  private final int largeUsers = Integer.getInteger("bench.largeUsers", 8);
  private final int slots = Integer.getInteger("bench.slots", 64);
  private final String serviceTime = System.getProperty("bench.serviceTime", "0us");
  private final int profileSeconds = Integer.getInteger("bench.profileSeconds", 8);
  private final int plainDeadline = Integer.getInteger("bench.plainDeadline", 0);
  private final int wrkThreads = Integer.getInteger("bench.wrkThreads", 2);
  private final Path out = Path.of(System.getProperty("bench.out", "BENCHMARKS.md"));
  private final Path work = Path.of(System.getProperty("bench.work", "benchmarks/target/bench"));
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private ServerProcess server;
  private int runNo;

  public static void main(String[] args) throws Exception {
    new LoopbackBenchmark().run();
    System.exit(0); // Gatling and grpc leave non-daemon threads behind
  }

  private void run() throws Exception {
    Files.createDirectories(work);
    List<Case> cases = selected();
    Map<String, List<Result>> results = new LinkedHashMap<>();
    cases.forEach(c -> results.put(c.id(), new ArrayList<>()));
    Map<String, JfrProfile.Summary> profiles = new LinkedHashMap<>();
    Instant started = Instant.now();
    try (ServerProcess s = new ServerProcess(slots, serviceTime)) {
      server = s;
      log("warm-up round (not recorded)");
      for (Case c : cases) {
        measure(c, 1, Math.max(2, seconds / 2), null);
      }
      for (int r = 0; r < rounds; r++) {
        List<Case> order = new ArrayList<>(cases);
        if (r % 2 == 1) {
          Collections.reverse(order);
        }
        for (Case c : order) {
          Result res = measure(c, warm, seconds, null);
          results.get(c.id()).add(res);
          log(
              String.format(
                  Locale.ROOT,
                  "round %d %-18s %9.0f req/s  injector %7.1f us/req  server %7.1f us/req"
                      + "  syscalls %5.2f /req  ko %d",
                  r + 1,
                  c.id(),
                  res.rps(),
                  res.injectorCpuUsPerReq(),
                  res.serverCpuUsPerReq(),
                  res.syscallsPerReq(),
                  res.ko()));
        }
      }
      if (profileSeconds > 0) {
        for (Case c : cases) {
          Path jfr = work.resolve("profile-" + c.id() + ".jfr");
          JfrProfile[] holder = new JfrProfile[1];
          measure(c, warm, profileSeconds, holder);
          profiles.put(c.id(), holder[0].stop(jfr));
          log("profiled " + c.id() + " -> " + jfr);
        }
      }
    }
    String md = report(cases, results, profiles, started);
    System.out.println(md);
    writeGenerated(md);
  }

  private List<Case> selected() {
    String only = System.getProperty("bench.cases", "").trim();
    if (only.isEmpty()) {
      return CASES.stream().filter(c -> c.kind() != Kind.WRK || wrkInstalled()).toList();
    }
    List<String> ids = Arrays.asList(only.split("\\s*,\\s*"));
    return CASES.stream().filter(c -> ids.contains(c.id())).toList();
  }

  private int usersOf(Case c) {
    return c.large() ? largeUsers : users;
  }

  /**
   * Starts the contender, waits until the server has answered it, lets it run {@code warmSec}, then
   * measures a window of {@code windowSec}: server-side successes, this JVM's CPU time and the
   * server JVM's CPU time. A JFR recording covers the window when {@code profile} is given.
   */
  private Result measure(Case c, int warmSec, int windowSec, JfrProfile[] profile)
      throws Exception {
    int n = usersOf(c);
    int total = warmSec + windowSec + 4; // slack for start-up detection
    long[] base = counts(c);
    long[] runnerEnd = {Long.MAX_VALUE};
    Throwable[] failure = new Throwable[1];
    AtomicReference<Process> wrk = new AtomicReference<>();
    int run = ++runNo;
    Thread runner =
        new Thread(
            () -> {
              try {
                if (c.kind() == Kind.PLAIN_GRPC) {
                  new PlainGrpcClient(
                          server.grpcTarget(), PlainGrpcClient.Mode.DIRECT, plainDeadline)
                      .run(n, total);
                } else if (c.kind() == Kind.PLAIN_GRPC_DEFAULT) {
                  new PlainGrpcClient(server.grpcTarget()).run(n, total);
                } else if (c.kind() == Kind.WRK) {
                  runWrk(n, total, run, wrk);
                } else {
                  System.setProperty("bench.rest.url", server.restUrl());
                  System.setProperty("bench.grpc.target", server.grpcTarget());
                  System.setProperty("bench.model", c.model());
                  System.setProperty("bench.transport", c.transport().name());
                  System.setProperty("bench.users", String.valueOf(n));
                  System.setProperty("bench.grpcChannels", String.valueOf(c.grpcChannels()));
                  System.setProperty("bench.maxSeconds", String.valueOf(total));
                  System.setProperty(
                      "bench.summary",
                      work.resolve("ml-summary-" + run + "-" + c.id() + ".json").toString());
                  String cls =
                      switch (c.kind()) {
                        case HTTP -> HttpBenchSimulation.class.getName();
                        case FLOOR -> FloorSimulation.class.getName();
                        default -> MlBenchSimulation.class.getName();
                      };
                  GatlingRuns.run(
                      new String[] {"-s", cls, "-rf", work.resolve("gatling").toString(), "-nr"});
                }
              } catch (Throwable t) {
                failure[0] = t;
              } finally {
                runnerEnd[0] = System.nanoTime();
              }
            },
            "bench-runner");
    runner.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (counts(c)[0] - base[0] < n) {
      if (System.nanoTime() > deadline || !runner.isAlive()) {
        runner.join();
        throw new IllegalStateException(c.id() + ": no responses from the server", failure[0]);
      }
      Thread.sleep(20);
    }
    Thread.sleep(warmSec * 1000L);
    if (profile != null) {
      profile[0] = new JfrProfile();
    }
    long[] a = counts(c);
    long pid = c.kind() == Kind.WRK ? wrk.get().pid() : ProcessHandle.current().pid();
    long ioA = procSyscalls(pid);
    long cpuA = c.kind() == Kind.WRK ? procCpuNanos(wrk.get().pid()) : os.getProcessCpuTime();
    long srvA = server.cpuNanos();
    long tA = System.nanoTime();
    Thread.sleep(windowSec * 1000L);
    long[] b = counts(c);
    long cpuB = c.kind() == Kind.WRK ? procCpuNanos(wrk.get().pid()) : os.getProcessCpuTime();
    long ioB = procSyscalls(pid);
    long srvB = server.cpuNanos();
    long tB = System.nanoTime();
    runner.join();
    if (failure[0] != null) {
      throw new IllegalStateException(c.id() + " failed", failure[0]);
    }
    if (runnerEnd[0] < tB) {
      throw new IllegalStateException(
          c.id() + ": the load stopped before the end of the window; raise the slack");
    }
    System.gc(); // start the next contender from a similar heap
    return new Result(
        b[0] - a[0],
        b[1] - a[1],
        (tB - tA) / 1e9,
        cpuB - cpuA,
        srvA < 0 ? -1 : srvB - srvA,
        ioA < 0 || ioB < 0 ? -1 : ioB - ioA);
  }

  /** Requests answered so far (OK, KO): the server's count, or the floor's own for the floor. */
  private long[] counts(Case c) throws Exception {
    return c.kind() == Kind.FLOOR
        ? new long[] {FloorSimulation.LOGGED.sum(), 0}
        : server.counts(c.model());
  }

  /**
   * Runs wrk ({@code bench.wrkThreads} threads, {@code n} connections, so {@code n} requests in
   * flight) posting the byte-identical add_sub JSON body with the same headers as the other REST
   * contenders, for {@code seconds}. Its process is left in {@code holder} so that its own CPU time
   * can be read from /proc.
   */
  private void runWrk(int n, int seconds, int run, AtomicReference<Process> holder)
      throws Exception {
    byte[] body =
        io.github.gatlingml.internal.transport.rest.KServeRestCodec.encode(
                Payloads.addSubPayload(), false)
            .bytes();
    Path bodyFile = work.resolve("wrk-body.json").toAbsolutePath();
    Files.write(bodyFile, body);
    Path script = work.resolve("wrk-post.lua").toAbsolutePath();
    Files.writeString(
        script,
        "local f = io.open(\""
            + bodyFile
            + "\", \"rb\")\nwrk.method = \"POST\"\nwrk.body = f:read(\"*a\")\nf:close()\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.headers[\"Accept\"] = \"application/json\"\n",
        StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t" + Math.min(wrkThreads, n),
                "-c" + n,
                "-d" + seconds + "s",
                "--timeout",
                "60s",
                "-s",
                script.toString(),
                server.restUrl() + "/v2/models/" + Payloads.ADD_SUB + "/infer")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("wrk-" + run + ".txt").toFile())
            .start();
    holder.set(p);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk exited with " + p.exitValue());
    }
  }

  private static boolean wrkInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "wrk"))) {
        return true;
      }
    }
    return false;
  }

  /** Read- and write-class system calls of process {@code pid} so far (/proc/PID/io), or -1. */
  static long procSyscalls(long pid) {
    try {
      long n = 0;
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
        if (l.startsWith("syscr:") || l.startsWith("syscw:")) {
          n += Long.parseLong(l.substring(6).trim());
        }
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU time (user + system, all threads) of process {@code pid} so far, from /proc. */
  static long procCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ = 100
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  // ------------------------------------------------------------------ report

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private String report(
      List<Case> cases,
      Map<String, List<Result>> results,
      Map<String, JfrProfile.Summary> profiles,
      Instant started) {
    StringBuilder md = new StringBuilder();
    md.append("### Run of ").append(started).append("\n\n");
    md.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), ")
        .append(cpuModel())
        .append(", Java ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(", ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append(".\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Settings: %d rounds x %d s measured (after %d s of load) per contender, alternating order, one unrecorded warm-up round; "
                + "%d closed-loop users (large tensor: %d); server in its own JVM with %d slots, service time %s.%n%n",
            rounds,
            seconds,
            warm,
            users,
            largeUsers,
            slots,
            serviceTime));

    md.append("#### Per-round throughput (req/s, server-counted successes)\n\n| case | ");
    for (int r = 1; r <= rounds; r++) {
      md.append("r").append(r).append(" | ");
    }
    md.append(
        "**median req/s** | median injector CPU us/req | median server CPU us/req | median injector syscalls/req | KO |\n|---|");
    md.append("---:|".repeat(rounds)).append("---:|---:|---:|---:|---:|\n");
    for (Case c : cases) {
      List<Result> rs = results.get(c.id());
      md.append("| ").append(c.label()).append(" | ");
      for (Result r : rs) {
        md.append(String.format(Locale.ROOT, "%.0f | ", r.rps()));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "**%.0f** | %.1f | %.1f | %.2f | %d |%n",
              median(rs.stream().map(Result::rps).toList()),
              median(rs.stream().map(Result::injectorCpuUsPerReq).toList()),
              median(rs.stream().map(Result::serverCpuUsPerReq).toList()),
              median(rs.stream().map(Result::syscallsPerReq).toList()),
              rs.stream().mapToLong(Result::ko).sum()));
    }
    md.append(
        "\n#### Ratios (median of the per-round ratios; each round runs both contenders back to back)\n\n");
    md.append(
        "| comparison | per round | **median ratio** | injector CPU us/req (contender vs baseline) | CPU/req ratio (median per round) | target | met? |\n|---|---|---:|---|---:|---:|---|\n");
    ratio(
        md,
        results,
        "ml-rest-json",
        "gatling-http",
        "throughput gatling-ml REST JSON / Gatling http()",
        1.3);
    ratio(
        md,
        results,
        "ml-grpc",
        "plain-grpc",
        "throughput gatling-ml gRPC raw / plain grpc-java (directExecutor)",
        1.0);
    ratio(
        md,
        results,
        "ml-grpc",
        "ml-grpc-1ch",
        "gatling-ml gRPC raw: 2 channels per event loop (default) / 1",
        Double.NaN);
    ratio(
        md,
        results,
        "large-grpc",
        "large-grpc-1ch",
        "large tensor gRPC raw: 2 channels per event loop (default) / 1",
        Double.NaN);
    ratio(
        md,
        results,
        "ml-grpc-typed",
        "plain-grpc",
        "throughput gatling-ml gRPC typed / plain grpc-java (directExecutor)",
        Double.NaN);
    ratio(
        md,
        results,
        "ml-grpc",
        "plain-grpc-default",
        "throughput gatling-ml gRPC raw / plain grpc-java (default executor)",
        Double.NaN);
    ratio(
        md,
        results,
        "plain-grpc",
        "plain-grpc-default",
        "throughput plain grpc-java directExecutor / default executor",
        Double.NaN);
    ratio(md, results, "ml-rest-json", "wrk", "fraction of wrk: gatling-ml REST JSON", Double.NaN);
    ratio(md, results, "gatling-http", "wrk", "fraction of wrk: Gatling http()", Double.NaN);
    ratio(
        md,
        results,
        "ml-grpc",
        "gatling-floor",
        "gatling-ml gRPC raw / Gatling's floor (no request sent)",
        Double.NaN);
    ratio(
        md,
        results,
        "ml-rest-json",
        "gatling-floor",
        "gatling-ml REST JSON / Gatling's floor (no request sent)",
        Double.NaN);
    ratio(
        md,
        results,
        "large-grpc",
        "large-rest-json",
        "large tensor: gRPC raw / REST JSON",
        Double.NaN);
    ratio(
        md,
        results,
        "large-rest-binary",
        "large-rest-json",
        "large tensor: REST binary / REST JSON",
        Double.NaN);

    md.append(
        "\n#### Large tensor throughput (602,112-byte FP32 tensor each way)\n\n| case | median req/s | median MB/s per direction (tensor bytes) |\n|---|---:|---:|\n");
    for (Case c : cases) {
      if (c.large()) {
        double rps = median(results.get(c.id()).stream().map(Result::rps).toList());
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f | %.1f |%n",
                c.label(),
                rps,
                rps * Payloads.LARGE_BYTES / 1e6));
      }
    }
    if (!profiles.isEmpty()) {
      md.append(
          "\n#### JFR profile of the benchmark JVM (injector only), one extra window per contender\n\n");
      for (Map.Entry<String, JfrProfile.Summary> e : profiles.entrySet()) {
        JfrProfile.Summary p = e.getValue();
        md.append("**")
            .append(e.getKey())
            .append("** (")
            .append(p.samples())
            .append(" samples)\n\n");
        md.append("- whose code (innermost frame of a known party): ")
            .append(percent(p.owners(), p.samples(), 10))
            .append("\n");
        md.append("- threads: ").append(percent(p.threads(), p.samples(), 6)).append("\n");
        md.append("- top frames (self): ").append(percent(p.self(), p.samples(), 10)).append("\n");
        md.append("- Gatling / gatling-ml methods on stack (inclusive): ")
            .append(percent(p.inclusive(), p.samples(), 10))
            .append("\n");
        if (!p.pluginThreads().isEmpty()) {
          md.append("- threads running gatling-ml code (samples): ")
              .append(p.pluginThreads())
              .append("\n");
        }
        md.append("\n");
      }
    }
    return md.toString();
  }

  static String percentOf(Map<String, Integer> m, int total, int limit) {
    return percent(m, total, limit);
  }

  static String cpuModelName() {
    return cpuModel();
  }

  private static String percent(Map<String, Integer> m, int total, int limit) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, Integer> e : m.entrySet()) {
      if (i++ >= limit) {
        break;
      }
      String n = e.getKey();
      n =
          n.replace("io.github.gatlingml.", "gml.")
              .replace("io.netty.", "netty.")
              .replace("io.gatling.", "gatling.");
      sb.append(i > 1 ? "; " : "")
          .append('`')
          .append(n)
          .append('`')
          .append(String.format(Locale.ROOT, " %.1f%%", 100.0 * e.getValue() / Math.max(1, total)));
    }
    return sb.toString();
  }

  private void ratio(
      StringBuilder md,
      Map<String, List<Result>> results,
      String a,
      String b,
      String label,
      double target) {
    List<Result> ra = results.get(a);
    List<Result> rb = results.get(b);
    if (ra == null || rb == null) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    StringBuilder per = new StringBuilder();
    for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
      double x = ra.get(i).rps() / rb.get(i).rps();
      ratios.add(x);
      cpuRatios.add(ra.get(i).injectorCpuUsPerReq() / rb.get(i).injectorCpuUsPerReq());
      per.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.2f", x));
    }
    double m = median(ratios);
    String met =
        Double.isNaN(target)
            ? "-"
            : m >= target
                ? "**yes**"
                : String.format(Locale.ROOT, "**no**, %.1f%% short", 100 * (target - m) / target);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | **%.2fx** | %.1f vs %.1f | %.2fx | %s | %s |%n",
            label,
            per,
            m,
            median(ra.stream().map(Result::injectorCpuUsPerReq).toList()),
            median(rb.stream().map(Result::injectorCpuUsPerReq).toList()),
            median(cpuRatios),
            Double.isNaN(target) ? "-" : String.format(Locale.ROOT, ">= %.1fx", target),
            met));
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  static final String BEGIN = "<!-- BEGIN GENERATED by LoopbackBenchmark: do not edit by hand -->";
  static final String END = "<!-- END GENERATED -->";

  private void writeGenerated(String md) throws IOException {
    String block = BEGIN + "\n\n" + md + "\n" + END;
    String text;
    if (Files.exists(out)) {
      text = Files.readString(out, StandardCharsets.UTF_8);
      int i = text.indexOf(BEGIN);
      int j = text.indexOf(END);
      text =
          i >= 0 && j > i
              ? text.substring(0, i) + block + text.substring(j + END.length())
              : text + "\n" + block + "\n";
    } else {
      text = "# Benchmarks\n\n" + block + "\n";
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
    log("wrote " + out.toAbsolutePath());
  }

  private static void log(String s) {
    System.out.println("[bench] " + s);
  }
}
