/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.internal.transport.sse.SseDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Request bodies and stream-event interpretation for text generation over HTTP: the
 * OpenAI-compatible completions and chat completions APIs (vLLM, TGI, KServe's Hugging Face
 * runtime, Triton's OpenAI frontend) and Triton's generate extension.
 *
 * <p>Bodies are built once per distinct request (they are plain bytes the REST client sends as they
 * are). Interpreters take the {@code data} of one SSE event and never throw: an event that is not a
 * JSON object becomes a {@link StreamChunk#failure parse-error chunk}. Unknown fields are ignored.
 * Thread-safe.
 */
public final class GenerationCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EXCERPT = 120;

  /** The three streaming text APIs. */
  public enum Api {
    /** {@code POST /v1/chat/completions}: text in {@code choices[0].delta.content}. */
    CHAT,
    /** {@code POST /v1/completions}: text in {@code choices[0].text}. */
    COMPLETIONS,
    /** Triton {@code POST /v2/models/{m}/generate_stream}: text in {@code text_output}. */
    TRITON_GENERATE,
    /**
     * Hugging Face TGI {@code POST /generate_stream}: one token per event in {@code token.text}
     * (special tokens are not text), the last event with {@code details}.
     */
    TGI;

    /** Interprets the data of one event of this API's stream. */
    public StreamChunk interpret(String data) {
      switch (this) {
        case CHAT:
          return chatChunk(data);
        case COMPLETIONS:
          return completionChunk(data);
        case TGI:
          return tgiChunk(data);
        default:
          return tritonChunk(data);
      }
    }

    /**
     * Interprets the data of one event given as UTF-8 bytes, {@code data[0..length)}, without
     * making a String of it (as {@link SseDecoder.DataListener} hands it over).
     */
    public StreamChunk interpret(byte[] data, int length) {
      if ((this == CHAT || this == COMPLETIONS) && isDone(data, length)) {
        return StreamChunk.DONE;
      }
      Event e;
      try (JsonParser p = MAPPER.getFactory().createParser(data, 0, length)) {
        e = read(p);
      } catch (IOException | RuntimeException ex) {
        e = null;
      }
      if (e == null) {
        return notAnEvent(new String(data, 0, length, StandardCharsets.UTF_8));
      }
      switch (this) {
        case TRITON_GENERATE:
          return triton(e);
        case TGI:
          return tgi(e);
        default:
          return openAi(e, this == CHAT);
      }
    }
  }

  /** One chat message. */
  public record ChatMessage(String role, String content) {}

  private GenerationCodec() {}

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
      String model,
      String prompt,
      Integer maxTokens,
      boolean stream,
      boolean includeUsage,
      Map<String, ?> extra) {
    ObjectNode body = MAPPER.createObjectNode().put("model", model).put("prompt", prompt);
    return finish(body, maxTokens, stream, includeUsage, extra);
  }

  /** A {@code /v1/chat/completions} body: as {@link #completionsBody} with {@code messages}. */
  public static byte[] chatBody(
      String model,
      List<ChatMessage> messages,
      Integer maxTokens,
      boolean stream,
      boolean includeUsage,
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
  public static byte[] generateBody(
      String id, String textInput, Integer maxTokens, Map<String, ?> parameters) {
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

  /**
   * A TGI {@code /generate} or {@code /generate_stream} body: {@code {"inputs", "parameters":
   * {"max_new_tokens", "details": true, ...}}}. {@code details} is asked for so the final answer
   * carries the server's token count.
   */
  public static byte[] tgiBody(String inputs, Integer maxTokens, Map<String, ?> parameters) {
    ObjectNode body = MAPPER.createObjectNode().put("inputs", inputs);
    ObjectNode params = body.putObject("parameters");
    if (maxTokens != null) {
      params.put("max_new_tokens", maxTokens);
    }
    params.put("details", true);
    if (parameters != null) {
      parameters.forEach((k, v) -> params.set(k, MAPPER.valueToTree(v)));
    }
    return bytes(body);
  }

  private static byte[] finish(
      ObjectNode body,
      Integer maxTokens,
      boolean stream,
      boolean includeUsage,
      Map<String, ?> extra) {
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
    Event e = read(data);
    return e == null ? notAnEvent(data) : triton(e);
  }

  /** Interprets one event of a TGI {@code generate_stream}. */
  public static StreamChunk tgiChunk(String data) {
    Event e = read(data);
    return e == null ? notAnEvent(data) : tgi(e);
  }

  /**
   * Interprets the one document TGI's {@code /generate} answers: {@code generated_text}, and {@code
   * details} when asked for.
   */
  public static StreamChunk tgiAnswer(String data) {
    Event e = read(data);
    if (e == null) {
      return notAnEvent(data);
    }
    if (e.error != null) {
      return StreamChunk.failure(e.error);
    }
    if (e.generatedText == null) {
      String excerpt = data.length() > EXCERPT ? data.substring(0, EXCERPT) + "..." : data;
      return StreamChunk.failure("the answer has no generated_text: '" + excerpt + "'");
    }
    return new StreamChunk(
        e.generatedText,
        !e.generatedText.isEmpty(),
        e.detailsFinishReason,
        e.detailsGeneratedTokens,
        null,
        null,
        true);
  }

  /**
   * A TGI stream event: its token's text unless the token is special (an end-of-sequence marker is
   * not output text, though TGI counts it in {@code generated_tokens}); the event with {@code
   * generated_text} (and {@code details} when asked for) is the last. Its {@code generated_text}
   * repeats the whole answer, so it is not text of this chunk.
   */
  private static StreamChunk tgi(Event e) {
    if (e.error != null) {
      return StreamChunk.failure(e.error);
    }
    String text = e.tokenSpecial ? "" : e.tokenText;
    return new StreamChunk(
        text,
        !text.isEmpty(),
        e.detailsFinishReason,
        e.detailsGeneratedTokens,
        null,
        null,
        e.hasDetails || e.generatedText != null);
  }

  private static StreamChunk triton(Event e) {
    if (e.error != null) {
      return StreamChunk.failure(e.error);
    }
    return new StreamChunk(e.textOutput, !e.textOutput.isEmpty(), null, null, null, null, e.done);
  }

  private static StreamChunk openAi(String data, boolean chat) {
    if (isDone(data)) {
      return StreamChunk.DONE;
    }
    Event e = read(data);
    return e == null ? notAnEvent(data) : openAi(e, chat);
  }

  private static StreamChunk openAi(Event e, boolean chat) {
    if (e.error != null) {
      return StreamChunk.failure(e.error);
    }
    String text = chat ? e.content : e.choiceText;
    String reasoning = "";
    if (chat) {
      reasoning = e.reasoningContent.isEmpty() ? e.reasoning : e.reasoningContent;
    }
    return new StreamChunk(
        text,
        !text.isEmpty() || !reasoning.isEmpty(),
        e.finishReason,
        e.completionTokens,
        e.promptTokens,
        null,
        false,
        reasoning);
  }

  private static boolean isDone(String data) {
    int n = data.length();
    // Cheap check first: almost every event is a JSON object.
    return n >= 6 && n <= 16 && data.strip().equals("[DONE]");
  }

  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private static boolean isDone(byte[] data, int length) {
    if (length < DONE.length || length > 16) {
      return false;
    }
    int from = 0;
    int to = length;
    while (from < to && data[from] <= ' ') {
      from++;
    }
    while (to > from && data[to - 1] <= ' ') {
      to--;
    }
    return Arrays.equals(data, from, to, DONE, 0, DONE.length);
  }

  /**
   * The fields of one event that any of the three APIs reads. Filled in one pass of a streaming
   * parser that skips everything else: a stream carries tens of thousands of events a second at
   * load, and building a JSON tree for each (a map per object) was most of the injector's garbage.
   * Absent or mistyped fields read as absent, as a tree's {@code path(..)} would.
   */
  private static final class Event {
    String error;
    String textOutput = "";
    boolean done;
    String content = "";
    String reasoningContent = "";
    String reasoning = "";
    String choiceText = "";
    String finishReason;
    Long completionTokens;
    Long promptTokens;
    String tokenText = "";
    boolean tokenSpecial;
    String generatedText;
    boolean hasDetails;
    String detailsFinishReason;
    Long detailsGeneratedTokens;
  }

  /** The event's fields, or null when {@code data} is not one well-formed JSON object. */
  private static Event read(String data) {
    try (JsonParser p = MAPPER.getFactory().createParser(data)) {
      return read(p);
    } catch (IOException | RuntimeException ex) {
      return null;
    }
  }

  /** The fields of the one JSON object {@code p} starts with, or null when it starts otherwise. */
  private static Event read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Event e = new Event();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "error" -> e.error = error(p, t);
        case "text_output" -> e.textOutput = string(p, t);
        case "done" -> e.done = truthy(p, t);
        case "choices" -> readFirstChoice(p, t, e);
        case "usage" -> readUsage(p, t, e);
        case "token" -> readToken(p, t, e);
        case "generated_text" ->
            e.generatedText = t == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
        case "details" -> readDetails(p, t, e);
        default -> p.skipChildren();
      }
    }
    return e;
  }

  /** {@code choices[0]}: its delta's content and reasoning, its text, its finish reason. */
  private static void readFirstChoice(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return;
    }
    if (first == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "delta" -> readDelta(p, v, e);
          case "text" -> e.choiceText = string(p, v);
          case "finish_reason" ->
              e.finishReason = v == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
          default -> p.skipChildren();
        }
      }
    } else {
      p.skipChildren();
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
  }

  private static void readDelta(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "content" -> e.content = string(p, v);
        case "reasoning_content" -> e.reasoningContent = string(p, v);
        case "reasoning" -> e.reasoning = string(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /** TGI's {@code token}: {@code {id, text, logprob, special}}. */
  private static void readToken(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "text" -> e.tokenText = string(p, v);
        case "special" -> e.tokenSpecial = truthy(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /** TGI's {@code details}: {@code {finish_reason, generated_tokens, seed, ...}}; null is none. */
  private static void readDetails(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    e.hasDetails = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "finish_reason" ->
            e.detailsFinishReason = v == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
        case "generated_tokens" -> e.detailsGeneratedTokens = integer(p, v);
        default -> p.skipChildren();
      }
    }
  }

  private static void readUsage(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "completion_tokens" -> e.completionTokens = integer(p, v);
        case "prompt_tokens" -> e.promptTokens = integer(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /**
   * {@code "error": "msg"} or OpenAI's {@code "error": {"message": "msg", ...}}; null when none.
   */
  private static String error(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    // Rare, and its whole text may be the message: read it as a tree.
    JsonNode e = MAPPER.readTree(p);
    JsonNode m = e.get("message");
    return m != null && m.isTextual() ? m.asText() : e.toString();
  }

  private static String string(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? p.getText() : skippedText(p);
  }

  private static String skippedText(JsonParser p) throws IOException {
    p.skipChildren();
    return "";
  }

  private static String skipped(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static Long integer(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      p.skipChildren();
      return null;
    }
    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? p.getBigIntegerValue().longValue()
        : p.getLongValue();
  }

  /** A flag as Jackson's {@code asBoolean()} reads it: true, "true", or a non-zero integer. */
  private static boolean truthy(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_TRUE:
        return true;
      case VALUE_STRING:
        return "true".equals(p.getText().trim());
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue().signum() != 0
            : p.getLongValue() != 0;
      default:
        p.skipChildren();
        return false;
    }
  }

  private static StreamChunk notAnEvent(String data) {
    String excerpt = data.length() > EXCERPT ? data.substring(0, EXCERPT) + "..." : data;
    return StreamChunk.failure("malformed stream event (not a JSON object): '" + excerpt + "'");
  }
}
