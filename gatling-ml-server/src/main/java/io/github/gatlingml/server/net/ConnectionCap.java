/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ServerChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections one listener holds open: sits in the listening channel's pipeline, before
 * Netty hands accepted connections to their event loops, and closes at once each connection beyond
 * the cap (the client sees its connection closed before any byte is answered).
 */
@ChannelHandler.Sharable
public final class ConnectionCap extends ChannelInboundHandlerAdapter {
  private final int max;
  private final NetworkStats stats;
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param max the most connections open at once; 0 or less = no cap
   */
  public ConnectionCap(int max, NetworkStats stats) {
    this.max = max;
    this.stats = stats;
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel) {
      Channel child = (Channel) msg;
      if (open.incrementAndGet() > max && max > 0) {
        open.decrementAndGet();
        stats.refused();
        child.unsafe().closeForcibly();
        return;
      }
      child.closeFuture().addListener(f -> open.decrementAndGet());
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * Listening channels of {@code type} with this cap in their pipeline, for a bootstrap that only
   * takes a channel factory (grpc-netty's).
   */
  public ChannelFactory<ServerChannel> channelFactory(Class<? extends ServerChannel> type) {
    ReflectiveChannelFactory<? extends ServerChannel> reflective =
        new ReflectiveChannelFactory<>(type);
    return () -> {
      ServerChannel ch = reflective.newChannel();
      ch.pipeline().addLast(this);
      return ch;
    };
  }
}
