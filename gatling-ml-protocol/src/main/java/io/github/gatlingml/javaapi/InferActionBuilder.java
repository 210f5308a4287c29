/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.action.PayloadSpec.Part;
import io.github.gatlingml.internal.check.ExpectedOutputsCheck;
import io.github.gatlingml.internal.feeder.RecordKeys;
import io.github.gatlingml.internal.gatling.El;
import io.github.gatlingml.internal.gatling.MlActionFactory;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.List;
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
  private final InferSpec spec;

  InferActionBuilder(String requestName) {
    this(InferSpec.named(requestName));
  }

  private InferActionBuilder(InferSpec spec) {
    this.spec = spec;
  }

  private static Part<String> el(String value) {
    return El.isDynamic(value) ? Part.of(El.compile(value, String.class)) : Part.of(value);
  }

  // ---------------------------------------------------------------- target

  /** The model to call (Gatling EL allowed); default: the protocol's model. */
  public InferActionBuilder model(String name) {
    return new InferActionBuilder(spec.withModel(el(name)));
  }

  /** The model to call, computed from the session. */
  public InferActionBuilder model(Function<Session, String> name) {
    return new InferActionBuilder(spec.withModel(Part.of(name)));
  }

  /** The model version (Gatling EL allowed); default: the protocol's, else the server's choice. */
  public InferActionBuilder version(String v) {
    return new InferActionBuilder(spec.withVersion(el(v)));
  }

  /** The model version, computed from the session. */
  public InferActionBuilder version(Function<Session, String> v) {
    return new InferActionBuilder(spec.withVersion(Part.of(v)));
  }

  /** The request id the server echoes (Gatling EL allowed). */
  public InferActionBuilder requestId(String requestId) {
    return new InferActionBuilder(spec.withId(el(requestId)));
  }

  /** The request id, computed from the session. */
  public InferActionBuilder requestId(Function<Session, String> requestId) {
    return new InferActionBuilder(spec.withId(Part.of(requestId)));
  }

  // ---------------------------------------------------------------- transport

  /** Send over gRPC with tensors as raw bytes (the fast path). */
  public InferActionBuilder grpc() {
    return transport(InferTransport.GRPC);
  }

  /** Send over gRPC with typed tensor contents (not possible for FP16/BF16). */
  public InferActionBuilder grpcTyped() {
    return transport(InferTransport.GRPC_TYPED);
  }

  /** Send over REST with tensors as JSON arrays. */
  public InferActionBuilder restJson() {
    return transport(InferTransport.REST_JSON);
  }

  /** Send over REST with Triton's binary tensor extension: inputs and outputs as raw blobs. */
  public InferActionBuilder restBinary() {
    return transport(InferTransport.REST_BINARY);
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
    return new InferActionBuilder(spec.withOverStream(true));
  }

  /**
   * Send with this transport; default: the protocol's ({@code ml.transport(...)}). Only tensor
   * transports exist here: text generation is {@code generate(...)}.
   */
  public InferActionBuilder transport(InferTransport t) {
    return new InferActionBuilder(spec.withTransport(java.util.Objects.requireNonNull(t, "t")));
  }

  // ---------------------------------------------------------------- parameters

  private InferActionBuilder param(String name, Part<Object> value) {
    return new InferActionBuilder(spec.withParameter(name, value));
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
    return new InferActionBuilder(spec.withInput(in));
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
    return new InferActionBuilder(
        b.spec.withChecks(b.spec.checks().plus(new ExpectedOutputsCheck(tolerance))));
  }

  // ---------------------------------------------------------------- outputs

  private InferActionBuilder addOutput(OutputRequest o) {
    return new InferActionBuilder(spec.withOutput(o));
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
    return new InferActionBuilder(spec.withChecks(spec.checks().plus(mlChecks)));
  }

  /**
   * Gatling's own checks on the response body: {@code jsonPath}, {@code jmesPath}, {@code regex},
   * {@code substring}, {@code bodyString} (REST JSON answers).
   */
  public InferActionBuilder check(CheckBuilder... gatlingChecks) {
    return new InferActionBuilder(spec.withChecks(spec.checks().plus(gatlingChecks)));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolvedChecks = spec.checks().resolve();
    InferSpec request = spec;
    return MlActionFactory.actionBuilder(
        runtime -> {
          InferSpec.Resolved r = request.resolve(runtime.protocol());
          return new InferAction(
              request.name(), runtime, r.payload(), r.wire(), r.overStream(), resolvedChecks);
        });
  }
}
