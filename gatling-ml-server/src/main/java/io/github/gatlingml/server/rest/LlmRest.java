/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.server.engine.ErrorKind;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.GenerativeModel;
import io.github.gatlingml.server.model.TinyLlmModel;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Text generation over REST: Triton's generate extension, the OpenAI-compatible completions and
 * chat completions APIs, and Hugging Face Text Generation Inference's native API. Decodes their
 * bodies into engine requests and formats their answers (Server-Sent Events when streaming).
 */
final class LlmRest {
  private static final AtomicLong IDS = new AtomicLong();

  private final ObjectMapper mapper;

  LlmRest(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** How one API writes a generation: the events of a stream, or one document. */
  interface Format {
    /** Events before the first chunk (e.g. the chat role chunk). */
    List<String> opening();

    /**
     * The events of chunk {@code index}, handed to {@code events} in order: one, or one per token
     * for an API that streams token by token.
     */
    void chunk(Generation g, int index, Consumer<String> events);

    /** Events after the last chunk (finish reason, usage, [DONE]). */
    List<String> closing(Generation g);

    /** An error event after the stream started. */
    String error(String message);

    /** The non-streaming answer. */
    String whole(Generation g);

    /** What precedes each event's data: {@code "data: "}, or TGI's {@code "data:"}. */
    default String sseField() {
      return "data: ";
    }
  }

  /** A decoded OpenAI request. */
  record OpenAiCall(InferenceRequest request, boolean stream, Format format) {}

  // ---------------------------------------------------------------- Triton generate

  InferenceRequest tritonRequest(JsonNode body, String model, String version) {
    requireObject(body);
    JsonNode text = body.get("text_input");
    if (text == null || !text.isTextual()) {
      throw InferenceException.invalid(
          "generate needs \"text_input\" (a string), e.g. {\"text_input\": \"Hello\", \"parameters\": {\"max_tokens\": 8}}");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    JsonNode p = body.get("parameters");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw InferenceException.invalid("\"parameters\" must be a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        params.put(f.getKey(), scalar(f.getKey(), f.getValue()));
      }
    }
    for (String top : new String[] {"max_tokens", "ignore_eos"}) {
      if (body.has(top)) {
        params.put(top, scalar(top, body.get(top)));
      }
    }
    String id = body.path("id").isValueNode() ? body.path("id").asText() : "";
    return new InferenceRequest(
        model, version, id, params, List.of(prompt(text.asText())), List.of());
  }

  Format tritonFormat(InferenceRequest request, String modelName, String modelVersion) {
    return new Format() {
      @Override
      public List<String> opening() {
        return List.of();
      }

      @Override
      public void chunk(Generation g, int index, Consumer<String> events) {
        events.accept(json(document(g.chunks().get(index))));
      }

      @Override
      public List<String> closing(Generation g) {
        return List.of();
      }

      @Override
      public String error(String message) {
        return json(mapper.createObjectNode().put("error", message));
      }

      @Override
      public String whole(Generation g) {
        return json(document(g.text()));
      }

      private ObjectNode document(String text) {
        return mapper
            .createObjectNode()
            .put("id", request.id())
            .put("model_name", modelName)
            .put("model_version", modelVersion)
            .put("text_output", text);
      }
    };
  }

  // ---------------------------------------------------------------- OpenAI

  /** {@code GET /v1/models}: the generative models served. */
  ObjectNode modelList(InferenceEngine engine) {
    ObjectNode list = mapper.createObjectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    long created = System.currentTimeMillis() / 1000;
    for (InferenceEngine.Entry e : engine.models()) {
      if (e.model() instanceof GenerativeModel) {
        data.addObject()
            .put("id", e.spec().name())
            .put("object", "model")
            .put("created", created)
            .put("owned_by", "gatling-ml");
      }
    }
    return list;
  }

  OpenAiCall openAiRequest(JsonNode body, boolean chat, InferenceEngine engine) {
    requireObject(body);
    JsonNode modelNode = body.get("model");
    if (modelNode == null || !modelNode.isTextual()) {
      throw InferenceException.invalid("\"model\" is required (a string), e.g. \"tiny_llm\"");
    }
    String model = modelNode.asText();
    InferenceEngine.Entry entry = null;
    for (InferenceEngine.Entry e : engine.models()) {
      if (e.spec().name().equals(model)) {
        entry = e;
      }
    }
    if (entry == null || !(entry.model() instanceof GenerativeModel)) {
      throw InferenceException.notFound(
          "The model '"
              + model
              + "' does not exist; this server generates text with: "
              + engine.models().stream()
                  .filter(e -> e.model() instanceof GenerativeModel)
                  .map(e -> e.spec().name())
                  .collect(Collectors.joining(", ")));
    }
    String prompt;
    if (chat) {
      JsonNode messages = body.get("messages");
      if (messages == null || !messages.isArray() || messages.isEmpty()) {
        throw InferenceException.invalid(
            "\"messages\" is required: a non-empty array of {\"role\", \"content\"}");
      }
      List<String> contents = new ArrayList<>();
      for (JsonNode m : messages) {
        JsonNode content = m.get("content");
        if (!m.isObject()
            || !m.path("role").isTextual()
            || content == null
            || !content.isTextual()) {
          throw InferenceException.invalid(
              "each message needs a string \"role\" and a string \"content\", got " + m);
        }
        contents.add(content.asText());
      }
      prompt = String.join("\n", contents);
    } else {
      JsonNode p = body.get("prompt");
      if (p != null && p.isArray() && p.size() == 1) {
        p = p.get(0);
      }
      if (p == null || !p.isTextual()) {
        throw InferenceException.invalid("\"prompt\" is required (a string)");
      }
      prompt = p.asText();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    JsonNode max =
        body.has("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.get("max_tokens");
    if (max != null && !max.isNull()) {
      if (!max.isIntegralNumber()) {
        throw InferenceException.invalid("\"max_tokens\" must be an integer, got " + max);
      }
      params.put("max_tokens", max.asLong());
    }
    if (body.path("ignore_eos").asBoolean(false)) {
      params.put("ignore_eos", true);
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw InferenceException.invalid("\"stream\" must be true or false, got " + stream);
    }
    boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    InferenceRequest request =
        new InferenceRequest(model, "", "", params, List.of(prompt(prompt)), List.of());
    return new OpenAiCall(
        request, stream != null && stream.asBoolean(), openAiFormat(model, chat, includeUsage));
  }

  private Format openAiFormat(String model, boolean chat, boolean includeUsage) {
    String id = (chat ? "chatcmpl-" : "cmpl-") + IDS.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    String chunkObject = chat ? "chat.completion.chunk" : "text_completion";
    // A token's event is the same document each time but for its text: its JSON is written once
    // around the text, which is escaped on its own, instead of building a tree per token.
    String head =
        json(
            mapper
                .createObjectNode()
                .put("id", id)
                .put("object", chunkObject)
                .put("created", created)
                .put("model", model));
    String tokenPrefix =
        head.substring(0, head.length() - 1)
            + (chat
                ? ",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                : ",\"choices\":[{\"index\":0,\"text\":");
    String tokenSuffix = (chat ? "}" : "") + ",\"logprobs\":null,\"finish_reason\":null}]}";
    return new Format() {
      private ObjectNode head(String object) {
        return mapper
            .createObjectNode()
            .put("id", id)
            .put("object", object)
            .put("created", created)
            .put("model", model);
      }

      private ObjectNode choice(ObjectNode doc) {
        ObjectNode c = doc.putArray("choices").addObject().put("index", 0);
        return c;
      }

      @Override
      public List<String> opening() {
        if (!chat) {
          return List.of();
        }
        ObjectNode doc = head(chunkObject);
        ObjectNode c = choice(doc);
        c.putObject("delta").put("role", "assistant");
        c.putNull("logprobs");
        c.putNull("finish_reason");
        return List.of(json(doc));
      }

      @Override
      public void chunk(Generation g, int index, Consumer<String> events) {
        String text = g.chunks().get(index);
        StringBuilder event =
            new StringBuilder(tokenPrefix.length() + text.length() + tokenSuffix.length() + 8);
        event.append(tokenPrefix).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, event);
        events.accept(event.append('"').append(tokenSuffix).toString());
      }

      private ObjectNode piece(String text, String finish) {
        ObjectNode doc = head(chunkObject);
        ObjectNode c = choice(doc);
        if (chat) {
          ObjectNode delta = c.putObject("delta");
          if (text != null) {
            delta.put("content", text);
          }
        } else {
          c.put("text", text == null ? "" : text);
        }
        c.putNull("logprobs");
        if (finish == null) {
          c.putNull("finish_reason");
        } else {
          c.put("finish_reason", finish);
        }
        return doc;
      }

      @Override
      public List<String> closing(Generation g) {
        List<String> events = new ArrayList<>();
        events.add(json(piece(null, g.finishReason())));
        if (includeUsage) {
          ObjectNode doc = head(chunkObject);
          doc.putArray("choices");
          usage(doc, g);
          events.add(json(doc));
        }
        events.add("[DONE]");
        return events;
      }

      @Override
      public String error(String message) {
        return json(openAiError(message, ErrorKind.INTERNAL));
      }

      @Override
      public String whole(Generation g) {
        ObjectNode doc = head(chat ? "chat.completion" : "text_completion");
        ObjectNode c = choice(doc);
        if (chat) {
          c.putObject("message").put("role", "assistant").put("content", g.text());
        } else {
          c.put("text", g.text());
        }
        c.putNull("logprobs");
        c.put("finish_reason", g.finishReason());
        usage(doc, g);
        return json(doc);
      }
    };
  }

  private static void usage(ObjectNode doc, Generation g) {
    doc.putObject("usage")
        .put("prompt_tokens", g.promptTokens())
        .put("completion_tokens", g.completionTokens())
        .put("total_tokens", g.promptTokens() + g.completionTokens());
  }

  /** OpenAI's error document. */
  ObjectNode openAiError(String message, ErrorKind kind) {
    ObjectNode doc = mapper.createObjectNode();
    String type;
    switch (kind) {
      case INVALID_ARGUMENT:
      case NOT_FOUND:
      case METHOD_NOT_ALLOWED:
      case TOO_LARGE:
        type = "invalid_request_error";
        break;
      case UNAVAILABLE:
        type = "server_overloaded";
        break;
      default:
        type = "server_error";
        break;
    }
    doc.putObject("error")
        .put("message", message)
        .put("type", type)
        .putNull("param")
        .put("code", kind == ErrorKind.NOT_FOUND ? "model_not_found" : null);
    return doc;
  }

  // ---------------------------------------------------------------- Hugging Face TGI

  /**
   * Decodes a TGI {@code /generate} or {@code /generate_stream} body: {@code {"inputs": "...",
   * "parameters": {"max_new_tokens", "details", "ignore_eos", ...}, "stream"}}. {@code
   * max_new_tokens} becomes the model's {@code max_tokens} (the model checks its range, so a bad
   * value counts as a failed request, as on the other APIs); TGI's other parameters (sampling, stop
   * sequences, seed...) are accepted and ignored, the text not depending on them. The route decides
   * whether to stream; {@code stream} is only checked to be a boolean.
   */
  InferenceRequest tgiRequest(JsonNode body, String model) {
    requireObject(body);
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isTextual()) {
      throw InferenceException.invalid(
          "\"inputs\" is required (a string), e.g. {\"inputs\": \"Hello\", \"parameters\": "
              + "{\"max_new_tokens\": 8}}");
    }
    if (inputs.asText().isEmpty()) {
      throw InferenceException.invalid("\"inputs\" cannot be empty");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    JsonNode p = body.get("parameters");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw InferenceException.invalid("\"parameters\" must be a JSON object, got " + p);
      }
      JsonNode max = p.get("max_new_tokens");
      if (max != null && !max.isNull()) {
        if (!max.isIntegralNumber()) {
          throw InferenceException.invalid("\"max_new_tokens\" must be an integer, got " + max);
        }
        params.put("max_tokens", max.asLong());
      }
      optionalBoolean(p, "details");
      if (optionalBoolean(p, "ignore_eos")) {
        params.put("ignore_eos", true);
      }
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw InferenceException.invalid("\"stream\" must be true or false, got " + stream);
    }
    return new InferenceRequest(model, "", "", params, List.of(prompt(inputs.asText())), List.of());
  }

