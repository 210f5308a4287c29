/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds Gatling's results folder and this run's report folder, which Gatling does not tell its
 * protocols: the system property {@code gatling.ml.resultsFolder} when set, else the folder passed
 * to Gatling with {@code -rf}/{@code --results-folder} on its command line, else the build tools'
 * defaults.
 */
final class ResultsFolder {
  private ResultsFolder() {}

  static Path guess() {
    String explicit = System.getProperty("gatling.ml.resultsFolder");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String command = System.getProperty("sun.java.command", "");
    String[] words = command.split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("-rf") || words[i].equals("--results-folder")) {
        return Path.of(words[i + 1]);
      }
    }
    for (String candidate : new String[] {"target/gatling", "build/reports/gatling", "results"}) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return Path.of(".");
  }

  /** The run folder with the newest simulation.log modified at or after {@code sinceEpochMs}. */
  static Optional<Path> newestRunSince(Path root, long sinceEpochMs) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("simulation.log")))
          .filter(d -> modified(d.resolve("simulation.log")) >= sinceEpochMs - 1000)
          .max(Comparator.comparingLong(d -> modified(d.resolve("simulation.log"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
