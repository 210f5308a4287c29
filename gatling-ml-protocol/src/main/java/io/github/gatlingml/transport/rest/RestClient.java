/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.transport.rest;

import io.github.gatlingml.transport.NettyChannels;
import io.github.gatlingml.transport.TransportFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 keep-alive client that runs on the caller's Netty event loops (Gatling's), with no
 * thread of its own: each event loop owns its connections, so a request is written and its
 * response handled on the virtual user's loop, without a hop or a lock.
 *
 * <p>Connections are shared by the users of a loop (up to a per-loop limit, further requests
 * wait for a free connection), or held one per user when asked.
 */
public final class RestClient implements AutoCloseable {
  private final String host;
  private final int port;
  private final String hostHeader;
  private final String target;
  private final int maxConnectionsPerLoop;
  private final int maxResponseBytes;
  private final int connectTimeoutMillis;
  /** Resolved once, off the event loops: a DNS lookup must never block a loop. */
  private final java.net.InetSocketAddress address;
  private final String resolveFailure;
  private final Map<EventLoop, LoopPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param baseUrl {@code http://host:port}; a path prefix is not part of it (callers give full paths)
   * @param maxConnectionsPerLoop shared connections each event loop may open
   * @param maxResponseBytes larger responses fail with a clear reason
   */
  public RestClient(URI baseUrl, int maxConnectionsPerLoop, int maxResponseBytes, int connectTimeoutMillis) {
    if (!"http".equalsIgnoreCase(baseUrl.getScheme())) {
      throw new IllegalArgumentException(
          "REST base URL must be http://host:port, got '" + baseUrl + "' (https is not supported yet)");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("REST base URL '" + baseUrl + "' has no host; use http://host:port");
    }
    this.host = baseUrl.getHost();
    this.port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
    this.hostHeader = port == 80 ? host : host + ":" + port;
    this.target = host + ":" + port;
    this.maxConnectionsPerLoop = maxConnectionsPerLoop;
    this.maxResponseBytes = maxResponseBytes;
    this.connectTimeoutMillis = connectTimeoutMillis;
    java.net.InetSocketAddress resolved = null;
    String failure = null;
    try {
      resolved = new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port);
    } catch (java.net.UnknownHostException e) {
      // Not fatal here: every request fails with this reason and the run goes on, as with any
      // other unreachable server.
      failure = "DNS failure: cannot resolve " + host;
    }
    this.address = resolved;
    this.resolveFailure = failure;
  }

  /** {@code host:port}, for messages. */
  public String target() {
    return target;
  }

  /**
   * The headers every request of this client carries (Host, keep-alive, Content-Length), added
   * to {@code headers}; callers build a request's complete headers with it, once when they can.
   */
  public HttpHeaders completeHeaders(HttpHeaders headers, int contentLength) {
    headers.set(HttpHeaderNames.HOST, hostHeader);
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    return headers;
  }

  /**
   * Sends a request. Must be called on {@code loop}; the callback runs on it too.
   *
   * @param userId the virtual user, used when {@code perUser} holds one connection per user
   */
  public void execute(EventLoop loop, long userId, boolean perUser, RestRequest request, RestCallback callback) {
    if (closed) {
      callback.onFailure("client closed: the run is over", null);
      return;
    }
    if (resolveFailure != null) {
      callback.onFailure(resolveFailure, null);
      return;
    }
    LoopPool pool = pools.computeIfAbsent(loop, LoopPool::new);
    Exchange exchange = new Exchange(request, callback);
    exchange.timeout =
        loop.schedule(() -> exchange.expire(), request.timeoutNanos(), TimeUnit.NANOSECONDS);
    if (perUser) {
      pool.sendPerUser(userId, exchange);
    } else {
      pool.sendShared(exchange);
    }
  }

  /** Closes the connection a user held (at the end of its scenario). Call on the user's loop. */
  public void releaseUser(EventLoop loop, long userId) {
    LoopPool pool = pools.get(loop);
    if (pool != null) {
      Channel ch = pool.perUser.remove(userId);
      if (ch != null) {
        ch.close();
      }
    }
  }

  /** Closes every connection; exchanges still open fail with a reason. */
  @Override
  public void close() {
    closed = true;
    for (LoopPool pool : pools.values()) {
      try {
        pool.loop.execute(pool::closeAll);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The loop is already shut down: its connections died with it.
      }
    }
  }

  /** One request/response exchange and its timeout. */
  private final class Exchange {
    final RestRequest request;
    final RestCallback callback;
    ScheduledFuture<?> timeout;
    Channel channel;
    boolean done;

    Exchange(RestRequest request, RestCallback callback) {
      this.request = request;
      this.callback = callback;
    }

    void expire() {
      if (done) {
        return;
      }
      fail("timeout after " + TimeUnit.NANOSECONDS.toMillis(request.timeoutNanos()) + " ms", null);
      if (channel != null) {
        // The response may still come; the connection cannot be reused for the next request.
        channel.close();
      }
    }

    void fail(String reason, Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      timeout.cancel(false);
      callback.onFailure(reason, cause);
    }

    void succeed(FullHttpResponse response) {
      if (done) {
        return;
      }
      done = true;
      timeout.cancel(false);
      callback.onResponse(response);
    }
  }

