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
import io.github.gatlingml.internal.action.StreamAction;
import io.github.gatlingml.internal.gatling.El;
import io.github.gatlingml.internal.gatling.MlActionFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A text-generation request that streams tokens, timed from the request to the first non-empty
 * chunk (TTFT), between chunks, and per output token (TPOT), e.g.
 *
 * <pre>{@code
 * generate("chat").model("tiny_llm").openAiChat().prompt("#{prompt}").maxTokens(64)
 *     .slo(Duration.ofMillis(200), Duration.ofMillis(20))
 *     .check(ttft().lt(Duration.ofMillis(500)), text().saveAs("reply"))
 * }</pre>
 *
 * Gatling's report gets {@code <name>} (end to end), {@code <name> [ttft]} and {@code <name>
 * [tpot]}; ml-summary.json gets them in microseconds with chunk gaps, tokens/s and goodput.
 * Immutable.
 */
public final class GenerateActionBuilder implements ActionBuilder {
  private final GenerateSpec spec;

  GenerateActionBuilder(String requestName) {
    this(GenerateSpec.named(requestName));
  }

  private GenerateActionBuilder(GenerateSpec spec) {
    this.spec = spec;
  }

  /** The model (Gatling EL allowed); default: the protocol's model. */
  public GenerateActionBuilder model(String name) {
    return new GenerateActionBuilder(
        spec.withModel(El.compile(name, String.class), El.isDynamic(name) ? null : name));
  }

  /** The model, computed from the session. */
  public GenerateActionBuilder model(Function<Session, String> name) {
    return new GenerateActionBuilder(spec.withModel(name, null));
  }

  /** OpenAI-compatible {@code /v1/chat/completions} with {@code stream: true}. */
  public GenerateActionBuilder openAiChat() {
    return api(GenerationApi.OPENAI_CHAT);
  }

  /** OpenAI-compatible {@code /v1/completions} with {@code stream: true}. */
  public GenerateActionBuilder openAiCompletions() {
    return api(GenerationApi.OPENAI_COMPLETIONS);
  }

  /** Triton's {@code generate_stream} (server-sent events over REST). */
  public GenerateActionBuilder tritonStream() {
    return api(GenerationApi.TRITON_GENERATE_STREAM);
  }

  /** Triton's {@code generate}: one answer, no stream (TTFT is then the whole latency). */
  public GenerateActionBuilder tritonGenerate() {
    return api(GenerationApi.TRITON_GENERATE);
  }

  /** gRPC {@code ModelStreamInfer} against a decoupled model. */
  public GenerateActionBuilder grpcStream() {
    return api(GenerationApi.GRPC_STREAM);
  }

  /**
   * Hugging Face TGI's native {@code /generate_stream}: one server-sent event per token, special
   * tokens (end of sequence) not counted as text, tokens counted by TGI's {@code generated_tokens}.
   */
  public GenerateActionBuilder tgiStream() {
    return api(GenerationApi.TGI_GENERATE_STREAM);
  }

  /** Hugging Face TGI's native {@code /generate}: one answer (TTFT is then the whole latency). */
  public GenerateActionBuilder tgiGenerate() {
    return api(GenerationApi.TGI_GENERATE);
  }

  /**
   * The generation API; default: the protocol's ({@code ml.generationApi(...)}), else OpenAI chat
   * when the protocol has a REST URL, else gRPC {@code ModelStreamInfer}. Only generation APIs
   * exist here: tensor inference is {@code infer(...)}.
   */
  public GenerateActionBuilder api(GenerationApi api) {
    return new GenerateActionBuilder(spec.withApi(java.util.Objects.requireNonNull(api, "api")));
  }

  /**
   * The prompt (Gatling EL allowed). Default: the session's {@code prompt}, or for chat its {@code
   * messages}, which is what the prompt feeders set.
   */
  public GenerateActionBuilder prompt(String el) {
    return new GenerateActionBuilder(spec.withPrompt(El.compile(el, String.class)));
  }

  /** The prompt, computed from the session. */
  public GenerateActionBuilder prompt(Function<Session, String> fn) {
    return new GenerateActionBuilder(spec.withPrompt(fn));
  }

  /**
   * Chat messages from the session (a list of {@code {"role", "content"}} maps, e.g. {@code
   * "#{messages}"} from a chat JSONL feeder); without it the prompt is one user message.
   */
  public GenerateActionBuilder messages(String el) {
    return new GenerateActionBuilder(spec.withMessages(El.compile(el, Object.class)));
  }

