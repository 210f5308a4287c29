/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.github.gatlingml.internal.action.ServerCall;
import io.github.gatlingml.internal.feeder.RecordKeys;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry points of the gatling-ml Java DSL. Import statically:
 *
 * <pre>{@code
 * import static io.github.gatlingml.javaapi.MlDsl.*;
 *
 * MlProtocolBuilder kserve = ml.restBaseUrl("http://localhost:8000").grpcTarget("localhost:8001");
 * ScenarioBuilder s = scenario("classify").exec(
 *     infer("add_sub").model("add_sub").grpc()
 *         .input("INPUT0", FP32, shape(1, 16), "#{a}").input("INPUT1", FP32, shape(1, 16), "#{b}")
 *         .check(output("OUTPUT0").shape().is(1, 16)));
 * }</pre>
 */
public final class MlDsl {
  private MlDsl() {}

  /** The ml protocol builder: start here and give it a REST base URL and/or a gRPC target. */
  public static final MlProtocolBuilder ml = MlProtocolBuilder.DEFAULT;

  /** BOOL tensors. */
  public static final DataType BOOL = DataType.BOOL;

  /** UINT8 tensors. */
  public static final DataType UINT8 = DataType.UINT8;

  /** UINT16 tensors. */
  public static final DataType UINT16 = DataType.UINT16;

  /** UINT32 tensors. */
  public static final DataType UINT32 = DataType.UINT32;

  /** UINT64 tensors. */
  public static final DataType UINT64 = DataType.UINT64;

  /** INT8 tensors. */
  public static final DataType INT8 = DataType.INT8;

  /** INT16 tensors. */
  public static final DataType INT16 = DataType.INT16;

  /** INT32 tensors. */
  public static final DataType INT32 = DataType.INT32;

  /** INT64 tensors. */
  public static final DataType INT64 = DataType.INT64;

  /** FP16 (IEEE half precision) tensors. */
  public static final DataType FP16 = DataType.FP16;

  /** FP32 tensors. */
  public static final DataType FP32 = DataType.FP32;

  /** FP64 tensors. */
  public static final DataType FP64 = DataType.FP64;

  /** BYTES (strings) tensors. */
  public static final DataType BYTES = DataType.BYTES;

  /** BF16 (bfloat16) tensors. */
  public static final DataType BF16 = DataType.BF16;

  /** A tensor shape, e.g. {@code shape(1, 16)}. */
  public static Shape shape(long... dims) {
    return Shape.of(dims);
  }

  /** A KServe v2 inference request named {@code requestName} in Gatling's report. */
  public static InferActionBuilder infer(String requestName) {
    return new InferActionBuilder(requestName);
  }

  /**
   * A text-generation request that streams tokens (Triton generate_stream, gRPC ModelStreamInfer or
   * OpenAI-compatible), named {@code requestName} in Gatling's report.
   */
  public static GenerateActionBuilder generate(String requestName) {
    return new GenerateActionBuilder(requestName);
  }