  /** The connections of one event loop; touched only from that loop. */
  private final class LoopPool {
    final EventLoop loop;
    final Bootstrap bootstrap;
    final ArrayDeque<Channel> idle = new ArrayDeque<>();
    final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    final Map<Long, Channel> perUser = new HashMap<>();
    final List<Channel> all = new ArrayList<>();
    int open;

    LoopPool(EventLoop loop) {
      this.loop = loop;
      this.bootstrap =
          new Bootstrap()
              .group(loop)
              .channel(NettyChannels.socketChannelFor(loop))
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.SO_KEEPALIVE, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(new HttpObjectAggregator(maxResponseBytes))
                          .addLast(new ResponseHandler(LoopPool.this));
                    }
                  });
    }

    void sendShared(Exchange exchange) {
      Channel ch;
      while ((ch = idle.pollLast()) != null) {
        if (ch.isActive()) {
          write(ch, exchange, true);
          return;
        }
      }
      if (open < maxConnectionsPerLoop) {
        connect(exchange, true, -1);
      } else {
        waiting.addLast(exchange);
      }
    }

    void sendPerUser(long userId, Exchange exchange) {
      Channel ch = perUser.get(userId);
      if (ch == null || !ch.isActive()) {
        connect(exchange, false, userId);
      } else if (handler(ch).current == null) {
        write(ch, exchange, false);
      } else {
        // The user's connection is busy (requests sent in parallel): borrow a shared one.
        sendShared(exchange);
      }
    }

    private void connect(Exchange exchange, boolean shared, long userId) {
      if (shared) {
        open++;
      }
      ChannelFuture f = bootstrap.connect(address);
      Channel ch = f.channel();
      all.add(ch);
      exchange.channel = ch;
      ch.closeFuture().addListener(x -> onClosed(ch, shared));
      if (!shared) {
        perUser.put(userId, ch);
      }
      f.addListener(
          done -> {
            if (done.isSuccess()) {
              write(ch, exchange, shared);
            } else {
              exchange.fail(TransportFailure.describe(done.cause(), target), done.cause());
            }
          });
    }

    private void write(Channel ch, Exchange exchange, boolean shared) {
      if (exchange.done) {
        // Timed out while waiting for a connection: hand the connection on.
        release(ch, shared);
        return;
      }
      exchange.channel = ch;
      ResponseHandler h = handler(ch);
      h.current = exchange;
      h.shared = shared;
      RestRequest r = exchange.request;
      // The headers are complete and possibly shared by many requests: used as they are, never
      // copied or changed (the encoder only reads them).
      FullHttpRequest req =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, r.method(), r.path(), Unpooled.wrappedBuffer(r.body()),
              r.headers(), EmptyHttpHeaders.INSTANCE);
      ch.writeAndFlush(req)
          .addListener(
              w -> {
                if (!w.isSuccess()) {
                  exchange.fail(TransportFailure.describe(w.cause(), target), w.cause());
                  ch.close();
                }
              });
    }

    /** A connection finished an exchange and may serve the next one. */
    void release(Channel ch, boolean shared) {
      if (!ch.isActive()) {
        return;
      }
      if (!shared) {
        return; // stays with its user
      }
      Exchange next;
      while ((next = waiting.pollFirst()) != null) {
        if (!next.done) {
          write(ch, next, true);
          return;
        }
      }
      idle.addLast(ch);
    }

    private void onClosed(Channel ch, boolean shared) {
      if (shared) {
        open--;
      }
      all.remove(ch);
      idle.remove(ch);
      // A slot is free again: start a waiting exchange on a new connection.
      if (shared && !closed) {
        Exchange next;
        while ((next = waiting.pollFirst()) != null) {
          if (!next.done) {
            connect(next, true, -1);
            break;
          }
        }
      }
    }

    void closeAll() {
      for (Exchange e : waiting) {
        e.fail("client closed: the run is over", null);
      }
      waiting.clear();
      for (Channel ch : new ArrayList<>(all)) {
        ch.close();
      }
    }

    private ResponseHandler handler(Channel ch) {
      return ch.pipeline().get(ResponseHandler.class);
    }
  }

  /** Completes the exchange in flight on its connection. */
  private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final LoopPool pool;
    Exchange current;
    boolean shared;

    ResponseHandler(LoopPool pool) {
      this.pool = pool;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      Exchange e = current;
      current = null;
      if (e == null) {
        // A response nobody waits for (its exchange timed out): the connection is out of step.
        ctx.close();
        return;
      }
      if (!response.decoderResult().isSuccess()) {
        e.fail(TransportFailure.describe(response.decoderResult().cause(), target), response.decoderResult().cause());
        ctx.close();
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(response);
      try {
        e.succeed(response);
      } finally {
        if (keepAlive) {
          pool.release(ctx.channel(), shared);
        } else {
          ctx.close();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Exchange e = current;
      current = null;
      if (e != null) {
        e.fail("connection closed by " + target + " before the response", new ClosedChannelException());
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Exchange e = current;
      current = null;
      if (e != null) {
        e.fail(TransportFailure.describe(cause, target), cause);
      }
      ctx.close();
    }
  }
}
