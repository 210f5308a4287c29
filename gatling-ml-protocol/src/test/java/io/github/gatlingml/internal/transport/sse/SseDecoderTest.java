/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {
  /** Every line ending, comments, multi-line data, fields, junk, an event without data, UTF-8. */
  private static final String SAMPLE =
      ": keep-alive comment\n"
          + "data: {\"a\":1}\n\n"
          + "event: delta\r\n"
          + "id: 7\r\n"
          + "data: first\r\n"
          + "data:second\r\n"
          + "data\r\n"
          + "\r\n"
          + "retry: 1500\r"
          + "nonsense line without colon\r"
          + "unknown: field\r"
          + "data: caf\u00e9 \u2603\r"
          + "\r"
          + "event: ignored-no-data\n"
          + "\n"
          + "data: [DONE]\n"
          + "\n";

  private static final List<SseEvent> EXPECTED =
      List.of(
          new SseEvent("message", "{\"a\":1}"),
          new SseEvent("delta", "first\nsecond\n"),
          new SseEvent("message", "caf\u00e9 \u2603"),
          new SseEvent("message", "[DONE]"));

  private static List<SseEvent> decode(SseDecoder[] holder, byte[]... chunks) {
    List<SseEvent> got = new ArrayList<>();
    SseDecoder d = new SseDecoder(got::add);
    holder[0] = d;
    for (byte[] c : chunks) {
      ByteBuf buf = Unpooled.wrappedBuffer(c);
      d.feed(buf);
      assertThat(buf.isReadable()).isFalse();
    }
    return got;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] r = new byte[to - from];
    System.arraycopy(b, from, r, 0, r.length);
    return r;
  }

  @Test
  void wholeStreamInOneChunk() {
    SseDecoder[] d = new SseDecoder[1];
    assertThat(decode(d, bytes(SAMPLE))).containsExactlyElementsOf(EXPECTED);
    assertThat(d[0].lastEventId()).isEqualTo("7");
    assertThat(d[0].retryMillis()).isEqualTo(1500);
    assertThat(d[0].events()).isEqualTo(4);
    assertThat(d[0].hasPartialEvent()).isFalse();
  }

  @Test
  void theDataListenerGetsTheSameDataAsBytesAtEverySplit() {
    byte[] all = bytes(SAMPLE);
    List<String> expected = EXPECTED.stream().map(SseEvent::data).toList();
    for (int i = 0; i <= all.length; i++) {
      List<String> got = new ArrayList<>();
      SseDecoder d =
          SseDecoder.forData(
              (data, length) -> got.add(new String(data, 0, length, StandardCharsets.UTF_8)));
      d.feed(Unpooled.wrappedBuffer(slice(all, 0, i)));
      d.feed(Unpooled.wrappedBuffer(slice(all, i, all.length)));
      assertThat(got).as("split at %d", i).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everySplitPositionGivesTheSameEvents() {
    byte[] all = bytes(SAMPLE);
    SseDecoder[] d = new SseDecoder[1];
    for (int i = 0; i <= all.length; i++) {
      assertThat(decode(d, slice(all, 0, i), slice(all, i, all.length)))
          .as("split at %d", i)
          .containsExactlyElementsOf(EXPECTED);
    }
    for (int i = 0; i <= all.length; i++) {
      for (int j = i; j <= all.length; j += 7) {
        assertThat(decode(d, slice(all, 0, i), slice(all, i, j), slice(all, j, all.length)))
            .as("split at %d and %d", i, j)
            .containsExactlyElementsOf(EXPECTED);
      }
    }
  }

  @Test
  void oneByteAtATime() {
    byte[] all = bytes(SAMPLE);
    byte[][] chunks = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      chunks[i] = new byte[] {all[i]};
    }
    assertThat(decode(new SseDecoder[1], chunks)).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void eventsAreDispatchedAsSoonAsTheirBlankLineArrives() {
    List<SseEvent> got = new ArrayList<>();
    SseDecoder d = new SseDecoder(got::add);
    d.feed(Unpooled.wrappedBuffer(bytes("data: one\n")));
    assertThat(got).isEmpty();
    assertThat(d.hasPartialEvent()).isTrue();
    d.feed(Unpooled.wrappedBuffer(bytes("\ndata: tw")));
    assertThat(got).containsExactly(new SseEvent("message", "one"));
    d.feed(Unpooled.wrappedBuffer(bytes("o\r")));
    d.feed(Unpooled.wrappedBuffer(bytes("\r")));
    assertThat(got).containsExactly(new SseEvent("message", "one"), new SseEvent("message", "two"));
  }

  @Test
  void byteOrderMarkAtTheStartIsSkippedEvenWhenSplit() {
    byte[] all = bytes("\uFEFFdata: x\n\n");
    for (int i = 0; i <= all.length; i++) {
      assertThat(decode(new SseDecoder[1], slice(all, 0, i), slice(all, i, all.length)))
          .containsExactly(new SseEvent("message", "x"));
    }
  }

  @Test
  void onlyOneLeadingSpaceIsStrippedAndEmptyDataCounts() {
    assertThat(decode(new SseDecoder[1], bytes("data:  two spaces\n\ndata\n\ndata:\ndata:\n\n")))
        .containsExactly(
            new SseEvent("message", " two spaces"),
            new SseEvent("message", ""),
            new SseEvent("message", "\n"));
  }

  @Test
  void tooLongLineFails() {
    SseDecoder d = new SseDecoder(16, e -> {});
    d.feed(Unpooled.wrappedBuffer(bytes("data: 0123456789")));
    assertThatThrownBy(() -> d.feed(Unpooled.wrappedBuffer(bytes("a"))))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("longer than 16 bytes");
    SseDecoder big = new SseDecoder(e -> {});
    assertThatThrownBy(
            () -> big.feed(Unpooled.wrappedBuffer(new byte[SseDecoder.DEFAULT_MAX_LINE_BYTES + 1])))
        .isInstanceOf(MalformedResponseException.class);
  }

  @Test
  void tooLargeEventDataFails() {
    SseDecoder d = new SseDecoder(16, e -> {});
    assertThatThrownBy(
            () -> d.feed(Unpooled.wrappedBuffer(bytes("data: 01234567\ndata: 01234567\n"))))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("data larger than 16 bytes");
  }
}
