/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.action.InferAction;
import io.github.gatlingml.action.InputSpec;
import io.github.gatlingml.action.PayloadSpec;
import io.github.gatlingml.action.PayloadSpec.Part;
import io.github.gatlingml.check.ExpectedOutputsCheck;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.feeder.RecordKeys;
import io.github.gatlingml.internal.El;
import io.github.gatlingml.internal.MlActionFactory;
import io.github.gatlingml.protocol.MlProtocol;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.transport.OutputRequest;
import io.github.gatlingml.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A KServe v2 inference request, e.g.
 *
 * <pre>{@code
 * infer("add_sub grpc").model("add_sub").grpc()
 *     .input("INPUT0", FP32, shape(1, 16), "#{a}")
 *     .input("INPUT1", FP32, shape(1, 16), "#{b}")
 *     .output("OUTPUT0")
 *     .check(output("OUTPUT0").shape().is(1, 16))
 * }</pre>
 *
 * Immutable: every method returns a new builder. Without a status check, the request must succeed
 * (HTTP 2xx / gRPC OK).
 */
public final class InferActionBuilder implements ActionBuilder {
  private final String requestName;
  private final Part<String> model;
  private final Part<String> version;
  private final Part<String> id;
  private final Map<String, Part<Object>> parameters;
  private final List<InputSpec> inputs;
  private final List<OutputRequest> outputs;
  private final Transport transport;
  private final boolean overStream;
  private final ChecksSpec checks;

