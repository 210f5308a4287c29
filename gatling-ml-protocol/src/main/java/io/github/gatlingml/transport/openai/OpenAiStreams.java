/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.transport.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Request bodies and stream-event interpretation for text generation over HTTP: the
 * OpenAI-compatible completions and chat completions APIs (vLLM, TGI, KServe's Hugging Face
 * runtime, Triton's OpenAI frontend) and Triton's generate extension.
 *
 * <p>Bodies are built once per distinct request (they are plain bytes the REST client sends as
 * they are). Interpreters take the {@code data} of one SSE event and never throw: an event that is
 * not a JSON object becomes a {@link StreamChunk#failure parse-error chunk}. Unknown fields are
 * ignored. Thread-safe.
 */
public final class OpenAiStreams {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EXCERPT = 120;

  /** The three streaming text APIs. */
  public enum Api {
    /** {@code POST /v1/chat/completions}: text in {@code choices[0].delta.content}. */
    CHAT,
    /** {@code POST /v1/completions}: text in {@code choices[0].text}. */
    COMPLETIONS,
    /** Triton {@code POST /v2/models/{m}/generate_stream}: text in {@code text_output}. */
    TRITON_GENERATE;

    /** Interprets the data of one event of this API's stream. */
    public StreamChunk interpret(String data) {
      switch (this) {
        case CHAT:
          return chatChunk(data);
        case COMPLETIONS:
          return completionChunk(data);
        default:
          return tritonChunk(data);
      }
    }
  }

  /** One chat message. */
  public record ChatMessage(String role, String content) {}

  private OpenAiStreams() {}

  // ------------------------------------------------------------------ request bodies

  /**
   * A {@code /v1/completions} body, e.g. {@code {"model":"m","prompt":"Hi","max_tokens":16,
   * "stream":true,"stream_options":{"include_usage":true}}}.
   *
   * @param maxTokens omitted when null
   * @param includeUsage asks for the final usage chunk (only sent when streaming)
   * @param extra further top-level fields (temperature, top_p, seed, ignore_eos...), written as
   *     JSON values; they may override the fields above
   */
  public static byte[] completionsBody(
      String model, String prompt, Integer maxTokens, boolean stream, boolean includeUsage, Map<String, ?> extra) {
    ObjectNode body = MAPPER.createObjectNode().put("model", model).put("prompt", prompt);
    return finish(body, maxTokens, stream, includeUsage, extra);
  }

  /** A {@code /v1/chat/completions} body: as {@link #completionsBody} with {@code messages}. */
  public static byte[] chatBody(
      String model, List<ChatMessage> messages, Integer maxTokens, boolean stream, boolean includeUsage,
      Map<String, ?> extra) {
    ObjectNode body = MAPPER.createObjectNode().put("model", model);
    ArrayNode array = body.putArray("messages");
    for (ChatMessage m : messages) {
      array.addObject().put("role", m.role()).put("content", m.content());
    }
    return finish(body, maxTokens, stream, includeUsage, extra);
  }

  /**
   * A Triton {@code generate} / {@code generate_stream} body: {@code {"id"?, "text_input",
   * "parameters": {...}}}; {@code max_tokens} (when not null) goes into the parameters.
   *
   * @param id omitted when null or empty
   */
  public static byte[] generateBody(String id, String textInput, Integer maxTokens, Map<String, ?> parameters) {
    ObjectNode body = MAPPER.createObjectNode();
    if (id != null && !id.isEmpty()) {
      body.put("id", id);
    }
    body.put("text_input", textInput);
    ObjectNode params = MAPPER.createObjectNode();
    if (maxTokens != null) {
      params.put("max_tokens", maxTokens);
    }
    if (parameters != null) {
      parameters.forEach((k, v) -> params.set(k, MAPPER.valueToTree(v)));
    }
    if (!params.isEmpty()) {
      body.set("parameters", params);
    }
    return bytes(body);
  }

  private static byte[] finish(
      ObjectNode body, Integer maxTokens, boolean stream, boolean includeUsage, Map<String, ?> extra) {
    if (maxTokens != null) {
      body.put("max_tokens", maxTokens);
    }
    body.put("stream", stream);
    if (stream && includeUsage) {
      body.putObject("stream_options").put("include_usage", true);
    }
    if (extra != null) {
      extra.forEach((k, v) -> body.set(k, MAPPER.valueToTree(v)));
    }
    return bytes(body);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body: " + e.getOriginalMessage(), e);
    }
  }

  // ------------------------------------------------------------------ stream events

  /** Interprets one event of a {@code /v1/chat/completions} stream. */
  public static StreamChunk chatChunk(String data) {
    return openAi(data, true);
  }

  /** Interprets one event of a {@code /v1/completions} stream. */
  public static StreamChunk completionChunk(String data) {
    return openAi(data, false);
  }

  /**
   * Interprets one event of a Triton {@code generate_stream} (also the one document of {@code
   * generate}): {@code text_output}, {@code error}, and the OIP variant's {@code "done": true}.
   */
  public static StreamChunk tritonChunk(String data) {
    JsonNode doc = parse(data);
    if (doc == null) {
      return notAnEvent(data);
    }
    String error = error(doc);
    if (error != null) {
      return StreamChunk.failure(error);
    }
    String text = text(doc.get("text_output"));
    boolean done = doc.path("done").asBoolean(false);
    return new StreamChunk(text, !text.isEmpty(), null, null, null, null, done);
  }

  private static StreamChunk openAi(String data, boolean chat) {
    if (isDone(data)) {
      return StreamChunk.DONE;
    }
    JsonNode doc = parse(data);
    if (doc == null) {
      return notAnEvent(data);
    }
    String error = error(doc);
    if (error != null) {
      return StreamChunk.failure(error);
    }
    String text = "";
    String reasoning = "";
    String finish = null;
    JsonNode choice = doc.path("choices").path(0);
    if (choice.isObject()) {
      if (chat) {
        JsonNode delta = choice.path("delta");
        text = text(delta.get("content"));
        reasoning = text(delta.get("reasoning_content"));
        if (reasoning.isEmpty()) {
          reasoning = text(delta.get("reasoning"));
        }
      } else {
        text = text(choice.get("text"));
      }
      JsonNode f = choice.get("finish_reason");
      finish = f != null && f.isTextual() ? f.asText() : null;
    }
    Long completion = null;
    Long prompt = null;
    JsonNode usage = doc.get("usage");
    if (usage != null && usage.isObject()) {
      completion = number(usage.get("completion_tokens"));
      prompt = number(usage.get("prompt_tokens"));
    }
    return new StreamChunk(
        text, !text.isEmpty() || !reasoning.isEmpty(), finish, completion, prompt, null, false, reasoning);
  }

  private static boolean isDone(String data) {
    int n = data.length();
    // Cheap check first: almost every event is a JSON object.
    return n >= 6 && n <= 16 && data.strip().equals("[DONE]");
  }

  private static JsonNode parse(String data) {
    try {
      JsonNode doc = MAPPER.readTree(data);
      return doc != null && doc.isObject() ? doc : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static StreamChunk notAnEvent(String data) {
    String excerpt = data.length() > EXCERPT ? data.substring(0, EXCERPT) + "..." : data;
    return StreamChunk.failure("malformed stream event (not a JSON object): '" + excerpt + "'");
  }

  /** {@code "error": "msg"} or OpenAI's {@code "error": {"message": "msg", ...}}; null when none. */
  private static String error(JsonNode doc) {
    JsonNode e = doc.get("error");
    if (e == null || e.isNull()) {
      return null;
    }
    if (e.isTextual()) {
      return e.asText();
    }
    JsonNode m = e.get("message");
    if (m != null && m.isTextual()) {
      return m.asText();
    }
    return e.toString();
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : "";
  }

  private static Long number(JsonNode n) {
    return n != null && n.isIntegralNumber() ? n.asLong() : null;
  }
}
