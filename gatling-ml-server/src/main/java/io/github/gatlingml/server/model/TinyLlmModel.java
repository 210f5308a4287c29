/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.model;

import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic stand-in for an LLM, decoupled like Triton's vLLM/TensorRT-LLM backends: input
 * {@code text_input} BYTES [1], output {@code text_output} BYTES [1], one response per chunk.
 *
 * <p>A "token" is a word: token {@code i} is picked from a fixed vocabulary by a hash of the prompt
 * and {@code i}, so the same prompt always gives the same text; tokens after the first carry a
 * leading space, so the chunks concatenate to the whole text. Token ids are {@code 3 +} the word's
 * place in the vocabulary (ids 0-2 are special tokens, {@link #EOS_TOKEN_ID} the end of sequence),
 * and each token gets a made-up negative log-probability from the same hash. The prompt's token
 * count is its number of whitespace-separated words.
 *
 * <p>Request parameters: {@code max_tokens} (caps the output; {@code finish_reason} "length" when
 * it cuts the text short) and {@code ignore_eos} (true: generate exactly {@code max_tokens}, as
 * benchmark tools ask). {@code max_tokens} may also come as an INT32/INT64 [1] input.
 */
public final class TinyLlmModel implements GenerativeModel {
  /** The model name clients use. */
  public static final String NAME = "tiny_llm";

  /** The id of the end-of-sequence token, which ends a text the model stops by itself. */
  public static final int EOS_TOKEN_ID = 2;

  /** The text of the end-of-sequence token (a special token: never part of the text). */
  public static final String EOS_TOKEN = "</s>";

  /** Token ids below this are special tokens (0 unknown, 1 start, 2 end of sequence). */
  private static final int FIRST_WORD_ID = 3;

  /** The most tokens one request may ask for. */
  public static final int MAX_TOKENS_LIMIT = 4096;

  private static final String[] VOCABULARY = {
    "the", "model", "streams", "tokens", "while", "load", "rises", "and", "every", "request",
    "waits", "for", "a", "free", "slot", "before", "its", "first", "word", "arrives",
    "latency", "grows", "under", "pressure", "gradually", "quickly", "server", "answers", "with",
        "text",
    "queue", "batch", "cache", "kernel", "token", "prompt", "context", "window", "decode",
        "prefill",
    "throughput", "goodput", "percentile", "tail", "median", "fast", "slow", "steady", "bursty",
        "calm",
    "gpu", "memory", "attention", "layer", "weights", "sample", "greedy", "beam", "temperature",
        "output",
    "is", "of", "to", "in"
  };

  private final LlmSettings settings;
  private final ModelSpec spec =
      new ModelSpec(
          NAME,
          "1",
          "vllm",
          "vllm",
          0,
          List.of(TensorSpec.of("text_input", DataType.BYTES, 1)),
          List.of(TensorSpec.of("text_output", DataType.BYTES, 1)),
          true);

  public TinyLlmModel() {
    this(LlmSettings.defaults());
  }

  public TinyLlmModel(LlmSettings settings) {
    this.settings = settings;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public LlmSettings settings() {
    return settings;
  }

  @Override
  public InferenceRequest normalize(InferenceRequest request) {
    Tensor max = request.input("max_tokens");
    if (max == null) {
      return request;
    }
    if (max.elementCount() != 1
        || !(max.datatype() == DataType.INT32 || max.datatype() == DataType.INT64)) {
      throw InferenceException.invalid(
          "input 'max_tokens' of model '"
              + NAME
              + "' must be INT32 or INT64 with one element, got "
              + max.datatype()
              + " "
              + max.shape());
    }
    Map<String, Object> params = new LinkedHashMap<>(request.parameters());
    params.put("max_tokens", max.getLong(0));
    List<Tensor> inputs = new ArrayList<>(request.inputs());
    inputs.remove(max);
    return new InferenceRequest(
        request.modelName(),
        request.modelVersion(),
        request.id(),
        params,
        inputs,
        request.outputs());
  }

  @Override
  public Generation plan(InferenceRequest request) {
    String prompt = request.input("text_input").getString(0);
    Object maxParam = request.parameters().get("max_tokens");
    int n = settings.tokens();
    String finish = "stop";
    if (maxParam != null) {
      long max = integerParameter("max_tokens", maxParam);
      if (max < 1 || max > MAX_TOKENS_LIMIT) {
        throw InferenceException.invalid(
            "max_tokens must be between 1 and " + MAX_TOKENS_LIMIT + ", got " + max);
      }
      boolean ignoreEos = Boolean.TRUE.equals(request.parameters().get("ignore_eos"));
      if (ignoreEos || max < n) {
        finish = max < n || ignoreEos ? "length" : "stop";
        n = (int) max;
      }
    }
    long seed = fnv(prompt);
    List<String> tokens = new ArrayList<>(n);
    int[] ids = new int[n];
    float[] logprobs = new float[n];
    for (int i = 0; i < n; i++) {
      long h = mix(seed + i);
      int word = (int) Long.remainderUnsigned(h, VOCABULARY.length);
      tokens.add(i == 0 ? VOCABULARY[word] : " " + VOCABULARY[word]);
      ids[i] = FIRST_WORD_ID + word;
      // -0.001 .. -2.999, from bits of the hash the word choice does not use
      logprobs[i] = -(1 + Long.remainderUnsigned(h >>> 40, 2999)) / 1000f;
    }
    int per = settings.tokensPerChunk();
    List<String> chunks;
    int[] counts = new int[(n + per - 1) / per];
    if (per == 1) {
      chunks = tokens;
      Arrays.fill(counts, 1);
    } else {
      chunks = new ArrayList<>(counts.length);
      StringBuilder chunk = new StringBuilder();
      for (int i = 0; i < n; i++) {
        chunk.append(tokens.get(i));
        counts[chunks.size()]++;
        if ((i + 1) % per == 0 || i == n - 1) {
          chunks.add(chunk.toString());
          chunk.setLength(0);
        }
      }
    }
    return new Generation(chunks, counts, tokens, ids, logprobs, countWords(prompt), n, finish);
  }

  @Override
  public List<Tensor> compute(InferenceRequest request) {
    return List.of(Tensor.ofStrings("text_output", Shape.of(1), plan(request).text()));
  }

  /** Tokens in a text as this model counts them: whitespace-separated words. */
  public static int countWords(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static long integerParameter(String name, Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double && ((Double) value) == Math.rint((Double) value)) {
      return ((Double) value).longValue();
    }
    if (value instanceof String) {
      try {
        return Long.parseLong(((String) value).trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw InferenceException.invalid(name + " must be an integer, got '" + value + "'");
  }

  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
