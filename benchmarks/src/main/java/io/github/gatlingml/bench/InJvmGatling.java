/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import java.nio.file.Path;

/**
 * A Gatling run inside the benchmark JVM, on a thread of its own, so the benchmark can sample the
 * JVM (heap, CPU) and the server while it runs.
 */
final class InJvmGatling {
  private InJvmGatling() {}

  /**
   * Starts {@code simulation} with its results under {@code results} and no HTML report.
   *
   * @param failure receives what the run threw, if anything
   * @return the started thread; the run is over when it ends
   */
  static Thread start(Class<?> simulation, Path results, Throwable[] failure) {
    Thread runner =
        new Thread(
            () -> {
              try {
                // Through GatlingRuns: a later case in this JVM must not inherit the DEBUG root
                // Gatling's end-of-run logback stop leaves (frame logging formatted per chunk).
                GatlingRuns.run("-s", simulation.getName(), "-rf", results.toString(), "-nr");
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "bench-runner");
    runner.start();
    return runner;
  }
}
