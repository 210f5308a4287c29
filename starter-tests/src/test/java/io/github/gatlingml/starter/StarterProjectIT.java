/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter project works as a new user gets it: copied out of the repository into a clean
 * folder, built with its own Maven wrapper, gatling-ml resolved from a local repository into which
 * this build installed it (invoker:install, as {@code ./mvnw install} does into ~/.m2). Every
 * simulation compiles, and the baseline one runs for a few seconds against the embedded server.
 */
class StarterProjectIT {
  @TempDir Path work;

  @Test
  void theStarterProjectBuildsAndRunsFromACleanFolder() throws Exception {
    Path source = Path.of(System.getProperty("starter.dir")).toRealPath();
    String version = System.getProperty("gatlingml.version");

    // The version the starter asks for is the one this build makes (a release bumps both).
    String pom = Files.readString(source.resolve("pom.xml"));
    Matcher m = Pattern.compile("<gatling-ml.version>([^<]+)</gatling-ml.version>").matcher(pom);
    assertThat(m.find()).as("starter/pom.xml sets gatling-ml.version").isTrue();
    assertThat(m.group(1)).as("starter/pom.xml's gatling-ml.version").isEqualTo(version);

    Path project = work.resolve("my-load-tests");
    copy(source, project);

    Path log = work.resolve("build.log");
    int rc;
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      List<String> command = new ArrayList<>();
      command.add("sh");
      command.add("mvnw");
      command.add("-B");
      command.add("-ntp");
      if ("offline=true".equals(System.getProperty("starter.offline"))) {
        command.add("-o");
      }
      // The installed gatling-ml comes first; everything else (Gatling, plugins) from the
      // repository of the build that runs this test.
      command.add("-Dmaven.repo.local=" + System.getProperty("starter.repo"));
      command.add("-Dmaven.repo.local.tail=" + System.getProperty("starter.outerRepo"));
      command.add("gatling:test");
      command.add("-Dgatling.simulationClass=example.BaselineSimulation");
      command.add("-Dml.rest.url=" + server.restBaseUrl());
      command.add("-Dml.grpc.target=" + server.grpcTarget());
      command.add("-Dusers=2");
      command.add("-Dramp=1");
      command.add("-Dduration=2");
      Process p =
          new ProcessBuilder(command)
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the starter build took over 5 minutes:\n" + tail(log));
      }
      rc = p.exitValue();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(rc).as("the starter build's exit code; its output:\n%s", tail(log)).isZero();

    // Every simulation of the starter compiled.
    Path classes = project.resolve("target/test-classes/example");
    assertThat(classes.resolve("BaselineSimulation.class")).exists();
    assertThat(classes.resolve("LlmStreamingSimulation.class")).exists();
    assertThat(classes.resolve("NumpyFeederSimulation.class")).exists();
    assertThat(classes.resolve("BreakingPointSimulation.class")).exists();
    // gatling-ml came from the repository this build installed it into.
    assertThat(
            Path.of(System.getProperty("starter.repo"))
                .resolve("io/github/gatlingml/gatling-ml-protocol/" + version))
        .isDirectory();
    // The baseline ran, passed its assertions and wrote its ML summary beside Gatling's report.
    assertThat(output)
        .contains("Running simulation example.BaselineSimulation")
        .contains("Global: percentage of failed events is less than 1.0 : true");
    try (Stream<Path> files = Files.walk(project.resolve("target/gatling"))) {
      assertThat(files.filter(f -> f.getFileName().toString().equals("ml-summary.json")))
          .hasSize(1);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (rel.startsWith("target")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
