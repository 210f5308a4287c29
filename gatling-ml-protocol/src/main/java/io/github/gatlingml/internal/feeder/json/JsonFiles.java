/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.feeder.FeederFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reading JSON feeder files, with errors that name the file. Shared by the JSON readers. */
final class JsonFiles {
  /** Exact numbers (BigDecimal) so integers and FP32 values are taken from the token itself. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonFiles() {}

  /** The name a message uses for a file: its file name. */
  static String display(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  /** The whole file as one JSON document. */
  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw FeederFiles.notFound(file);
    } catch (IOException e) {
      throw new FeederException(file + ": cannot be read: " + e, e);
    }
    return parse(text, display(file));
  }

  /** One JSON document from text, {@code where} naming it in messages. */
  static JsonNode parse(String text, String where) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new FeederException(where + ": empty; expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new FeederException(
          String.format(
              "%s: not valid JSON (%s at line %d, column %d); fix the syntax",
              where,
              e.getOriginalMessage(),
              e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
              e.getLocation() == null ? 0 : e.getLocation().getColumnNr()),
          e);
    }
  }

  /** {@code INPUT0, INPUT1} or {@code (none)}. */
  static String names(List<TensorSignature> signatures) {
    return signatures.isEmpty()
        ? "(none)"
        : signatures.stream().map(TensorSignature::name).collect(Collectors.joining(", "));
  }

  static TensorSignature find(List<TensorSignature> signatures, String name) {
    for (TensorSignature s : signatures) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
