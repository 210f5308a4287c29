/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.check;

/**
 * What a token stream delivered, as stream checks see it. Times are nanoseconds, -1 when not
 * defined (no non-empty chunk: no TTFT; fewer than 2 tokens: no TPOT).
 *
 * @param text the generated text, every chunk joined
 * @param finishReason the reason the server gave for stopping ("length", "stop"), or null
 * @param ttftNanos time to the first non-empty chunk
 * @param tpotNanos time per output token after the first
 * @param maxChunkGapNanos the longest gap between successive non-empty chunks (0 with fewer than 2)
 * @param outputTokens output tokens, from the server's count when given, else the chunks
 * @param tokenSource where the token count came from: usage, tokenizer or chunks
 * @param chunks non-empty chunks received
 * @param latencyNanos from the request to the end of the stream
 */
public record StreamResult(
    String text,
    String finishReason,
    long ttftNanos,
    long tpotNanos,
    long maxChunkGapNanos,
    long outputTokens,
    String tokenSource,
    int chunks,
    long latencyNanos) {}