  /**
   * TGI's answers. A stream sends one event per token, whatever the chunking: the tokens of a chunk
   * of k go out as k events when the chunk is due. The last event carries the whole text and, when
   * {@code parameters.details} is true, the details. A text the model ended itself closes with the
   * special end-of-sequence token, sent right after the last word; it is counted in {@code
   * generated_tokens} but is not part of the text.
   */
  Format tgiFormat(JsonNode body) {
    boolean details = body.path("parameters").path("details").asBoolean(false);
    return new Format() {
      /** The 1-based index of the next token event; chunks come one at a time, in order. */
      private int next = 1;

      @Override
      public List<String> opening() {
        return List.of();
      }

      @Override
      public void chunk(Generation g, int index, Consumer<String> events) {
        int count = g.chunkTokens()[index];
        for (int k = 0; k < count; k++) {
          int i = next++ - 1;
          boolean last = i == g.tokens().size() - 1;
          if (last && !g.stopped()) {
            events.accept(
                json(
                    finalEvent(
                        g,
                        i + 1,
                        g.tokenIds()[i],
                        g.tokens().get(i),
                        g.tokenLogprobs()[i],
                        false)));
          } else {
            events.accept(
                tokenEvent(i + 1, g.tokenIds()[i], g.tokens().get(i), g.tokenLogprobs()[i]));
          }
        }
      }

      @Override
      public List<String> closing(Generation g) {
        if (!g.stopped()) {
          return List.of();
        }
        return List.of(
            json(
                finalEvent(
                    g, next++, TinyLlmModel.EOS_TOKEN_ID, TinyLlmModel.EOS_TOKEN, 0f, true)));
      }

      @Override
      public String error(String message) {
        return json(tgiErrorDocument(message, "generation"));
      }

      @Override
      public String whole(Generation g) {
        ObjectNode doc = mapper.createObjectNode().put("generated_text", g.text());
        if (details) {
          doc.set("details", tgiDetails(g));
        }
        return json(doc);
      }

      @Override
      public String sseField() {
        return "data:";
      }

      private ObjectNode finalEvent(
          Generation g, int index, int id, String text, float logprob, boolean special) {
        ObjectNode doc = mapper.createObjectNode().put("index", index);
        doc.putObject("token")
            .put("id", id)
            .put("text", text)
            .put("logprob", logprob)
            .put("special", special);
        doc.put("generated_text", g.text());
        if (details) {
          doc.set("details", tgiDetails(g));
        } else {
          doc.putNull("details");
        }
        return doc;
      }
    };
  }

