/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.action.StreamAction;
import io.github.gatlingml.action.StreamSpec;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.El;
import io.github.gatlingml.internal.MlActionFactory;
import io.github.gatlingml.transport.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final String requestName;
  private final Transport transport;
  private final Function<Session, String> model;
  private final String fixedModel;
  private final Function<Session, String> prompt;
  private final Function<Session, Object> messages;
  private final String conversation;
  private final Function<Session, Object> maxTokens;
  private final Map<String, Function<Session, Object>> parameters;
  private final boolean includeUsage;
  private final Duration idleTimeout;
  private final long ttftSlo;
  private final long tpotSlo;
  private final ToIntFunction<String> tokenizer;
  private final ChecksSpec checks;

  GenerateActionBuilder(String requestName) {
    this(
        requestName,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        true,
        Duration.ofSeconds(30),
        0,
        0,
        null,
        ChecksSpec.NONE);
  }

  private GenerateActionBuilder(
      String requestName,
      Transport transport,
      Function<Session, String> model,
      String fixedModel,
      Function<Session, String> prompt,
      Function<Session, Object> messages,
      String conversation,
      Function<Session, Object> maxTokens,
      Map<String, Function<Session, Object>> parameters,
      boolean includeUsage,
      Duration idleTimeout,
      long ttftSlo,
      long tpotSlo,
      ToIntFunction<String> tokenizer,
      ChecksSpec checks) {
    this.requestName = requestName;
    this.transport = transport;
    this.model = model;
    this.fixedModel = fixedModel;
    this.prompt = prompt;
    this.messages = messages;
    this.conversation = conversation;
    this.maxTokens = maxTokens;
    this.parameters = parameters;
    this.includeUsage = includeUsage;
    this.idleTimeout = idleTimeout;
    this.ttftSlo = ttftSlo;
    this.tpotSlo = tpotSlo;
    this.tokenizer = tokenizer;
    this.checks = checks;
  }

  private GenerateActionBuilder copy(
      Transport t,
      Function<Session, String> m,
      Function<Session, String> p,
      Function<Session, Object> msgs,
      String conv,
      Function<Session, Object> max,
      Map<String, Function<Session, Object>> params,
      boolean usage,
      Duration idle,
      long ttft,
      long tpot,
      ChecksSpec c) {
    return new GenerateActionBuilder(
        requestName,
        t,
        m,
        m == model ? fixedModel : null,
        p,
        msgs,
        conv,
        max,
        params,
        usage,
        idle,
        ttft,
        tpot,
        tokenizer,
        c);
  }

  /** The model (Gatling EL allowed); default: the protocol's model. */
  public GenerateActionBuilder model(String name) {
    return new GenerateActionBuilder(
        requestName,
        transport,
        El.compile(name, String.class),
        El.isDynamic(name) ? null : name,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        tokenizer,
        checks);
  }

  /** The model, computed from the session. */
  public GenerateActionBuilder model(Function<Session, String> name) {
    return copy(
        transport,
        name,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** Triton's {@code generate_stream} (server-sent events over REST). */
  public GenerateActionBuilder tritonStream() {
    return transport(Transport.TRITON_GENERATE_STREAM);
  }

  /** Triton's {@code generate}: one answer, no stream (TTFT is then the whole latency). */
  public GenerateActionBuilder tritonGenerate() {
    return transport(Transport.TRITON_GENERATE);
  }

  /** gRPC {@code ModelStreamInfer} against a decoupled model. */
  public GenerateActionBuilder grpcStream() {
    return transport(Transport.GRPC_STREAM);
  }

  /** OpenAI-compatible {@code /v1/completions} with {@code stream: true}. */
  public GenerateActionBuilder openAiCompletions() {
    return transport(Transport.OPENAI_COMPLETIONS);
  }

  /** OpenAI-compatible {@code /v1/chat/completions} with {@code stream: true}. */
  public GenerateActionBuilder openAiChat() {
    return transport(Transport.OPENAI_CHAT);
  }

  /** The streaming transport; default: OpenAI chat when the protocol has a REST URL, else gRPC. */
  public GenerateActionBuilder transport(Transport t) {
    if (t.isInfer()) {
      throw new IllegalArgumentException(
          "generate(\""
              + requestName
              + "\") streams text; "
              + t.label()
              + " is a tensor transport: use infer(...)");
    }
    return copy(
        t,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /**
   * The prompt (Gatling EL allowed). Default: the session's {@code prompt}, or for chat its {@code
   * messages}, which is what the prompt feeders set.
   */
  public GenerateActionBuilder prompt(String el) {
    return copy(
        transport,
        model,
        El.compile(el, String.class),
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** The prompt, computed from the session. */
  public GenerateActionBuilder prompt(Function<Session, String> fn) {
    return copy(
        transport,
        model,
        fn,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /**
   * Chat messages from the session (a list of {@code {"role", "content"}} maps, e.g. {@code
   * "#{messages}"} from a chat JSONL feeder); without it the prompt is one user message.
   */
  public GenerateActionBuilder messages(String el) {
    return copy(
        transport,
        model,
        prompt,
        El.compile(el, Object.class),
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /**
   * A multi-turn conversation kept in the session under {@code key}: each request sends the history
   * plus the prompt as a new user turn, then appends the reply, so the history grows per virtual
   * user.
   */
  public GenerateActionBuilder conversation(String key) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        key,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** The most tokens to generate. */
  public GenerateActionBuilder maxTokens(int n) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        s -> n,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** The most tokens to generate, from Gatling EL (an integer attribute). */
  public GenerateActionBuilder maxTokens(String el) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        El.compile(el, Object.class),
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /**
   * A sampling or other parameter sent with the request, e.g. {@code parameter("temperature",
   * 0.7)}.
   */
  public GenerateActionBuilder parameter(String name, Object value) {
    Function<Session, Object> v =
        value instanceof String && El.isDynamic((String) value)
            ? El.compile((String) value, Object.class)
            : s -> value;
    Map<String, Function<Session, Object>> p = new LinkedHashMap<>(parameters);
    p.put(name, v);
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        p,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** A parameter computed from the session. */
  public GenerateActionBuilder parameter(String name, Function<Session, Object> value) {
    Map<String, Function<Session, Object>> p = new LinkedHashMap<>(parameters);
    p.put(name, value);
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        p,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** OpenAI streams: ask for the usage chunk, so tokens are the server's count (default true). */
  public GenerateActionBuilder includeUsage(boolean include) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        include,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /** A stream with no data for this long fails as stalled (default 30 s). */
  /**
   * Counts output tokens with your tokenizer when the server gives no count of its own (OpenAI's
   * {@code usage.completion_tokens} wins when present): {@code countTokens} gets the whole
   * generated text once the stream has ended and returns its number of tokens; the summary then
   * says {@code "source": "tokenizer"} instead of {@code "chunks"}. It runs on the virtual user's
   * event loop, once per stream, so it must be fast and must not block; e.g. with jtokkit: {@code
   * .tokenizer(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE)::countTokens)}.
   */
  public GenerateActionBuilder tokenizer(ToIntFunction<String> countTokens) {
    java.util.Objects.requireNonNull(countTokens, "countTokens");
    return new GenerateActionBuilder(
        requestName,
        transport,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        countTokens,
        checks);
  }

  public GenerateActionBuilder idleTimeout(Duration timeout) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        timeout,
        ttftSlo,
        tpotSlo,
        checks);
  }

  /**
   * Service-level objectives for goodput: a request is good when it succeeds with TTFT and TPOT
   * within these (either may be null for none).
   */
  public GenerateActionBuilder slo(Duration ttftMax, Duration tpotMax) {
    long ttft = ttftMax == null ? 0 : ttftMax.toNanos() / 1000;
    long tpot = tpotMax == null ? 0 : tpotMax.toNanos() / 1000;
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttft,
        tpot,
        checks);
  }

  /**
   * Checks: {@code ttft()}, {@code tpot()}, {@code maxChunkGap()}, {@code outputTokens()}, {@code
   * text()}, {@code finishReason()}, {@code status()}.
   */
  public GenerateActionBuilder check(MlCheck... mlChecks) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks.plus(mlChecks));
  }

  /** Gatling's own checks (regex, substring, bodyString...) on the generated text. */
  public GenerateActionBuilder check(CheckBuilder... gatlingChecks) {
    return copy(
        transport,
        model,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSlo,
        tpotSlo,
        checks.plus(gatlingChecks));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolved = checks.resolve();
    return MlActionFactory.actionBuilder(
        runtime -> {
          Transport t = transport;
          if (t == null) {
            t =
                runtime.protocol().restBaseUrl() != null
                    ? Transport.OPENAI_CHAT
                    : Transport.GRPC_STREAM;
          }
          Function<Session, String> m = model;
          String fixed = fixedModel;
          if (m == null) {
            String dm = runtime.protocol().defaultModel();
            if (dm == null) {
              throw new IllegalArgumentException(
                  "generate(\""
                      + requestName
                      + "\") names no model: call .model(\"...\") or set ml.model(\"...\")");
            }
            m = s -> dm;
            fixed = dm;
          }
          StreamSpec spec =
              new StreamSpec(
                  t,
                  m,
                  fixed,
                  prompt,
                  messages,
                  conversation,
                  maxTokens,
                  parameters,
                  includeUsage,
                  idleTimeout,
                  ttftSlo,
                  tpotSlo,
                  tokenizer);
          return new StreamAction(requestName, runtime, spec, resolved);
        });
  }
}
