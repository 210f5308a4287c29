/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.KServeJsonCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads perf_analyzer's {@code --input-data} JSON files unchanged, so data prepared for
 * perf_analyzer drives a Gatling simulation too.
 *
 * <p>The file is {@code {"data": [step, ...], "validation_data": [step, ...]}} where each step maps
 * tensor names to one of:
 *
 * <ul>
 *   <li>a list of elements, flat or nested: {@code "INPUT0": [1, 2, 3]};
 *   <li>{@code {"content": [...], "shape": [...]}}, {@code shape} optional;
 *   <li>{@code {"b64": "...", "shape": [...]}}: the base64 of the raw little-endian row-major bytes
 *       ({@code shape} optional). For BYTES tensors the decoded bytes are one element, as
 *       perf_analyzer does.
 * </ul>
 *
 * <p>For sequence (stateful) models {@code data} is a list of lists, one list of steps per
 * sequence; {@code validation_data}, when present, is nested the same way. Read those with {@link
 * #sequences}.
 *
 * <p>Like perf_analyzer, the file carries no datatypes and often no shapes: those come from the
 * model's signature ({@link io.github.gatlingml.internal.feeder.ModelSignatures}). When a step
 * gives no shape, it is the signature's dims with the one -1 inferred from the element count (a
 * signature with more than one -1 needs an explicit {@code shape}). Every input of the model must
 * be present in every step; {@code validation_data} may give any subset of the outputs. Every
 * problem is a {@link FeederException} naming the file, the step and the tensor.
 */
public final class PerfAnalyzerJson {
  private PerfAnalyzerJson() {}

