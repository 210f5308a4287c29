/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * tiny_llm over Hugging Face Text Generation Inference's native API: /generate, /generate_stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TgiRestTest {
  private static final LlmSettings FIXED =
      LlmSettings.defaults()
          .withTokens(8)
          .withTtft(ServiceTime.parse("80ms"))
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

    JsonNode token() {
      return json().get("token");
    }
  }

  /** TGI's events are {@code data:{...}}, without a space after the colon. */
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
              if (line.startsWith("data:")) {
                assertThat(line).startsWith("data:{");
                events.add(new Event((System.nanoTime() - start) / 1e6, line.substring(5)));
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

  private static String tokenTexts(List<Event> events) {
    StringBuilder b = new StringBuilder();
    for (Event e : events) {
      if (!e.token().get("special").asBoolean()) {
        b.append(e.token().get("text").asText());
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- /generate

  @Test
  void generateAnswersTheTextAndDetailsOnlyWhenAsked() {
    JsonNode plain =
        Http.json(
            Http.post(
                base + "/generate",
                "{\"inputs\":\"tell me a story\",\"parameters\":{\"max_new_tokens\":6}}"));
    assertThat(plain.size()).as("only generated_text: " + plain).isEqualTo(1);
    String text = plain.get("generated_text").asText();
    assertThat(text.split(" ")).hasSize(6);

    HttpResponse<byte[]> capped =
        Http.post(
            base + "/generate",
            "{\"inputs\":\"tell me a story\",\"parameters\":{\"max_new_tokens\":6,\"details\":true},"
                + "\"stream\":false}");
    assertThat(capped.statusCode()).isEqualTo(200);
    assertThat(capped.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode doc = Http.json(capped);
    assertThat(doc.get("generated_text").asText()).isEqualTo(text);
    assertThat(doc.at("/details/finish_reason").asText()).isEqualTo("length");
    assertThat(doc.at("/details/generated_tokens").asInt()).isEqualTo(6);
    assertThat(doc.at("/details/seed").isNull()).isTrue();

    // Not capped: the model stops on its own after 8 words and an end-of-sequence token.
    JsonNode stopped =
        Http.json(
            Http.post(
                base + "/generate", "{\"inputs\":\"hello\",\"parameters\":{\"details\":true}}"));
    assertThat(stopped.get("generated_text").asText().split(" ")).hasSize(8);
    assertThat(stopped.get("generated_text").asText()).doesNotContain("</s>");
    assertThat(stopped.at("/details/finish_reason").asText()).isEqualTo("eos_token");
    assertThat(stopped.at("/details/generated_tokens").asInt()).isEqualTo(9);

    // ignore_eos: exactly max_new_tokens words, capped by the length even past the natural end.
    JsonNode ignoring =
        Http.json(
            Http.post(
                base + "/generate",
                "{\"inputs\":\"hello\",\"parameters\":{\"max_new_tokens\":10,\"ignore_eos\":true,"
                    + "\"details\":true,\"temperature\":0.7,\"do_sample\":true,\"stop\":[\"x\"]}}"));
    assertThat(ignoring.get("generated_text").asText().split(" ")).hasSize(10);
    assertThat(ignoring.at("/details/finish_reason").asText()).isEqualTo("length");
    assertThat(ignoring.at("/details/generated_tokens").asInt()).isEqualTo(10);
  }

  // ---------------------------------------------------------------- /generate_stream

  @Test
  void naturalStopStreamsOneEventPerTokenThenTheEndOfSequence() {
    List<Event> events =
        stream(
            base + "/generate_stream",
            "{\"inputs\":\"streaming please\",\"parameters\":{\"details\":true}}");
    // 8 words, then </s>
    assertThat(events).hasSize(9);
    for (int i = 0; i < 8; i++) {
      JsonNode e = events.get(i).json();
      assertThat(e.get("index").asInt()).isEqualTo(i + 1);
      JsonNode token = e.get("token");
      assertThat(token.get("id").isInt()).isTrue();
      assertThat(token.get("id").asInt()).isGreaterThan(2);
      assertThat(token.get("logprob").isNumber()).isTrue();
      assertThat(token.get("logprob").asDouble()).isNegative();
      assertThat(token.get("special").asBoolean()).isFalse();
      String text = token.get("text").asText();
      if (i == 0) {
        assertThat(text).doesNotStartWith(" ").isNotEmpty();
      } else {
        assertThat(text).startsWith(" ").hasSizeGreaterThan(1);
      }
      assertThat(e.get("generated_text").isNull()).isTrue();
      assertThat(e.get("details").isNull()).isTrue();
    }
    JsonNode last = events.get(8).json();
    assertThat(last.get("index").asInt()).isEqualTo(9);
    assertThat(last.at("/token/id").asInt()).isEqualTo(2);
    assertThat(last.at("/token/text").asText()).isEqualTo("</s>");
    assertThat(last.at("/token/logprob").asDouble()).isZero();
    assertThat(last.at("/token/special").asBoolean()).isTrue();
    assertThat(last.get("generated_text").asText()).isEqualTo(tokenTexts(events));
    assertThat(last.get("generated_text").asText()).doesNotContain("</s>");
    assertThat(last.at("/details/finish_reason").asText()).isEqualTo("eos_token");
    assertThat(last.at("/details/generated_tokens").asInt()).isEqualTo(events.size());
    assertThat(last.at("/details/seed").isNull()).isTrue();
  }

  @Test
  void cappedStreamEndsOnItsLastWordWithLength() {
    List<Event> events =
        stream(
            base + "/generate_stream",
            "{\"inputs\":\"streaming please\",\"parameters\":{\"max_new_tokens\":5,"
                + "\"details\":true}}");
    assertThat(events).hasSize(5);
    assertThat(events).noneMatch(e -> e.token().get("special").asBoolean());
    for (Event e : events.subList(0, 4)) {
      assertThat(e.json().get("generated_text").isNull()).isTrue();
      assertThat(e.json().get("details").isNull()).isTrue();
    }
    JsonNode last = events.get(4).json();
    assertThat(last.get("index").asInt()).isEqualTo(5);
    assertThat(last.at("/token/text").asText()).startsWith(" ");
    assertThat(last.at("/token/logprob").asDouble()).isNegative();
    assertThat(last.get("generated_text").asText()).isEqualTo(tokenTexts(events));
    assertThat(last.at("/details/finish_reason").asText()).isEqualTo("length");
    assertThat(last.at("/details/generated_tokens").asInt()).isEqualTo(events.size());
  }

  @Test
  void withoutDetailsTheLastEventStillCarriesTheText() {
    List<Event> events = stream(base + "/generate_stream", "{\"inputs\":\"no details\"}");
    assertThat(events).hasSize(9);
    JsonNode last = events.get(8).json();
    assertThat(last.at("/token/special").asBoolean()).isTrue();
    assertThat(last.get("generated_text").asText()).isEqualTo(tokenTexts(events));
    assertThat(last.get("details").isNull()).isTrue();
  }

  @Test
  void eventsFollowTheTtftAndTheTokenGap() {
    List<Event> events =
        stream(
            base + "/generate_stream", "{\"inputs\":\"timing\",\"parameters\":{\"details\":true}}");
    assertThat(events).hasSize(9);
    // Word i is due 80 + i * 20 ms after the request arrived: never earlier (5 ms for clock
    // granularity, as LlmRestTest), at most a loaded machine's delay later.
    assertThat(events.get(0).atMs()).as("TTFT").isBetween(75.0, 400.0);
    for (int i = 0; i < 8; i++) {
      assertThat(events.get(i).atMs()).as("word " + i).isGreaterThanOrEqualTo(80 + i * 20 - 5.0);
    }
    double expectedLast = 80 + 7 * 20;
    assertThat(events.get(7).atMs())
        .as("last word")
        .isBetween(expectedLast - 5, expectedLast + 400);
    double meanGap = (events.get(7).atMs() - events.get(0).atMs()) / 7;
    assertThat(meanGap).as("mean gap between words").isBetween(15.0, 60.0);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).atMs()).isGreaterThanOrEqualTo(events.get(i - 1).atMs());
    }
    // The end of sequence goes out with the last word, not a token gap later.
    assertThat(events.get(8).atMs() - events.get(7).atMs()).isLessThan(20.0);
  }

  @Test
  void tokensOfAChunkAreSeparateEventsSentTogether() {
    try (InferenceServer chunky =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("tiny_llm"))
                .withLlm(
                    FIXED
                        .withTokensPerChunk(3)
                        .withTtft(ServiceTime.parse("50ms"))
                        .withTokenGap(ServiceTime.parse("50ms"))))) {
      String url = chunky.restBaseUrl();
      List<Event> events =
          stream(
              url + "/generate_stream", "{\"inputs\":\"abc\",\"parameters\":{\"details\":true}}");
      // Chunks of 3, 3, 2 words (due at 50, 200, 300 ms), then </s>: one event per token.
      assertThat(events).hasSize(9);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).json().get("index").asInt()).isEqualTo(i + 1);
      }
      for (Event e : events.subList(1, 8)) {
        assertThat(e.token().get("text").asText()).startsWith(" ").doesNotContain("  ");
        assertThat(e.token().get("text").asText().strip()).doesNotContain(" ");
      }
      assertThat(events.get(3).atMs()).isGreaterThanOrEqualTo(195.0);
      assertThat(events.get(6).atMs()).isGreaterThanOrEqualTo(295.0);
      assertThat(events.get(2).atMs() - events.get(0).atMs())
          .as("within a chunk")
          .isLessThan(events.get(3).atMs() - events.get(2).atMs());
      assertThat(events.get(8).json().at("/details/generated_tokens").asInt()).isEqualTo(9);
      // The same words as with one token per chunk.
      assertThat(tokenTexts(events))
          .isEqualTo(
              Http.json(Http.post(base + "/generate", "{\"inputs\":\"abc\"}"))
                  .get("generated_text")
                  .asText());
    }
  }

  @Test
  void samePromptSameTextOnEveryApi() {
    for (String limit : new String[] {"5", "null"}) {
      String prompt = "compare the apis";
      String tgi =
          Http.json(
                  Http.post(
                      base + "/generate",
                      "{\"inputs\":\""
                          + prompt
                          + "\",\"parameters\":{\"max_new_tokens\":"
                          + limit
                          + "}}"))
              .get("generated_text")
              .asText();
      List<Event> events =
          stream(
              base + "/generate_stream",
              "{\"inputs\":\"" + prompt + "\",\"parameters\":{\"max_new_tokens\":" + limit + "}}");
      String openAi =
          Http.json(
                  Http.post(
                      base + "/v1/completions",
                      "{\"model\":\"tiny_llm\",\"prompt\":\""
                          + prompt
                          + "\",\"max_tokens\":"
                          + limit
                          + "}"))
              .at("/choices/0/text")
              .asText();
      String triton =
          Http.json(
                  Http.post(
                      base + "/v2/models/tiny_llm/generate",
                      "{\"text_input\":\""
                          + prompt
                          + "\""
                          + (limit.equals("null") ? "" : ",\"max_tokens\":" + limit)
                          + "}"))
              .get("text_output")
              .asText();
      assertThat(tgi).isNotEmpty().isEqualTo(openAi).isEqualTo(triton);
      assertThat(tokenTexts(events)).isEqualTo(tgi);
      assertThat(events.get(events.size() - 1).json().get("generated_text").asText())
          .isEqualTo(tgi);
    }
  }

  @Test
  void streamFramingOnTheWire() throws IOException {
    URI uri = URI.create(base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] body =
          "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2}}"
              .getBytes(StandardCharsets.UTF_8);
      out.write(
          ("POST /generate_stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String first = readUntil(in, "\r\n0\r\n\r\n");
      assertThat(first)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("content-type: text/event-stream")
          .containsIgnoringCase("transfer-encoding: chunked")
          .contains("data:{\"index\":1,\"token\":{\"id\":")
          .contains("data:{\"index\":2,")
          .doesNotContain("data: ")
          .doesNotContain("[DONE]");
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

  // ---------------------------------------------------------------- errors

  private static void assertValidation(String route, String body, String mentions) {
    HttpResponse<byte[]> r = Http.post(base + route, body);
    assertThat(r.statusCode()).as(body).isEqualTo(422);
    JsonNode doc = Http.json(r);
    assertThat(doc.get("error_type").asText()).isEqualTo("validation");
    assertThat(doc.get("error").asText()).contains(mentions);
  }

  @Test
  void badBodiesAre422ValidationErrors() {
    for (String route : new String[] {"/generate", "/generate_stream"}) {
      assertValidation(route, "{\"inputs\":", "malformed JSON");
      assertValidation(route, "[1,2]", "JSON object");
      assertValidation(route, "{\"parameters\":{}}", "inputs");
      assertValidation(route, "{\"inputs\":42}", "inputs");
      assertValidation(route, "{\"inputs\":\"\"}", "inputs");
      assertValidation(route, "{\"inputs\":\"x\",\"parameters\":[]}", "parameters");
      assertValidation(
          route, "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":\"8\"}}", "max_new_tokens");
      assertValidation(
          route, "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":2.5}}", "max_new_tokens");
      assertValidation(
          route, "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":0}}", "max_new_tokens");
      assertValidation(
          route, "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":-3}}", "got -3");
      assertValidation(route, "{\"inputs\":\"x\",\"parameters\":{\"details\":\"yes\"}}", "details");
      assertValidation(route, "{\"inputs\":\"x\",\"parameters\":{\"ignore_eos\":1}}", "ignore_eos");
      assertValidation(route, "{\"inputs\":\"x\",\"stream\":\"no\"}", "stream");
    }
    HttpResponse<byte[]> get = Http.get(base + "/generate");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(Http.json(get).get("error_type").asText()).isEqualTo("method_not_allowed");
    // Still a Triton-style error elsewhere.
    assertThat(Http.post(base + "/generate/tiny_llm", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutTinyLlmTheRoutesAre404() {
    try (InferenceServer noLlm =
        InferenceServer.start(ServerConfig.onFreePorts().withModels(List.of("add_sub")))) {
      for (String route : new String[] {"/generate", "/generate_stream"}) {
        HttpResponse<byte[]> r = Http.post(noLlm.restBaseUrl() + route, "{\"inputs\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode doc = Http.json(r);
        assertThat(doc.get("error_type").asText()).isEqualTo("not_found");
        assertThat(doc.get("error").asText()).contains("tiny_llm");
      }
    }
    try (InferenceServer unloaded =
        InferenceServer.start(ServerConfig.onFreePorts().withModels(List.of("tiny_llm")))) {
      String url = unloaded.restBaseUrl();
      assertThat(Http.post(url + "/v2/repository/models/tiny_llm/unload", "").statusCode())
          .isEqualTo(200);
      HttpResponse<byte[]> r = Http.post(url + "/generate", "{\"inputs\":\"x\"}");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(Http.json(r).get("error_type").asText()).isEqualTo("not_found");
      assertThat(Http.json(r).get("error").asText()).contains("unloaded");
      assertThat(Http.post(url + "/v2/repository/models/tiny_llm/load", "").statusCode())
          .isEqualTo(200);
      assertThat(Http.post(url + "/generate", "{\"inputs\":\"x\"}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsCountTgiRequestsLikeTheOtherApis() {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withModels(List.of("tiny_llm"))
            .withLlm(
                FIXED
                    .withTokens(4)
                    .withTtft(ServiceTime.parse("5ms"))
                    .withTokenGap(ServiceTime.parse("1ms")));
    try (InferenceServer one = InferenceServer.start(config)) {
      String url = one.restBaseUrl();
      assertThat(Http.post(url + "/generate", "{\"inputs\":\"a\"}").statusCode()).isEqualTo(200);
      assertThat(stream(url + "/generate_stream", "{\"inputs\":\"b\"}")).hasSize(5);
      assertThat(
              Http.post(
                      url + "/generate", "{\"inputs\":\"c\",\"parameters\":{\"max_new_tokens\":0}}")
                  .statusCode())
          .isEqualTo(422);

      String page = Http.text(Http.get(one.metricsUrl()));
      assertThat(page).contains("nv_inference_request_success{model=\"tiny_llm\",version=\"1\"} 2");
      assertThat(page)
          .contains(
              "nv_inference_request_failure{model=\"tiny_llm\",reason=\"OTHER\",version=\"1\"} 1");
      assertThat(page)
          .contains(
              "nv_inference_first_response_histogram_ms_count{model=\"tiny_llm\",version=\"1\"} 2");
      // Two generations of 4 one-token chunks: 2 first chunks and 6 later ones (the end of
      // sequence is not a chunk of the model's: it is not timed).
      assertThat(page)
          .contains(
              "gatling_ml_chunk_lateness_us_count{model=\"tiny_llm\",version=\"1\",chunk=\"first\"} 2");
      assertThat(page)
          .contains(
              "gatling_ml_chunk_lateness_us_count{model=\"tiny_llm\",version=\"1\",chunk=\"later\"} 6");
    }
  }
}
