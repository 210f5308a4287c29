/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import io.gatling.app.Gatling$;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Runs one whole Gatling simulation inside the test's JVM. Simulations take no constructor
 * arguments, so targets and the summary path travel as system properties, set for the run and
 * cleared after it.
 */
final class GatlingRun {
  /** System property: where the simulation must write ml-summary.json. */
  static final String SUMMARY = "it.summary";

  private final Path resultsDir;
  private final Map<String, String> properties = new LinkedHashMap<>();

  GatlingRun(Path resultsDir) {
    this.resultsDir = resultsDir;
  }

  GatlingRun with(String key, Object value) {
    properties.put(key, String.valueOf(value));
    return this;
  }

  Path summaryFile() {
    return resultsDir.resolve("ml-summary.json");
  }

  /** Runs {@code simulation} and returns Gatling's exit code (0 ok, 2 assertion failed). */
  int run(Class<?> simulation) {
    properties.put(SUMMARY, summaryFile().toString());
    synchronized (GatlingRun.class) {
      properties.forEach(System::setProperty);
      try {
        return Gatling$.MODULE$.fromArgs(
            new String[] {"-s", simulation.getName(), "-rf", resultsDir.toString()});
      } finally {
        properties.keySet().forEach(System::clearProperty);
        restoreLogging();
      }
    }
  }

  /**
   * Gatling stops logback at the end of each run (its {@code flushLoggers}), which resets it: no
   * appender, root at DEBUG. The next run in this JVM would then print none of its warnings and
   * format every debug message (grpc-netty's HTTP/2 frame log) for nobody. Configured again from
   * logback-test.xml, as at start-up.
   */
  private static void restoreLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.reset();
      try {
        new ContextInitializer(ctx).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("cannot reconfigure logback: " + e, e);
      }
      ctx.start();
    }
  }

  /** The ml-summary.json the run wrote. */
  RunSummary summary() throws IOException {
    Path file = summaryFile();
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("the run wrote no " + file);
    }
    return SummaryReader.read(file);
  }

  static String property(String key) {
    String v = System.getProperty(key);
    if (v == null) {
      throw new IllegalStateException(
          "system property " + key + " is not set: run this simulation from its test");
    }
    return v;
  }
}
