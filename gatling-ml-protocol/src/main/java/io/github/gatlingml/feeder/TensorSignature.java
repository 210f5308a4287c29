/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.feeder;

import io.github.gatlingml.tensor.DataType;
import java.util.Arrays;

/**
 * A tensor as a model declares it: name, datatype and dimensions, where -1 marks a dynamic
 * dimension. Readers of files that carry no types (perf_analyzer JSON) take them from here, and
 * every reader checks what it reads against it.
 *
 * @param name tensor name
 * @param datatype element type
 * @param dims declared dimensions (-1: any size)
 */
public record TensorSignature(String name, DataType datatype, long[] dims) {
  public TensorSignature {
    dims = dims.clone();
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** True when a concrete shape fits the declared dimensions. */
  public boolean accepts(long[] shape) {
    if (shape.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] >= 0 && dims[i] != shape[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSignature
        && ((TensorSignature) o).name.equals(name)
        && ((TensorSignature) o).datatype == datatype
        && Arrays.equals(((TensorSignature) o).dims, dims);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return name + " " + datatype + " " + Arrays.toString(dims);
  }
}