  /** Server liveness ({@code /v2/health/live}, {@code ServerLive}). */
  public static ServerActionBuilder serverLive(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.SERVER_LIVE);
  }

  /** Server readiness ({@code /v2/health/ready}, {@code ServerReady}). */
  public static ServerActionBuilder serverReady(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.SERVER_READY);
  }

  /** Model readiness ({@code /v2/models/{m}/ready}, {@code ModelReady}). */
  public static ServerActionBuilder modelReady(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.MODEL_READY);
  }

  /** Server metadata ({@code /v2}, {@code ServerMetadata}). */
  public static ServerActionBuilder serverMetadata(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.SERVER_METADATA);
  }

  /** Model metadata ({@code /v2/models/{m}}, {@code ModelMetadata}). */
  public static ServerActionBuilder modelMetadata(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.MODEL_METADATA);
  }

  /** Model configuration (Triton: {@code /v2/models/{m}/config}, {@code ModelConfig}). */
  public static ServerActionBuilder modelConfig(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.MODEL_CONFIG);
  }

  /**
   * Model statistics (Triton: {@code /v2/models[/{m}]/stats}, {@code ModelStatistics}); all models
   * unless {@code .model(...)} names one.
   */
  public static ServerActionBuilder modelStatistics(String requestName) {
    return new ServerActionBuilder(requestName, ServerCall.MODEL_STATISTICS);
  }

  /** Sequence ids: a random per-injector prefix, so that several injectors do not collide. */
  private static final AtomicLong SEQUENCE_IDS =
      new AtomicLong((ThreadLocalRandom.current().nextLong(1, 1L << 24)) << 32);

  /** Session attribute holding the current sequence id. */
  public static final String SEQUENCE_ID = "ml_sequence_id";

  /**
   * Runs a whole sequence of a stateful model (Triton's sequence batcher) from the current sequence
   * feeder record ({@code MlFeeders...sequences()}): {@code request} is sent once per step with
   * that step's inputs, a {@code sequence_id} of its own for this sequence, {@code sequence_start}
   * on the first step and {@code sequence_end} on the last.
   *
   * <pre>{@code
   * feed(MlFeeders.perfAnalyzer("seq.json").fromRest(url, "my_model").sequences().circular())
   *     .exec(sequence(infer("step").model("my_model").inputsFromFeeder()))
   * }</pre>
   */
  public static ChainBuilder sequence(InferActionBuilder request) {
    InferActionBuilder step =
        request
            .sequenceId("#{" + SEQUENCE_ID + "}")
            .sequenceStart("#{ml_sequence_start}")
            .sequenceEnd("#{ml_sequence_end}");
    return exec(session -> session.set(SEQUENCE_ID, SEQUENCE_IDS.incrementAndGet()))
        .foreach("#{" + RecordKeys.SEQUENCE + "}", "ml_step", "ml_step_index")
        .on(
            exec(session -> {
                  Map<String, Object> attributes = session.getMap("ml_step");
                  List<Object> steps = session.getList(RecordKeys.SEQUENCE);
                  int index = session.getInt("ml_step_index");
                  return session
                      .setAll(attributes)
                      .set("ml_sequence_start", index == 0)
                      .set("ml_sequence_end", index == steps.size() - 1);
                })
                .exec(step));
  }

  /**
   * Checks on the status: {@code status().isOk()}, {@code status().is("NOT_FOUND")}, {@code
   * status().is(404)}.
   */
  public static StatusCheck status() {
    return new StatusCheck();
  }

  /** Time to first token of a stream: {@code ttft().lt(Duration.ofMillis(200))}. */
  public static StreamChecks.DurationCheck ttft() {
    return new StreamChecks.DurationCheck("ttft", r -> r.ttftNanos());
  }

  /** Time per output token after the first: {@code tpot().lteMillis(20)}. */
  public static StreamChecks.DurationCheck tpot() {
    return new StreamChecks.DurationCheck("tpot", r -> r.tpotNanos());
  }

  /** The longest gap between two chunks of a stream. */
  public static StreamChecks.DurationCheck maxChunkGap() {
    return new StreamChecks.DurationCheck(
        "max chunk gap", r -> r.chunks() < 2 ? -1L : r.maxChunkGapNanos());
  }

  /** The number of output tokens of a stream. */
  public static StreamChecks.TokensCheck outputTokens() {
    return new StreamChecks.TokensCheck();
  }

  /**
   * The text a stream generated: {@code text().contains("Paris")}, {@code text().saveAs("reply")}.
   */
  public static StreamChecks.TextCheck text() {
    return new StreamChecks.TextCheck(
        "generated text", io.github.gatlingml.check.StreamResult::text);
  }

  /** Why the server stopped generating: {@code finishReason().is("length")}. */
  public static StreamChecks.TextCheck finishReason() {
    return new StreamChecks.TextCheck(
        "finish reason", io.github.gatlingml.check.StreamResult::finishReason);
  }

  /** Checks on one output tensor: {@code output("OUTPUT0").values().within(1e-6, ...)}. */
  public static OutputCheck output(String name) {
    return new OutputCheck(name);
  }
}
