/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.function.Function;

/**
 * One input of an inference request: a fixed tensor (converted once when the simulation is
 * built), or values taken from the session on each request.
 */
public final class InputSpec {
  private final String name;
  private final DataType type;
  private final Shape shape;
  private final Tensor fixed;
  private final Function<Session, ?> value;

  private InputSpec(String name, DataType type, Shape shape, Tensor fixed, Function<Session, ?> value) {
    this.name = name;
    this.type = type;
    this.shape = shape;
    this.fixed = fixed;
    this.value = value;
  }

  /** A fixed input. */
  public static InputSpec fixed(Tensor tensor) {
    return new InputSpec(tensor.name(), tensor.datatype(), tensor.shape(), tensor, null);
  }

  /** A fixed input from literal values, converted now so that no request pays for it. */
  public static InputSpec fixed(String name, DataType type, Shape shape, Object values) {
    return fixed(TensorValues.toTensor(name, type, shape, values));
  }

  /**
   * An input resolved per request.
   *
   * @param type datatype, or null when the value is a Tensor carrying its own
   * @param shape shape, or null when the value is a Tensor carrying its own
   */
  public static InputSpec dynamic(String name, DataType type, Shape shape, Function<Session, ?> value) {
    return new InputSpec(name, type, shape, null, value);
  }

  public String name() {
    return name;
  }

  /** True when the tensor is the same for every request. */
  public boolean isFixed() {
    return fixed != null;
  }

  /** The tensor for this request; a failure names this input. */
  public Tensor resolve(Session session) {
    if (fixed != null) {
      return fixed;
    }
    Object v;
    try {
      v = value.apply(session);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("input '" + name + "': " + e.getMessage(), e);
    }
    return TensorValues.toTensor(name, type, shape, v);
  }
}