  /** A token's event but the last: written around its escaped text, no tree per token. */
  private static String tokenEvent(int index, int id, String text, float logprob) {
    StringBuilder event = new StringBuilder(128 + text.length());
    event.append("{\"index\":").append(index).append(",\"token\":{\"id\":").append(id);
    event.append(",\"text\":\"");
    JsonStringEncoder.getInstance().quoteAsString(text, event);
    return event
        .append("\",\"logprob\":")
        .append(logprob)
        .append(",\"special\":false},\"generated_text\":null,\"details\":null}")
        .toString();
  }

  private ObjectNode tgiDetails(Generation g) {
    ObjectNode d = mapper.createObjectNode();
    d.put("finish_reason", g.stopped() ? "eos_token" : "length");
    d.put("generated_tokens", g.completionTokens() + (g.stopped() ? 1 : 0));
    d.putNull("seed");
    return d;
  }

  /**
   * TGI's status for an error: 422 for a bad request (TGI's input validation), 429 when the queue
   * is full (TGI's "overloaded"), else the status every API uses.
   */
  static int tgiStatus(ErrorKind kind) {
    switch (kind) {
      case INVALID_ARGUMENT:
        return 422;
      case UNAVAILABLE:
        return 429;
      default:
        return kind.httpStatus();
    }
  }

