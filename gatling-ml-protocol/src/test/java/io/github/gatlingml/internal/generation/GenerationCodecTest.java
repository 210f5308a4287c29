/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.internal.generation.GenerationCodec.Api;
import io.github.gatlingml.internal.generation.GenerationCodec.ChatMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationCodecTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(byte[] body) throws Exception {
    return MAPPER.readTree(body);
  }

  @Test
  void completionsBody() throws Exception {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("temperature", 0.5);
    extra.put("ignore_eos", true);
    JsonNode b = json(GenerationCodec.completionsBody("m", "Hi", 16, true, true, extra));
    assertThat(b.toString())
        .isEqualTo(
            "{\"model\":\"m\",\"prompt\":\"Hi\",\"max_tokens\":16,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.5,\"ignore_eos\":true}");
    JsonNode plain = json(GenerationCodec.completionsBody("m", "Hi", null, false, true, null));
    assertThat(plain.toString()).isEqualTo("{\"model\":\"m\",\"prompt\":\"Hi\",\"stream\":false}");
  }

  @Test
  void chatBody() throws Exception {
    JsonNode b =
        json(
            GenerationCodec.chatBody(
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
            json(GenerationCodec.generateBody("r1", "Hello", 4, Map.of("ignore_eos", true)))
                .toString())
        .isEqualTo(
            "{\"id\":\"r1\",\"text_input\":\"Hello\",\"parameters\":{\"max_tokens\":4,\"ignore_eos\":true}}");
    assertThat(json(GenerationCodec.generateBody(null, "Hello", null, null)).toString())
        .isEqualTo("{\"text_input\":\"Hello\"}");
  }

  @Test
  void chatRoleOnlyChunkBearsNoToken() {
    StreamChunk c =
        GenerationCodec.chatChunk(
            "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"logprobs\":null,\"finish_reason\":null}]}");
    assertThat(c).isEqualTo(new StreamChunk("", false, null, null, null, null, false));
  }

  @Test
  void chatContentFinishAndUsage() {
    assertThat(
            GenerationCodec.chatChunk(
                "{\"choices\":[{\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}],\"new_field\":[1]}"))
        .isEqualTo(new StreamChunk("Hel", true, null, null, null, null, false));
    assertThat(
            GenerationCodec.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"\"}}]}").nonEmpty())
        .isFalse();
    assertThat(
            GenerationCodec.chatChunk(
                "{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}"))
        .isEqualTo(new StreamChunk("", false, "length", null, null, null, false));
    assertThat(
            GenerationCodec.chatChunk(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":8,\"total_tokens\":11}}"))
        .isEqualTo(new StreamChunk("", false, null, 8L, 3L, null, false));
    assertThat(GenerationCodec.chatChunk(" [DONE] ")).isSameAs(StreamChunk.DONE);
    assertThat(StreamChunk.DONE.done()).isTrue();
  }

  @Test
  void reasoningCountsAsTokensButIsReportedApart() {
    StreamChunk r =
        GenerationCodec.chatChunk("{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}");
    assertThat(r.nonEmpty()).isTrue();
    assertThat(r.text()).isEmpty();
    assertThat(r.reasoning()).isEqualTo("think");
    assertThat(
            GenerationCodec.chatChunk(
                    "{\"choices\":[{\"delta\":{\"reasoning\":\"hm\",\"content\":null}}]}")
                .reasoning())
        .isEqualTo("hm");
  }

  @Test
  void completionsText() {
    assertThat(
            GenerationCodec.completionChunk(
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
            GenerationCodec.chatChunk(
                    "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
                .error())
        .isEqualTo("overloaded");
    assertThat(GenerationCodec.completionChunk("{\"error\":\"boom\"}"))
        .isEqualTo(StreamChunk.failure("boom"));
    assertThat(
            GenerationCodec.chatChunk(
                    "{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"a\"}}]}")
                .failed())
        .isFalse();
    StreamChunk garbage = GenerationCodec.chatChunk("{not json");
    assertThat(garbage.failed()).isTrue();
    assertThat(garbage.error())
        .isEqualTo("malformed stream event (not a JSON object): '{not json'");
    assertThat(GenerationCodec.completionChunk("42").error()).startsWith("malformed stream event");
    assertThat(GenerationCodec.tritonChunk("").error()).startsWith("malformed stream event");
    assertThat(GenerationCodec.tritonChunk("x".repeat(500)).error())
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
    assertThat(GenerationCodec.chatChunk(chat))
        .isEqualTo(new StreamChunk("Hi", true, "stop", 3L, 7L, null, false));
    // Mistyped fields read as absent rather than failing the event.
    String odd =
        "{\"choices\":[{\"delta\":{\"content\":5},\"finish_reason\":{\"why\":1}}],"
            + "\"usage\":{\"completion_tokens\":\"3\",\"prompt_tokens\":2.5}}";
    assertThat(GenerationCodec.chatChunk(odd))
        .isEqualTo(new StreamChunk("", false, null, null, null, null, false));
    assertThat(GenerationCodec.chatChunk("{\"choices\":\"none\",\"usage\":[1]}").nonEmpty())
        .isFalse();
    assertThat(
            GenerationCodec.chatChunk("{\"choices\":[\"text\",{\"delta\":{\"content\":\"b\"}}]}")
                .text())
        .isEmpty();
    assertThat(GenerationCodec.completionChunk("{\"choices\":[]}"))
        .isEqualTo(new StreamChunk("", false, null, null, null, null, false));
    // An error object without a message is reported whole; a number as it is.
    assertThat(GenerationCodec.chatChunk("{\"error\":{\"code\":503}}").error())
        .isEqualTo("{\"code\":503}");
    assertThat(GenerationCodec.tritonChunk("{\"error\":7}").error()).isEqualTo("7");
    // Triton's done flag read the way a JSON tree's asBoolean() reads it.
    assertThat(GenerationCodec.tritonChunk("{\"text_output\":\"a\",\"done\":\"true\"}").done())
        .isTrue();
    assertThat(GenerationCodec.tritonChunk("{\"text_output\":\"a\",\"done\":1}").done()).isTrue();
    assertThat(GenerationCodec.tritonChunk("{\"text_output\":\"a\",\"done\":\"no\"}").done())
        .isFalse();
    // Cut short, or broken inside a value that is skipped: not an event.
    assertThat(GenerationCodec.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]").failed())
        .isTrue();
    assertThat(GenerationCodec.chatChunk("{\"meta\":{\"a\":[1,,2]},\"choices\":[]}").failed())
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
    assertThat(GenerationCodec.tritonChunk("{\"error\":\"model crashed\"}"))
        .isEqualTo(StreamChunk.failure("model crashed"));
    assertThat(GenerationCodec.tritonChunk("{\"text_output\":\"!\",\"done\":true}"))
        .isEqualTo(new StreamChunk("!", true, null, null, null, null, true));
    assertThat(GenerationCodec.tritonChunk("{\"text_output\":\"\",\"done\":false}").nonEmpty())
        .isFalse();
    assertThat(GenerationCodec.tritonChunk("[DONE]").failed()).isTrue();
  }

  @Test
  void tgiEvents() {
    // A word token: its text, not the end.
    assertThat(
            Api.TGI.interpret(
                "{\"index\":2,\"token\":{\"id\":17,\"text\":\" world\",\"logprob\":-0.4,"
                    + "\"special\":false},\"generated_text\":null,\"details\":null}"))
        .isEqualTo(new StreamChunk(" world", true, null, null, null, null, false));
    // The end-of-sequence token is special: no text, but the last event, with TGI's count.
    assertThat(
            Api.TGI.interpret(
                "{\"index\":3,\"token\":{\"id\":2,\"text\":\"</s>\",\"logprob\":0.0,"
                    + "\"special\":true},\"generated_text\":\"hello world\",\"details\":"
                    + "{\"finish_reason\":\"eos_token\",\"generated_tokens\":3,\"seed\":null}}"))
        .isEqualTo(new StreamChunk("", false, "eos_token", 3L, null, null, true));
    // The last event without details (not asked for): its generated_text still ends the stream
    // and is not this chunk's text.
    assertThat(
            Api.TGI.interpret(
                "{\"index\":2,\"token\":{\"id\":9,\"text\":\" end\",\"special\":false},"
                    + "\"generated_text\":\"the end\",\"details\":null}"))
        .isEqualTo(new StreamChunk(" end", true, null, null, null, null, true));
    assertThat(Api.TGI.interpret("{\"error\":\"overloaded\",\"error_type\":\"generation\"}"))
        .isEqualTo(StreamChunk.failure("overloaded"));
    assertThat(Api.TGI.interpret("[DONE]").failed()).isTrue();
  }

  @Test
  void tgiAnswersAndBodies() throws Exception {
    assertThat(
            GenerationCodec.tgiAnswer(
                "{\"generated_text\":\"a b c\",\"details\":{\"finish_reason\":\"length\","
                    + "\"generated_tokens\":3}}"))
        .isEqualTo(new StreamChunk("a b c", true, "length", 3L, null, null, true));
    assertThat(GenerationCodec.tgiAnswer("{\"generated_text\":\"a\"}").completionTokens()).isNull();
    assertThat(GenerationCodec.tgiAnswer("{\"text\":\"a\"}").error()).contains("no generated_text");
    JsonNode body =
        new ObjectMapper().readTree(GenerationCodec.tgiBody("hi", 8, Map.of("temperature", 0.5)));
    assertThat(body.path("inputs").asText()).isEqualTo("hi");
    assertThat(body.path("parameters").path("max_new_tokens").asInt()).isEqualTo(8);
    assertThat(body.path("parameters").path("details").asBoolean()).isTrue();
    assertThat(body.path("parameters").path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.has("stream")).isFalse();
  }
}