  InferActionBuilder(String requestName) {
    this(
        requestName,
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

  private InferActionBuilder(
      String requestName,
      Part<String> model,
      Part<String> version,
      Part<String> id,
      Map<String, Part<Object>> parameters,
      List<InputSpec> inputs,
      List<OutputRequest> outputs,
      Transport transport,
      boolean overStream,
      ChecksSpec checks) {
    this.requestName = requestName;
    this.model = model;
    this.version = version;
    this.id = id;
    this.parameters = parameters;
    this.inputs = inputs;
    this.outputs = outputs;
    this.transport = transport;
    this.overStream = overStream;
    this.checks = checks;
  }

  private InferActionBuilder with(
      Part<String> model,
      Part<String> version,
      Part<String> id,
      Map<String, Part<Object>> parameters,
      List<InputSpec> inputs,
      List<OutputRequest> outputs,
      Transport transport,
      ChecksSpec checks) {
    return new InferActionBuilder(
        requestName,
        model,
        version,
        id,
        parameters,
        inputs,
        outputs,
        transport,
        overStream,
        checks);
  }

  private static Part<String> el(String value) {
    return El.isDynamic(value) ? Part.of(El.compile(value, String.class)) : Part.of(value);
  }

  // ---------------------------------------------------------------- target

  /** The model to call (Gatling EL allowed); default: the protocol's model. */
  public InferActionBuilder model(String name) {
    return with(el(name), version, id, parameters, inputs, outputs, transport, checks);
  }

  /** The model to call, computed from the session. */
  public InferActionBuilder model(Function<Session, String> name) {
    return with(Part.of(name), version, id, parameters, inputs, outputs, transport, checks);
  }

  /** The model version (Gatling EL allowed); default: the protocol's, else the server's choice. */
  public InferActionBuilder version(String v) {
    return with(model, el(v), id, parameters, inputs, outputs, transport, checks);
  }

  /** The model version, computed from the session. */
  public InferActionBuilder version(Function<Session, String> v) {
    return with(model, Part.of(v), id, parameters, inputs, outputs, transport, checks);
  }

  /** The request id the server echoes (Gatling EL allowed). */
  public InferActionBuilder requestId(String requestId) {
    return with(model, version, el(requestId), parameters, inputs, outputs, transport, checks);
  }

  /** The request id, computed from the session. */
  public InferActionBuilder requestId(Function<Session, String> requestId) {
    return with(model, version, Part.of(requestId), parameters, inputs, outputs, transport, checks);
  }

  // ---------------------------------------------------------------- transport

  /** Send over gRPC with tensors as raw bytes (the fast path). */
  public InferActionBuilder grpc() {
    return transport(Transport.GRPC);
  }

  /** Send over gRPC with typed tensor contents (not possible for FP16/BF16). */
  public InferActionBuilder grpcTyped() {
    return transport(Transport.GRPC_TYPED);
  }

  /** Send over REST with tensors as JSON arrays. */
  public InferActionBuilder restJson() {
    return transport(Transport.REST_JSON);
  }

  /** Send over REST with Triton's binary tensor extension: inputs and outputs as raw blobs. */
  public InferActionBuilder restBinary() {
    return transport(Transport.REST_BINARY);
  }

  /**
   * Sends the request on the virtual user's own gRPC {@code ModelStreamInfer} stream instead of a
   * unary call: the stream opens with the user's first such request and stays open until the user
   * ends, as with Triton's streaming API (perf_analyzer's {@code --streaming}); the next response
   * on it answers the request. Meant for stateful models driven over one stream, e.g. {@code
   * sequence(infer("step").model("my_seq").inputsFromFeeder().overStream())}. gRPC only ({@link
   * #grpc()} or {@link #grpcTyped()}; the protocol's gRPC target by default); the request headers
   * are those of the request that opened the stream. Not for decoupled models, which answer a
   * request several times: use {@code generate(...).grpcStream()}.
   */
  public InferActionBuilder overStream() {
    return new InferActionBuilder(
        requestName, model, version, id, parameters, inputs, outputs, transport, true, checks);
  }

  /** Send with this transport; default: the protocol's. */
  public InferActionBuilder transport(Transport t) {
    if (!t.isInfer()) {
      throw new IllegalArgumentException(
          "infer(\""
              + requestName
              + "\") sends tensors over grpc, grpc-typed, rest-json or rest-binary; "
              + t.label()
              + " is a streaming transport: use generate(...)");
    }
    return with(model, version, id, parameters, inputs, outputs, t, checks);
  }

  // ---------------------------------------------------------------- parameters

  private InferActionBuilder param(String name, Part<Object> value) {
    Map<String, Part<Object>> p = new LinkedHashMap<>(parameters);
    p.put(name, value);
    return with(model, version, id, Map.copyOf(p), inputs, outputs, transport, checks);
  }

  /** A request parameter with a fixed boolean value. */
  public InferActionBuilder parameter(String name, boolean value) {
    return param(name, Part.of(value));
  }

  /** A request parameter with a fixed integer value. */
  public InferActionBuilder parameter(String name, long value) {
    return param(name, Part.of(value));
  }

  /** A request parameter with a fixed floating-point value. */
  public InferActionBuilder parameter(String name, double value) {
    return param(name, Part.of(value));
  }

  /**
   * A request parameter from a string with Gatling EL: {@code "#{seq}"} takes the session value
   * with its type (a Long stays an integer parameter); other text is a string parameter.
   */
  public InferActionBuilder parameter(String name, String value) {
    return param(
        name, El.isDynamic(value) ? Part.of(El.compile(value, Object.class)) : Part.of(value));
  }

  /** A request parameter computed from the session (Boolean, Long/Integer, Double or String). */
  public InferActionBuilder parameter(String name, Function<Session, Object> value) {
    return param(name, Part.of(value));
  }

  /** Triton's {@code sequence_id} for stateful models. */
  public InferActionBuilder sequenceId(long sequenceId) {
    return parameter("sequence_id", sequenceId);
  }

  /** Triton's {@code sequence_id} from Gatling EL, e.g. {@code "#{userId}"}. */
  public InferActionBuilder sequenceId(String sequenceId) {
    return parameter("sequence_id", sequenceId);
  }

  /** Triton's {@code sequence_id} computed from the session. */
  public InferActionBuilder sequenceId(Function<Session, Object> sequenceId) {
    return parameter("sequence_id", sequenceId);
  }

  /** Triton's {@code sequence_start} flag. */
  public InferActionBuilder sequenceStart(boolean start) {
    return parameter("sequence_start", start);
  }

  /** Triton's {@code sequence_start} flag from Gatling EL (a Boolean attribute). */
  public InferActionBuilder sequenceStart(String start) {
    return parameter("sequence_start", start);
  }

  /** Triton's {@code sequence_start} flag computed from the session. */
  public InferActionBuilder sequenceStart(Function<Session, Object> start) {
    return parameter("sequence_start", start);
  }

  /** Triton's {@code sequence_end} flag. */
  public InferActionBuilder sequenceEnd(boolean end) {
    return parameter("sequence_end", end);
  }

  /** Triton's {@code sequence_end} flag from Gatling EL (a Boolean attribute). */
  public InferActionBuilder sequenceEnd(String end) {
    return parameter("sequence_end", end);
  }

  /** Triton's {@code sequence_end} flag computed from the session. */
  public InferActionBuilder sequenceEnd(Function<Session, Object> end) {
    return parameter("sequence_end", end);
  }

  // ---------------------------------------------------------------- inputs

  private InferActionBuilder addInput(InputSpec in) {
    List<InputSpec> all = new ArrayList<>(inputs);
    all.removeIf(i -> i.name().equals(in.name()));
    all.add(in);
    return with(model, version, id, parameters, List.copyOf(all), outputs, transport, checks);
  }

  /** A fixed input tensor, encoded once for the whole run. */
  public InferActionBuilder input(Tensor tensor) {
    return addInput(InputSpec.fixed(tensor));
  }

  /**
   * An input whose values come from the session through Gatling EL, e.g. {@code "#{a}"}: the
   * attribute may hold a {@link Tensor}, a Java array of numbers ({@code float[]}, {@code
   * int[]}...), a list of numbers (flat or nested), or strings for BYTES.
   */
  public InferActionBuilder input(String name, DataType datatype, Shape shape, String valuesEl) {
    if (!El.isDynamic(valuesEl)) {
      throw new IllegalArgumentException(
          "input '"
              + name
              + "': '"
              + valuesEl
              + "' is not a Gatling EL expression such as \"#{attribute}\"; "
              + "for literal values use inputValues(...) or inputStrings(...)");
    }
    return addInput(InputSpec.dynamic(name, datatype, shape, El.compile(valuesEl, Object.class)));
  }

  /** An input whose values a function computes from the session (same value types as above). */
  public InferActionBuilder input(
      String name, DataType datatype, Shape shape, Function<Session, ?> values) {
    return addInput(InputSpec.dynamic(name, datatype, shape, values));
  }

  /** An input of fixed numeric values (converted to the datatype once, range-checked). */
  public InferActionBuilder inputValues(
      String name, DataType datatype, Shape shape, double... values) {
    return addInput(InputSpec.fixed(name, datatype, shape, values.clone()));
  }

  /** A BYTES input of fixed strings (UTF-8). */
  public InferActionBuilder inputStrings(String name, Shape shape, String... values) {
    return addInput(InputSpec.fixed(name, DataType.BYTES, shape, values.clone()));
  }

  /**
   * An input taken as a whole {@link Tensor} from a session attribute (EL, e.g. {@code
   * "#{image}"}), keeping the tensor's datatype and shape; it is sent as input {@code name}.
   */
  public InferActionBuilder inputTensor(String name, String tensorEl) {
    return addInput(InputSpec.dynamic(name, null, null, El.compile(tensorEl, Object.class)));
  }

  /**
   * Every input from the current tensor feeder record ({@code MlFeeders}), and its validation data,
   * when it has some, checked against the response (floats within 1e-5).
   */
  public InferActionBuilder inputsFromFeeder() {
    return inputsFromFeeder(1e-5);
  }

  /**
   * Every input from the current tensor feeder record, with its validation data checked against the
   * response: floating-point outputs within {@code tolerance} (absolute), others exactly.
   */
  public InferActionBuilder inputsFromFeeder(double tolerance) {
    InferActionBuilder b =
        addInput(
            InputSpec.all(
                "#{" + RecordKeys.INPUTS + "}",
                El.compile("#{" + RecordKeys.INPUTS + "}", Object.class)));
    return b.with(
        b.model,
        b.version,
        b.id,
        b.parameters,
        b.inputs,
        b.outputs,
        b.transport,
        b.checks.plus(new ExpectedOutputsCheck(tolerance)));
  }

  // ---------------------------------------------------------------- outputs

  private InferActionBuilder addOutput(OutputRequest o) {
    List<OutputRequest> all = new ArrayList<>(outputs);
    all.removeIf(x -> x.name().equals(o.name()));
    all.add(o);
    return with(model, version, id, parameters, inputs, List.copyOf(all), transport, checks);
  }

  /** Ask for this output (without any, the server returns all). */
  public InferActionBuilder output(String name) {
    return addOutput(new OutputRequest(name, false, 0));
  }

  /** Ask for this output as a binary blob (REST binary extension; ignored by gRPC). */
  public InferActionBuilder binaryOutput(String name) {
    return addOutput(new OutputRequest(name, true, 0));
  }

  /** Ask for the top {@code topK} classes of this output (classification extension). */
  public InferActionBuilder classification(String name, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException(
          "classification of '" + name + "' needs topK >= 1, got " + topK);
    }
    return addOutput(new OutputRequest(name, false, topK));
  }

  // ---------------------------------------------------------------- checks

  /** ML checks: {@code status()}, {@code output(...)}. */
  public InferActionBuilder check(MlCheck... mlChecks) {
    return with(model, version, id, parameters, inputs, outputs, transport, checks.plus(mlChecks));
  }

  /**
   * Gatling's own checks on the response body: {@code jsonPath}, {@code jmesPath}, {@code regex},
   * {@code substring}, {@code bodyString} (REST JSON answers).
   */
  public InferActionBuilder check(CheckBuilder... gatlingChecks) {
    return with(
        model, version, id, parameters, inputs, outputs, transport, checks.plus(gatlingChecks));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolvedChecks = checks.resolve();
    return MlActionFactory.actionBuilder(
        runtime -> {
          MlProtocol p = runtime.protocol();
          Transport t =
              transport != null
                  ? transport
                  : overStream
                      ? Transport.GRPC
                      : p.defaultTransport().isInfer()
                          ? p.defaultTransport()
                          : p.grpcTarget() != null ? Transport.GRPC : Transport.REST_JSON;
          if (overStream && !t.isGrpc()) {
            throw new IllegalArgumentException(
                "infer(\""
                    + requestName
                    + "\").overStream() sends on a gRPC ModelStreamInfer stream, but its transport is "
                    + t.label()
                    + ": use .grpc() or .grpcTyped()");
          }
          Part<String> m = model;
          if (m == null) {
            if (p.defaultModel() == null) {
              throw new IllegalArgumentException(
                  "infer(\""
                      + requestName
                      + "\") names no model: call .model(\"...\") or set ml.model(\"...\")");
            }
            m = Part.of(p.defaultModel());
          }
          Part<String> v = version != null ? version : Part.of(p.defaultVersion());
          Map<String, Part<Object>> params = new LinkedHashMap<>(parameters);
          List<OutputRequest> outs = outputs;
          if (t == Transport.REST_BINARY) {
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
          if (inputs.isEmpty()) {
            throw new IllegalArgumentException(
                "infer(\"" + requestName + "\") has no input: add .input(...)");
          }
          PayloadSpec payload = new PayloadSpec(m, v, id, params, inputs, outs);
          return new InferAction(requestName, runtime, payload, t, overStream, resolvedChecks);
        });
  }
}
