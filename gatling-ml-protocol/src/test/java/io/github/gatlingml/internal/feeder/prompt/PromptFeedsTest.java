/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFeedsTest {
  @TempDir Path dir;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(PromptFeedsTest.class.getResource("/feeders/" + name).toURI());
  }

  @Test
  void jsonlPromptsAndMessagesKeepExtraFields() throws Exception {
    List<Map<String, Object>> records = PromptFeeds.jsonl(resource("prompts.jsonl"));
    assertThat(records).hasSize(2);
    assertThat(records.get(0))
        .containsOnly(
            Map.entry("prompt", "Write a haiku about load tests."), Map.entry("max_tokens", 64));
    Map<String, Object> chat = records.get(1);
    assertThat(chat.get("messages"))
        .isEqualTo(
            List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi")));
    assertThat(chat.get("tags")).isEqualTo(List.of("chat", "short"));
    assertThat(chat.get("meta")).isEqualTo(Map.of("lang", "en"));
  }

  @Test
  void jsonlErrorsNameFileAndLine() throws IOException {
    Path neither =
        Files.writeString(dir.resolve("p.jsonl"), "{\"prompt\": \"ok\"}\n{\"text\": \"x\"}\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(neither))
        .isInstanceOf(FeederException.class)
        .hasMessageStartingWith("p.jsonl:2: has neither \"prompt\" and \"messages\"");
    Path both =
        Files.writeString(
            dir.resolve("p.jsonl"),
            "{\"prompt\": \"a\", \"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(both))
        .hasMessageStartingWith("p.jsonl:1: has both \"prompt\" and \"messages\"");
    Path badJson = Files.writeString(dir.resolve("p.jsonl"), "\n\n{\"prompt\": \"a\"\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(badJson))
        .hasMessageStartingWith("p.jsonl:3: not valid JSON");
    Path badMessage =
        Files.writeString(dir.resolve("p.jsonl"), "{\"messages\": [{\"role\": \"user\"}]}\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(badMessage))
        .hasMessageStartingWith(
            "p.jsonl:1: messages[0] needs a string \"role\" and a string" + " \"content\"");
    Path notString = Files.writeString(dir.resolve("p.jsonl"), "{\"prompt\": 3}\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(notString))
        .hasMessageStartingWith("p.jsonl:1: \"prompt\" is not a string");
    Path empty = Files.writeString(dir.resolve("e.jsonl"), "\n");
    assertThatThrownBy(() -> PromptFeeds.jsonl(empty))
        .hasMessageStartingWith("e.jsonl: holds no prompts");
    assertThatThrownBy(() -> PromptFeeds.jsonl(dir.resolve("none.jsonl")))
        .hasMessageContaining("none.jsonl: no such file");
  }

  @Test
  void textLinesOnePromptPerNonBlankLine() throws Exception {
    assertThat(PromptFeeds.textLines(resource("prompts.txt")))
        .containsExactly(
            Map.of("prompt", "What is KServe?"), Map.of("prompt", "Explain batching."));
  }

  @Test
  void syntheticLengthsFollowTheDistribution() {
    List<Map<String, Object>> prompts = PromptFeeds.synthetic(2000, 120, 30, 7L);
    assertThat(prompts).hasSize(2000);
    double sum = 0;
    for (Map<String, Object> p : prompts) {
      String text = (String) p.get("prompt");
      int tokens = (Integer) p.get("prompt_tokens");
      assertThat(tokens).isGreaterThanOrEqualTo(1);
      assertThat(text.split(" ")).hasSize(tokens);
      sum += tokens;
    }
    assertThat(sum / 2000).isBetween(108.0, 132.0); // within 10% of 120
    assertThat(PromptFeeds.synthetic(2000, 120, 30, 7L)).isEqualTo(prompts);
    assertThat(PromptFeeds.synthetic(5, 120, 30, 8L)).isNotEqualTo(prompts.subList(0, 5));
  }

  @Test
  void syntheticTruncatesAtOneWordAndChecksArguments() {
    for (Map<String, Object> p : PromptFeeds.synthetic(500, 1, 5, 1L)) {
      assertThat((Integer) p.get("prompt_tokens")).isGreaterThanOrEqualTo(1);
      assertThat((String) p.get("prompt")).isNotBlank();
    }
    assertThat(PromptFeeds.synthetic(3, 4, 0, 1L))
        .allSatisfy(p -> assertThat(p.get("prompt_tokens")).isEqualTo(4));
    assertThatThrownBy(() -> PromptFeeds.synthetic(10, 0.5, 1, 1L))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("meanTokens >= 1");
    assertThatThrownBy(() -> PromptFeeds.synthetic(-1, 10, 1, 1L))
        .hasMessageContaining("count >= 0");
  }
}
