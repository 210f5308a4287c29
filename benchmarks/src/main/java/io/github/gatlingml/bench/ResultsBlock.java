/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A benchmark's generated block in BENCHMARKS.md, between its BEGIN and END markers. */
final class ResultsBlock {
  private ResultsBlock() {}

  /**
   * Replaces what stands between {@code begin} and {@code end} in {@code out} with {@code md}, or
   * appends the markers and {@code md} when the file has none (or does not exist yet).
   */
  static void write(Path out, String begin, String end, String md) throws IOException {
    String block = begin + "\n\n" + md + "\n" + end;
    String text =
        Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "# Benchmarks\n";
    int i = text.indexOf(begin);
    int j = text.indexOf(end);
    text =
        i >= 0 && j > i
            ? text.substring(0, i) + block + text.substring(j + end.length())
            : text + "\n" + block + "\n";
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }
}
