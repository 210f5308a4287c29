/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run with secrets leaves no trace of them in any file it writes, nor on the console. */
class SecretsTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void noFileTheRunWroteHoldsASecret() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts());
        EchoingAuthServer echo = new EchoingAuthServer()) {
      System.setOut(new PrintStream(new TeeStream(out, console), true, StandardCharsets.UTF_8));
      int rc;
      try {
        rc =
            new GatlingRun(results)
                .with("it.rest.url", server.restBaseUrl())
                .with("it.echo.rest.url", echo.restUrl())
                .with("it.echo.grpc.target", echo.grpcTarget())
                .run(SecretsSimulation.class);
      } finally {
        System.setOut(out);
      }
      assertThat(rc).as("Gatling exit code (the KO counts are its assertions)").isZero();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(results)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("files the run wrote").anyMatch(p -> p.endsWith("ml-summary.json"));
    assertThat(files).anyMatch(p -> p.getFileName().toString().endsWith(".log"));
    List<String> leaks = new ArrayList<>();
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String secret :
          List.of(SecretsSimulation.TOKEN, SecretsSimulation.API_KEY, SecretsSimulation.PASSWORD)) {
        if (content.contains(secret)) {
          leaks.add(results.relativize(f) + " holds " + secret);
        }
      }
    }
    assertThat(leaks).isEmpty();
    // The servers did quote the secrets: the masks are where they were, in Gatling's log.
    boolean masked = false;
    for (Path f : files) {
      if (f.getFileName().toString().endsWith(".log")) {
        masked |= new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("***");
      }
    }
    assertThat(masked).as("simulation.log holds the masks of the quoted secrets").isTrue();
    // Gatling may print through a stream it took before this test (an earlier run in this JVM):
    // what this capture saw holds no secret either.
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .doesNotContain(SecretsSimulation.TOKEN)
        .doesNotContain(SecretsSimulation.API_KEY)
        .doesNotContain(SecretsSimulation.PASSWORD);
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
