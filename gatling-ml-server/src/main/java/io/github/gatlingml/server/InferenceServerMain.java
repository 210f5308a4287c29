/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.TinyLlmModel;
import java.io.PrintStream;
import java.util.Arrays;
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
          "  --llm-tokens N           tokens tiny_llm generates unless max_tokens caps it (default 16)",
          "  --llm-tokens-per-chunk N tokens per streamed chunk of tiny_llm (default 1)",
          "  --llm-ttft DIST          tiny_llm time from getting a slot to its first chunk",
          "                           (default normal(50ms,5ms)); same forms as --service-time",
          "  --llm-token-gap DIST     tiny_llm time between two tokens (default normal(10ms,2ms));",
          "                           a chunk of k tokens follows the previous one after k gaps.",
          "                           tiny_llm holds one of its slots for its whole generation",
          "  --max-request-bytes N    largest request body or gRPC message (default 67108864)",
          "  --seed N                 seed of the service-time samplers (default 42)",
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
        default:
          throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    config = config.withPorts(http, grpc, metrics).withDefaultCapacity(defaults);
    for (java.util.Map.Entry<String, String> m : perModel.entrySet()) {
      config = config.withCapacity(m.getKey(), modelCapacity(m.getKey(), m.getValue(), defaults));
    }
    config.capacities(); // validates that every per-model capacity names a served model
    return config;
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