  /**
   * The steps of a file whose {@code data} is a flat list, one record per step; {@code
   * validation_data[i]} becomes record i's expected outputs.
   *
   * @param file the perf_analyzer input data file
   * @param inputs the model's inputs
   * @param outputs the model's outputs (used for {@code validation_data}; may be empty otherwise)
   * @throws FeederException when the file cannot be used, naming the file, step and problem
   */
  public static List<TensorRecord> records(
      Path file, List<TensorSignature> inputs, List<TensorSignature> outputs) {
    String where = JsonFiles.display(file);
    JsonNode root = JsonFiles.read(file);
    JsonNode data = dataList(root, where);
    if (data.get(0).isArray()) {
      throw new FeederException(
          where
              + ": 'data' is a list of lists, i.e. sequences for a stateful model; read it with"
              + " PerfAnalyzerJson.sequences(...) instead of records(...)");
    }
    JsonNode validation = validationList(root, where, data.size(), "data");
    List<TensorRecord> out = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      String at = where + ", data[" + i + "]";
      out.add(
          step(
              at,
              data.get(i),
              validation == null ? null : validation.get(i),
              where + ", validation_data[" + i + "]",
              inputs,
              outputs));
    }
    return List.copyOf(out);
  }

  /**
   * The sequences of a file whose {@code data} is a list of lists: one inner list of records per
   * sequence, in order. {@code validation_data}, when given, must be nested the same way and gives
   * each step's expected outputs.
   *
   * @throws FeederException when the file cannot be used, or its {@code data} is a flat list (read
   *     that with {@link #records})
   */
  public static List<List<TensorRecord>> sequences(
      Path file, List<TensorSignature> inputs, List<TensorSignature> outputs) {
    String where = JsonFiles.display(file);
    JsonNode root = JsonFiles.read(file);
    JsonNode data = dataList(root, where);
    JsonNode validation = validationList(root, where, data.size(), "data");
    List<List<TensorRecord>> out = new ArrayList<>(data.size());
    for (int s = 0; s < data.size(); s++) {
      JsonNode seq = data.get(s);
      if (!seq.isArray()) {
        throw new FeederException(
            String.format(
                "%s, data[%d]: is %s, not a list of steps; for sequences 'data' must be a list of"
                    + " lists (one per sequence); a flat 'data' list is read with"
                    + " PerfAnalyzerJson.records(...)",
                where, s, kind(seq)));
      }
      if (seq.isEmpty()) {
        throw new FeederException(
            where
                + ", data["
                + s
                + "]: the sequence has no steps; give it"
                + " at least one or remove it");
      }
      JsonNode seqValidation = null;
      if (validation != null) {
        seqValidation = validation.get(s);
        if (!seqValidation.isArray() || seqValidation.size() != seq.size()) {
          throw new FeederException(
              String.format(
                  "%s, validation_data[%d]: is %s but data[%d] has %d steps; nest validation_data"
                      + " like data, one list per sequence with one entry per step",
                  where,
                  s,
                  seqValidation.isArray()
                      ? "a list of " + seqValidation.size()
                      : kind(seqValidation),
                  s,
                  seq.size()));
        }
      }
      List<TensorRecord> steps = new ArrayList<>(seq.size());
      for (int k = 0; k < seq.size(); k++) {
        String at = where + ", data[" + s + "][" + k + "]";
        steps.add(
            step(
                at,
                seq.get(k),
                seqValidation == null ? null : seqValidation.get(k),
                where + ", validation_data[" + s + "][" + k + "]",
                inputs,
                outputs));
      }
      out.add(List.copyOf(steps));
    }
    return List.copyOf(out);
  }

  private static JsonNode dataList(JsonNode root, String where) {
    if (!root.isObject()) {
      throw new FeederException(
          where
              + ": is "
              + kind(root)
              + "; a perf_analyzer input file is a"
              + " JSON object {\"data\": [...]}");
    }
    JsonNode data = root.get("data");
    if (data == null) {
      throw new FeederException(
          where
              + ": has no \"data\"; a perf_analyzer input file is"
              + " {\"data\": [{\"INPUT0\": [...]}, ...]}");
    }
    if (!data.isArray() || data.isEmpty()) {
      throw new FeederException(
          where
              + ": \"data\" is "
              + (data.isArray() ? "empty" : kind(data))
              + "; it must be a non-empty list of steps, {\"data\": [{\"INPUT0\": [...]}, ...]}");
    }
    return data;
  }

  private static JsonNode validationList(JsonNode root, String where, int dataSize, String data) {
    JsonNode validation = root.get("validation_data");
    if (validation == null || validation.isNull()) {
      return null;
    }
    if (!validation.isArray() || validation.size() != dataSize) {
      throw new FeederException(
          String.format(
              "%s: \"validation_data\" is %s but \"%s\" has %d entries; give one validation entry"
                  + " per data entry, in the same order",
              where,
              validation.isArray() ? "a list of " + validation.size() : kind(validation),
              data,
              dataSize));
    }
    return validation;
  }

  private static TensorRecord step(
      String at,
      JsonNode step,
      JsonNode validation,
      String validationAt,
      List<TensorSignature> inputs,
      List<TensorSignature> outputs) {
    List<Tensor> in = tensors(at, step, inputs, "input", true);
    List<Tensor> expected =
        validation == null
            ? List.of()
            : tensors(validationAt, validation, outputs, "output", false);
    return new TensorRecord(at, in, expected);
  }

  /** The tensors of one step, in the signature's order. */
  private static List<Tensor> tensors(
      String at, JsonNode step, List<TensorSignature> signatures, String role, boolean all) {
    if (!step.isObject()) {
      throw new FeederException(
          String.format(
              "%s: is %s; each step is an object mapping %s names to their data, e.g. {\"%s\": [...]}",
              at,
              kind(step),
              role,
              signatures.isEmpty() ? role.toUpperCase() + "0" : signatures.get(0).name()));
    }
    for (Iterator<String> names = step.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (JsonFiles.find(signatures, name) == null) {
        throw new FeederException(
            String.format(
                "%s: '%s' is not an %s of the model; the model's %ss are %s",
                at, name, role, role, JsonFiles.names(signatures)));
      }
    }
    List<Tensor> out = new ArrayList<>(signatures.size());
    for (TensorSignature sig : signatures) {
      JsonNode value = step.get(sig.name());
      if (value == null) {
        if (all) {
          throw new FeederException(
              String.format(
                  "%s: %s '%s' is missing; the model's %ss are %s",
                  at, role, sig.name(), role, JsonFiles.names(signatures)));
        }
        continue;
      }
      try {
        out.add(tensor(at, sig, value));
      } catch (TensorFormatException e) {
        throw new FeederException(at + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Tensor tensor(String at, TensorSignature sig, JsonNode value) {
    String name = sig.name();
    DataType type = sig.datatype();
    if (value.isArray()) {
      return fromContent(at, sig, value, null);
    }
    if (!value.isObject()) {
      throw new FeederException(
          String.format(
              "%s: %s '%s' is %s; give a list of elements, {\"content\": [...], \"shape\": [...]}"
                  + " or {\"b64\": \"...\"}",
              at, "tensor", name, kind(value)));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!key.equals("content") && !key.equals("b64") && !key.equals("shape")) {
        throw new FeederException(
            String.format(
                "%s: '%s' has an unknown key '%s'; expected \"content\" or \"b64\", and optionally"
                    + " \"shape\"",
                at, name, key));
      }
    }
    long[] shape = value.has("shape") ? explicitShape(at, sig, value.get("shape")) : null;
    JsonNode content = value.get("content");
    JsonNode b64 = value.get("b64");
    if ((content == null) == (b64 == null)) {
      throw new FeederException(
          String.format(
              "%s: '%s' needs exactly one of \"content\" (a list of elements) or \"b64\" (base64 of"
                  + " the raw little-endian bytes)",
              at, name));
    }
    if (content != null) {
      if (!content.isArray()) {
        throw new FeederException(
            String.format(
                "%s: '%s'.content is %s; expected a list of elements, flat or nested",
                at, name, kind(content)));
      }
      return fromContent(at, sig, content, shape);
    }
    if (!b64.isTextual()) {
      throw new FeederException(
          String.format("%s: '%s'.b64 is %s; expected a base64 string", at, name, kind(b64)));
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64.textValue().replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new FeederException(
          String.format(
              "%s: '%s'.b64 is not valid base64 (%s); encode the raw bytes with standard base64",
              at, name, e.getMessage()),
          e);
    }
    if (type == DataType.BYTES) {
      // perf_analyzer sends the decoded bytes of a BYTES input as one element.
      Shape s = Shape.of(shape != null ? shape : infer(at, sig, 1, "1 element (b64 of BYTES)"));
      return Tensor.ofByteElements(name, s, List.of(bytes));
    }
    if (shape == null) {
      if (bytes.length % type.byteSize() != 0) {
        throw new FeederException(
            String.format(
                "%s: '%s'.b64 decodes to %d bytes, not a whole number of %s elements (%d bytes each);"
                    + " encode the raw little-endian bytes of the tensor",
                at, name, bytes.length, type, type.byteSize()));
      }
      long count = bytes.length / type.byteSize();
      shape = infer(at, sig, count, count + " elements (" + bytes.length + " bytes of b64)");
    }
    return Tensor.of(name, type, Shape.of(shape), bytes);
  }

  private static Tensor fromContent(
      String at, TensorSignature sig, JsonNode content, long[] shape) {
    if (shape != null) {
      return KServeJsonCodec.readData(sig.name(), sig.datatype(), Shape.of(shape), content);
    }
    ArrayNode flat = JsonNodeFactory.instance.arrayNode();
    flatten(content, flat);
    long[] dims = infer(at, sig, flat.size(), flat.size() + " elements");
    return KServeJsonCodec.readData(sig.name(), sig.datatype(), Shape.of(dims), flat);
  }

  private static void flatten(JsonNode node, ArrayNode out) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        flatten(child, out);
      }
    } else {
      out.add(node);
    }
  }

  /** The signature's dims with its -1 (if any) computed from the element count. */
  private static long[] infer(String at, TensorSignature sig, long count, String what) {
    long[] dims = sig.dims();
    int dynamic = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        if (dynamic >= 0) {
          throw new FeederException(
              String.format(
                  "%s: '%s' has %s but the model declares it %s with more than one -1, so its shape"
                      + " cannot be inferred; give it as {\"content\": [...], \"shape\": [...]}",
                  at, sig.name(), what, Arrays.toString(dims)));
        }
        dynamic = i;
      } else {
        known *= dims[i];
      }
    }
    if (dynamic < 0) {
      if (known != count) {
        throw new FeederException(
            String.format(
                "%s: '%s' has %s but the model's shape %s needs %d; give the right number of elements",
                at, sig.name(), what, Arrays.toString(dims), known));
      }
      return dims;
    }
    if (known == 0 || count % known != 0) {
      throw new FeederException(
          String.format(
              "%s: '%s' has %s, which does not fill the model's shape %s (a multiple of %d is"
                  + " needed); fix the data or give {\"content\": [...], \"shape\": [...]}",
              at, sig.name(), what, Arrays.toString(dims), known));
    }
    dims[dynamic] = count / known;
    return dims;
  }

  private static long[] explicitShape(String at, TensorSignature sig, JsonNode node) {
    if (!node.isArray()) {
      throw new FeederException(
          String.format(
              "%s: '%s'.shape is %s; expected a list of dimensions such as [1, 16]",
              at, sig.name(), kind(node)));
    }
    long[] dims = new long[node.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = node.get(i);
      if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new FeederException(
            String.format(
                "%s: '%s'.shape %s: dimension %d is not a whole number >= 0",
                at, sig.name(), node, i));
      }
      dims[i] = d.longValue();
    }
    if (!sig.accepts(dims)) {
      throw new FeederException(
          String.format(
              "%s: '%s'.shape %s does not fit the model's shape %s; give a shape of the same rank"
                  + " whose fixed dimensions match",
              at, sig.name(), Arrays.toString(dims), Arrays.toString(sig.dims())));
    }
    return dims;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }
}
