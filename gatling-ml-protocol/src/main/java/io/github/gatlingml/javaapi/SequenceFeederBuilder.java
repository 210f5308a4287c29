/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.FeederBuilder;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.internal.feeder.RecordKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whole sequences for stateful models: each record is one sequence, run step by step with {@code
 * MlDsl.sequence(infer(...).inputsFromFeeder())}, which gives it its own sequence id and marks its
 * first and last steps. Immutable.
 */
public final class SequenceFeederBuilder {
  private final String source;
  private final Supplier<List<List<TensorRecord>>> loader;

  SequenceFeederBuilder(String source, Supplier<List<List<TensorRecord>>> loader) {
    this.source = source;
    this.loader = loader;
  }

  /** The sequences as records, loaded now. */
  public List<Map<String, Object>> records() {
    List<List<TensorRecord>> sequences = loader.get();
    if (sequences.isEmpty()) {
      throw new FeederException(source + ": no sequences; the file is empty");
    }
    List<Map<String, Object>> out = new ArrayList<>(sequences.size());
    for (int i = 0; i < sequences.size(); i++) {
      if (sequences.get(i).isEmpty()) {
        throw new FeederException(source + ", data[" + i + "]: a sequence needs at least one step");
      }
      out.add(RecordKeys.sequenceToMap(source + ", data[" + i + "]", sequences.get(i)));
    }
    return out;
  }

  /** A Gatling feeder of the sequences (use its strategies, e.g. {@code .circular()}). */
  public FeederBuilder<Object> feeder() {
    return CoreDsl.listFeeder(records());
  }
}
