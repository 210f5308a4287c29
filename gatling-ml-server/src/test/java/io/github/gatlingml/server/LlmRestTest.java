/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** tiny_llm over REST: Triton's generate / generate_stream and the OpenAI-compatible API. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LlmRestTest {
  private static final LlmSettings FIXED =
      LlmSettings.defaults()
          .withTokens(8)
          .withTtft(ServiceTime.parse("100ms"))
          .withTokenGap(ServiceTime.parse("20ms"));

  private static InferenceServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts().withModels(List.of("add_sub", "tiny_llm")).withLlm(FIXED));
    base = server.restBaseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One SSE event: its data and when it arrived, in ms after the request was sent. */
  record Event(double atMs, String data) {
    JsonNode json() {
      return Http.json(data.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<Event> stream(String url, String body) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<Stream<String>> res = Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofLines());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(res.headers().firstValue("content-length")).isEmpty();
      List<Event> events = new ArrayList<>();
      try (Stream<String> lines = res.body()) {
        lines.forEach(
            line -> {
              if (line.startsWith("data: ")) {
                events.add(new Event((System.nanoTime() - start) / 1e6, line.substring(6)));
              } else {
                assertThat(line).as("SSE events are separated by blank lines").isEmpty();
              }
            });
      }
      return events;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String concat(List<Event> events, String field) {
    StringBuilder b = new StringBuilder();
    events.forEach(e -> b.append(e.json().path(field).asText()));
    return b.toString();
  }

  // ---------------------------------------------------------------- Triton generate

  @Test
  void generateStreamMatchesGenerateAndIsDeterministic() {
    String body =
        "{\"id\":\"r1\",\"text_input\":\"tell me a story\",\"parameters\":{\"max_tokens\":6}}";
    HttpResponse<byte[]> whole = Http.post(base + "/v2/models/tiny_llm/generate", body);
    assertThat(whole.statusCode()).isEqualTo(200);
    JsonNode doc = Http.json(whole);
    assertThat(doc.get("id").asText()).isEqualTo("r1");
    assertThat(doc.get("model_name").asText()).isEqualTo("tiny_llm");
    assertThat(doc.get("model_version").asText()).isEqualTo("1");
    String text = doc.get("text_output").asText();
    assertThat(text.split(" ")).hasSize(6);

    List<Event> events = stream(base + "/v2/models/tiny_llm/generate_stream", body);
    assertThat(events).hasSize(6);
    for (Event e : events) {
      assertThat(e.json().get("id").asText()).isEqualTo("r1");
      assertThat(e.json().get("model_name").asText()).isEqualTo("tiny_llm");
      assertThat(e.json().get("model_version").asText()).isEqualTo("1");
    }
    assertThat(concat(events, "text_output")).isEqualTo(text);

    assertThat(
            Http.json(Http.post(base + "/v2/models/tiny_llm/generate", body))
                .get("text_output")
                .asText())
        .isEqualTo(text);
    assertThat(
            Http.json(
                    Http.post(
                        base + "/v2/models/tiny_llm/generate",
                        "{\"text_input\":\"another prompt entirely\",\"parameters\":{\"max_tokens\":6}}"))
                .get("text_output")
                .asText())
        .isNotEqualTo(text);
  }

  @Test
  void chunksArriveOnScheduleRelativeToTheRequest() {
    List<Event> events =
        stream(base + "/v2/models/tiny_llm/generate_stream", "{\"text_input\":\"timing\"}");
    assertThat(events).hasSize(8);
    assertThat(events.get(0).atMs()).as("TTFT").isBetween(95.0, 400.0);
    double expectedLast = 100 + 7 * 20;
    assertThat(events.get(7).atMs())
        .as("last chunk")
        .isBetween(expectedLast - 5, expectedLast + 400);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).atMs()).isGreaterThanOrEqualTo(events.get(i - 1).atMs());
    }
  }

  @Test
  void tokensPerChunkJoinsWords() {
    try (InferenceServer chunky =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("tiny_llm"))
                .withLlm(
                    FIXED
                        .withTokensPerChunk(3)
                        .withTtft(ServiceTime.parse("1ms"))
                        .withTokenGap(ServiceTime.parse("1ms"))))) {
      String url = chunky.restBaseUrl() + "/v2/models/tiny_llm/generate";
      List<Event> events = stream(url + "_stream", "{\"text_input\":\"abc\"}");
      assertThat(events).hasSize(3); // ceil(8 / 3)
      assertThat(events.get(0).json().get("text_output").asText().split(" ")).hasSize(3);
      assertThat(events.get(2).json().get("text_output").asText()).startsWith(" ");
      String text =
          Http.json(Http.post(url, "{\"text_input\":\"abc\"}")).get("text_output").asText();
      assertThat(concat(events, "text_output")).isEqualTo(text);
      // The same prompt gives the same words whatever the chunking.
      assertThat(text)
          .isEqualTo(
              Http.json(
                      Http.post(base + "/v2/models/tiny_llm/generate", "{\"text_input\":\"abc\"}"))
                  .get("text_output")
                  .asText());
    }
  }

  @Test
  void streamIsChunkedAndTheConnectionStaysUsable() throws IOException {
    URI uri = URI.create(base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] body =
          "{\"text_input\":\"hi\",\"parameters\":{\"max_tokens\":2}}"
              .getBytes(StandardCharsets.UTF_8);
      out.write(
          ("POST /v2/models/tiny_llm/generate_stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String first = readUntil(in, "\r\n0\r\n\r\n");
      assertThat(first)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("transfer-encoding: chunked")
          .doesNotContainIgnoringCase("content-length")
          .contains("data: {");
      out.write(
          "GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readUntil(in, "}")).startsWith("HTTP/1.1 200").contains("\"ready\":true");
    }
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void tritonErrorsBeforeTheStream() {
    HttpResponse<byte[]> unknown =
        Http.post(base + "/v2/models/gpt9/generate_stream", "{\"text_input\":\"x\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.error(unknown)).contains("gpt9");
    HttpResponse<byte[]> missing =
        Http.post(base + "/v2/models/tiny_llm/generate_stream", "{\"parameters\":{}}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(Http.error(missing)).contains("text_input");
    HttpResponse<byte[]> badMax =
        Http.post(
            base + "/v2/models/tiny_llm/generate",
            "{\"text_input\":\"x\",\"parameters\":{\"max_tokens\":0}}");
    assertThat(badMax.statusCode()).isEqualTo(400);
    assertThat(Http.error(badMax)).contains("max_tokens");
    HttpResponse<byte[]> notLlm =
        Http.post(base + "/v2/models/add_sub/generate", "{\"text_input\":\"x\"}");
    assertThat(notLlm.statusCode()).isEqualTo(400);
    assertThat(Http.error(notLlm)).contains("does not generate");
    HttpResponse<byte[]> infer =
        Http.post(
            base + "/v2/models/tiny_llm/infer",
            "{\"inputs\":[{\"name\":\"text_input\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"x\"]}]}");
    assertThat(infer.statusCode()).isEqualTo(501);
    assertThat(Http.error(infer)).contains("decoupled");
  }

  // ---------------------------------------------------------------- OpenAI

  @Test
  void completionsStreamWithUsage() {
    String prompt = "one two three four";
    List<Event> events =
        stream(
            base + "/v1/completions",
            "{\"model\":\"tiny_llm\",\"prompt\":\""
                + prompt
                + "\",\"max_tokens\":5,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
    // 5 text chunks, the finish chunk, the usage chunk, [DONE]
    assertThat(events).hasSize(8);
    assertThat(events.get(7).data()).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(0, 5)) {
      JsonNode c = e.json();
      assertThat(c.get("object").asText()).isEqualTo("text_completion");
      assertThat(c.get("model").asText()).isEqualTo("tiny_llm");
      assertThat(c.get("id").asText()).startsWith("cmpl-");
      assertThat(c.get("created").asLong()).isPositive();
      assertThat(c.at("/choices/0/index").asInt()).isZero();
      assertThat(c.at("/choices/0/text").asText()).isNotEmpty();
      assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue();
      text.append(c.at("/choices/0/text").asText());
    }
    assertThat(events.get(5).json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(events.get(5).json().at("/choices/0/text").asText()).isEmpty();
    JsonNode usage = events.get(6).json();
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(9);

    JsonNode whole =
        Http.json(
            Http.post(
                base + "/v1/completions",
                "{\"model\":\"tiny_llm\",\"prompt\":\"" + prompt + "\",\"max_tokens\":5}"));
    assertThat(whole.get("object").asText()).isEqualTo("text_completion");
    assertThat(whole.at("/choices/0/text").asText()).isEqualTo(text.toString());
    assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(whole.at("/usage/total_tokens").asInt()).isEqualTo(9);
  }

  @Test
  void chatStreamStartsWithARoleOnlyChunk() {
    String body =
        "{\"model\":\"tiny_llm\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
            + "{\"role\":\"user\",\"content\":\"hello there\"}]";
    List<Event> events = stream(base + "/v1/chat/completions", body + ",\"stream\":true}");
    // role chunk, 8 content chunks, finish chunk, [DONE]
    assertThat(events).hasSize(11);
    JsonNode role = events.get(0).json();
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(role.at("/choices/0/delta").has("content")).isFalse();
    assertThat(events.get(0).atMs())
        .as("the role chunk comes before the first token")
        .isLessThan(events.get(1).atMs());
    assertThat(events.get(1).atMs()).as("TTFT").isGreaterThanOrEqualTo(95.0);
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(1, 9)) {
      assertThat(e.json().at("/choices/0/delta/content").asText()).isNotEmpty();
      text.append(e.json().at("/choices/0/delta/content").asText());
    }
    JsonNode finish = events.get(9).json();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(events.get(10).data()).isEqualTo("[DONE]");

    JsonNode whole = Http.json(Http.post(base + "/v1/chat/completions", body + "}"));
    assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
    assertThat(whole.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo(text.toString());
    assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(whole.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void openAiErrorsAndModelList() {
    HttpResponse<byte[]> unknown =
        Http.post(base + "/v1/completions", "{\"model\":\"gpt-4\",\"prompt\":\"x\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.json(unknown).at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(Http.json(unknown).at("/error/message").asText())
        .contains("gpt-4")
        .contains("tiny_llm");
    assertThat(
            Http.post(base + "/v1/completions", "{\"model\":\"add_sub\",\"prompt\":\"x\"}")
                .statusCode())
        .isEqualTo(404);
    HttpResponse<byte[]> malformed = Http.post(base + "/v1/chat/completions", "{\"model\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Http.json(malformed).at("/error/message").asText()).contains("malformed JSON");
    HttpResponse<byte[]> noPrompt =
        Http.post(base + "/v1/completions", "{\"model\":\"tiny_llm\",\"stream\":true}");
    assertThat(noPrompt.statusCode()).isEqualTo(400);
    assertThat(Http.json(noPrompt).at("/error/message").asText()).contains("prompt");
    HttpResponse<byte[]> noMessages =
        Http.post(base + "/v1/chat/completions", "{\"model\":\"tiny_llm\"}");
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(Http.json(noMessages).at("/error/message").asText()).contains("messages");

    JsonNode models = Http.json(Http.get(base + "/v1/models"));
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.get("data")).hasSize(1);
    assertThat(models.at("/data/0/id").asText()).isEqualTo("tiny_llm");
  }

  @Test
  void oneSlotQueuesTheSecondStreamBeforeItsFirstToken() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withModels(List.of("tiny_llm"))
            .withLlm(FIXED.withTokens(4))
            .withCapacity("tiny_llm", Capacity.of(1, Duration.ofMillis(1)));
    try (InferenceServer one = InferenceServer.start(config)) {
      String url = one.restBaseUrl() + "/v2/models/tiny_llm/generate_stream";
      stream(url, "{\"text_input\":\"warm up\"}");
      CompletableFuture<List<Event>> a =
          CompletableFuture.supplyAsync(() -> stream(url, "{\"text_input\":\"a\"}"));
      CompletableFuture<List<Event>> b =
          CompletableFuture.supplyAsync(() -> stream(url, "{\"text_input\":\"b\"}"));
      List<Event> ea = a.get(10, TimeUnit.SECONDS);
      List<Event> eb = b.get(10, TimeUnit.SECONDS);
      List<Event> first = ea.get(0).atMs() <= eb.get(0).atMs() ? ea : eb;
      List<Event> second = first == ea ? eb : ea;
      // The first holds the slot for 100 + 3 * 20 = 160 ms; the second then needs its own 100 ms.
      assertThat(first.get(0).atMs()).isBetween(95.0, 400.0);
      assertThat(second.get(0).atMs()).as("second TTFT").isBetween(250.0, 700.0);

      String page = Http.text(Http.get(one.metricsUrl()));
      assertThat(page)
          .contains(
              "nv_inference_first_response_histogram_ms_count{model=\"tiny_llm\",version=\"1\"} 3");
      assertThat(page).contains("nv_inference_request_success{model=\"tiny_llm\",version=\"1\"} 3");
      // Three streams of 4 one-token chunks: 3 first chunks and 9 later ones, each timed once.
      assertThat(page)
          .contains(
              "gatling_ml_chunk_lateness_us_count{model=\"tiny_llm\",version=\"1\",chunk=\"first\"} 3");
      assertThat(page)
          .contains(
              "gatling_ml_chunk_lateness_us_count{model=\"tiny_llm\",version=\"1\",chunk=\"later\"} 9");
    }
  }
}
