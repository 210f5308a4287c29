/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import io.github.gatlingml.server.net.NetworkStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of one REST connection, placed before the HTTP decoder so that it sees raw bytes:
 *
 * <ul>
 *   <li>request timeout: a request must arrive whole (head and body) within it of its first byte,
 *       else the connection is closed: a slow-loris client cannot hold it by trickling bytes;
 *   <li>idle timeout: a connection with no request in progress, none being answered and none held,
 *       is closed after it.
 * </ul>
 *
 * <p>One timer per connection, re-armed for the nearest deadline when it fires (a deadline that
 * moved just re-arms it), so requests cost no timer of their own. Everything runs on the
 * connection's event loop.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
  private final long requestTimeoutNanos;
  private final long idleTimeoutNanos;
  private final long period;
  private final NetworkStats stats;

  /** When the request being received started arriving; 0 = none. */
  private long requestStarted;

  /** Since when nothing has been in progress on this connection; 0 = busy. */
  private long idleSince;

  private ScheduledFuture<?> timer;

  /**
   * @param requestTimeoutNanos 0 = none
   * @param idleTimeoutNanos 0 = none
   */
  ConnectionGuard(long requestTimeoutNanos, long idleTimeoutNanos, NetworkStats stats) {
    this.requestTimeoutNanos = requestTimeoutNanos;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.stats = stats;
    long p = Long.MAX_VALUE;
    if (requestTimeoutNanos > 0) {
      p = requestTimeoutNanos;
    }
    if (idleTimeoutNanos > 0) {
      p = Math.min(p, idleTimeoutNanos);
    }
    this.period = p;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (timer != null || period == Long.MAX_VALUE) {
      return;
    }
    idleSince = System.nanoTime();
    arm(ctx, period);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (requestStarted == 0 && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
      requestStarted = System.nanoTime();
      idleSince = 0;
    }
    ctx.fireChannelRead(msg);
  }

  /** The decoder produced a request's head (a pipelined one may start inside an earlier read). */
  void requestHead() {
    if (requestStarted == 0) {
      requestStarted = System.nanoTime();
    }
    idleSince = 0;
  }

  /** The request's last content arrived: it is whole. */
  void requestComplete() {
    requestStarted = 0;
  }

  /** Nothing is in flight or held: the idle timeout starts, unless a next request is arriving. */
  void idle() {
    if (requestStarted == 0 && idleSince == 0) {
      idleSince = System.nanoTime();
    }
  }

  /** Something is being answered. */
  void busy() {
    idleSince = 0;
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    long next = period;
    if (requestTimeoutNanos > 0 && requestStarted != 0) {
      long left = requestStarted + requestTimeoutNanos - now;
      if (left <= 0) {
        stats.requestTimedOut();
        ctx.close();
        return;
      }
      next = Math.min(next, left);
    }
    if (idleTimeoutNanos > 0 && idleSince != 0) {
      long left = idleSince + idleTimeoutNanos - now;
      if (left <= 0) {
        stats.idleTimedOut();
        ctx.close();
        return;
      }
      next = Math.min(next, left);
    }
    arm(ctx, next);
  }
}
