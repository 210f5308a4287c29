/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.tensor.DataType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * An input or output a model declares.
 *
 * @param name tensor name
 * @param datatype the datatype reported in metadata
 * @param accepted datatypes the model accepts (for inputs); contains {@code datatype}
 * @param dims full shape including the batch dimension when the model batches; -1 marks a dynamic
 *     dimension; null means any rank (the metadata then reports {@code [-1]})
 * @param labels class labels by index, for the classification extension (outputs only; may be
 *     empty)
 */
public record TensorSpec(
    String name, DataType datatype, Set<DataType> accepted, long[] dims, String[] labels) {

  /** A tensor of one datatype and a fixed pattern of dimensions. */
  public static TensorSpec of(String name, DataType datatype, long... dims) {
    return new TensorSpec(name, datatype, EnumSet.of(datatype), dims, new String[0]);
  }

  /** The same spec accepting more datatypes (the first stays the one metadata reports). */
  public TensorSpec accepting(DataType... more) {
    EnumSet<DataType> all = EnumSet.copyOf(accepted);
    all.addAll(Arrays.asList(more));
    return new TensorSpec(name, datatype, all, dims, labels);
  }

  /** The same spec accepting every datatype and any rank (for echo models). */
  public TensorSpec anyDatatypeAnyShape() {
    return new TensorSpec(name, datatype, EnumSet.allOf(DataType.class), null, labels);
  }

  /** The same spec with class labels for the classification extension. */
  public TensorSpec withLabels(String... classLabels) {
    return new TensorSpec(name, datatype, accepted, dims, classLabels.clone());
  }

  /** Dimensions as metadata reports them. */
  public long[] metadataShape() {
    return dims == null ? new long[] {-1} : dims.clone();
  }

  /** Describes the accepted datatypes for error messages. */
  public String acceptedDescription() {
    return accepted.size() == 1 ? datatype.name() : accepted.toString();
  }
}
