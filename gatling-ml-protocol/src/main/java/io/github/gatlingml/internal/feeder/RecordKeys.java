/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder;

import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session attributes a tensor feeder record sets. Each input is also set under its own name, so
 * {@code input("INPUT0", ..., "#{INPUT0}")} works as well as {@code inputsFromFeeder()}.
 */
public final class RecordKeys {
  /** Every input tensor of the record ({@code List<Tensor>}). */
  public static final String INPUTS = "ml_inputs";

  /**
   * The expected output tensors ({@code List<Tensor>}; empty when the file has no validation data).
   */
  public static final String EXPECTED = "ml_expected";

  /** Where the record came from ({@code String}, e.g. {@code inputs.json, data[3]}). */
  public static final String SOURCE = "ml_record";

  /** The steps of a sequence ({@code List<Map<String, Object>>}), for sequence feeders. */
  public static final String SEQUENCE = "ml_sequence";

  private RecordKeys() {}

  /** The Gatling record of a tensor record. */
  public static Map<String, Object> toMap(TensorRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Tensor t : r.inputs()) {
      m.put(t.name(), t);
    }
    m.put(INPUTS, r.inputs());
    // Always set, empty when there is none: a record without validation data must not leave the
    // previous record's expectations in the session.
    m.put(EXPECTED, r.expected());
    m.put(SOURCE, r.source());
    return m;
  }

  /** The Gatling record of a whole sequence: its steps under {@link #SEQUENCE}. */
  public static Map<String, Object> sequenceToMap(String source, List<TensorRecord> steps) {
    List<Map<String, Object>> maps = new ArrayList<>(steps.size());
    for (TensorRecord step : steps) {
      maps.add(toMap(step));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SEQUENCE, List.copyOf(maps));
    m.put(SOURCE, source);
    return m;
  }
}
