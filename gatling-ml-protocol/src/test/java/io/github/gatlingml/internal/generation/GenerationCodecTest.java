/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.transport.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.transport.openai.OpenAiStreams.Api;
import io.github.gatlingml.transport.openai.OpenAiStreams.ChatMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiStreamsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(byte[] body) throws Exception {
    return MAPPER.readTree(body);
  }

  @Test
  void completionsBody() throws Exception {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("temperature", 0.5);
    extra.put("ignore_eos", true);
    JsonNode b = json(OpenAiStreams.completionsBody("m", "Hi", 16, true, true, extra));
    assertThat(b.toString())
        .isEqualTo(
            "{\"model\":\"m\",\"prompt\":\"Hi\",\"max_tokens\":16,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.5,\"ignore_eos\":true}");
    JsonNode plain = json(OpenAiStreams.completionsBody("m", "Hi", null, false, true, null));
    assertThat(plain.toString()).isEqualTo("{\"model\":\"m\",\"prompt\":\"Hi\",\"stream\":false}");
  }

  @Test
  void chatBody() throws Exception {
    JsonNode b =
        json(
            OpenAiStreams.chatBody(
                "m",
                List.of(
                    new ChatMessage("system", "be brief"), new ChatMessage("user", "Hi \"you\"")),
                8,
                true,
                false,
                Map.of()));
    assertThat(b.toString())
        .isEqualTo(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Hi \\\"you\\\"\"}],\"max_tokens\":8,\"stream\":true}");
  }

  @Test
  void generateBody() throws Exception {
    assertThat(
            json(OpenAiStreams.generateBody("r1", "Hello", 4, Map.of("ignore_eos", true)))
                .toString())
        .isEqualTo(
            "{\"id\":\"r1\",\"text_input\":\"Hello\",\"parameters\":{\"max_tokens\":4,\"ignore_eos\":true}}");
    assertThat(json(OpenAiStreams.generateBody(null, "Hello", null, null)).toString())
        .isEqualTo("{\"text_input\":\"Hello\"}");
  }

  @Test
  void chatRoleOnlyChunkBearsNoToken() {
    StreamChunk c =
        OpenAiStreams.chatChunk(
            "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"logprobs\":null,\"finish_reason\":null}]}");
    assertThat(c).isEqualTo(new StreamChunk("", false, null, null, null, null, false));
  }

  @Test
  void chatContentFinishAndUsage() {
    assertThat(
            OpenAiStreams.chatChunk(
                "{\"choices\":[{\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}],\"new_field\":[1]}"))
        .isEqualTo(new StreamChunk("Hel", true, null, null, null, null, false));
    assertThat(OpenAiStreams.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"\"}}]}").nonEmpty())
        .isFalse();
    assertThat(
            OpenAiStreams.chatChunk("{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}"))
        .isEqualTo(new StreamChunk("", false, "length", null, null, null, false));
    assertThat(
            OpenAiStreams.chatChunk(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":8,\"total_tokens\":11}}"))
        .isEqualTo(new StreamChunk("", false, null, 8L, 3L, null, false));
    assertThat(OpenAiStreams.chatChunk(" [DONE] ")).isSameAs(StreamChunk.DONE);
    assertThat(StreamChunk.DONE.done()).isTrue();
  }

  @Test
  void reasoningCountsAsTokensButIsReportedApart() {
    StreamChunk r =
        OpenAiStreams.chatChunk("{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}");
    assertThat(r.nonEmpty()).isTrue();
    assertThat(r.text()).isEmpty();
    assertThat(r.reasoning()).isEqualTo("think");
    assertThat(
            OpenAiStreams.chatChunk(
                    "{\"choices\":[{\"delta\":{\"reasoning\":\"hm\",\"content\":null}}]}")
                .reasoning())
        .isEqualTo("hm");
  }

  @Test
  void completionsText() {
    assertThat(
            OpenAiStreams.completionChunk(
                "{\"choices\":[{\"text\":\" world\",\"finish_reason\":null}]}"))
        .isEqualTo(new StreamChunk(" world", true, null, null, null, null, false));
    assertThat(
            Api.COMPLETIONS
                .interpret("{\"choices\":[{\"text\":\"\",\"finish_reason\":\"stop\"}]}")
                .finishReason())
        .isEqualTo("stop");
    assertThat(Api.COMPLETIONS.interpret("[DONE]").done()).isTrue();
  }

  @Test
  void errorsAndGarbage() {
    assertThat(
            OpenAiStreams.chatChunk(
                    "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
                .error())
        .isEqualTo("overloaded");
    assertThat(OpenAiStreams.completionChunk("{\"error\":\"boom\"}"))
        .isEqualTo(StreamChunk.failure("boom"));
    assertThat(
            OpenAiStreams.chatChunk(
                    "{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"a\"}}]}")
                .failed())
        .isFalse();
    StreamChunk garbage = OpenAiStreams.chatChunk("{not json");
    assertThat(garbage.failed()).isTrue();
    assertThat(garbage.error())
        .isEqualTo("malformed stream event (not a JSON object): '{not json'");
    assertThat(OpenAiStreams.completionChunk("42").error()).startsWith("malformed stream event");
    assertThat(OpenAiStreams.tritonChunk("").error()).startsWith("malformed stream event");
    assertThat(OpenAiStreams.tritonChunk("x".repeat(500)).error())
        .hasSizeLessThan(200)
        .endsWith("...'");
  }

  @Test
  void unknownAndMistypedFieldsAroundTheOnesReadAreSkipped() {
    // Nested unknown values before and after the fields read; only choices[0] counts.
    String chat =
        "{\"id\":\"x\",\"meta\":{\"a\":[1,{\"content\":\"not me\"}],\"b\":null},"
            + "\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[{\"t\":\"z\"}]},\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"Hi\",\"tool_calls\":[]},\"finish_reason\":\"stop\"},{\"delta\":{\"content\":\"second\"}}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"details\":{\"cached\":0}},\"tail\":[[],{}]}";
    assertThat(OpenAiStreams.chatChunk(chat))
        .isEqualTo(new StreamChunk("Hi", true, "stop", 3L, 7L, null, false));
    // Mistyped fields read as absent rather than failing the event.
    String odd =
        "{\"choices\":[{\"delta\":{\"content\":5},\"finish_reason\":{\"why\":1}}],"
            + "\"usage\":{\"completion_tokens\":\"3\",\"prompt_tokens\":2.5}}";
    assertThat(OpenAiStreams.chatChunk(odd))
        .isEqualTo(new StreamChunk("", false, null, null, null, null, false));
    assertThat(OpenAiStreams.chatChunk("{\"choices\":\"none\",\"usage\":[1]}").nonEmpty())
        .isFalse();
    assertThat(
            OpenAiStreams.chatChunk("{\"choices\":[\"text\",{\"delta\":{\"content\":\"b\"}}]}")
                .text())
        .isEmpty();
    assertThat(OpenAiStreams.completionChunk("{\"choices\":[]}"))
        .isEqualTo(new StreamChunk("", false, null, null, null, null, false));
    // An error object without a message is reported whole; a number as it is.
    assertThat(OpenAiStreams.chatChunk("{\"error\":{\"code\":503}}").error())
        .isEqualTo("{\"code\":503}");
    assertThat(OpenAiStreams.tritonChunk("{\"error\":7}").error()).isEqualTo("7");
    // Triton's done flag read the way a JSON tree's asBoolean() reads it.
    assertThat(OpenAiStreams.tritonChunk("{\"text_output\":\"a\",\"done\":\"true\"}").done())
        .isTrue();
    assertThat(OpenAiStreams.tritonChunk("{\"text_output\":\"a\",\"done\":1}").done()).isTrue();
    assertThat(OpenAiStreams.tritonChunk("{\"text_output\":\"a\",\"done\":\"no\"}").done())
        .isFalse();
    // Cut short, or broken inside a value that is skipped: not an event.
    assertThat(OpenAiStreams.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]").failed())
        .isTrue();
    assertThat(OpenAiStreams.chatChunk("{\"meta\":{\"a\":[1,,2]},\"choices\":[]}").failed())
        .isTrue();
  }

  @Test
  void bytesAreInterpretedAsTheSameStringWouldBe() {
    String[] events = {
      "{\"choices\":[{\"delta\":{\"content\":\"Hé \\\"q\\\" 日本\"},\"finish_reason\":null}]}",
      "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}",
      "{\"choices\":[],\"usage\":{\"completion_tokens\":4,\"prompt_tokens\":2}}",
      "{\"choices\":[{\"text\":\" world\",\"finish_reason\":\"stop\"}]}",
      "{\"error\":{\"message\":\"overloaded\"}}",
      "{\"text_output\":\"a\",\"done\":true}",
      "  [DONE] ",
      "[DONE]",
      "[DONE]x",
      "{not json",
      "42",
      "",
    };
    for (Api api : Api.values()) {
      for (String e : events) {
        // Inside a larger array, as the decoder hands it over: only [0..length) counts.
        byte[] bytes = (e + "\n{\"garbage\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = e.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(api.interpret(bytes, length)).as(api + " " + e).isEqualTo(api.interpret(e));
      }
    }
    assertThat(
            Api.CHAT
                .interpret(
                    events[0].getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    events[0].getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .text())
        .isEqualTo("Hé \"q\" 日本");
  }

  @Test
  void tritonEvents() {
    assertThat(
            Api.TRITON_GENERATE.interpret(
                "{\"id\":\"1\",\"model_name\":\"tiny_llm\",\"model_version\":\"1\",\"text_output\":\"Hi\"}"))
        .isEqualTo(new StreamChunk("Hi", true, null, null, null, null, false));
    assertThat(OpenAiStreams.tritonChunk("{\"error\":\"model crashed\"}"))
        .isEqualTo(StreamChunk.failure("model crashed"));
    assertThat(OpenAiStreams.tritonChunk("{\"text_output\":\"!\",\"done\":true}"))
        .isEqualTo(new StreamChunk("!", true, null, null, null, null, true));
    assertThat(OpenAiStreams.tritonChunk("{\"text_output\":\"\",\"done\":false}").nonEmpty())
        .isFalse();
    assertThat(OpenAiStreams.tritonChunk("[DONE]").failed()).isTrue();
  }
}