  /** Chat messages computed from the session (a list of {@code {"role", "content"}} maps). */
  public GenerateActionBuilder messages(Function<Session, Object> fn) {
    return new GenerateActionBuilder(spec.withMessages(fn));
  }

  /**
   * A multi-turn conversation kept in the session under {@code key}: each request sends the history
   * plus the prompt as a new user turn, then appends the reply, so the history grows per virtual
   * user.
   */
  public GenerateActionBuilder conversation(String key) {
    return new GenerateActionBuilder(spec.withConversation(key));
  }

  /** The most tokens to generate. */
  public GenerateActionBuilder maxTokens(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got " + n);
    }
    return new GenerateActionBuilder(spec.withMaxTokens(s -> n));
  }

  /** The most tokens to generate, from Gatling EL (an integer attribute). */
  public GenerateActionBuilder maxTokens(String el) {
    return new GenerateActionBuilder(spec.withMaxTokens(El.compile(el, Object.class)));
  }

  /** The most tokens to generate, computed from the session (an integer). */
  public GenerateActionBuilder maxTokens(Function<Session, Integer> fn) {
    return new GenerateActionBuilder(spec.withMaxTokens(fn::apply));
  }

  /**
   * A sampling or other parameter sent with the request, e.g. {@code parameter("temperature",
   * 0.7)}; a String with Gatling EL ({@code "#{seed}"}) is resolved per request.
   */
  public GenerateActionBuilder parameter(String name, Object value) {
    Function<Session, Object> v =
        value instanceof String && El.isDynamic((String) value)
            ? El.compile((String) value, Object.class)
            : s -> value;
    return new GenerateActionBuilder(spec.withParameter(name, v));
  }

  /** A parameter computed from the session. */
  public GenerateActionBuilder parameter(String name, Function<Session, Object> value) {
    return new GenerateActionBuilder(spec.withParameter(name, value));
  }

  /** OpenAI streams: ask for the usage chunk, so tokens are the server's count (default true). */
  public GenerateActionBuilder includeUsage(boolean include) {
    return new GenerateActionBuilder(spec.withIncludeUsage(include));
  }

  /**
   * Counts output tokens with your tokenizer when the server gives no count of its own (OpenAI's
   * {@code usage.completion_tokens} or TGI's {@code generated_tokens} win when present): {@code
   * countTokens} gets the whole generated text once the stream has ended and returns its number of
   * tokens; the summary then says {@code "source": "tokenizer"} instead of {@code "chunks"}. It
   * runs on the virtual user's event loop, once per stream, so it must be fast and must not block;
   * e.g. with jtokkit: {@code
   * .tokenizer(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE)::countTokens)}.
   */
  public GenerateActionBuilder tokenizer(ToIntFunction<String> countTokens) {
    java.util.Objects.requireNonNull(countTokens, "countTokens");
    return new GenerateActionBuilder(spec.withTokenizer(countTokens));
  }

  /** A stream with no data for this long fails as stalled (default 30 s; zero: no limit). */
  public GenerateActionBuilder idleTimeout(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative, got " + timeout);
    }
    return new GenerateActionBuilder(spec.withIdleTimeout(timeout));
  }

  /**
   * Service-level objectives for goodput: a request is good when it succeeds with TTFT and TPOT
   * within these (either may be null for none).
   */
  public GenerateActionBuilder slo(Duration ttftMax, Duration tpotMax) {
    long ttft = ttftMax == null ? 0 : ttftMax.toNanos() / 1000;
    long tpot = tpotMax == null ? 0 : tpotMax.toNanos() / 1000;
    return new GenerateActionBuilder(spec.withSlo(ttft, tpot));
  }

  /**
   * Checks: {@code ttft()}, {@code tpot()}, {@code maxChunkGap()}, {@code outputTokens()}, {@code
   * text()}, {@code finishReason()}, {@code status()}.
   */
  public GenerateActionBuilder check(MlCheck... mlChecks) {
    return new GenerateActionBuilder(spec.withChecks(spec.checks().plus(mlChecks)));
  }

  /** Gatling's own checks (regex, substring, bodyString...) on the generated text. */
  public GenerateActionBuilder check(CheckBuilder... gatlingChecks) {
    return new GenerateActionBuilder(spec.withChecks(spec.checks().plus(gatlingChecks)));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolved = spec.checks().resolve();
    GenerateSpec request = spec;
    return MlActionFactory.actionBuilder(
        runtime ->
            new StreamAction(
                request.name(), runtime, request.resolve(runtime.protocol()), resolved));
  }
}
