/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.NettyChannels;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.internal.transport.TlsSettings;
import io.github.gatlingml.internal.transport.TransportFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 keep-alive client that runs on the caller's Netty event loops (Gatling's), with no
 * thread of its own: each event loop owns its connections, so a request is written and its response
 * handled on the virtual user's loop, without a hop or a lock.
 *
 * <p>Connections are shared by the users of a loop (up to a per-loop limit, further requests wait
 * for a free connection), or held one per user when asked.
 *
 * <p>The pipeline does not aggregate: {@link #execute} responses are gathered here (up to {@code
 * maxResponseBytes}), {@link #stream} responses are handed over chunk by chunk as they are read, so
 * one connection can serve both kinds of exchange in turn.
 */
public final class RestClient implements AutoCloseable {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(RestClient.class.getName());
  private static final KoReason CLIENT_CLOSED =
      new KoReason("client closed", "client closed: the run is over");
  private final String host;
  private final int port;
  private final String hostHeader;
  private final String target;
  private final int maxConnectionsPerLoop;
  private final int maxResponseBytes;
  private final int connectTimeoutMillis;

  /** {@code Basic ...} from the URL's user-info, or null: sent unless a request has its own. */
  private final String basicAuth;

  /** TLS for https:// targets, else null. */
  private final SslContext ssl;

  /** The name sent as SNI and verified against the server's certificate (https only). */
  private final String tlsName;

  /**
   * The server's address when the base URL gives one; null for a name, looked up per connection.
   */
  private final java.net.InetSocketAddress address;

  /** The host name to look up (without IPv6 brackets). */
  private final String lookupName;

  /** Spreads connections over every address of the name. */
  private final java.util.concurrent.atomic.AtomicInteger nextAddress =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Name lookups block, so they run here and never on an event loop: one lookup per new connection,
   * not per request.
   */
  private static final java.util.concurrent.ExecutorService LOOKUPS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "gatling-ml-dns");
            t.setDaemon(true);
            return t;
          });

  private final Map<EventLoop, LoopPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param baseUrl {@code http://host:port}; a path prefix is not part of it (callers give full
   *     paths)
   * @param maxConnectionsPerLoop shared connections each event loop may open
   * @param maxResponseBytes larger responses fail with a clear reason
   */
  public RestClient(
      URI baseUrl, int maxConnectionsPerLoop, int maxResponseBytes, int connectTimeoutMillis) {
    this(
        baseUrl,
        maxConnectionsPerLoop,
        maxResponseBytes,
        connectTimeoutMillis,
        TlsSettings.DEFAULT);
  }

  /**
   * @param baseUrl {@code http://host:port} or {@code https://host:port}; a path prefix is not part
   *     of it (callers give full paths)
   * @param tls how https:// connections trust the server and present themselves (ignored for
   *     http://)
   * @throws IllegalArgumentException for another scheme, or TLS settings that cannot be used
   */
  public RestClient(
      URI baseUrl,
      int maxConnectionsPerLoop,
      int maxResponseBytes,
      int connectTimeoutMillis,
      TlsSettings tls) {
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "REST base URL must be http://host:port or https://host:port, got '"
              + Secrets.redact(baseUrl.toString())
              + "'");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "REST base URL '" + baseUrl + "' has no host; use http://host:port");
    }
    boolean https = scheme.equals("https");
    int defaultPort = https ? 443 : 80;
    this.host = baseUrl.getHost();
    this.port = baseUrl.getPort() < 0 ? defaultPort : baseUrl.getPort();
    this.hostHeader = port == defaultPort ? host : host + ":" + port;
    this.ssl = https ? tls.httpContext() : null;
    String userInfo = baseUrl.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      this.basicAuth =
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Secrets.remember(userInfo);
      Secrets.remember(basicAuth);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        Secrets.remember(userInfo.substring(colon + 1));
      }
    } else {
      this.basicAuth = null;
    }
    String name = tls.serverName() != null ? tls.serverName() : host;
    // SNI takes a name, not an address literal in brackets.
    this.tlsName =
        name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    this.target = host + ":" + port;
    this.maxConnectionsPerLoop = maxConnectionsPerLoop;
    this.maxResponseBytes = maxResponseBytes;
    this.connectTimeoutMillis = connectTimeoutMillis;
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    this.lookupName = bare;
    if (io.netty.util.NetUtil.isValidIpV4Address(bare)
        || io.netty.util.NetUtil.isValidIpV6Address(bare)) {
      // An address: no lookup, ever.
      this.address =
          new java.net.InetSocketAddress(
              io.netty.util.NetUtil.createInetAddressFromIpAddressString(bare), port);
    } else {
      // A name: looked up each time a connection opens (see LoopPool.connect), so that a change of
      // address during a long run is followed and every address of the name gets connections.
      // Looked up once now only to warn early; a failure is not fatal, each connection tries again.
      this.address = null;
      try {
        java.net.InetAddress.getAllByName(bare);
      } catch (java.net.UnknownHostException e) {
        LOG.warning(
            "gatling-ml: cannot resolve "
                + bare
                + " now; every connection will try again (KO 'DNS failure' while it fails)");
      }
    }
  }

  /** {@code host:port}, for messages. */
  public String target() {
    return target;
  }

  /**
   * The headers every request of this client carries (Host, keep-alive, Content-Length), added to
   * {@code headers}; callers build a request's complete headers with it, once when they can.
   */
  public HttpHeaders completeHeaders(HttpHeaders headers, int contentLength) {
    headers.set(HttpHeaderNames.HOST, hostHeader);
    if (basicAuth != null && !headers.contains(HttpHeaderNames.AUTHORIZATION)) {
      headers.set(HttpHeaderNames.AUTHORIZATION, basicAuth);
    }
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    return headers;
  }

  /**
   * Sends a request. Must be called on {@code loop}; the callback runs on it too.
   *
   * @param userId the virtual user, used when {@code perUser} holds one connection per user
   */
  public void execute(
      EventLoop loop, long userId, boolean perUser, RestRequest request, RestCallback callback) {
    if (closed) {
      callback.onFailure(CLIENT_CLOSED);
      return;
    }
    start(loop, userId, perUser, new Exchange(request, callback, null, 0));
  }

  /**
   * Sends a request whose response body is delivered as it arrives (Server-Sent Events, chunked
   * streams): {@code onHead}, then {@code onContent} for every piece Netty reads, then {@code
   * onEnd}, each stamped with {@link System#nanoTime()} on arrival. Must be called on {@code loop};
   * the callback runs on it too. A streamed body is bounded by {@code maxResponseBytes} too, in
   * total: past it the exchange fails ("response too large") and the connection is closed, so an
   * endless stream cannot grow the injector's memory.
   *
   * <p>The request's {@code timeoutNanos} bounds the whole exchange. {@code idleTimeoutNanos} (0
   * for none) bounds every silence once the response head has arrived (before it, only the overall
   * timeout applies, so a long time to first byte is not taken for a stall): a stream silent that
   * long fails with "stream stalled: no data for N ms" and its connection is closed. A connection
   * lost mid-stream fails the exchange ("connection reset by host:port", "connection closed by
   * host:port mid-stream"). Error statuses are streamed like any other: the callback decides.
   *
   * @param userId the virtual user, used when {@code perUser} holds one connection per user
   */
  public void stream(
      EventLoop loop,
      long userId,
      boolean perUser,
      RestRequest request,
      long idleTimeoutNanos,
      StreamingCallback cb) {
    if (closed) {
      cb.onFailure(CLIENT_CLOSED);
      return;
    }
    start(loop, userId, perUser, new Exchange(request, null, cb, Math.max(0, idleTimeoutNanos)));
  }

  private void start(EventLoop loop, long userId, boolean perUser, Exchange exchange) {
    LoopPool pool = pools.computeIfAbsent(loop, LoopPool::new);
    RestRequest request = exchange.request;
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

  /** One request/response exchange and its timeouts. */
  private final class Exchange {
    final RestRequest request;

    /** Set for an aggregated exchange ({@link #execute}). */
    final RestCallback callback;

    /** Set for a streamed exchange ({@link #stream}). */
    final StreamingCallback streaming;

    final long idleNanos;
    ScheduledFuture<?> timeout;
    ScheduledFuture<?> idleCheck;

    /** The idle timer found the stream silent once and looks again after the next read. */
    boolean confirmingStall;

    /** Arrival of the last bytes of a streamed response. */
    long lastDataNanos;

    /** Bytes of the streamed body so far. */
    long streamedBytes;

    /** Sent again on a new connection after its pooled one was found closed. */
    boolean retried;

    /** Written on a connection that served earlier exchanges. */
    boolean reusedConnection;

    /** Its response has begun (a status line arrived). */
    boolean answered;

    Channel channel;
    boolean done;

    Exchange(
        RestRequest request, RestCallback callback, StreamingCallback streaming, long idleNanos) {
      this.request = request;
      this.callback = callback;
      this.streaming = streaming;
      this.idleNanos = idleNanos;
    }

    /** Starts the idle watch (streamed exchanges with an idle timeout, once the head arrived). */
    void watchIdle(EventLoop loop, long now) {
      lastDataNanos = now;
      if (idleNanos > 0 && idleCheck == null) {
        idleCheck = loop.schedule(() -> checkIdle(loop), idleNanos, TimeUnit.NANOSECONDS);
      }
    }

    /**
     * Runs when the stream may have been silent for {@code idleNanos}: one timer per exchange,
     * pushed back by the data that came meanwhile (no timer per chunk).
     */
    private void checkIdle(EventLoop loop) {
      if (done) {
        return;
      }
      long silent = System.nanoTime() - lastDataNanos;
      if (silent < idleNanos) {
        confirmingStall = false;
        idleCheck = loop.schedule(() -> checkIdle(loop), idleNanos - silent, TimeUnit.NANOSECONDS);
        return;
      }
      if (!confirmingStall) {
        // This loop may itself have been held up (a GC pause, a starved thread: seen with 10,000
        // streams on a busy machine) while the stream's data already waited in the socket. A
        // task due later runs only after the loop's next read of its sockets, so looking again
        // then reports the injector's own lag as what it is, not as the server's stall.
        confirmingStall = true;
        idleCheck = loop.schedule(() -> checkIdle(loop), 1, TimeUnit.MILLISECONDS);
        return;
      }
      fail(
          new KoReason(
              KoReason.STALLED,
              "stream stalled: no data for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
      if (channel != null) {
        channel.close();
      }
    }

    void expire() {
      if (done) {
        return;
      }
      fail(KoReason.timeout(request.timeoutNanos()));
      if (channel != null) {
        // The response may still come; the connection cannot be reused for the next request.
        channel.close();
      }
    }

    void fail(KoReason reason) {
      if (done) {
        return;
      }
      done = true;
      cancelTimers();
      try {
        if (streaming != null) {
          streaming.onFailure(reason);
        } else {
          callback.onFailure(reason);
        }
      } catch (RuntimeException | LinkageError bug) {
        callbackFailed(bug);
      }
    }

    void cancelTimers() {
      timeout.cancel(false);
      if (idleCheck != null) {
        idleCheck.cancel(false);
      }
    }

    void succeed(FullHttpResponse response) {
      if (done) {
        return;
      }
      done = true;
      cancelTimers();
      try {
        callback.onResponse(response);
      } catch (RuntimeException | LinkageError bug) {
        callbackFailed(bug);
      }
    }

    void end(long nanos) {
      if (done) {
        return;
      }
      done = true;
      cancelTimers();
      try {
        streaming.onEnd(nanos);
      } catch (RuntimeException | LinkageError bug) {
        callbackFailed(bug);
      }
    }
  }

  private KoReason tlsExpected() {
    return new KoReason(
        TransportFailure.TLS_EXPECTED,
        "TLS expected by " + target + ": it answered a plaintext request with TLS; use https://");
  }

  /**
   * A callback threw although callers finish their requests themselves: nothing is left to fail
   * (the exchange is over), and the exception must not reach the connection's pipeline, whose next
   * exchange may belong to another user.
   */
  private static void callbackFailed(Throwable bug) {
    LOG.warning(
        "gatling-ml: a REST callback threw; the connection goes on: "
            + Secrets.redact(KoReason.describe(bug)));
    LOG.log(java.util.logging.Level.FINE, "the callback's exception", bug);
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
                      if (ssl != null) {
                        SslHandler tls = ssl.newHandler(ch.alloc(), tlsName, port);
                        // A handshake that never completes fails like a connect that never does.
                        tls.setHandshakeTimeoutMillis(connectTimeoutMillis);
                        ch.pipeline().addLast(tls);
                      } else {
                        ch.pipeline().addLast(new TlsAnswerProbe());
                      }
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(new ResponseHandler(LoopPool.this));
                    }
                  });
    }

    void sendShared(Exchange exchange) {
      Channel ch;
      while ((ch = idle.pollLast()) != null) {
        if (ch.isActive()) {
          write(ch, exchange, true, true);
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
        write(ch, exchange, false, true);
      } else {
        // The user's connection is busy (requests sent in parallel): borrow a shared one.
        sendShared(exchange);
      }
    }

    private void connect(Exchange exchange, boolean shared, long userId) {
      if (shared) {
        open++;
      }
      if (address != null) {
        connectTo(address, exchange, shared, userId);
        return;
      }
      LOOKUPS.execute(
          () -> {
            java.net.InetSocketAddress a;
            try {
              java.net.InetAddress[] all = java.net.InetAddress.getAllByName(lookupName);
              a =
                  new java.net.InetSocketAddress(
                      all[Math.floorMod(nextAddress.getAndIncrement(), all.length)], port);
            } catch (java.net.UnknownHostException | RuntimeException e) {
              loop.execute(() -> lookupFailed(exchange, shared));
              return;
            }
            loop.execute(() -> connectTo(a, exchange, shared, userId));
          });
    }

    /** No address for the name: the exchange fails, its connection slot is free again. */
    private void lookupFailed(Exchange exchange, boolean shared) {
      if (shared) {
        open--;
      }
      exchange.fail(
          new KoReason(TransportFailure.DNS, "DNS failure: cannot resolve " + lookupName));
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

    private void connectTo(
        java.net.InetSocketAddress a, Exchange exchange, boolean shared, long userId) {
      if (closed) {
        if (shared) {
          open--;
        }
        exchange.fail(CLIENT_CLOSED);
        return;
      }
      ChannelFuture f = bootstrap.connect(a);
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
              write(ch, exchange, shared, false);
            } else {
              exchange.fail(TransportFailure.describe(done.cause(), target));
            }
          });
    }

    /**
     * @param reused the connection served earlier exchanges: if the request cannot be written on it
     *     (the server closed it meanwhile), none of it was sent and it is sent once more on a new
     *     connection, as Gatling's own HTTP client does
     */
    private void write(Channel ch, Exchange exchange, boolean shared, boolean reused) {
      if (exchange.done) {
        // Timed out while waiting for a connection: hand the connection on.
        release(ch, shared);
        return;
      }
      exchange.channel = ch;
      exchange.reusedConnection = reused;
      ResponseHandler h = handler(ch);
      h.current = exchange;
      h.shared = shared;
      RestRequest r = exchange.request;
      // The headers are complete and possibly shared by many requests: used as they are, never
      // copied or changed (the encoder only reads them).
      FullHttpRequest req =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              r.method(),
              r.path(),
              Unpooled.wrappedBuffer(r.body()),
              r.headers(),
              EmptyHttpHeaders.INSTANCE);
      if (exchange.streaming != null) {
        exchange.streaming.onRequestWritten(System.nanoTime());
      }
      ch.writeAndFlush(req)
          .addListener(
              w -> {
                if (!w.isSuccess()) {
                  boolean again = reused && !exchange.retried && !exchange.done && !closed;
                  if (again) {
                    // Detached first: closing the connection must not fail the exchange.
                    ResponseHandler h2 = handler(ch);
                    if (h2 != null && h2.current == exchange) {
                      h2.current = null;
                    }
                  }
                  ch.close();
                  if (again) {
                    exchange.retried = true;
                    connect(exchange, true, -1);
                  } else {
                    exchange.fail(TransportFailure.describe(w.cause(), target));
                  }
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
          write(ch, next, true, true);
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
        e.fail(CLIENT_CLOSED);
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

  /**
   * Completes the exchange in flight on its connection: gathers the response of an {@code execute}
   * exchange, hands a streamed one over piece by piece.
   */
  private final class ResponseHandler extends ChannelInboundHandlerAdapter {
    private final LoopPool pool;
    Exchange current;
    boolean shared;

    /** The head of the response being read (aggregated exchanges). */
    private HttpResponse head;

    private CompositeByteBuf body;

    /** The response being read says the connection is kept alive. */
    private boolean keepAlive;

    /** Skipping an interim (1xx) response. */
    private boolean interim;

    ResponseHandler(LoopPool pool) {
      this.pool = pool;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      long now = System.nanoTime();
      try {
        if (msg instanceof HttpObject) {
          read(ctx, (HttpObject) msg, now);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void read(ChannelHandlerContext ctx, HttpObject msg, long now) {
      Exchange e = current;
      if (e == null) {
        // Data nobody waits for (its exchange failed or timed out): the connection is out of step.
        ctx.close();
        return;
      }
      if (!msg.decoderResult().isSuccess()) {
        Throwable cause = msg.decoderResult().cause();
        abort(ctx, TransportFailure.describe(cause, target));
        return;
      }
      if (msg instanceof HttpResponse) {
        HttpResponse response = (HttpResponse) msg;
        int code = response.status().code();
        interim = code >= 100 && code < 200 && code != 101;
        if (interim) {
          return; // e.g. 100 Continue: the real response follows
        }
        keepAlive = HttpUtil.isKeepAlive(response);
        e.answered = true;
        if (e.streaming != null) {
          e.watchIdle(ctx.channel().eventLoop(), now);
          e.streaming.onHead(code, response.headers(), now);
        } else {
          long length = HttpUtil.getContentLength(response, -1L);
          if (length > maxResponseBytes) {
            abort(ctx, tooLarge(length + " bytes announced"));
            return;
          }
          head = response;
          body = ctx.alloc().compositeBuffer(64);
        }
      }
      if (msg instanceof HttpContent) {
        if (interim) {
          interim = !(msg instanceof LastHttpContent);
          return;
        }
        ByteBuf content = ((HttpContent) msg).content();
        if (e.streaming != null) {
          if (content.isReadable()) {
            e.lastDataNanos = now;
            e.streamedBytes += content.readableBytes();
            if (e.streamedBytes > maxResponseBytes) {
              abort(ctx, tooLarge("more than " + maxResponseBytes + " bytes streamed"));
              return;
            }
            e.streaming.onContent(content, now);
          }
          if (msg instanceof LastHttpContent) {
            // The exchange's callback runs before the connection serves anyone else.
            boolean reuse = detach(ctx);
            e.end(now);
            handOn(ctx, reuse);
          }
        } else {
          if (content.isReadable()) {
            if (body.readableBytes() + (long) content.readableBytes() > maxResponseBytes) {
              abort(ctx, tooLarge("more than " + maxResponseBytes + " bytes received"));
              return;
            }
            body.addComponent(true, content.retain());
          }
          if (msg instanceof LastHttpContent) {
            FullHttpResponse full =
                new DefaultFullHttpResponse(
                    head.protocolVersion(),
                    head.status(),
                    body,
                    head.headers(),
                    ((LastHttpContent) msg).trailingHeaders());
            head = null;
            body = null;
            boolean reuse = detach(ctx);
            try {
              e.succeed(full);
            } finally {
              full.release();
            }
            handOn(ctx, reuse);
          }
        }
      }
    }

    private KoReason tooLarge(String what) {
      return new KoReason(
          TransportFailure.TOO_LARGE,
          "response too large: "
              + what
              + ", the limit is "
              + maxResponseBytes
              + " bytes (raise the protocol's maxResponseBytes)");
    }

    /**
     * The exchange's response is complete: the connection no longer serves it. A connection the
     * server will not keep is closed now; a kept one is handed on by {@link #handOn} once the
     * exchange's callback has run, so that nothing the callback does can reach the next exchange.
     *
     * @return true when the connection can serve another exchange
     */
    private boolean detach(ChannelHandlerContext ctx) {
      current = null;
      if (!keepAlive) {
        ctx.close();
      }
      return keepAlive;
    }

    /** After the callback: the connection serves the next waiting exchange, or waits idle. */
    private void handOn(ChannelHandlerContext ctx, boolean reuse) {
      // The callback may already have sent its user's next request on this connection (one
      // connection per user).
      if (reuse && current == null) {
        pool.release(ctx.channel(), shared);
      }
    }

    /** Fails the exchange in flight and closes the connection, which is out of step now. */
    private void abort(ChannelHandlerContext ctx, KoReason reason) {
      if (TlsAnswerProbe.sawTls(ctx.channel())) {
        reason = tlsExpected();
      }
      Exchange e = current;
      current = null;
      discard();
      if (e != null) {
        e.fail(reason);
      }
      ctx.close();
    }

    private void discard() {
      head = null;
      if (body != null) {
        body.release();
        body = null;
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Exchange e = current;
      current = null;
      discard();
      if (e != null && e.reusedConnection && !e.answered && !e.retried && !e.done && !closed) {
        // A pooled connection the server closed as this request arrived on it (its keep-alive
        // ran out): the request goes once more on a new connection, as Gatling's own HTTP client
        // does, and is counted once.
        e.retried = true;
        pool.connect(e, true, -1);
        ctx.fireChannelInactive();
        return;
      }
      if (e != null) {
        String when =
            e.streaming != null && e.lastDataNanos != 0 ? " mid-stream" : " before the response";
        if (TlsAnswerProbe.sawTls(ctx.channel())) {
          e.fail(tlsExpected());
        } else if (ssl == null && !TlsAnswerProbe.sawBytes(ctx.channel())) {
          // A server that expects TLS often just closes a plaintext connection.
          e.fail(
              new KoReason(
                  TransportFailure.CLOSED,
                  "connection closed by "
                      + target
                      + " before any answer (if it serves TLS, use https://)"));
        } else {
          e.fail(new KoReason(TransportFailure.CLOSED, "connection closed by " + target + when));
        }
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      abort(ctx, TransportFailure.describe(cause, target));
    }
  }
}
