/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Input(s) of an inference request: a fixed tensor (converted once when the simulation is built),
 * values taken from the session on each request, or every input at once from a session list of
 * tensors (what the tensor feeders write).
 */
public final class InputSpec {
  private final String name;
  private final DataType type;
  private final Shape shape;
  private final Tensor fixed;
  private final Function<Session, ?> value;
  private final boolean many;

  private InputSpec(
      String name,
      DataType type,
      Shape shape,
      Tensor fixed,
      Function<Session, ?> value,
      boolean many) {
    this.name = name;
    this.type = type;
    this.shape = shape;
    this.fixed = fixed;
    this.value = value;
    this.many = many;
  }

  /** A fixed input. */
  public static InputSpec fixed(Tensor tensor) {
    return new InputSpec(tensor.name(), tensor.datatype(), tensor.shape(), tensor, null, false);
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
  public static InputSpec dynamic(
      String name, DataType type, Shape shape, Function<Session, ?> value) {
    return new InputSpec(name, type, shape, null, value, false);
  }

  /**
   * Every input of a request at once, from a session value holding a {@code List<Tensor>}.
   *
   * @param description names the source in messages, e.g. {@code #{ml_inputs}}
   */
  public static InputSpec all(String description, Function<Session, ?> tensors) {
    return new InputSpec(description, null, null, null, tensors, true);
  }

  /** The input's name (for {@link #all}: its description). */
  public String name() {
    return name;
  }

  /** True when the tensor is the same for every request. */
  public boolean isFixed() {
    return fixed != null;
  }

  /** Adds this request's tensor(s) to {@code out}; a failure names the input. */
  public void resolveInto(Session session, List<Tensor> out) {
    if (fixed != null) {
      out.add(fixed);
      return;
    }
    Object v;
    try {
      v = value.apply(session);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          (many ? "inputs " : "input '") + name + (many ? "" : "'") + ": " + e.getMessage(), e);
    }
    if (!many) {
      out.add(TensorValues.toTensor(name, type, shape, v));
      return;
    }
    if (!(v instanceof List)) {
      throw new IllegalArgumentException(
          "inputs "
              + name
              + ": expected a list of tensors (as the ml tensor feeders write), got "
              + (v == null ? "null" : v.getClass().getSimpleName()));
    }
    for (Object t : (List<?>) v) {
      if (!(t instanceof Tensor)) {
        throw new IllegalArgumentException(
            "inputs "
                + name
                + ": expected tensors, got a "
                + (t == null ? "null" : t.getClass().getSimpleName()));
      }
      out.add((Tensor) t);
    }
  }
}
