/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import static io.github.gatlingml.internal.feeder.numpy.NumpyFixtures.EXPECTED;
import static io.github.gatlingml.internal.feeder.numpy.NumpyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzReaderTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"stored.npz", "compressed.npz"})
  void readsEveryArrayLikeNumPy(String archive) {
    Map<String, Tensor> arrays = NpzReader.read(path(archive));

    assertThat(arrays.keySet()).containsExactly("x", "ids", "text");
    arrays.forEach(
        (name, t) -> {
          assertThat(t.name()).isEqualTo(name);
          NumpyFixtures.assertMatches(t, EXPECTED.get(archive).get(name), archive + " " + name);
        });
  }

  @Test
  void fixturesAreStoredAndDeflated() throws IOException {
    try (ZipFile stored = new ZipFile(path("stored.npz").toFile());
        ZipFile compressed = new ZipFile(path("compressed.npz").toFile())) {
      assertThat(stored.stream().map(ZipEntry::getMethod)).containsOnly(ZipEntry.STORED);
      assertThat(compressed.stream().map(ZipEntry::getMethod)).containsOnly(ZipEntry.DEFLATED);
    }
  }

  @Test
  void renamesMappedArraysAndLeavesTheRestOut() {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("text", "TEXT_IN");
    mapping.put("x", "INPUT0");

    Map<String, Tensor> inputs = NpzReader.read(path("compressed.npz"), mapping);

    assertThat(inputs.keySet()).containsExactly("TEXT_IN", "INPUT0");
    assertThat(inputs.get("INPUT0").name()).isEqualTo("INPUT0");
    assertThat(inputs.get("INPUT0").data())
        .isEqualTo(NpzReader.read(path("compressed.npz")).get("x").data());
    assertThat(inputs.get("TEXT_IN").toStringList()).containsExactly("a", "bb", "", "dddd");
  }

  @Test
  void missingMappedArrayListsThePresentOnes() {
    assertThatThrownBy(() -> NpzReader.read(path("stored.npz"), Map.of("images", "INPUT0")))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("stored.npz")
        .hasMessageContaining("no array 'images' (mapped to input 'INPUT0')")
        .hasMessageContaining("the archive holds x, ids, text");
  }

  @Test
  void twoArraysMappedToOneInputFail() {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("x", "INPUT0");
    mapping.put("ids", "INPUT0");
    assertThatThrownBy(() -> NpzReader.read(path("stored.npz"), mapping))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("arrays 'x' and 'ids' are both mapped to input 'INPUT0'");
  }

  @Test
  void corruptMemberNamesArchiveAndMember() throws IOException {
    Path archive =
        zip(
            "bad.npz",
            "good.npy",
            Files.readAllBytes(path("vector_i4.npy")),
            "broken.npy",
            "not numpy".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> NpzReader.read(archive))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(archive + ", member broken.npy: not an NPY file");
  }

  @Test
  void truncatedMemberNamesArchiveAndMember() throws IOException {
    byte[] full = Files.readAllBytes(path("vector_i4.npy"));
    Path archive = zip("short.npz", "v.npy", java.util.Arrays.copyOf(full, full.length - 2));
    assertThatThrownBy(() -> NpzReader.read(archive))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(archive + ", member v.npy: NPY data is truncated")
        .hasMessageContaining("needs 12 bytes after the header, found 10");
  }

  @Test
  void nonNpyMemberIsRefused() throws IOException {
    Path archive = zip("extra.npz", "readme.txt", new byte[] {'h', 'i'});
    assertThatThrownBy(() -> NpzReader.read(archive))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(archive + ", member readme.txt: not an .npy array");
  }

  @Test
  void notAZipArchive() throws IOException {
    Path archive = Files.copy(path("vector_i4.npy"), dir.resolve("oops.npz"));
    assertThatThrownBy(() -> NpzReader.read(archive))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining(archive + ": not a readable .npz (ZIP) archive")
        .hasMessageContaining("numpy.savez");
    assertThatThrownBy(() -> NpzReader.read(dir.resolve("missing.npz")))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("missing.npz: no such file");
  }

  private Path zip(String name, Object... membersAndContents) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < membersAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) membersAndContents[i]));
        zip.write((byte[]) membersAndContents[i + 1]);
        zip.closeEntry();
      }
    }
    return file;
  }
}
