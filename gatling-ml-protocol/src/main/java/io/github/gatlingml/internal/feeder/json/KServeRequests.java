/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.tensor.KServeJsonCodec;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads KServe v2 infer request bodies, {@code {"inputs": [{"name", "datatype", "shape", "data"},
 * ...], ...}}, as captured from a client or written by hand: one record per body, holding its
 * inputs. Other fields of a body ({@code id}, {@code parameters}, {@code outputs}) are ignored.
 *
 * <p>Sources: a directory of {@code *.json} files (one body each, read in file-name order), or a
 * JSON Lines file (one body per line, blank lines skipped), read whole or lazily with {@link
 * #streamJsonl} for files too large for memory. The overloads that take the model's input
 * signatures also check every body against them: each model input present, no unknown input,
 * datatype equal, shape accepted. Errors name the file (and line), the input and the fix.
 */
public final class KServeRequests {
  private KServeRequests() {}

  /** Every {@code *.json} file of {@code dir}, sorted by name, one request body each. */
  public static List<TensorRecord> fromDirectory(Path dir) {
    return fromDirectory(dir, null);
  }

  /**
   * Like {@link #fromDirectory(Path)}, checking every body against the model's inputs.
   *
   * @param inputs the model's inputs, or null not to check
   */
  public static List<TensorRecord> fromDirectory(Path dir, List<TensorSignature> inputs) {
    if (!Files.isDirectory(dir)) {
      throw new FeederException(
          dir
              + ": not a directory; give the directory that holds the"
              + " request bodies (*.json)");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(Files::isRegularFile)
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new FeederException(dir + ": cannot be listed: " + e, e);
    }
    if (files.isEmpty()) {
      throw new FeederException(dir + ": holds no *.json request bodies");
    }
    List<TensorRecord> out = new ArrayList<>(files.size());
    for (Path f : files) {
      String source = JsonFiles.display(f);
      out.add(body(JsonFiles.read(f), source, inputs));
    }
    return List.copyOf(out);
  }

  /** Every non-blank line of a JSON Lines file, one request body each. */
  public static List<TensorRecord> fromJsonl(Path file) {
    return fromJsonl(file, null);
  }

  /**
   * Like {@link #fromJsonl(Path)}, checking every body against the model's inputs.
   *
   * @param inputs the model's inputs, or null not to check
   */
  public static List<TensorRecord> fromJsonl(Path file, List<TensorSignature> inputs) {
    List<TensorRecord> out = new ArrayList<>();
    JsonlIterator it = new JsonlIterator(file, inputs);
    it.forEachRemaining(out::add);
    if (out.isEmpty()) {
      throw new FeederException(
          JsonFiles.display(file)
              + ": holds no request bodies (every line"
              + " is blank); write one JSON request body per line");
    }
    return List.copyOf(out);
  }

  /**
   * The bodies of a JSON Lines file, read lazily one line at a time: for files too large to hold,
   * fed with a queue strategy. The file is opened here (a missing file fails now) and closed at its
   * end; an iterator abandoned before the end can be closed by casting it to {@link Closeable}. A
   * bad line fails when it is reached, as a {@link FeederException} naming it.
   */
  public static Iterator<TensorRecord> streamJsonl(Path file) {
    return new JsonlIterator(file, null);
  }

  /** Like {@link #streamJsonl(Path)}, checking every body against the model's inputs. */
  public static Iterator<TensorRecord> streamJsonl(Path file, List<TensorSignature> inputs) {
    return new JsonlIterator(file, inputs);
  }

  /** One request body as a record of its inputs, checked against {@code signatures} if given. */
  static TensorRecord body(JsonNode root, String source, List<TensorSignature> signatures) {
    if (!root.isObject()) {
      throw new FeederException(
          source
              + ": not a request body; expected {\"inputs\": [{\"name\","
              + " \"datatype\", \"shape\", \"data\"}, ...]}");
    }
    JsonNode list = root.get("inputs");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new FeederException(
          source
              + ": has no \"inputs\" list; a KServe v2 infer request is"
              + " {\"inputs\": [{\"name\", \"datatype\", \"shape\", \"data\"}, ...]}");
    }
    List<Tensor> tensors = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Tensor t;
      try {
        t = KServeJsonCodec.readTensor(list.get(i));
      } catch (TensorFormatException e) {
        throw new FeederException(source + ": inputs[" + i + "]: " + e.getMessage(), e);
      }
      if (!seen.add(t.name())) {
        throw new FeederException(
            source + ": input '" + t.name() + "' appears twice; give each" + " input once");
      }
      if (signatures != null) {
        check(source, t, signatures);
      }
      tensors.add(t);
    }
    if (signatures != null) {
      for (TensorSignature s : signatures) {
        if (!seen.contains(s.name())) {
          throw new FeederException(
              String.format(
                  "%s: input '%s' is missing; the model's inputs are %s",
                  source, s.name(), JsonFiles.names(signatures)));
        }
      }
    }
    return TensorRecord.of(source, tensors);
  }

  private static void check(String source, Tensor t, List<TensorSignature> signatures) {
    TensorSignature s = JsonFiles.find(signatures, t.name());
    if (s == null) {
      throw new FeederException(
          String.format(
              "%s: input '%s' is not an input of the model; the model's inputs are %s",
              source, t.name(), JsonFiles.names(signatures)));
    }
    if (s.datatype() != t.datatype()) {
      throw new FeederException(
          String.format(
              "%s: input '%s' is %s but the model declares %s; change its \"datatype\" (and data) to"
                  + " %s",
              source, t.name(), t.datatype(), s.datatype(), s.datatype()));
    }
    if (!s.accepts(t.shape().dims())) {
      throw new FeederException(
          String.format(
              "%s: input '%s' has shape %s but the model declares %s; give a shape of the same rank"
                  + " whose fixed dimensions match (-1 takes any size)",
              source, t.name(), t.shape(), Arrays.toString(s.dims())));
    }
  }

  /** Reads one body per non-blank line, on demand. */
  private static final class JsonlIterator implements Iterator<TensorRecord>, Closeable {
    private final String display;
    private final List<TensorSignature> signatures;
    private BufferedReader reader;
    private int lineNumber;
    private TensorRecord next;

    JsonlIterator(Path file, List<TensorSignature> signatures) {
      this.display = JsonFiles.display(file);
      this.signatures = signatures == null ? null : List.copyOf(signatures);
      try {
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw FeederFiles.notFound(file);
      } catch (IOException e) {
        throw new FeederException(file + ": cannot be read: " + e, e);
      }
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (reader == null) {
        return false;
      }
      String line;
      try {
        do {
          line = reader.readLine();
          lineNumber++;
        } while (line != null && line.isBlank());
      } catch (IOException | UncheckedIOException e) {
        close();
        throw new FeederException(display + ":" + lineNumber + ": cannot be read: " + e, e);
      }
      if (line == null) {
        close();
        return false;
      }
      String source = display + ":" + lineNumber;
      try {
        next = body(JsonFiles.parse(line, source), source, signatures);
      } catch (FeederException e) {
        close();
        throw e;
      }
      return true;
    }

    @Override
    public TensorRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException(display + ": no more request bodies");
      }
      TensorRecord r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException ignored) {
          // nothing was written; nothing to lose
        }
        reader = null;
      }
    }
  }
}
