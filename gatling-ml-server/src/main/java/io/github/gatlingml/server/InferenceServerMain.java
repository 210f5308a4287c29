/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.TinyLlmModel;
import io.github.gatlingml.server.tls.TlsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gatling-ml-server.jar [flags]}: runs the embedded server until stopped (Ctrl-C
 * or SIGTERM). Run with {@code --help} for the flags.
 */
public final class InferenceServerMain {
  private static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar gatling-ml-server.jar [flags]",
          "",
          "An embedded KServe v2 / Triton-compatible inference server with simulated models.",
          "",
          "Flags:",
          "  --host ADDR              address to bind (default 127.0.0.1; 0.0.0.0 for every interface)",
          "  --http-port N            REST port (default 8000; 0 = a free port; -1 = off)",
          "  --grpc-port N            gRPC port (default 8001; 0 = a free port; -1 = off)",
          "  --metrics-port N         Prometheus /metrics port (default 8002; 0 = a free port; -1 = off)",
          "  --models A,B             models to serve (default all: "
              + String.join(",", ServerConfig.KNOWN_MODELS.keySet())
              + ")",
          "  --slots N                execution slots per model (default 4)",
          "  --max-queue N            requests that may wait per model, 0 = no limit (default 0)",
          "  --service-time DIST      time of one execution (default 1ms); e.g. 20ms, normal(20ms,5ms),",
          "                           uniform(10ms,30ms), exponential(20ms), lognormal(20ms,5ms)",
          "  --model-capacity M:slots=N,queue=N,service=DIST",
          "                           capacity of one model (repeatable); omitted keys take the defaults above",
          "  --model-version M:V:slots=N,queue=N,service=DIST",
          "                           also serve version V of model M (repeatable; a model's own version",
          "                           is 1) with a capacity of its own; omitted keys take M's capacity.",
          "                           E.g. --model-version add_sub:2:service=13ms for a canary",
          "  --llm-tokens N           tokens tiny_llm generates unless max_tokens caps it (default 16)",
          "  --llm-tokens-per-chunk N tokens per streamed chunk of tiny_llm (default 1)",
          "  --llm-ttft DIST          tiny_llm time from getting a slot to its first chunk",
          "                           (default normal(50ms,5ms)); same forms as --service-time",
          "  --llm-token-gap DIST     tiny_llm time between two tokens (default normal(10ms,2ms));",
          "                           a chunk of k tokens follows the previous one after k gaps.",
          "                           tiny_llm holds one of its slots for its whole generation",
          "  --max-request-bytes N    largest request body or gRPC message (default 67108864)",
          "  --seed N                 seed of the service-time samplers (default 42)",
          "",
          "TLS (REST, its SSE streams and gRPC; the metrics port stays plain HTTP):",
          "  --tls-cert FILE          PEM certificate chain, the server's certificate first",
          "  --tls-key FILE           its PEM private key, unencrypted (PKCS#8, or PKCS#1/SEC1)",
          "  --tls-client-ca FILE     PEM CA certificate(s): clients must present a certificate",
          "                           signed by one (mutual TLS)",
          "  --tls-self-signed        generate a CA and a certificate for 127.0.0.1 and localhost",
          "                           (and --host) at start; prints the CA's PEM file to trust",
          "",
          "Protection against slow or hostile clients:",
          "  --idle-timeout DUR       close a connection idle this long (default 60s; 0 = never);",
          "                           gRPC: max connection idle",
          "  --request-timeout DUR    close a REST connection whose request has not fully arrived",
          "                           this long after its first byte (default 30s; 0 = never)",
          "  --max-connections N      connections per listener; more are closed at once",
          "                           (default 10000; 0 = no cap)",
          "  --max-stream-buffer-bytes N",
          "                           bytes that may wait for a streaming client that does not read",
          "                           (SSE, gRPC); past it the stream is dropped (default 1048576)",
          "  --help                   this text");

  private InferenceServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServerConfig config;
    try {
      config = parse(args);
    } catch (HelpRequested h) {
      System.out.println(USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("Run with --help for the flags.");
      System.exit(2);
      return;
    }
    InferenceServer server;
    try {
      server = InferenceServer.start(config);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "gatling-ml-server-shutdown"));
    describe(server, System.out);
    stopped.await();
  }

  static void describe(InferenceServer server, PrintStream out) {
    out.println("gatling-ml-server " + ServerInfo.VERSION + " ready");
    if (server.httpPort() >= 0) {
      out.println(
          "  REST (KServe v2)  " + server.restBaseUrl() + "   HTTP port " + server.httpPort());
    }
    if (server.grpcPort() >= 0) {
      out.println(
          "  gRPC              " + server.grpcTarget() + "   gRPC port " + server.grpcPort());
    }
    if (server.metricsPort() >= 0) {
      out.println(
          "  metrics           " + server.metricsUrl() + "   metrics port " + server.metricsPort());
    }
    server
        .config()
        .tls()
        .ifPresent(
            tls -> {
              out.println(
                  "  TLS               on REST and gRPC"
                      + (tls.mutualTls() ? ", client certificates required" : "")
                      + " (metrics plaintext)");
              tls.trustPem()
                  .ifPresent(
                      pem ->
                          out.println(
                              "  self-signed CA    "
                                  + pem
                                  + "   (clients trust this file, e.g. curl --cacert)"));
            });
    out.println("  limits            " + server.config().limits());
    server
        .config()
        .versions()
        .forEach(
            (model, versions) ->
                versions.forEach(
                    (v, c) ->
                        out.println(
                            "  model "
                                + model
                                + " version "
                                + v
                                + ": "
                                + c.slots()
                                + " slots, service time "
                                + c.serviceTime())));
    server
        .config()
        .capacities()
        .forEach(
            (model, c) ->
                out.println(
                    "  model "
                        + model
                        + ": "
                        + c.slots()
                        + " slots, queue "
                        + (c.maxQueue() == 0 ? "unbounded" : c.maxQueue())
                        + ", "
                        + (model.equals(TinyLlmModel.NAME)
                            ? server.config().llm()
                            : "service time " + c.serviceTime())));
    out.flush();
  }

  /** Parses the flags; throws IllegalArgumentException naming the bad flag. */
  static ServerConfig parse(String[] args) {
    ServerConfig config = ServerConfig.defaults();
    Capacity defaults = Capacity.defaults();
    int http = config.httpPort();
    int grpc = config.grpcPort();
    int metrics = config.metricsPort();
    java.util.Map<String, String> perModel = new java.util.LinkedHashMap<>();
    List<String[]> perVersion = new ArrayList<>();
    ConnectionLimits limits = config.limits();
    boolean selfSigned = false;
    Path tlsCert = null;
    Path tlsKey = null;
    Path tlsClientCa = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new HelpRequested();
      }
      if (flag.equals("--tls-self-signed")) {
        if (value != null) {
          throw new IllegalArgumentException("--tls-self-signed takes no value");
        }
        selfSigned = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag " + flag + " needs a value");
        }
        value = args[++i];
      }
      switch (flag) {
        case "--host":
          config = config.withHost(value);
          break;
        case "--http-port":
          http = port(flag, value);
          break;
        case "--grpc-port":
          grpc = port(flag, value);
          break;
        case "--metrics-port":
          metrics = port(flag, value);
          break;
        case "--models":
          config = config.withModels(Arrays.asList(value.split("\\s*,\\s*")));
          break;
        case "--slots":
          defaults = defaults.withSlots(positive(flag, value));
          break;
        case "--max-queue":
          defaults = defaults.withMaxQueue(nonNegative(flag, value));
          break;
        case "--service-time":
          defaults = defaults.withServiceTime(ServiceTime.parse(value));
          break;
        case "--model-capacity":
          {
            int colon = value.indexOf(':');
            if (colon <= 0) {
              throw new IllegalArgumentException(
                  "--model-capacity needs MODEL:slots=N,queue=N,service=DIST, got '" + value + "'");
            }
            perModel.put(value.substring(0, colon), value.substring(colon + 1));
            break;
          }
        case "--model-version":
          {
            String[] parts = value.split(":", 3);
            if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
              throw new IllegalArgumentException(
                  "--model-version needs MODEL:VERSION[:slots=N,queue=N,service=DIST], got '"
                      + value
                      + "'");
            }
            perVersion.add(new String[] {parts[0], parts[1], parts.length == 3 ? parts[2] : ""});
            break;
          }
        case "--llm-tokens":
          config = config.withLlm(config.llm().withTokens(positive(flag, value)));
          break;
        case "--llm-tokens-per-chunk":
          config = config.withLlm(config.llm().withTokensPerChunk(positive(flag, value)));
          break;
        case "--llm-ttft":
          config = config.withLlm(config.llm().withTtft(ServiceTime.parse(value)));
          break;
        case "--llm-token-gap":
          config = config.withLlm(config.llm().withTokenGap(ServiceTime.parse(value)));
          break;
        case "--max-request-bytes":
          config = config.withMaxRequestBytes(positive(flag, value));
          break;
        case "--seed":
          try {
            config = config.withSeed(Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs an integer, got '" + value + "'");
          }
          break;
        case "--tls-cert":
          tlsCert = readableFile(flag, value);
          break;
        case "--tls-key":
          tlsKey = readableFile(flag, value);
          break;
        case "--tls-client-ca":
          tlsClientCa = readableFile(flag, value);
          break;
        case "--idle-timeout":
          limits = limits.withIdleTimeout(duration(flag, value));
          break;
        case "--request-timeout":
          limits = limits.withRequestTimeout(duration(flag, value));
          break;
        case "--max-connections":
          limits = limits.withMaxConnections(nonNegative(flag, value));
          break;
        case "--max-stream-buffer-bytes":
          limits = limits.withMaxStreamBufferBytes(positive(flag, value));
          break;
        default:
          throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    config = config.withPorts(http, grpc, metrics).withDefaultCapacity(defaults).withLimits(limits);
    config = config.withTls(tls(config, selfSigned, tlsCert, tlsKey, tlsClientCa));
    for (java.util.Map.Entry<String, String> m : perModel.entrySet()) {
      config = config.withCapacity(m.getKey(), modelCapacity(m.getKey(), m.getValue(), defaults));
    }
    config.capacities(); // validates that every per-model capacity names a served model
    for (String[] v : perVersion) {
      Capacity own = config.capacities().getOrDefault(v[0], defaults);
      config =
          config.withModelVersion(
              v[0], v[1], v[2].isEmpty() ? own : modelCapacity(v[0] + ":" + v[1], v[2], own));
    }
    config.versions(); // validates that every version names a served model
    return config;
  }

  private static TlsConfig tls(
      ServerConfig config, boolean selfSigned, Path cert, Path key, Path clientCa) {
    if (selfSigned && (cert != null || key != null)) {
      throw new IllegalArgumentException(
          "--tls-self-signed generates the certificate: give it without --tls-cert/--tls-key");
    }
    if (!selfSigned && (cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "TLS needs both --tls-cert and --tls-key (got only "
              + (cert == null ? "--tls-key" : "--tls-cert")
              + ")");
    }
    TlsConfig tls;
    if (selfSigned) {
      List<String> hosts = new ArrayList<>(List.of("127.0.0.1", "localhost"));
      String host = config.host();
      if (!hosts.contains(host) && !host.equals("0.0.0.0") && !host.equals("::")) {
        hosts.add(host);
      }
      Path dir;
      try {
        dir = Files.createTempDirectory("gatling-ml-server-tls-");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--tls-self-signed cannot create a directory for its certificate: " + e, e);
      }
      tls = TlsConfig.selfSigned(dir, hosts.toArray(new String[0]));
      // Throw-away material: gone when the server stops (files first, then their directory).
      dir.toFile().deleteOnExit();
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        files.forEach(f -> f.toFile().deleteOnExit());
      } catch (IOException e) {
        // Left in the temporary directory.
      }
    } else if (cert != null) {
      tls = TlsConfig.fromPem(cert, key);
    } else if (clientCa != null) {
      throw new IllegalArgumentException(
          "--tls-client-ca needs TLS: give --tls-cert and --tls-key, or --tls-self-signed");
    } else {
      return null;
    }
    return clientCa == null ? tls : tls.withClientCa(clientCa);
  }

  private static Path readableFile(String flag, String value) {
    Path p = Path.of(value);
    if (!Files.isReadable(p) || Files.isDirectory(p)) {
      throw new IllegalArgumentException(flag + " needs a readable file, got '" + value + "'");
    }
    return p;
  }

  /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code 0} (= never). */
  private static Duration duration(String flag, String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m)?").matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          flag + " needs a duration such as 60s, 500ms or 2m (0 = never), got '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    if (unit == null) {
      if (n != 0) {
        throw new IllegalArgumentException(
            flag + " needs a unit (ms, s or m), got '" + value + "'");
      }
      return Duration.ZERO;
    }
    switch (unit) {
      case "ms":
        return Duration.ofMillis(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofSeconds(n);
    }
  }

  private static Capacity modelCapacity(String model, String spec, Capacity defaults) {
    Capacity c = defaults;
    // The service-time value may itself contain commas, e.g. normal(20ms,5ms).
    for (String part : spec.split(",(?![^()]*\\))")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--model-capacity " + model + ": expected key=value, got '" + part + "'");
      }
      String key = part.substring(0, eq).trim();
      String v = part.substring(eq + 1).trim();
      switch (key) {
        case "slots":
          c = c.withSlots(positive("slots", v));
          break;
        case "queue":
          c = c.withMaxQueue(nonNegative("queue", v));
          break;
        case "service":
          c = c.withServiceTime(ServiceTime.parse(v));
          break;
        default:
          throw new IllegalArgumentException(
              "--model-capacity "
                  + model
                  + ": unknown key '"
                  + key
                  + "'; use slots, queue or service");
      }
    }
    return c;
  }

  private static int port(String flag, String value) {
    int p = integer(flag, value);
    if (p < -1 || p > 65535) {
      throw new IllegalArgumentException(
          flag + " must be a port 0..65535 (or -1 = off), got " + value);
    }
    return p;
  }

  private static int positive(String flag, String value) {
    int n = integer(flag, value);
    if (n < 1) {
      throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
    }
    return n;
  }

  private static int nonNegative(String flag, String value) {
    int n = integer(flag, value);
    if (n < 0) {
      throw new IllegalArgumentException(flag + " must be 0 or more, got " + value);
    }
    return n;
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs an integer, got '" + value + "'");
    }
  }

  private static final class HelpRequested extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
  }
}
