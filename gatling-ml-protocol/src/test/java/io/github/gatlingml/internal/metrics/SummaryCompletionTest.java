/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code complete} / {@code stopped_by} fields, and how the file is written. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SummaryCompletionTest {
  private static final RequestInfo INFER = RequestInfo.of(RequestKind.INFER, "grpc", "add_sub");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static RunSummary summary(String host, int ok) {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().injector(host, 2).build();
    RequestRecorder r = registry.recorder("a", INFER);
    for (int i = 0; i < ok; i++) {
      r.recordOk(0, 5 * MS, 10, 20);
    }
    clock.set(SECOND);
    registry.stop();
    return registry.summary("Sim", "run-" + host);
  }

  @Test
  void aSummaryIsCompleteUnlessSaidOtherwise() {
    RunSummary s = summary("h", 3);
    assertThat(s.complete()).isTrue();
    assertThat(s.stoppedBy()).isNull();
    RunSummary partial = s.withCompletion(false, "shutdown");
    assertThat(partial.complete()).isFalse();
    assertThat(partial.stoppedBy()).isEqualTo("shutdown");
    assertThat(partial.requests()).isEqualTo(s.requests());
  }

  @Test
  void completeAndStoppedByAreWrittenAndReadBack() throws Exception {
    Path file = dir.resolve("ml-summary.json");
    SummaryWriter.write(summary("h", 3).withCompletion(false, "shutdown"), file);

    JsonNode root = JSON.readTree(file.toFile());
    assertThat(root.get("complete").isBoolean()).isTrue();
    assertThat(root.get("complete").asBoolean()).isFalse();
    assertThat(root.get("stopped_by").asText()).isEqualTo("shutdown");
    RunSummary back = SummaryReader.read(file);
    assertThat(back.complete()).isFalse();
    assertThat(back.stoppedBy()).isEqualTo("shutdown");
    assertThat(back.requests().get("a").count()).isEqualTo(3);

    SummaryWriter.write(summary("h", 3), file);
    root = JSON.readTree(file.toFile());
    assertThat(root.get("complete").asBoolean()).isTrue();
    assertThat(root.has("stopped_by"))
        .as("stopped_by only when something stopped the run")
        .isFalse();
    assertThat(SummaryReader.read(file).complete()).isTrue();
  }

  @Test
  void aFileWithoutTheFlagIsAFinalOneAndABadFlagIsRefused() {
    String json = SummaryWriter.toJson(summary("h", 1));
    String old = json.replaceFirst("\\s*\"complete\" : true,", "");
    assertThat(old).doesNotContain("\"complete\"");
    RunSummary read = SummaryReader.fromJson(old);
    assertThat(read.complete()).isTrue();
    assertThat(read.stoppedBy()).isNull();

    assertThatThrownBy(
            () -> SummaryReader.fromJson(json.replace("\"complete\" : true", "\"complete\" : 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("complete");
  }

  @Test
  void aMergeIsCompleteOnlyIfEveryPartIs() {
    RunSummary a = summary("a", 2);
    RunSummary b = summary("b", 3);
    RunSummary merged = RunSummary.merge(List.of(a, b));
    assertThat(merged.complete()).isTrue();
    assertThat(merged.stoppedBy()).isNull();

    RunSummary partial =
        RunSummary.merge(
            List.of(a, b.withCompletion(false, "shutdown"), a.withCompletion(false, null)));
    assertThat(partial.complete()).isFalse();
    assertThat(partial.stoppedBy()).isEqualTo("shutdown");
    assertThat(partial.requests().get("a").count()).isEqualTo(7);

    RunSummary twice =
        RunSummary.merge(List.of(partial, summary("c", 1).withCompletion(false, "shutdown,other")));
    assertThat(twice.stoppedBy()).isEqualTo("shutdown,other");
  }

  @Test
  void theFileGetsTheProcesssDefaultPermissionsNotOwnerOnlyOnes() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    // How Gatling writes its report files: a plain create, permissions from the umask.
    Path gatlingLike = dir.resolve("simulation.log");
    Files.writeString(gatlingLike, "x");
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(gatlingLike);

    Path file = dir.resolve("ml-summary.json");
    SummaryWriter.write(summary("h", 1), file);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
    SummaryWriter.write(summary("h", 2), file); // a replacement too
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
    assertThat(expected).contains(PosixFilePermission.OTHERS_READ); // under the usual umask 022
  }

  @Test
  void aReplacementIsAtomicAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("ml-summary.json");
    SummaryWriter.write(summary("h", 1), file);
    // A reader polling while the file is replaced always sees a whole summary, old or new.
    Thread reader =
        new Thread(
            () -> {
              for (int i = 0; i < 200; i++) {
                try {
                  long count = SummaryReader.read(file).requests().get("a").count();
                  assertThat(count).isIn(1L, 2L);
                } catch (Exception e) {
                  throw new AssertionError("a reader saw a partial file", e);
                }
              }
            });
    Throwable[] failure = new Throwable[1];
    reader.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
    reader.start();
    for (int i = 0; i < 50; i++) {
      SummaryWriter.write(summary("h", 1 + i % 2), file);
    }
    reader.join();
    assertThat(failure[0]).isNull();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ml-summary.json");
    }
  }
}
