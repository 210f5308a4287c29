/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteArrayMarshallerTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void roundTripsMessagesOfEverySize() {
    for (int n : new int[] {0, 1, 100, 8192, 8193, 602_112}) {
      byte[] b = bytes(n);
      assertThat(ByteArrayMarshaller.INSTANCE.parse(ByteArrayMarshaller.INSTANCE.stream(b)))
          .isEqualTo(b);
    }
  }

  @Test
  void readsStreamsOfUnknownLength() {
    byte[] b = bytes(20_000);
    assertThat(ByteArrayMarshaller.INSTANCE.parse(new ByteArrayInputStream(b))).isEqualTo(b);
  }

  /** A known-length stream that announces less than it holds still yields every byte. */
  @Test
  void readsPastAnUnderstatedLength() {
    byte[] b = bytes(10_000);
    class Understated extends ByteArrayInputStream implements KnownLength {
      Understated() {
        super(b);
      }

      @Override
      public synchronized int available() {
        return Math.max(0, super.available() - 7);
      }
    }
    assertThat(ByteArrayMarshaller.INSTANCE.parse(new Understated())).isEqualTo(b);
  }
}