  /** TGI's error document, {@code {"error", "error_type"}}. */
  ObjectNode tgiError(String message, ErrorKind kind) {
    String type;
    switch (kind) {
      case INVALID_ARGUMENT:
      case TOO_LARGE:
        type = "validation";
        break;
      case UNAVAILABLE:
        type = "overloaded";
        break;
      case NOT_FOUND:
        type = "not_found";
        break;
      case METHOD_NOT_ALLOWED:
        type = "method_not_allowed";
        break;
      default:
        type = "generation";
        break;
    }
    return tgiErrorDocument(message, type);
  }

  private ObjectNode tgiErrorDocument(String message, String type) {
    return mapper.createObjectNode().put("error", message).put("error_type", type);
  }

  private static boolean optionalBoolean(JsonNode parameters, String name) {
    JsonNode v = parameters.get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw InferenceException.invalid("\"" + name + "\" must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  // ---------------------------------------------------------------- helpers

  private static Tensor prompt(String text) {
    return Tensor.ofStrings("text_input", Shape.of(1), text);
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw InferenceException.invalid("the request body must be a JSON object");
    }
  }

  private static Object scalar(String name, JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    throw InferenceException.invalid(
        "parameter '" + name + "' must be a string, number or boolean, got " + v);
  }

  private String json(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
