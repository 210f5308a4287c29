/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.action.PayloadSpec;
import io.github.gatlingml.internal.action.PayloadSpec.Part;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.OutputRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link InferActionBuilder} has been told, as given (null: not set, the protocol decides):
 * one immutable value, copied with one field changed per DSL call. Defaults and validation happen
 * once per run, in {@link #resolve(MlProtocol)}.
 */
record InferSpec(
    String name,
    Part<String> model,
    Part<String> version,
    Part<String> id,
    Map<String, Part<Object>> parameters,
    List<InputSpec> inputs,
    List<OutputRequest> outputs,
    InferTransport transport,
    boolean overStream,
    ChecksSpec checks) {

  InferSpec {
    parameters = Map.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** A request with nothing set but its name. */
  static InferSpec named(String name) {
    return new InferSpec(
        name,
        null,
        null,
        Part.of(""),
        Map.of(),
        List.of(),
        List.of(),
        null,
        false,
        ChecksSpec.NONE);
  }

  InferSpec withModel(Part<String> v) {
    return new InferSpec(
        name, v, version, id, parameters, inputs, outputs, transport, overStream, checks);
  }

  InferSpec withVersion(Part<String> v) {
    return new InferSpec(
        name, model, v, id, parameters, inputs, outputs, transport, overStream, checks);
  }

  InferSpec withId(Part<String> v) {
    return new InferSpec(
        name, model, version, v, parameters, inputs, outputs, transport, overStream, checks);
  }

  /** With parameter {@code key} set to {@code v} (replacing an earlier value). */
  InferSpec withParameter(String key, Part<Object> v) {
    Map<String, Part<Object>> p = new LinkedHashMap<>(parameters);
    p.put(key, v);
    return new InferSpec(
        name, model, version, id, p, inputs, outputs, transport, overStream, checks);
  }

  /** With input {@code in} (replacing an earlier input of the same name). */
  InferSpec withInput(InputSpec in) {
    List<InputSpec> all = new ArrayList<>(inputs);
    all.removeIf(i -> i.name().equals(in.name()));
    all.add(in);
    return new InferSpec(
        name, model, version, id, parameters, all, outputs, transport, overStream, checks);
  }

  /** With output {@code o} asked for (replacing an earlier request of the same output). */
  InferSpec withOutput(OutputRequest o) {
    List<OutputRequest> all = new ArrayList<>(outputs);
    all.removeIf(x -> x.name().equals(o.name()));
    all.add(o);
    return new InferSpec(
        name, model, version, id, parameters, inputs, all, transport, overStream, checks);
  }

  InferSpec withTransport(InferTransport v) {
    return new InferSpec(
        name, model, version, id, parameters, inputs, outputs, v, overStream, checks);
  }

  InferSpec withOverStream(boolean v) {
    return new InferSpec(
        name, model, version, id, parameters, inputs, outputs, transport, v, checks);
  }

  InferSpec withChecks(ChecksSpec v) {
    return new InferSpec(
        name, model, version, id, parameters, inputs, outputs, transport, overStream, v);
  }

  /**
   * The request as the run sends it.
   *
   * @param payload what is sent, every default filled in
   * @param wire how it travels
   * @param overStream on the user's own gRPC stream
   */
  record Resolved(PayloadSpec payload, InferAction.Wire wire, boolean overStream) {}

  /**
   * Fills in what the request leaves to the protocol (model, version, transport) and checks that
   * the whole makes sense.
   *
   * @throws IllegalArgumentException naming the request and the fix
   */
  Resolved resolve(MlProtocol p) {
    InferAction.Wire wire =
        transport != null
            ? transport.wire()
            : overStream ? InferAction.Wire.GRPC_RAW : p.defaultWire();
    boolean grpc = wire == InferAction.Wire.GRPC_RAW || wire == InferAction.Wire.GRPC_TYPED;
    if (overStream && !grpc) {
      throw new IllegalArgumentException(
          "infer(\""
              + name
              + "\").overStream() sends on a gRPC ModelStreamInfer stream, but its transport is "
              + transport.label()
              + ": use .grpc() or .grpcTyped()");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("infer(\"" + name + "\") has no input: add .input(...)");
    }
    Part<String> m = model;
    if (m == null) {
      if (p.defaultModel() == null) {
        throw new IllegalArgumentException(
            "infer(\""
                + name
                + "\") names no model: call .model(\"...\") or set ml.model(\"...\")");
      }
      m = Part.of(p.defaultModel());
    }
    Part<String> v = version != null ? version : Part.of(p.defaultVersion());
    Map<String, Part<Object>> params = new LinkedHashMap<>(parameters);
    List<OutputRequest> outs = outputs;
    if (wire == InferAction.Wire.REST_BINARY) {
      // Binary all the way: requested outputs as blobs, or all outputs when none is named.
      List<OutputRequest> binary = new ArrayList<>();
      for (OutputRequest o : outputs) {
        binary.add(new OutputRequest(o.name(), o.classification() == 0, o.classification()));
      }
      outs = binary;
      if (outs.isEmpty()) {
        params.put("binary_data_output", Part.of(true));
      }
    }
    return new Resolved(new PayloadSpec(m, v, id, params, inputs, outs), wire, overStream);
  }
}
