/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Finds this run's report folder, which Gatling does not tell its protocols: the folder holding the
 * newest {@code simulation.log} written since the run started, searched under the system property
 * {@code gatling.ml.resultsFolder} when set, else under the {@code -rf} folder on Gatling's command
 * line, else under the working directory (a few levels deep, which covers Maven's and Gradle's
 * module layouts).
 */
final class ResultsFolder {
  private static final int MAX_DEPTH = 5;
  private static final int MAX_VISITS = 20_000;

  private ResultsFolder() {}

  /** Where to search. */
  static Path root() {
    String explicit = System.getProperty("gatling.ml.resultsFolder");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String[] words = System.getProperty("sun.java.command", "").split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("-rf") || words[i].equals("--results-folder")) {
        return Path.of(words[i + 1]);
      }
    }
    return Path.of(System.getProperty("user.dir", "."));
  }

  /**
   * The folder of the newest simulation.log under {@code root} modified at or after {@code
   * sinceEpochMs}.
   */
  static Optional<Path> newestRunSince(Path root, long sinceEpochMs) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    Path[] best = new Path[1];
    long[] bestTime = {Long.MIN_VALUE};
    int[] visits = {0};
    try {
      Files.walkFileTree(
          root,
          EnumSet.noneOf(FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root)
                  && (name.startsWith(".") || name.equals("node_modules") || name.equals("src"))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return ++visits[0] > MAX_VISITS
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (file.getFileName().toString().equals("simulation.log")) {
                long t = attrs.lastModifiedTime().toMillis();
                if (t >= sinceEpochMs - 1000 && t > bestTime[0]) {
                  bestTime[0] = t;
                  best[0] = file.getParent();
                }
              }
              return ++visits[0] > MAX_VISITS
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(best[0]);
  }
}
