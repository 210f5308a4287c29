/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.server.ConnectionLimits;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.net.ConnectionCap;
import io.github.gatlingml.server.net.NetworkStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The REST front end (KServe v2 + Triton routes) and the Prometheus metrics endpoint, each an
 * HTTP/1.1 server on Netty.
 */
public final class RestServer implements AutoCloseable {
  private final Channel channel;

  private RestServer(Channel channel) {
    this.channel = channel;
  }

  /**
   * Binds the inference API ({@code metricsOnly == false}) or the metrics endpoint.
   *
   * @param maxRequestBytes larger bodies are answered 413 and the connection is closed
   * @param ssl the TLS context, or null for plaintext
   * @param limits timeouts, connection cap and the bound of an SSE stream's outbound buffer
   * @param stats where the protections count what they did
   */
  public static RestServer bind(
      InferenceEngine engine,
      String host,
      int port,
      int maxRequestBytes,
      boolean metricsOnly,
      SslContext ssl,
      ConnectionLimits limits,
      NetworkStats stats,
      EventLoopGroup boss,
      EventLoopGroup workers,
      Class<? extends ServerChannel> channelType)
      throws InterruptedException {
    ObjectMapper mapper = new ObjectMapper();
    long requestTimeout = limits.requestTimeout().toNanos();
    long idleTimeout = limits.idleTimeout().toNanos();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .handler(new ConnectionCap(limits.maxConnections(), stats))
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ConnectionGuard guard = new ConnectionGuard(requestTimeout, idleTimeout, stats);
                    if (ssl != null) {
                      // The request timeout also bounds the handshake; the handler's own default
                      // (10 s) stays as the tighter one.
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(guard)
                        .addLast(new HttpServerCodec())
                        .addLast(new ArrivalStamp(guard))
                        .addLast(new JsonErrorAggregator(maxRequestBytes))
                        .addLast(
                            new RestHandler(
                                engine,
                                mapper,
                                metricsOnly,
                                guard,
                                limits.maxStreamBufferBytes(),
                                stats));
                  }
                });
    Channel ch = b.bind(host, port).sync().channel();
    return new RestServer(ch);
  }

  /** The port actually bound (useful when 0 asked for a free one). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  /**
   * Stamps the arrival of each request's head, before its body is aggregated, and tells the guard
   * when a request has arrived whole.
   */
  private static final class ArrivalStamp extends ChannelInboundHandlerAdapter {
    private final ConnectionGuard guard;

    ArrivalStamp(ConnectionGuard guard) {
      this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        ctx.channel().attr(RestHandler.ARRIVED).set(System.nanoTime());
        guard.requestHead();
      }
      if (msg instanceof LastHttpContent) {
        guard.requestComplete();
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Answers an oversized body with a KServe-style JSON error instead of an empty 413. */
  private static final class JsonErrorAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    JsonErrorAggregator(int maxBytes) {
      super(maxBytes);
      this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      byte[] body =
          ("{\"error\":\"request body is larger than the server's limit of "
                  + maxBytes
                  + " bytes; send a smaller request or start the server with a larger --max-request-bytes\"}")
              .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              Unpooled.wrappedBuffer(body));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      // The rest of the body may still be arriving: close rather than try to resynchronise.
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
