/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Gatling Enterprise runs: {@code gatling:enterprisePackage} of the starter project (copied to
 * a clean folder, gatling-ml from the repository this build installed it into) holds the plugin and
 * what Enterprise does not supply (protobuf, grpc-java with unshaded grpc-netty, HdrHistogram) and
 * nothing Enterprise supplies itself (Gatling, Scala, Netty, Jackson, logging). The package then
 * runs on the classpath of Gatling's own distribution only (gatling-charts-highcharts 3.16.0 and
 * its dependencies, as an Enterprise load generator has them) plus the package, against the
 * embedded server, and writes an ml-summary.json that counts what the server served.
 */
class EnterprisePackageIT {
  /** Package prefixes the package must carry: Enterprise does not supply them. */
  private static final List<String> SHIPPED =
      List.of(
          "io/github/gatlingml/javaapi/",
          "io/github/gatlingml/internal/",
          "io/github/gatlingml/proto/",
          "com/google/protobuf/",
          "io/grpc/stub/",
          "io/grpc/protobuf/",
          "io/grpc/netty/NettyChannelBuilder",
          "org/HdrHistogram/",
          "example/BaselineSimulation");

  /** Package prefixes it must not carry: the load generator's Gatling brings its own. */
  private static final List<String> DROPPED =
      List.of(
          "io/gatling/",
          "scala/",
          "io/netty/",
          "com/fasterxml/jackson/",
          "ch/qos/logback/",
          "org/slf4j/",
          "io/grpc/netty/shaded/");

  @TempDir Path work;

  @Test
  void theEnterprisePackageRunsOnGatlingsOwnClasspath() throws Exception {
    Path project = work.resolve("my-load-tests");
    copy(Path.of(System.getProperty("starter.dir")).toRealPath(), project);

    mvn(project, work.resolve("package.log"), "gatling:enterprisePackage");
    Path pkg;
    try (Stream<Path> s = Files.list(project.resolve("target"))) {
      pkg =
          s.filter(p -> p.getFileName().toString().endsWith("-shaded.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no *-shaded.jar in target/"));
    }
    Set<String> entries = new TreeSet<>();
    try (JarFile jar = new JarFile(pkg.toFile())) {
      jar.stream().map(JarEntry::getName).forEach(entries::add);
    }
    for (String prefix : SHIPPED) {
      assertThat(entries).as("the package carries %s", prefix).anyMatch(e -> e.startsWith(prefix));
    }
    for (String prefix : DROPPED) {
      assertThat(entries)
          .as("the package leaves %s to the load generator", prefix)
          .noneMatch(e -> e.startsWith(prefix));
    }

    // Gatling's distribution: gatling-charts-highcharts 3.16.0 and its dependency closure.
    Path distribution = Files.createDirectories(work.resolve("gatling-distribution"));
    Files.writeString(
        distribution.resolve("pom.xml"),
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<groupId>test</groupId><artifactId>gatling-distribution</artifactId>"
            + "<version>1</version><packaging>pom</packaging><dependencies><dependency>"
            + "<groupId>io.gatling.highcharts</groupId>"
            + "<artifactId>gatling-charts-highcharts</artifactId><version>3.16.0</version>"
            + "</dependency></dependencies></project>");
    Path cpFile = distribution.resolve("classpath.txt");
    mvn(
        project,
        work.resolve("classpath.log"),
        "-f",
        distribution.resolve("pom.xml").toString(),
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
        "-Dmdep.outputFile=" + cpFile);
    String gatlingClasspath = Files.readString(cpFile).trim();
    assertThat(gatlingClasspath).contains("gatling-core-3.16.0.jar").doesNotContain("gatlingml");

    Path results = work.resolve("results");
    Path log = work.resolve("run.log");
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--add-opens",
                  "java.base/java.lang=ALL-UNNAMED",
                  "-cp",
                  gatlingClasspath + File.pathSeparator + pkg,
                  "-Dml.rest.url=" + server.restBaseUrl(),
                  "-Dml.grpc.target=" + server.grpcTarget(),
                  "-Dusers=2",
                  "-Dramp=1",
                  "-Dduration=2",
                  "io.gatling.app.Gatling",
                  "-s",
                  "example.BaselineSimulation",
                  "-rf",
                  results.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the packaged simulation ran over 2 minutes:\n" + tail(log));
      }
      assertThat(p.exitValue()).as("Gatling's exit code; its output:\n%s", tail(log)).isZero();

      Path summary;
      try (Stream<Path> files = Files.walk(results)) {
        summary =
            files
                .filter(f -> f.getFileName().toString().equals("ml-summary.json"))
                .findFirst()
                .orElse(null);
      }
      assertThat(summary).as("the run's ml-summary.json; output:\n%s", tail(log)).isNotNull();
      RunSummary s = SummaryReader.read(summary);
      RunSummary.RequestSummary r = s.requests().get("add_sub");
      long served = server.engine().find("add_sub", "").stats().success().count();
      assertThat(s.complete()).isTrue();
      assertThat(r.count()).isPositive().isEqualTo(r.ok()).isEqualTo(served);
      System.out.printf(
          "enterprise package: %d entries, %d MB; run on %d Gatling jars: %d requests, server %d%n",
          entries.size(),
          Files.size(pkg) >> 20,
          gatlingClasspath.split(File.pathSeparator).length,
          r.count(),
          served);
    }
  }

  /** Runs the project's Maven wrapper, with the same repositories as StarterProjectIT. */
  private void mvn(Path project, Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "mvnw", "-B", "-ntp", "-q"));
    if ("offline=true".equals(System.getProperty("starter.offline"))) {
      command.add("-o");
    }
    command.add("-Dmaven.repo.local=" + System.getProperty("starter.repo"));
    command.add("-Dmaven.repo.local.tail=" + System.getProperty("starter.outerRepo"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " took over 5 minutes:\n" + tail(log));
    }
    assertThat(p.exitValue()).as("%s; its output:\n%s", String.join(" ", args), tail(log)).isZero();
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
