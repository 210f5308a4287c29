/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Looks at the first bytes a plaintext connection receives: a TLS record (an alert or a handshake)
 * means the server expects TLS, which the HTTP decoder would otherwise report as garbage. Leaves
 * the pipeline after the first read, so it costs nothing per request.
 */
final class TlsAnswerProbe extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<Boolean> TLS = AttributeKey.valueOf("gatling-ml.tls-answer");
  private static final AttributeKey<Boolean> BYTES = AttributeKey.valueOf("gatling-ml.any-answer");

  /** True when the connection's first bytes were a TLS record. */
  static boolean sawTls(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(TLS).get());
  }

  /** True when the connection received any bytes at all. */
  static boolean sawBytes(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(BYTES).get());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b && b.readableBytes() >= 3) {
      ctx.channel().attr(BYTES).set(Boolean.TRUE);
      int type = b.getUnsignedByte(b.readerIndex());
      int major = b.getUnsignedByte(b.readerIndex() + 1);
      // Record types 21 (alert) and 22 (handshake), protocol version 3.x.
      if ((type == 21 || type == 22) && major == 3) {
        ctx.channel().attr(TLS).set(Boolean.TRUE);
      }
      ctx.pipeline().remove(this);
    }
    ctx.fireChannelRead(msg);
  }
}
