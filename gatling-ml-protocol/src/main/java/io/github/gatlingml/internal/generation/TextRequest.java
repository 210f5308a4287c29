/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import io.github.gatlingml.internal.generation.GenerationCodec.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * What one generation request asks, resolved from the session.
 *
 * @param model the model
 * @param prompt the prompt (APIs that take one; for chat, the messages hold it)
 * @param messages the chat messages (chat APIs)
 * @param maxTokens the most tokens to generate, or null for the server's default
 * @param parameters sampling and other parameters, sent as given
 * @param includeUsage OpenAI streams: ask for the usage chunk
 */
public record TextRequest(
    String model,
    String prompt,
    List<ChatMessage> messages,
    Integer maxTokens,
    Map<String, Object> parameters,
    boolean includeUsage) {}
