/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.generation.TextApi;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A text-generation (token streaming) request as the DSL describes it; every part but the API may
 * depend on the session.
 *
 * @param api the generation API: how the request is built, travels and ends
 * @param model the model
 * @param fixedModel the model's name when it does not depend on the session (for summaries), else
 *     null
 * @param prompt the prompt (completions, Triton, gRPC; and the user turn of chat)
 * @param messages chat messages ({@code List<Map<String, String>>}), or null to send the prompt as
 *     one user message
 * @param conversation session key of a growing chat history, or null
 * @param maxTokens the most tokens to generate, or null for the server's default
 * @param parameters sampling and other parameters, sent as given
 * @param includeUsage OpenAI streams: ask for the usage chunk (server's token count)
 * @param idleTimeout a stream with no data for this long fails as stalled
 * @param ttftSloMicros goodput SLO on TTFT (0: none)
 * @param tpotSloMicros goodput SLO on TPOT (0: none)
 */
public record StreamSpec(
    TextApi api,
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
    java.util.function.ToIntFunction<String> tokenizer) {
  public StreamSpec {
    parameters = Map.copyOf(parameters);
  }
}
