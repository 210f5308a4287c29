/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.sse;

import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental {@code text/event-stream} parser (the SSE specification's "event stream
 * interpretation"), fed the body of a response chunk by chunk as the network delivers it.
 *
 * <p>Lines may end with {@code \n}, {@code \r\n} or {@code \r}, and may be split anywhere across
 * chunks (even between the {@code \r} and {@code \n} of one line end). Fields: {@code data}
 * (several lines are joined with {@code \n}), {@code event}, {@code id}, {@code retry}; lines
 * starting with {@code :} are comments; a blank line dispatches the event; unknown fields and a
 * {@code retry} that is not a number are ignored, as the specification requires. An event without
 * data is not dispatched. A UTF-8 byte order mark at the very start is skipped.
 *
 * <p>Bytes are copied once into a reused line buffer and decoded to a {@code String} once per
 * event: no allocation per byte or per line. Not thread-safe: one decoder per stream, used on the
 * stream's event loop.
 */
public final class SseDecoder {
  /** The longest line (and the largest event data) accepted by default: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /** Receives the events of a stream, in order. */
  @FunctionalInterface
  public interface Listener {
    void onEvent(SseEvent event);
  }

  /**
   * Receives only the data of each event, as bytes, without a String or an event object being made:
   * for consumers that parse the data themselves (a stream carries thousands of events a second).
   * {@code data[0..length)} is the event's data, UTF-8, its lines joined by {@code \n}; the array
   * is the decoder's own and is only valid during the call.
   */
  @FunctionalInterface
  public interface DataListener {
    void onData(byte[] data, int length);
  }

  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};
  private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};

  private final int maxLineBytes;
  private final Listener listener;
  private final DataListener dataListener;

  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData;
  private String eventType;
  private String lastEventId = "";
  private long retryMillis = -1;

  /** The previous chunk ended with {@code \r}: a {@code \n} starting the next one belongs to it. */
  private boolean skipLf;

  private boolean started;
  private long events;

  public SseDecoder(Listener listener) {
    this(DEFAULT_MAX_LINE_BYTES, listener);
  }

  /**
   * @param maxLineBytes the longest line, and the largest data of one event, accepted
   */
  public SseDecoder(int maxLineBytes, Listener listener) {
    this(maxLineBytes, listener, null);
  }

  /** A decoder that hands over each event's data as bytes (event types are not reported). */
  public static SseDecoder forData(DataListener dataListener) {
    return new SseDecoder(
        DEFAULT_MAX_LINE_BYTES, null, java.util.Objects.requireNonNull(dataListener));
  }

  private SseDecoder(int maxLineBytes, Listener listener, DataListener dataListener) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.listener = listener;
    this.dataListener = dataListener;
  }

  /**
   * Parses the readable bytes of {@code chunk} (consuming them; the caller still owns and releases
   * the buffer) and dispatches every event they complete, before returning.
   *
   * @throws MalformedResponseException when a line or an event's data exceeds the limit; the
   *     decoder is then unusable
   */
  public void feed(ByteBuf chunk) {
    int idx = chunk.readerIndex();
    int end = chunk.writerIndex();
    if (!started && idx < end) {
      idx = skipBom(chunk, idx, end);
    }
    while (idx < end) {
      if (skipLf) {
        skipLf = false;
        if (chunk.getByte(idx) == '\n') {
          idx++;
          continue;
        }
      }
      int eol = chunk.forEachByte(idx, end - idx, ByteProcessor.FIND_CRLF);
      if (eol < 0) {
        append(chunk, idx, end - idx);
        idx = end;
        break;
      }
      append(chunk, idx, eol - idx);
      if (chunk.getByte(eol) == '\r') {
        skipLf = true;
      }
      idx = eol + 1;
      processLine();
    }
    chunk.readerIndex(end);
  }

  /** The last {@code id:} seen (the "last event ID" a reconnecting client would send), or "". */
  public String lastEventId() {
    return lastEventId;
  }

  /** The last valid {@code retry:} in milliseconds, or -1 when none came. */
  public long retryMillis() {
    return retryMillis;
  }

  /** Events dispatched so far. */
  public long events() {
    return events;
  }

  /**
   * True when bytes of an unfinished event are pending (a stream that ends here loses them: the
   * specification discards an event not followed by a blank line).
   */
  public boolean hasPartialEvent() {
    return lineLength > 0 || hasData;
  }

  private int skipBom(ByteBuf chunk, int idx, int end) {
    // The BOM (EF BB BF) may itself be split: keep partial bytes in the line buffer until decided.
    while (idx < end && !started) {
      byte b = chunk.getByte(idx);
      int expected = lineLength == 0 ? 0xEF : lineLength == 1 ? 0xBB : 0xBF;
      if ((b & 0xFF) != expected) {
        started = true; // not a BOM: whatever was held is ordinary line content
        return idx;
      }
      line[lineLength++] = b;
      idx++;
      if (lineLength == 3) {
        lineLength = 0;
        started = true;
      }
    }
    return idx;
  }

  private void append(ByteBuf chunk, int from, int length) {
    if (length == 0) {
      return;
    }
    int needed = lineLength + length;
    if (needed > maxLineBytes) {
      throw new MalformedResponseException(
          "event-stream line longer than " + maxLineBytes + " bytes (no line end found)");
    }
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
    }
    chunk.getBytes(from, line, lineLength, length);
    lineLength = needed;
  }

  private void processLine() {
    int n = lineLength;
    lineLength = 0;
    if (n == 0) {
      dispatch();
      return;
    }
    if (line[0] == ':') {
      return; // comment (often a keep-alive)
    }
    int colon = -1;
    for (int i = 0; i < n; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon < 0 ? n : colon;
    int valueStart = colon < 0 ? n : colon + 1;
    if (valueStart < n && line[valueStart] == ' ') {
      valueStart++;
    }
    int valueLength = n - valueStart;
    if (is(DATA, nameEnd)) {
      int needed = dataLength + valueLength + 1;
      if (needed > maxLineBytes) {
        throw new MalformedResponseException(
            "event-stream event data larger than " + maxLineBytes + " bytes");
      }
      if (needed > data.length) {
        data = Arrays.copyOf(data, Math.min(maxLineBytes, Math.max(needed, data.length * 2)));
      }
      System.arraycopy(line, valueStart, data, dataLength, valueLength);
      dataLength += valueLength;
      data[dataLength++] = '\n';
      hasData = true;
    } else if (is(EVENT, nameEnd)) {
      eventType = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
    } else if (is(ID, nameEnd)) {
      boolean nul = false;
      for (int i = valueStart; i < n; i++) {
        nul |= line[i] == 0;
      }
      if (!nul) {
        lastEventId = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
      }
    } else if (is(RETRY, nameEnd)) {
      long v = 0;
      boolean digits = valueLength > 0 && valueLength < 19;
      for (int i = valueStart; i < n && digits; i++) {
        digits = line[i] >= '0' && line[i] <= '9';
        v = v * 10 + (line[i] - '0');
      }
      if (digits) {
        retryMillis = v;
      }
    }
    // Any other field (or a line without colon that is no field name) is ignored.
  }

  private boolean is(byte[] name, int nameLength) {
    if (nameLength != name.length) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if (line[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private void dispatch() {
    if (!hasData) {
      eventType = null;
      return;
    }
    int length = dataLength - 1;
    String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
    dataLength = 0;
    hasData = false;
    eventType = null;
    events++;
    if (dataListener != null) {
      dataListener.onData(data, length);
    } else {
      listener.onEvent(new SseEvent(type, new String(data, 0, length, StandardCharsets.UTF_8)));
    }
  }
}
