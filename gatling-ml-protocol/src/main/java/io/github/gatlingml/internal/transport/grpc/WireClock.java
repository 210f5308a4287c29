/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The first handler of every gRPC connection's pipeline: notes, for the event loop's thread, when
 * the bytes it is handing on were read from the socket. grpc-java parses HTTP/2 frames, headers and
 * messages synchronously within that read, so a response stamped from here carries the time its
 * bytes arrived rather than the time grpc-java got round to it, which is later by the decoding of
 * the frames (BENCHMARKS.md, "Figures behind design choices", has the measured difference).
 */
@ChannelHandler.Sharable
final class WireClock extends ChannelInboundHandlerAdapter {
  static final WireClock INSTANCE = new WireClock();
  private static final FastThreadLocal<long[]> LAST_READ =
      new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
          return new long[1];
        }
      };

  private WireClock() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    LAST_READ.get()[0] = System.nanoTime();
    ctx.fireChannelRead(msg);
  }

  /**
   * When the read being processed on this thread started, if it started at most {@code maxAgeNanos}
   * ago (so a stamp is never taken from an unrelated earlier read); otherwise now.
   */
  static long readStartedNanos(long maxAgeNanos) {
    long now = System.nanoTime();
    long last = LAST_READ.get()[0];
    return last != 0 && now - last <= maxAgeNanos ? last : now;
  }
}
