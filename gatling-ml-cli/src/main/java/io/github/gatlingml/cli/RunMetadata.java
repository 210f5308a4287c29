/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's identity beyond its summary's own fields (git commit, model version...), for the report
 * with a baseline overlaid: the scalar fields of a top-level {@code baseline} or {@code metadata}
 * object of the file, as text (one level of nesting as {@code outer.inner}). Summaries written
 * before such blocks existed have none, which is not an error: the report says so.
 */
final class RunMetadata {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] BLOCKS = {"baseline", "metadata"};

  private RunMetadata() {}

  /**
   * The metadata of a summary file (or the summary in a folder), empty when it has none or cannot
   * be read again (the summary itself was read already, so a problem here is not the user's).
   */
  static Map<String, String> of(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(SummaryWriter.FILE_NAME) : path;
    Map<String, String> out = new LinkedHashMap<>();
    try {
      JsonNode root = MAPPER.readTree(file.toFile());
      for (String block : BLOCKS) {
        JsonNode node = root.path(block);
        if (node.isObject()) {
          flatten("", node, out, 0);
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, int depth) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String key = prefix + e.getKey();
      if (v.isValueNode() && !v.isNull()) {
        out.putIfAbsent(key, v.asText());
      } else if (v.isObject() && depth == 0) {
        flatten(key + ".", v, out, depth + 1);
      }
    }
  }
}
