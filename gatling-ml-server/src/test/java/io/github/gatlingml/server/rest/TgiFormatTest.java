/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.server.engine.ErrorKind;
import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.LlmSettings;
import io.github.gatlingml.server.model.TinyLlmModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TGI's documents and events, without a server: chunk splitting, the error event, statuses. */
class TgiFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LlmRest llm = new LlmRest(JSON);

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  private Generation plan(int tokensPerChunk, String body) {
    TinyLlmModel model =
        new TinyLlmModel(LlmSettings.defaults().withTokens(7).withTokensPerChunk(tokensPerChunk));
    return model.plan(model.normalize(llm.tgiRequest(parse(body), TinyLlmModel.NAME)));
  }

  /** Every event of a stream, as the REST handler would write them. */
  private static List<JsonNode> events(LlmRest.Format format, Generation g) {
    List<String> out = new ArrayList<>(format.opening());
    for (int i = 0; i < g.chunks().size(); i++) {
      format.chunk(g, i, out::add);
    }
    out.addAll(format.closing(g));
    return out.stream().map(TgiFormatTest::parse).toList();
  }

  @Test
  void chunksOfSeveralTokensBecomeOneEventPerToken() {
    String body = "{\"inputs\":\"split me\",\"parameters\":{\"details\":true}}";
    Generation g = plan(3, body);
    assertThat(g.chunks()).hasSize(3); // 3 + 3 + 1 words
    List<JsonNode> events = events(llm.tgiFormat(parse(body)), g);
    assertThat(events).hasSize(8); // 7 words and </s>
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      JsonNode e = events.get(i);
      assertThat(e.get("index").asInt()).isEqualTo(i + 1);
      assertThat(e.at("/token/id").asInt()).isEqualTo(g.tokenIds()[i]);
      assertThat(e.at("/token/text").asText()).isEqualTo(g.tokens().get(i));
      assertThat(e.at("/token/logprob").floatValue()).isEqualTo(g.tokenLogprobs()[i]);
      text.append(e.at("/token/text").asText());
    }
    assertThat(text.toString()).isEqualTo(g.text());
    JsonNode last = events.get(7);
    assertThat(last.at("/token/special").asBoolean()).isTrue();
    assertThat(last.get("generated_text").asText()).isEqualTo(g.text());
    assertThat(last.at("/details/generated_tokens").asInt()).isEqualTo(8);

    // One token per chunk: the same events.
    Generation single = plan(1, body);
    assertThat(single.text()).isEqualTo(g.text());
    assertThat(events(llm.tgiFormat(parse(body)), single)).isEqualTo(events);
  }

  @Test
  void errorsHaveATypeAndTgiStatuses() {
    JsonNode event = parse(llm.tgiFormat(parse("{\"inputs\":\"x\"}")).error("boom"));
    assertThat(event.get("error").asText()).isEqualTo("boom");
    assertThat(event.get("error_type").asText()).isEqualTo("generation");
    assertThat(event.size()).isEqualTo(2);

    assertThat(LlmRest.tgiStatus(ErrorKind.INVALID_ARGUMENT)).isEqualTo(422);
    assertThat(llm.tgiError("m", ErrorKind.INVALID_ARGUMENT).get("error_type").asText())
        .isEqualTo("validation");
    assertThat(LlmRest.tgiStatus(ErrorKind.UNAVAILABLE)).isEqualTo(429);
    assertThat(llm.tgiError("m", ErrorKind.UNAVAILABLE).get("error_type").asText())
        .isEqualTo("overloaded");
    assertThat(LlmRest.tgiStatus(ErrorKind.NOT_FOUND)).isEqualTo(404);
    assertThat(LlmRest.tgiStatus(ErrorKind.INTERNAL)).isEqualTo(500);
    assertThat(llm.tgiError("m", ErrorKind.INTERNAL).get("error_type").asText())
        .isEqualTo("generation");
  }
}
