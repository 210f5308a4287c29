/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.server.engine.ErrorKind;
import io.github.gatlingml.server.engine.GenerationHandle;
import io.github.gatlingml.server.engine.GenerationListener;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.server.metrics.PrometheusFormat;
import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.TinyLlmModel;
import io.github.gatlingml.server.net.NetworkStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Routes KServe v2 / Triton REST requests, and the text generation APIs of {@link LlmRest}
 * (OpenAI-compatible under /v1, Hugging Face TGI's /generate and /generate_stream). Inference is
 * asynchronous: the model's capacity runtime completes it on this channel's event loop, which then
 * encodes and writes the response. While a request is in flight the channel stops reading and holds
 * requests already decoded (a pipelining client), so responses always leave in request order.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** When the current request's head arrived, stamped before the body is aggregated. */
  static final AttributeKey<Long> ARRIVED = AttributeKey.valueOf("gatling-ml.arrived");

  static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  private final InferenceEngine engine;
  private final ObjectMapper mapper;
  private final RestInferCodec codec;
  private final RestDocuments documents;
  private final boolean metricsOnly;
  private final LlmRest llm;

  /** The generation being streamed on this connection, cancelled if the client goes away. */
  private GenerationHandle generation;

  /** Requests that arrived while an inference was in flight on this connection (pipelining). */
  private final java.util.ArrayDeque<Object[]> held = new java.util.ArrayDeque<>();

  private boolean busy;

  /** Reading stopped until the client drains what it was sent (the channel became unwritable). */
  private boolean waitingForWritable;

  private final ConnectionGuard guard;
  private final int maxStreamBufferBytes;
  private final NetworkStats stats;

  RestHandler(
      InferenceEngine engine,
      ObjectMapper mapper,
      boolean metricsOnly,
      ConnectionGuard guard,
      int maxStreamBufferBytes,
      NetworkStats stats) {
    this.engine = engine;
    this.mapper = mapper;
    this.codec = new RestInferCodec(mapper);
    this.documents = new RestDocuments(mapper);
    this.metricsOnly = metricsOnly;
    this.llm = new LlmRest(mapper);
    this.guard = guard;
    this.maxStreamBufferBytes = maxStreamBufferBytes;
    this.stats = stats;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    Long stamp = ctx.channel().attr(ARRIVED).getAndSet(null);
    long arrived = stamp != null ? stamp : System.nanoTime();
    if (busy) {
      held.addLast(new Object[] {req.retain(), arrived});
      return;
    }
    handle(ctx, req, arrived);
    if (busy) {
      guard.busy();
    } else {
      guard.idle();
    }
  }

  /** The in-flight inference answered: serve what was held meanwhile, in order. */
  private void resume(ChannelHandlerContext ctx) {
    busy = false;
    Object[] next;
    while (!busy && (next = held.pollFirst()) != null) {
      FullHttpRequest req = (FullHttpRequest) next[0];
      try {
        handle(ctx, req, (Long) next[1]);
      } finally {
        req.release();
      }
    }
    if (!busy) {
      guard.idle();
      // A client that does not read its responses gets no more requests read: its unsent
      // responses cannot pile up (pipelining).
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      } else {
        waitingForWritable = true;
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (waitingForWritable && ctx.channel().isWritable()) {
      waitingForWritable = false;
      if (!busy) {
        ctx.channel().config().setAutoRead(true);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (generation != null) {
      generation.cancel();
      generation = null;
    }
    Object[] h;
    while ((h = held.pollFirst()) != null) {
      ((FullHttpRequest) h[0]).release();
    }
    ctx.fireChannelInactive();
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest req, long arrived) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.decoderResult().isSuccess()) {
      sendError(
          ctx,
          false,
          ErrorKind.INVALID_ARGUMENT,
          "malformed HTTP request: " + req.decoderResult().cause());
      return;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    try {
      if (metricsOnly) {
        routeMetrics(ctx, req, path, keepAlive);
      } else {
        route(ctx, req, path, keepAlive, arrived);
      }
    } catch (InferenceException e) {
      sendError(ctx, keepAlive, e.kind(), e.getMessage());
    } catch (RuntimeException e) {
      sendError(ctx, keepAlive, ErrorKind.INTERNAL, "internal error: " + e);
    }
  }

  private void routeMetrics(
      ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) {
    if (!path.equals("/metrics")) {
      throw new InferenceException(
          ErrorKind.NOT_FOUND, "no route " + path + "; metrics are at /metrics");
    }
    requireMethod(req, HttpMethod.GET);
    byte[] body = PrometheusFormat.render(engine).getBytes(StandardCharsets.UTF_8);
    send(
        ctx,
        keepAlive,
        HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(body),
        "text/plain; version=0.0.4; charset=utf-8",
        -1);
  }

  private void route(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      String path,
      boolean keepAlive,
      long arrived) {
    List<String> parts = segments(path);
    if (parts.size() == 1
        && (parts.get(0).equals("generate") || parts.get(0).equals("generate_stream"))) {
      try {
        tgi(ctx, req, parts.get(0).equals("generate_stream"), keepAlive, arrived);
      } catch (InferenceException e) {
        sendTgiError(ctx, keepAlive, e.kind(), e.getMessage());
      }
      return;
    }
    if (!parts.isEmpty() && parts.get(0).equals("v1")) {
      try {
        openAi(ctx, req, parts, keepAlive, arrived, path);
      } catch (InferenceException e) {
        sendOpenAiError(ctx, keepAlive, e.kind(), e.getMessage());
      }
      return;
    }
    if (parts.isEmpty() || !parts.get(0).equals("v2")) {
      throw noRoute(path);
    }
    if (parts.size() == 1) {
      requireMethod(req, HttpMethod.GET);
      sendJson(ctx, keepAlive, HttpResponseStatus.OK, documents.serverMetadata());
      return;
    }
    switch (parts.get(1)) {
      case "health":
        health(ctx, req, parts, keepAlive, path);
        return;
      case "models":
        models(ctx, req, parts, keepAlive, arrived, path);
        return;
      case "repository":
        repository(ctx, req, parts, keepAlive, path);
        return;
      default:
        throw noRoute(path);
    }
  }

  private void health(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      List<String> parts,
      boolean keepAlive,
      String path) {
    if (parts.size() != 3) {
      throw noRoute(path);
    }
    requireMethod(req, HttpMethod.GET);
    switch (parts.get(2)) {
      case "live":
        sendJson(
            ctx, keepAlive, HttpResponseStatus.OK, mapper.createObjectNode().put("live", true));
        return;
      case "ready":
        sendJson(
            ctx, keepAlive, HttpResponseStatus.OK, mapper.createObjectNode().put("ready", true));
        return;
      default:
        throw noRoute(path);
    }
  }

  /** /v2/models/stats, /v2/models/{m}[/versions/{v}][/ready|/infer|/config|/stats]. */
  private void models(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      List<String> parts,
      boolean keepAlive,
      long arrived,
      String path) {
    if (parts.size() == 3 && parts.get(2).equals("stats")) {
      requireMethod(req, HttpMethod.GET);
      sendJson(ctx, keepAlive, HttpResponseStatus.OK, documents.statistics(engine.allVersions()));
      return;
    }
    if (parts.size() < 3) {
      throw noRoute(path);
    }
    String model = parts.get(2);
    String version = "";
    int next = 3;
    if (parts.size() >= 5 && parts.get(3).equals("versions")) {
      version = parts.get(4);
      next = 5;
    }
    if (parts.size() > next + 1) {
      throw noRoute(path);
    }
    String action = parts.size() == next ? "" : parts.get(next);
    switch (action) {
      case "":
        requireMethod(req, HttpMethod.GET);
        sendJson(
            ctx,
            keepAlive,
            HttpResponseStatus.OK,
            documents.modelMetadata(engine.find(model, version).spec(), engine.versions(model)));
        return;
      case "ready":
        {
          requireMethod(req, HttpMethod.GET);
          InferenceEngine.Entry e = engine.find(model, version);
          HttpResponseStatus status =
              e.ready() ? HttpResponseStatus.OK : HttpResponseStatus.BAD_REQUEST;
          sendJson(
              ctx,
              keepAlive,
              status,
              mapper.createObjectNode().put("name", model).put("ready", e.ready()));
          return;
        }
      case "config":
        requireMethod(req, HttpMethod.GET);
        sendJson(
            ctx,
            keepAlive,
            HttpResponseStatus.OK,
            documents.modelConfig(engine.find(model, version)));
        return;
      case "stats":
        requireMethod(req, HttpMethod.GET);
        sendJson(
            ctx,
            keepAlive,
            HttpResponseStatus.OK,
            documents.statistics(List.of(engine.find(model, version))));
        return;
      case "infer":
        requireMethod(req, HttpMethod.POST);
        infer(ctx, req, model, version, keepAlive, arrived);
        return;
      case "generate":
      case "generate_stream":
        {
          requireMethod(req, HttpMethod.POST);
          InferenceEngine.Entry entry = engine.findReady(model, version);
          InferenceRequest request = llm.tritonRequest(readJson(req), model, version);
          generate(
              ctx,
              keepAlive,
              request,
              arrived,
              action.equals("generate_stream"),
              llm.tritonFormat(request, entry.spec().name(), entry.spec().version()),
              this::sendError);
          return;
        }
      default:
        throw noRoute(path);
    }
  }

  /** /v1/models, /v1/completions, /v1/chat/completions (OpenAI-compatible). */
  private void openAi(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      List<String> parts,
      boolean keepAlive,
      long arrived,
      String path) {
    String route = String.join("/", parts.subList(1, parts.size()));
    switch (route) {
      case "models":
        requireMethod(req, HttpMethod.GET);
        sendJson(ctx, keepAlive, HttpResponseStatus.OK, llm.modelList(engine));
        return;
      case "completions":
      case "chat/completions":
        {
          requireMethod(req, HttpMethod.POST);
          LlmRest.OpenAiCall call =
              llm.openAiRequest(readJson(req), route.startsWith("chat"), engine);
          generate(
              ctx,
              keepAlive,
              call.request(),
              arrived,
              call.stream(),
              call.format(),
              this::sendOpenAiError);
          return;
        }
      default:
        throw new InferenceException(
            ErrorKind.NOT_FOUND,
            "no route "
                + path
                + "; OpenAI-compatible routes: GET /v1/models, POST /v1/completions, "
                + "POST /v1/chat/completions");
    }
  }

  /**
   * /generate and /generate_stream (Hugging Face TGI): TGI serves one model, so these routes take
   * no model name and go to tiny_llm.
   */
  private void tgi(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      boolean stream,
      boolean keepAlive,
      long arrived) {
    requireMethod(req, HttpMethod.POST);
    InferenceEngine.Entry entry = null;
    for (InferenceEngine.Entry e : engine.models()) {
      if (e.spec().name().equals(TinyLlmModel.NAME)) {
        entry = e;
      }
    }
    if (entry == null) {
      throw InferenceException.notFound(
          "no text generation model: the TGI routes /generate and /generate_stream serve "
              + TinyLlmModel.NAME
              + ", which this server does not run (start it with --models ..., "
              + TinyLlmModel.NAME
              + ")");
    }
    if (!entry.ready()) {
      throw InferenceException.notFound(
          "no text generation model: "
              + TinyLlmModel.NAME
              + " is unloaded; load it with POST /v2/repository/models/"
              + TinyLlmModel.NAME
              + "/load");
    }
    JsonNode body = readJson(req);
    InferenceRequest request = llm.tgiRequest(body, TinyLlmModel.NAME);
    try {
      generate(ctx, keepAlive, request, arrived, stream, llm.tgiFormat(body), this::sendTgiError);
    } catch (InferenceException e) {
      // tgiRequest checked the body but for the range of max_tokens, which the model checks.
      if (e.kind() == ErrorKind.INVALID_ARGUMENT
          && request.parameters().containsKey("max_tokens")) {
        throw InferenceException.invalid(
            "\"max_new_tokens\" is refused (it is the model's max_tokens): " + e.getMessage());
      }
      throw e;
    }
  }

  /** How an API answers an error: before a stream, or instead of a non-streamed answer. */
  private interface ErrorAnswer {
    void send(ChannelHandlerContext ctx, boolean keepAlive, ErrorKind kind, String message);
  }

  /**
   * Runs a generation and answers it: one JSON document after the last chunk, or a stream of
   * Server-Sent Events, each written and flushed when its chunk is due. Errors known before the
   * generation starts are thrown (and answered as plain JSON errors); later ones become an error
   * event (stream) or an error document.
   */
  private void generate(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      InferenceRequest request,
      long arrived,
      boolean stream,
      LlmRest.Format format,
      ErrorAnswer errors) {
    long decodedAt = System.nanoTime();
    byte[] field = format.sseField().getBytes(StandardCharsets.US_ASCII);
    // Events are written as they come and flushed once per chunk (a chunk may be several events).
    Consumer<String> events = data -> event(ctx, field, data);
    GenerationListener listener =
        new GenerationListener() {
          @Override
          public void onChunk(Generation g, int index, boolean last) {
            if (stream) {
              format.chunk(g, index, events);
              if (last) {
                for (String e : format.closing(g)) {
                  events.accept(e);
                }
                endStream(ctx, keepAlive);
              } else {
                ctx.flush();
                dropIfSlowReader(ctx);
              }
            } else if (last) {
              generation = null;
              send(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.OK,
                  Unpooled.copiedBuffer(format.whole(g), StandardCharsets.UTF_8),
                  "application/json",
                  -1);
              resume(ctx);
            }
          }

          @Override
          public void onError(InferenceException error) {
            if (stream) {
              events.accept(format.error(error.getMessage()));
              endStream(ctx, keepAlive);
            } else {
              generation = null;
              errors.send(ctx, keepAlive, error.kind(), error.getMessage());
              resume(ctx);
            }
          }
        };
    generation = engine.generate(request, arrived, decodedAt, ctx.executor(), listener);
    ctx.channel().config().setAutoRead(false);
    busy = true;
    if (stream) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      HttpUtil.setTransferEncodingChunked(head, true);
      head.headers()
          .set(
              HttpHeaderNames.CONNECTION,
              keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
      ctx.write(head, ctx.voidPromise());
      for (String e : format.opening()) {
        ctx.write(sseEvent(ctx, field, e), ctx.voidPromise());
      }
      ctx.flush();
    }
  }

  /**
   * Backpressure on a stream: the generation goes on at the model's pace (its chunks are timed, as
   * a real server's tokens come whether or not they are read), so what a client does not read waits
   * in the connection's outbound buffer. Past the per-stream limit the generation is cancelled and
   * the connection closed, so a slow reader costs a bounded amount of memory. A client that reads
   * keeps the buffer empty (each flush writes to the socket at once), so the check costs nothing to
   * the timing of normal streams.
   */
  private void dropIfSlowReader(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    if (out == null) {
      return;
    }
    long pending = out.totalPendingWriteBytes();
    stats.streamPending(pending);
    if (pending > maxStreamBufferBytes && generation != null) {
      generation.cancel();
      generation = null;
      stats.slowStreamDropped();
      ctx.close();
    }
  }

  /**
   * One SSE event, encoded straight into a pooled buffer (a stream writes one per token).
   *
   * @param field what precedes the data ({@code data: }, or {@code data:})
   */
  private static DefaultHttpContent sseEvent(ChannelHandlerContext ctx, byte[] field, String data) {
    ByteBuf buf = ctx.alloc().buffer(ByteBufUtil.utf8MaxBytes(data) + field.length + 2);
    buf.writeBytes(field);
    ByteBufUtil.writeUtf8(buf, data);
    buf.writeByte('\n').writeByte('\n');
    return new DefaultHttpContent(buf);
  }

  /** Writes an event, unflushed: the caller flushes after the chunk's last one. */
  private static void event(ChannelHandlerContext ctx, byte[] field, String data) {
    if (ctx.channel().isActive()) {
      ctx.write(sseEvent(ctx, field, data), ctx.voidPromise());
    }
  }

  private void endStream(ChannelHandlerContext ctx, boolean keepAlive) {
    generation = null;
    if (ctx.channel().isActive()) {
      if (keepAlive) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
      } else {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
            .addListener(ChannelFutureListener.CLOSE);
      }
    }
    resume(ctx);
  }

  private void sendOpenAiError(
      ChannelHandlerContext ctx, boolean keepAlive, ErrorKind kind, String message) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(kind.httpStatus());
    sendJson(ctx, keepAlive, status, llm.openAiError(message, kind));
  }

  private void sendTgiError(
      ChannelHandlerContext ctx, boolean keepAlive, ErrorKind kind, String message) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(LlmRest.tgiStatus(kind));
    sendJson(ctx, keepAlive, status, llm.tgiError(message, kind));
  }

  private void infer(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      String model,
      String version,
      boolean keepAlive,
      long arrived) {
    InferenceEngine.Entry entry = engine.findReady(model, version);
    int headerLength = headerLength(req);
    byte[] body = ByteBufUtil.getBytes(req.content());
    RestInferCodec.Decoded decoded = codec.decode(model, version, body, headerLength, entry.spec());
    long decodedAt = System.nanoTime();
    // Hold further requests on this connection until this one is answered, so that responses
    // cannot overtake each other.
    ctx.channel().config().setAutoRead(false);
    busy = true;
    engine
        .infer(decoded.request(), arrived, decodedAt, ctx.executor())
        .whenComplete(
            (response, error) -> {
              try {
                answer(ctx, keepAlive, decoded, response, error);
              } finally {
                resume(ctx);
              }
            });
  }

  private void answer(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      RestInferCodec.Decoded decoded,
      io.github.gatlingml.server.engine.InferenceResponse response,
      Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof InferenceException) {
        InferenceException ie = (InferenceException) cause;
        sendError(ctx, keepAlive, ie.kind(), ie.getMessage());
      } else {
        sendError(ctx, keepAlive, ErrorKind.INTERNAL, "internal error: " + cause);
      }
      return;
    }
    try {
      RestInferCodec.Encoded encoded = codec.encode(response, decoded, ctx.alloc());
      String type =
          encoded.jsonHeaderLength() >= 0 ? "application/octet-stream" : "application/json";
      send(ctx, keepAlive, HttpResponseStatus.OK, encoded.body(), type, encoded.jsonHeaderLength());
    } catch (Exception e) {
      sendError(
          ctx, keepAlive, ErrorKind.INTERNAL, "cannot encode the response: " + e.getMessage());
    }
  }

  private static int headerLength(FullHttpRequest req) {
    String value = req.headers().get(HEADER_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw InferenceException.invalid(
          HEADER_LENGTH
              + " must be a non-negative integer (the JSON part's length), got '"
              + value
              + "'");
    }
  }

  private void repository(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      List<String> parts,
      boolean keepAlive,
      String path) {
    requireMethod(req, HttpMethod.POST);
    if (parts.size() == 3 && parts.get(2).equals("index")) {
      boolean readyOnly = false;
      if (req.content().isReadable()) {
        JsonNode body = readJson(req);
        readyOnly = body.path("ready").asBoolean(false);
      }
      sendJson(
          ctx,
          keepAlive,
          HttpResponseStatus.OK,
          documents.repositoryIndex(engine.allVersions(), readyOnly));
      return;
    }
    if (parts.size() == 5 && parts.get(2).equals("models")) {
      String model = parts.get(3);
      switch (parts.get(4)) {
        case "load":
          engine.load(model);
          send(
              ctx, keepAlive, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, "application/json", -1);
          return;
        case "unload":
          engine.unload(model);
          send(
              ctx, keepAlive, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, "application/json", -1);
          return;
        default:
          break;
      }
    }
    throw noRoute(path);
  }

  private JsonNode readJson(FullHttpRequest req) {
    try {
      return mapper.readTree(ByteBufUtil.getBytes(req.content()));
    } catch (JsonProcessingException e) {
      throw InferenceException.invalid("malformed JSON in request body: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw InferenceException.invalid("unreadable request body: " + e.getMessage());
    }
  }

  private static void requireMethod(FullHttpRequest req, HttpMethod method) {
    if (!req.method().equals(method)) {
      throw new InferenceException(
          ErrorKind.METHOD_NOT_ALLOWED, req.method() + " is not allowed here; use " + method);
    }
  }

  private static InferenceException noRoute(String path) {
    return new InferenceException(
        ErrorKind.NOT_FOUND,
        "no route " + path + "; KServe v2 routes start with /v2 (e.g. /v2/models/{model}/infer)");
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(QueryStringDecoder.decodeComponent(s));
      }
    }
    return out;
  }

  private void sendJson(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, JsonNode node) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    send(ctx, keepAlive, status, Unpooled.wrappedBuffer(body), "application/json", -1);
  }

  private void sendError(
      ChannelHandlerContext ctx, boolean keepAlive, ErrorKind kind, String message) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(kind.httpStatus());
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(mapper.createObjectNode().put("error", message));
    } catch (JsonProcessingException e) {
      body = "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
    }
    send(ctx, keepAlive, status, Unpooled.wrappedBuffer(body), "application/json", -1);
  }

  static void send(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      ByteBuf body,
      String type,
      int jsonHeaderLength) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (jsonHeaderLength >= 0) {
      res.headers().setInt(HEADER_LENGTH, jsonHeaderLength);
    }
    if (keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(res, ctx.voidPromise());
    } else {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a broken client: nothing to answer, just free the connection.
    ctx.close();
  }
}
