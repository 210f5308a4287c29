/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.internal.transport.TlsSettings;
import io.github.gatlingml.internal.transport.TransportFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 GET at a time per call, on the scrapers' own event loop (never one of Gatling's): a
 * new connection per request, closed after the answer, so a target that hangs or dies holds nothing
 * between scrapes. Whole answers only, up to {@link #MAX_BYTES}, gzip accepted.
 */
final class HttpGet {
  /** The largest page read: far above any real exporter's, low enough to bound memory. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  /**
   * An answer.
   *
   * @param durationNanos from the start of the connection to the last byte: the scrape's cost
   * @param stampNanos when the server most likely rendered the page: halfway between the request
   *     being written and the answer's last byte (a new connection's set-up is left out, so a slow
   *     first connection does not move the stamp)
   */
  record Response(
      int status, String contentType, String body, long durationNanos, long stampNanos) {}

  /** A request that got no usable answer; {@code reason} is the short category. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Failure(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private final EventLoopGroup group;
  private final SslContext ssl;
  private final String tlsServerName;

  /**
   * @param group the scrapers' loop group (NIO)
   * @param tls the protocol's TLS settings, used for https:// URLs; null for plaintext only
   * @param tlsServerName the name to verify and send as SNI instead of the URL's host, or null
   */
  HttpGet(EventLoopGroup group, TlsSettings tls, String tlsServerName) {
    this.group = group;
    this.ssl = tls == null ? null : tls.httpContext();
    this.tlsServerName = tlsServerName;
  }

  /**
   * Gets {@code uri}; completes exceptionally with a {@link Failure} on any error, timeout
   * included. Never throws.
   */
  CompletableFuture<Response> get(URI uri, Map<String, String> headers, long timeoutMs) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    long started = System.nanoTime();
    long[] written = {started};
    String host = uri.getHost();
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    String target = host + ":" + port;
    if (https && ssl == null) {
      result.completeExceptionally(
          new Failure("TLS not configured", "no TLS settings for " + uri + "; use http://"));
      return result;
    }
    String bareHost =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMs))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (https) {
                      String sni = tlsServerName != null ? tlsServerName : bareHost;
                      SslHandler tls = ssl.newHandler(ch.alloc(), sni, port);
                      tls.setHandshakeTimeoutMillis(Math.max(1, timeoutMs));
                      ch.pipeline().addLast(tls);
                    }
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpContentDecompressor())
                        .addLast(new HttpObjectAggregator(MAX_BYTES))
                        .addLast(new Handler(result, started, written, target));
                  }
                });
    ChannelFuture connect;
    try {
      connect = b.connect(bareHost, port);
    } catch (RuntimeException e) {
      result.completeExceptionally(failure(e, target));
      return result;
    }
    Channel ch = connect.channel();
    ScheduledFuture<?> timeout =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (result.completeExceptionally(
                      new Failure(
                          "timeout",
                          "no complete answer from " + target + " within " + timeoutMs + " ms"))) {
                    ch.close();
                  }
                },
                timeoutMs,
                TimeUnit.MILLISECONDS);
    result.whenComplete((r, e) -> timeout.cancel(false));
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(failure(f.cause(), target));
            return;
          }
          String path =
              uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
          if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
          }
          FullHttpRequest request =
              new DefaultFullHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
          request
              .headers()
              .set(
                  HttpHeaderNames.HOST,
                  uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost())
              .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
              .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP)
              .set(HttpHeaderNames.USER_AGENT, "gatling-ml");
          headers.forEach((k, v) -> request.headers().set(k, v));
          written[0] = System.nanoTime();
          ch.writeAndFlush(request)
              .addListener(
                  w -> {
                    if (!w.isSuccess()) {
                      result.completeExceptionally(failure(w.cause(), target));
                      ch.close();
                    }
                  });
        });
    return result;
  }

  private static Failure failure(Throwable e, String target) {
    if (e instanceof Failure f) {
      return f;
    }
    if (e instanceof TooLongFrameException || e.getCause() instanceof TooLongFrameException) {
      return new Failure(
          TransportFailure.TOO_LARGE, "answer of " + target + " over " + MAX_BYTES + " bytes");
    }
    var reason = TransportFailure.describe(e, target);
    return new Failure(reason.category(), reason.detail());
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<Response> result;
    private final long started;
    private final long[] written;
    private final String target;

    /** Runs on the channel's loop, where {@code written} was set before the request was sent. */
    Handler(CompletableFuture<Response> result, long started, long[] written, String target) {
      this.result = result;
      this.started = started;
      this.written = written;
      this.target = target;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      if (msg.decoderResult().isFailure()) {
        result.completeExceptionally(failure(msg.decoderResult().cause(), target));
      } else {
        long now = System.nanoTime();
        result.complete(
            new Response(
                msg.status().code(),
                msg.headers().get(HttpHeaderNames.CONTENT_TYPE),
                msg.content().toString(StandardCharsets.UTF_8),
                now - started,
                written[0] + (now - written[0]) / 2));
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(
          new Failure(
              TransportFailure.CLOSED, "connection closed by " + target + " before the answer"));
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(failure(cause, target));
      ctx.close();
    }
  }
}
