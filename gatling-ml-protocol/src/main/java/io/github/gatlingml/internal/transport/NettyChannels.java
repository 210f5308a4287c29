/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Picks the socket channel class that can register on a given event loop, so that clients run on
 * Gatling's own loops (epoll on Linux, NIO elsewhere) instead of loops of their own.
 */
public final class NettyChannels {
  private NettyChannels() {}

  /**
   * The socket channel type compatible with {@code loop}.
   *
   * @throws IllegalStateException for an I/O type this plugin does not know (e.g. io_uring)
   */
  public static Class<? extends SocketChannel> socketChannelFor(EventLoop loop) {
    if (loop instanceof IoEventLoop) {
      IoEventLoop io = (IoEventLoop) loop;
      if (io.isIoType(EpollIoHandler.class)) {
        return EpollSocketChannel.class;
      }
      if (io.isIoType(NioIoHandler.class)) {
        return NioSocketChannel.class;
      }
      throw new IllegalStateException(
          "Gatling's event loops use an I/O transport gatling-ml does not support ("
              + loop.getClass().getName()
              + "); set gatling.netty.useNativeTransport=false or use epoll");
    }
    // Pre-4.2 style loops (NioEventLoop) only take NIO channels.
    return NioSocketChannel.class;
  }
}
