/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.internal.feeder.FeederFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Records for LLM streaming actions (OpenAI-compatible completions and chat, Triton generate):
 * plain maps, one per prompt, ready to be used as a Gatling feeder ({@code listFeeder(...)}).
 *
 * <ul>
 *   <li>{@link #jsonl}: JSON Lines of {@code {"prompt": "..."}} (key {@code "prompt"}, a String) or
 *       {@code {"messages": [{"role": "...", "content": "..."}, ...]}} (key {@code "messages"}, a
 *       {@code List<Map<String, String>>}); other fields are kept as they are (JSON objects as
 *       maps, lists as lists, numbers as Integer/Long/Double, ...).
 *   <li>{@link #textLines}: one prompt per non-blank line.
 *   <li>{@link #synthetic}: generated prompts with a chosen length distribution.
 * </ul>
 *
 * <p>Errors are {@link FeederException}s naming {@code file:line}.
 */
public final class PromptFeeds {
  /** Key of a completion prompt. */
  public static final String PROMPT = "prompt";

  /** Key of a chat conversation. */
  public static final String MESSAGES = "messages";

  /** Key of a synthetic prompt's length in words. */
  public static final String PROMPT_TOKENS = "prompt_tokens";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  /**
   * The fixed vocabulary of {@link #synthetic}: common, short English words, most of which are a
   * single token for common LLM tokenizers.
   */
  private static final String[] WORDS =
      ("the of and to in is was for on that with as it by at from this be are or an have not which"
              + " one all but were they had can more their there been has when who will would other"
              + " what some time up about into out if no so than then them these two may its over"
              + " like only new first also after use any work day most us world year could people"
              + " water long make many way each made find write number part sound place where help"
              + " through much before line right too mean old same tell boy follow came want show"
              + " also around form three small set put end does another well large must big even"
              + " such because turn here why ask went men read need land different home move try"
              + " kind hand picture again change off play spell air away animal house point page"
              + " letter mother answer found study still learn should light thought city tree cross"
              + " farm hard start story saw far sea draw left late run while press close night real"
              + " life few north open seem together next white children begin got walk example ease"
              + " paper group always music those both mark often until mile river car feet care")
          .split(" ");

  private PromptFeeds() {}

  /**
   * One record per non-blank line of a JSON Lines file, each line {@code {"prompt": "..."}} or
   * {@code {"messages": [{"role", "content"}, ...]}} plus any other fields.
   *
   * @throws FeederException naming {@code file:line} for a line that is not such an object
   */
  public static List<Map<String, Object>> jsonl(Path file) {
    String name = display(file);
    List<Map<String, Object>> out = new ArrayList<>();
    try (BufferedReader reader = open(file)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          out.add(jsonRecord(line, name + ":" + lineNumber));
        }
      }
    } catch (IOException e) {
      throw new FeederException(file + ": cannot be read: " + e, e);
    }
    return nonEmpty(
        out, name, "one JSON object per line, {\"prompt\": \"...\"} or" + " {\"messages\": [...]}");
  }

  private static Map<String, Object> jsonRecord(String line, String at) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new FeederException(
          at
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + "); write one"
              + " JSON object per line",
          e);
    }
    if (node == null || !node.isObject()) {
      throw new FeederException(
          at
              + ": not a JSON object; expected {\"prompt\": \"...\"} or"
              + " {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}");
    }
    JsonNode prompt = node.get(PROMPT);
    JsonNode messages = node.get(MESSAGES);
    if ((prompt == null) == (messages == null)) {
      throw new FeederException(
          at
              + ": "
              + (prompt == null ? "has neither" : "has both")
              + " \"prompt\" and \"messages\"; give exactly one: {\"prompt\": \"...\"} for completions"
              + " or {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]} for chat");
    }
    Map<String, Object> record = MAPPER.convertValue(node, MAP);
    if (prompt != null) {
      if (!prompt.isTextual()) {
        throw new FeederException(at + ": \"prompt\" is not a string; write {\"prompt\": \"...\"}");
      }
    } else {
      record.put(MESSAGES, messages(messages, at));
    }
    return Collections.unmodifiableMap(record);
  }

  private static List<Map<String, String>> messages(JsonNode messages, String at) {
    if (!messages.isArray() || messages.isEmpty()) {
      throw new FeederException(
          at + ": \"messages\" must be a non-empty list of {\"role\"," + " \"content\"} objects");
    }
    List<Map<String, String>> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
        throw new FeederException(
            at
                + ": messages["
                + i
                + "] needs a string \"role\" and a string"
                + " \"content\", e.g. {\"role\": \"user\", \"content\": \"Hello\"}");
      }
      Map<String, String> msg = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new FeederException(
              at
                  + ": messages["
                  + i
                  + "]."
                  + e.getKey()
                  + " is not a string;"
                  + " message fields are strings");
        }
        msg.put(e.getKey(), e.getValue().textValue());
      }
      out.add(Collections.unmodifiableMap(msg));
    }
    return List.copyOf(out);
  }

  /**
   * One record {@code {"prompt": line}} per non-blank line of a text file, the line as is (a
   * trailing carriage return is dropped).
   *
   * @throws FeederException when the file cannot be read or has no non-blank line
   */
  public static List<Map<String, Object>> textLines(Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (BufferedReader reader = open(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          out.add(Map.of(PROMPT, line));
        }
      }
    } catch (IOException e) {
      throw new FeederException(file + ": cannot be read: " + e, e);
    }
    return nonEmpty(out, display(file), "one prompt per line");
  }

  /**
   * {@code count} generated prompts whose lengths in words follow a normal distribution of the
   * given mean and standard deviation, truncated at 1 (a draw below 1 word is drawn again), each
   * rounded to a whole number of words picked at random from a fixed built-in word list. A word
   * stands in for a token: there is no tokenizer here, and real token counts of the same text vary
   * by model (common English words are mostly one token each). Each record holds {@code "prompt"}
   * (the words joined by single spaces) and {@code "prompt_tokens"} (the word count, an Integer).
   * The same arguments give the same prompts.
   *
   * @throws FeederException unless {@code count >= 0}, {@code meanTokens >= 1} and {@code
   *     stddevTokens >= 0}
   */
  public static List<Map<String, Object>> synthetic(
      int count, double meanTokens, double stddevTokens, long seed) {
    if (count < 0
        || !(meanTokens >= 1)
        || !(stddevTokens >= 0)
        || !Double.isFinite(meanTokens)
        || !Double.isFinite(stddevTokens)) {
      throw new FeederException(
          String.format(
              "synthetic prompts: synthetic(%d, %s, %s, seed) needs count >= 0, meanTokens >= 1 and"
                  + " stddevTokens >= 0",
              count, meanTokens, stddevTokens));
    }
    Random rng = new Random(seed);
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int words = length(rng, meanTokens, stddevTokens);
      StringBuilder sb = new StringBuilder(words * 6);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        sb.append(WORDS[rng.nextInt(WORDS.length)]);
      }
      Map<String, Object> record = new LinkedHashMap<>();
      record.put(PROMPT, sb.toString());
      record.put(PROMPT_TOKENS, words);
      out.add(Collections.unmodifiableMap(record));
    }
    return List.copyOf(out);
  }

  private static int length(Random rng, double mean, double stddev) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      long n = Math.round(mean + stddev * rng.nextGaussian());
      if (n >= 1) {
        return (int) Math.min(n, 1_000_000);
      }
    }
    return 1;
  }

  private static BufferedReader open(Path file) {
    try {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw FeederFiles.notFound(file);
    } catch (IOException e) {
      throw new FeederException(file + ": cannot be read: " + e, e);
    }
  }

  private static List<Map<String, Object>> nonEmpty(
      List<Map<String, Object>> out, String name, String expected) {
    if (out.isEmpty()) {
      throw new FeederException(
          name + ": holds no prompts (every line is blank); write " + expected);
    }
    return List.copyOf(out);
  }

  private static String display(Path file) {
    Path n = file.getFileName();
    return n == null ? file.toString() : n.toString();
  }
}
