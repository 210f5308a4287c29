/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Passes protobuf messages as already-serialized bytes: requests are encoded once and sent many
 * times, and responses are parsed only when a check needs them.
 */
public final class ByteArrayMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  /** The one instance. */
  public static final ByteArrayMarshaller INSTANCE = new ByteArrayMarshaller();

  private ByteArrayMarshaller() {}

  @Override
  public InputStream stream(byte[] value) {
    return new KnownLengthStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      if (stream instanceof KnownLength) {
        // gRPC's message streams know their length: read into one exact array. readAllBytes()
        // reads through 8 KiB chunks and copies them again: an 8 KiB allocation even for a
        // 100-byte response, and a second full copy of a large one.
        int n = stream.available();
        byte[] bytes = new byte[n];
        int read = stream.readNBytes(bytes, 0, n);
        if (read < n) {
          return Arrays.copyOf(bytes, read); // ended before the announced length
        }
        int next = stream.read();
        if (next < 0) {
          return bytes;
        }
        // Longer than announced (not expected): append the rest.
        byte[] rest = stream.readAllBytes();
        byte[] all = Arrays.copyOf(bytes, n + 1 + rest.length);
        all[n] = (byte) next;
        System.arraycopy(rest, 0, all, n + 1, rest.length);
        return all;
      }
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gRPC message", e);
    }
  }

  /** Lets gRPC size the frame up front and copy the array straight into its buffer. */
  private static final class KnownLengthStream extends ByteArrayInputStream
      implements KnownLength, Drainable {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
