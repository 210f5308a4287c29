/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.action.StreamSpec;
import io.github.gatlingml.internal.generation.TextApi;
import io.github.gatlingml.internal.protocol.MlProtocol;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What {@link GenerateActionBuilder} has been told, as given (null: not set, the protocol decides):
 * one immutable value, copied with one field changed per DSL call. Defaults and validation happen
 * once per run, in {@link #resolve(MlProtocol)}.
 *
 * @param fixedModel the model's name when it does not depend on the session, else null
 */
record GenerateSpec(
    String name,
    GenerationApi api,
    Function<Session, String> model,
    String fixedModel,
    Function<Session, String> prompt,
    Function<Session, Object> messages,
    String conversation,
    Function<Session, Object> maxTokens,
    Map<String, Function<Session, Object>> parameters,
    boolean includeUsage,
    Duration idleTimeout,
    long ttftSloMicros,
    long tpotSloMicros,
    ToIntFunction<String> tokenizer,
    ChecksSpec checks) {

  GenerateSpec {
    parameters = Map.copyOf(parameters);
  }

  /** A request with nothing set but its name. */
  static GenerateSpec named(String name) {
    return new GenerateSpec(
        name,
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

  GenerateSpec withApi(GenerationApi v) {
    return new GenerateSpec(
        name,
        v,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  /**
   * With the model.
   *
   * @param fixed its name when it does not depend on the session (for summaries), else null
   */
  GenerateSpec withModel(Function<Session, String> v, String fixed) {
    return new GenerateSpec(
        name,
        api,
        v,
        fixed,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withPrompt(Function<Session, String> v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        v,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withMessages(Function<Session, Object> v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        v,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withConversation(String v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        v,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withMaxTokens(Function<Session, Object> v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        v,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  /** With parameter {@code key} set to {@code v} (replacing an earlier value). */
  GenerateSpec withParameter(String key, Function<Session, Object> v) {
    Map<String, Function<Session, Object>> p = new LinkedHashMap<>(parameters);
    p.put(key, v);
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        p,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withIncludeUsage(boolean v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        v,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withIdleTimeout(Duration v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        v,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withSlo(long ttftMicros, long tpotMicros) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftMicros,
        tpotMicros,
        tokenizer,
        checks);
  }

  GenerateSpec withTokenizer(ToIntFunction<String> v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        v,
        checks);
  }

  GenerateSpec withChecks(ChecksSpec v) {
    return new GenerateSpec(
        name,
        api,
        model,
        fixedModel,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer,
        v);
  }

  /**
   * Fills in what the request leaves to the protocol (model, API) and checks that the whole makes
   * sense.
   *
   * @throws IllegalArgumentException naming the request and the fix
   */
  StreamSpec resolve(MlProtocol p) {
    TextApi textApi = api != null ? api.api() : p.defaultTextApi();
    boolean grpc = textApi.carrier() == TextApi.Carrier.GRPC_STREAM;
    if (grpc && p.grpcTarget() == null) {
      throw new IllegalArgumentException(
          "generate(\""
              + name
              + "\") uses "
              + textApi.label()
              + " but the ml protocol has no grpcTarget: set ml.grpcTarget(\"host:8001\")");
    }
    if (!grpc && p.restBaseUrl() == null) {
      throw new IllegalArgumentException(
          "generate(\""
              + name
              + "\") uses "
              + textApi.label()
              + " but the ml protocol has no restBaseUrl: set ml.restBaseUrl(\"http://host:8000\")");
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "generate(\"" + name + "\").idleTimeout must not be negative, got " + idleTimeout);
    }
    Function<Session, String> m = model;
    String fixed = fixedModel;
    if (m == null) {
      String dm = p.defaultModel();
      if (dm == null) {
        throw new IllegalArgumentException(
            "generate(\""
                + name
                + "\") names no model: call .model(\"...\") or set"
                + " ml.model(\"...\")");
      }
      m = s -> dm;
      fixed = dm;
    }
    return new StreamSpec(
        textApi,
        m,
        fixed,
        prompt,
        messages,
        conversation,
        maxTokens,
        parameters,
        includeUsage,
        idleTimeout,
        ttftSloMicros,
        tpotSloMicros,
        tokenizer);
  }
}
