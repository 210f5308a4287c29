/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An inference request as the DSL describes it: each part either fixed or resolved from the session
 * per request. When every part is fixed the whole request is encoded once.
 */
public final class PayloadSpec {
  /** A value that is either fixed or taken from the session. */
  public record Part<T>(T fixed, Function<Session, T> dynamic) {
    public static <T> Part<T> of(T value) {
      return new Part<>(value, null);
    }

    public static <T> Part<T> of(Function<Session, T> fn) {
      return new Part<>(null, fn);
    }

    public boolean isFixed() {
      return dynamic == null;
    }

    public T resolve(Session s) {
      return dynamic == null ? fixed : dynamic.apply(s);
    }
  }

  private final Part<String> model;
  private final Part<String> version;
  private final Part<String> id;
  private final Map<String, Part<Object>> parameters;
  private final List<InputSpec> inputs;
  private final List<OutputRequest> outputs;

  public PayloadSpec(
      Part<String> model,
      Part<String> version,
      Part<String> id,
      Map<String, Part<Object>> parameters,
      List<InputSpec> inputs,
      List<OutputRequest> outputs) {
    this.model = model;
    this.version = version;
    this.id = id;
    this.parameters = new LinkedHashMap<>(parameters);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
  }

  /** The model part (for naming the model in summaries when fixed). */
  public Part<String> model() {
    return model;
  }

  /** True when no part depends on the session. */
  public boolean isFixed() {
    if (!model.isFixed() || !version.isFixed() || !id.isFixed()) {
      return false;
    }
    for (Part<Object> p : parameters.values()) {
      if (!p.isFixed()) {
        return false;
      }
    }
    for (InputSpec in : inputs) {
      if (!in.isFixed()) {
        return false;
      }
    }
    return true;
  }

  /** The request for this session. */
  public InferPayload resolve(Session session) {
    Map<String, Object> params = new LinkedHashMap<>();
    parameters.forEach((k, v) -> params.put(k, v.resolve(session)));
    List<Tensor> tensors = new ArrayList<>(inputs.size());
    for (InputSpec in : inputs) {
      in.resolveInto(session, tensors);
    }
    return new InferPayload(
        model.resolve(session),
        version.resolve(session),
        id.resolve(session),
        params,
        tensors,
        outputs);
  }
}
