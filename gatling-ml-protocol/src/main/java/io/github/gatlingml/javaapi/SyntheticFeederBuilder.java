/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.internal.feeder.RecordKeys;
import io.github.gatlingml.internal.feeder.synthetic.SyntheticTensors;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tensors generated to fit a model's inputs (names, datatypes, shapes from its metadata), seeded so
 * a run can be repeated. Dynamic dimensions (-1) take values you give, so payload sizes vary like
 * real traffic. Immutable.
 */
public final class SyntheticFeederBuilder {
  private final SyntheticTensors generator;

  SyntheticFeederBuilder(SyntheticTensors generator) {
    this.generator = generator;
  }

  /** The random seed (default 0): the same seed gives the same tensors. */
  public SyntheticFeederBuilder seed(long seed) {
    return new SyntheticFeederBuilder(generator.seed(seed));
  }

  /**
   * Random values (the default): floats in [-1, 1), integers in [0, 100), random BOOL, 8-letter
   * strings.
   */
  public SyntheticFeederBuilder random() {
    return new SyntheticFeederBuilder(generator.random());
  }

  /** All zeros (false, empty strings). */
  public SyntheticFeederBuilder zeros() {
    return new SyntheticFeederBuilder(generator.zeros());
  }

  /** Uniform values in [lo, hi) for numeric inputs. */
  public SyntheticFeederBuilder range(double lo, double hi) {
    return new SyntheticFeederBuilder(generator.range(lo, hi));
  }

  /** A dynamic dimension of {@code input} cycling through {@code values} record after record. */
  public SyntheticFeederBuilder dim(String input, int axis, long... values) {
    return new SyntheticFeederBuilder(generator.dim(input, axis, values));
  }

  /** A dynamic dimension of {@code input} drawn from a distribution you supply. */
  public SyntheticFeederBuilder dim(String input, int axis, LongSupplier distribution) {
    return new SyntheticFeederBuilder(generator.dim(input, axis, distribution));
  }

  /**
   * {@code n} records, generated once at start; use its Gatling strategies (e.g. {@code
   * .circular()}).
   */
  public TensorFeederBuilder records(int n) {
    return new TensorFeederBuilder("synthetic " + generator, () -> generator.records(n), null);
  }

  /** An endless stream of fresh records (each generated as it is fed). */
  public Iterator<Map<String, Object>> endless() {
    Iterator<TensorRecord> it = generator.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, Object> next() {
        return RecordKeys.toMap(it.next());
      }
    };
  }
}
