/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.generation.GenerationCodec;
import io.github.gatlingml.internal.generation.GenerationCodec.Api;
import io.github.gatlingml.internal.generation.GenerationCodec.ChatMessage;
import io.github.gatlingml.internal.generation.StreamChunk;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.rest.RestCallback;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.github.gatlingml.internal.transport.rest.RestRequest;
import io.github.gatlingml.internal.transport.rest.StreamingCallback;
import io.github.gatlingml.internal.transport.sse.SseDecoder;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RestClient.stream over loopback: tiny_llm's event streams arrive chunk by chunk, on time;
 * failures name their cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestStreamTest {
  static final int TOKENS = 6;
  static final double TTFT_MS = 100;
  static final double GAP_MS = 40;
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  static InferenceServer server;
  static MultiThreadIoEventLoopGroup group;
  static EventLoop loop;

  @BeforeAll
  static void start() {
    server =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("tiny_llm"))
                .withLlm(
                    LlmSettings.defaults()
                        .withTokens(TOKENS)
                        .withTokensPerChunk(1)
                        .withTtft(ServiceTime.parse("100ms"))
                        .withTokenGap(ServiceTime.parse("40ms"))));
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    loop = group.next();
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    server.close();
  }

  /** One interpreted event and when it arrived, in ms after the request was handed over. */
  record Arrival(double atMs, StreamChunk chunk) {}

  /** What a stream delivered. */
  static final class Outcome {
    int status;
    String contentType;
    int contentCalls;
    final List<Arrival> events = new ArrayList<>();
    double endMs = -1;
    String failure;
    boolean onLoop = true;
  }

  static RestRequest post(RestClient client, String path, byte[] body, long timeoutNanos) {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .set(HttpHeaderNames.ACCEPT, "text/event-stream");
    return new RestRequest(
        HttpMethod.POST, path, client.completeHeaders(h, body.length), body, timeoutNanos);
  }

  /**
   * Streams a request on the loop, decoding events with SseDecoder and interpreting them as {@code
   * api}.
   */
  static Outcome stream(RestClient client, RestRequest request, long idleNanos, Api api)
      throws Exception {
    return stream(client, request, idleNanos, api, 0);
  }

  /**
   * As above; the first body piece's callback holds the event loop for {@code holdFirstMs}, as a GC
   * pause or a thread waiting for a core would.
   */
  static Outcome stream(
      RestClient client, RestRequest request, long idleNanos, Api api, long holdFirstMs)
      throws Exception {
    Outcome o = new Outcome();
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          long start = System.nanoTime();
          long[] now = new long[1];
          SseDecoder decoder =
              new SseDecoder(
                  e -> o.events.add(new Arrival((now[0] - start) / 1e6, api.interpret(e.data()))));
          client.stream(
              loop,
              1,
              false,
              request,
              idleNanos,
              new StreamingCallback() {
                @Override
                public void onHead(int status, HttpHeaders headers, long nanos) {
                  o.status = status;
                  o.contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
                  o.onLoop &= loop.inEventLoop();
                }

                @Override
                public void onContent(ByteBuf chunk, long nanos) {
                  o.contentCalls++;
                  o.onLoop &= loop.inEventLoop();
                  if (o.contentCalls == 1 && holdFirstMs > 0) {
                    try {
                      Thread.sleep(holdFirstMs);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  now[0] = nanos;
                  decoder.feed(chunk);
                }

                @Override
                public void onEnd(long nanos) {
                  o.endMs = (nanos - start) / 1e6;
                  done.complete(o);
                }

                @Override
                public void onFailure(KoReason failure) {
                  String reason = failure.detail();
                  o.failure = reason;
                  done.complete(o);
                }
              });
        });
    return done.get(20, TimeUnit.SECONDS);
  }

  static List<Arrival> tokens(Outcome o) {
    return o.events.stream().filter(a -> a.chunk().nonEmpty()).toList();
  }

  /**
   * Token chunk i cannot arrive before TTFT + i gaps (less 2 ms of clock slack); the last not much
   * later.
   */
  static void assertOnTime(List<Arrival> tokens) {
    assertThat(tokens).hasSize(TOKENS);
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(tokens.get(i).atMs())
          .as("token chunk %d", i)
          .isGreaterThanOrEqualTo(TTFT_MS + i * GAP_MS - 2);
    }
    double last = TTFT_MS + (TOKENS - 1) * GAP_MS;
    // Generous upper bounds: the machine may be busy, only the lower bounds are exact.
    assertThat(tokens.get(TOKENS - 1).atMs()).isLessThan(last + 1000);
    // Incremental, not buffered to the end: the first token arrived before the server even produced
    // the last.
    assertThat(tokens.get(0).atMs()).isLessThan(last);
  }

  @Test
  void tritonGenerateStreamArrivesIncrementally() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody("r1", "hello world", null, Map.of());
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/tiny_llm/generate_stream", body, 10 * SECOND),
              0,
              Api.TRITON_GENERATE);
      assertThat(o.failure).isNull();
      assertThat(o.status).isEqualTo(200);
      assertThat(o.contentType).startsWith("text/event-stream");
      assertThat(o.onLoop).isTrue();
      assertThat(o.contentCalls).isGreaterThanOrEqualTo(TOKENS);
      assertOnTime(tokens(o));
      assertThat(o.events).allSatisfy(a -> assertThat(a.chunk().failed()).isFalse());
      assertThat(o.endMs).isGreaterThanOrEqualTo(tokens(o).get(TOKENS - 1).atMs());

      // The same connection then serves an ordinary (aggregated) request: the stream left it in
      // step.
      byte[] one = GenerationCodec.generateBody("r2", "hello world", null, Map.of());
      CompletableFuture<String> whole = new CompletableFuture<>();
      loop.execute(
          () ->
              client.execute(
                  loop,
                  1,
                  false,
                  post(client, "/v2/models/tiny_llm/generate", one, 10 * SECOND),
                  new RestCallback() {
                    @Override
                    public void onResponse(FullHttpResponse response) {
                      whole.complete(
                          response.status().code()
                              + " "
                              + response.content().toString(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onFailure(KoReason failure) {
                      String reason = failure.detail();
                      whole.complete("failed: " + reason);
                    }
                  }));
      String text = String.join("", tokens(o).stream().map(a -> a.chunk().text()).toList());
      StreamChunk doc = GenerationCodec.tritonChunk(whole.get(10, TimeUnit.SECONDS).substring(4));
      assertThat(doc.text()).isEqualTo(text);
    }
  }

  @Test
  void chatCompletionsStreamWithRoleFinishUsageAndDone() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body =
          GenerationCodec.chatBody(
              "tiny_llm", List.of(new ChatMessage("user", "hello")), null, true, true, Map.of());
      Outcome o =
          stream(client, post(client, "/v1/chat/completions", body, 10 * SECOND), SECOND, Api.CHAT);
      assertThat(o.failure).isNull();
      assertThat(o.status).isEqualTo(200);
      List<StreamChunk> chunks = o.events.stream().map(Arrival::chunk).toList();
      assertThat(chunks.get(0).nonEmpty()).isFalse(); // role only
      assertOnTime(tokens(o));
      int n = chunks.size();
      assertThat(chunks.get(n - 3).finishReason()).isNotNull();
      assertThat(chunks.get(n - 2).completionTokens()).isEqualTo((long) TOKENS);
      assertThat(chunks.get(n - 2).promptTokens()).isPositive();
      assertThat(chunks.get(n - 1).done()).isTrue();
      assertThat(chunks).noneMatch(StreamChunk::failed);
    }
  }

  @Test
  void completionsStreamCarriesText() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.completionsBody("tiny_llm", "hello", 3, true, false, Map.of());
      Outcome o =
          stream(
              client, post(client, "/v1/completions", body, 10 * SECOND), SECOND, Api.COMPLETIONS);
      assertThat(o.failure).isNull();
      assertThat(tokens(o)).hasSize(3);
      assertThat(o.events.get(o.events.size() - 1).chunk().done()).isTrue();
    }
  }

  @Test
  void errorStatusStreamsItsBodyThenEnds() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body =
          "{\"model\":\"nope\",\"prompt\":\"x\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
      List<String> bodies = new ArrayList<>();
      Outcome o = new Outcome();
      CompletableFuture<Outcome> done = new CompletableFuture<>();
      loop.execute(
          () ->
              client.stream(
                  loop,
                  1,
                  false,
                  post(client, "/v1/completions", body, 10 * SECOND),
                  SECOND,
                  new StreamingCallback() {
                    @Override
                    public void onHead(int status, HttpHeaders headers, long nanos) {
                      o.status = status;
                    }

                    @Override
                    public void onContent(ByteBuf chunk, long nanos) {
                      bodies.add(chunk.toString(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onEnd(long nanos) {
                      done.complete(o);
                    }

                    @Override
                    public void onFailure(KoReason failure) {
                      String reason = failure.detail();
                      o.failure = reason;
                      done.complete(o);
                    }
                  }));
      done.get(10, TimeUnit.SECONDS);
      assertThat(o.failure).isNull();
      assertThat(o.status).isEqualTo(404);
      assertThat(String.join("", bodies)).contains("does not exist");
    }
  }

  @Test
  void overallTimeoutStillApplies() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "hello", null, Map.of());
      long timeout = TimeUnit.MILLISECONDS.toNanos(230);
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/tiny_llm/generate_stream", body, timeout),
              0,
              Api.TRITON_GENERATE);
      assertThat(o.failure).isEqualTo("timeout after 230 ms");
      assertThat(tokens(o)).hasSizeLessThan(TOKENS);
    }
  }

  @Test
  void stalledStreamFailsAfterTheIdleTimeout() throws Exception {
    try (RawSseServer raw = new RawSseServer(RawSseServer.After.STALL);
        RestClient client = new RestClient(URI.create(raw.url()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "x", null, Map.of());
      long started = System.nanoTime();
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/m/generate_stream", body, 10 * SECOND),
              TimeUnit.MILLISECONDS.toNanos(300),
              Api.TRITON_GENERATE);
      double tookMs = (System.nanoTime() - started) / 1e6;
      assertThat(o.failure).isEqualTo("stream stalled: no data for 300 ms");
      assertThat(tokens(o)).hasSize(1);
      assertThat(tookMs).isBetween(300.0, 3000.0);
    }
  }

  /**
   * The event loop is held up for 800 ms in the first piece's callback while the rest of the stream
   * (tokens 40 ms apart) waits in the socket: the 300 ms idle timer is due when the loop comes
   * back, before it has read its sockets again. That is the injector's own lag, not a stall: the
   * stream must end OK with every token.
   */
  @Test
  void aLoopHeldUpPastTheIdleTimeoutIsNotAStall() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "hello", null, Map.of());
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/tiny_llm/generate_stream", body, 10 * SECOND),
              TimeUnit.MILLISECONDS.toNanos(300),
              Api.TRITON_GENERATE,
              800);
      assertThat(o.failure).isNull();
      assertThat(tokens(o)).hasSize(TOKENS);
    }
  }

  @Test
  void resetMidStreamFails() throws Exception {
    try (RawSseServer raw = new RawSseServer(RawSseServer.After.RESET);
        RestClient client = new RestClient(URI.create(raw.url()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "x", null, Map.of());
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/m/generate_stream", body, 10 * SECOND),
              SECOND,
              Api.TRITON_GENERATE);
      assertThat(o.failure).isEqualTo("connection reset by " + client.target());
      assertThat(tokens(o)).hasSize(1);
    }
  }

  @Test
  void closedMidStreamFails() throws Exception {
    try (RawSseServer raw = new RawSseServer(RawSseServer.After.CLOSE);
        RestClient client = new RestClient(URI.create(raw.url()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "x", null, Map.of());
      Outcome o =
          stream(
              client,
              post(client, "/v2/models/m/generate_stream", body, 10 * SECOND),
              SECOND,
              Api.TRITON_GENERATE);
      assertThat(o.failure).isEqualTo("connection closed by " + client.target() + " mid-stream");
    }
  }

  @Test
  void aggregatedResponseOverTheLimitFailsClearly() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 64, 2000)) {
      byte[] body =
          GenerationCodec.generateBody(
              "some-long-request-id-to-grow-the-answer", "hello world", null, Map.of());
      CompletableFuture<String> r = new CompletableFuture<>();
      loop.execute(
          () ->
              client.execute(
                  loop,
                  1,
                  false,
                  post(client, "/v2/models/tiny_llm/generate", body, 10 * SECOND),
                  new RestCallback() {
                    @Override
                    public void onResponse(FullHttpResponse response) {
                      r.complete("ok");
                    }

                    @Override
                    public void onFailure(KoReason failure) {
                      String reason = failure.detail();
                      r.complete(reason);
                    }
                  }));
      assertThat(r.get(10, TimeUnit.SECONDS))
          .startsWith("response too large: ")
          .contains("the limit is 64 bytes");
    }
  }

  @Test
  void decoderErrorInsideTheCallbackFailsTheStreamWithItsReason() throws Exception {
    try (RestClient client = new RestClient(URI.create(server.restBaseUrl()), 2, 1 << 20, 2000)) {
      byte[] body = GenerationCodec.generateBody(null, "hello", null, Map.of());
      CompletableFuture<String> r = new CompletableFuture<>();
      SseDecoder tiny = new SseDecoder(8, e -> {});
      loop.execute(
          () ->
              client.stream(
                  loop,
                  1,
                  false,
                  post(client, "/v2/models/tiny_llm/generate_stream", body, 10 * SECOND),
                  0,
                  new StreamingCallback() {
                    @Override
                    public void onHead(int status, HttpHeaders headers, long nanos) {}

                    @Override
                    public void onContent(ByteBuf chunk, long nanos) {
                      tiny.feed(chunk);
                    }

                    @Override
                    public void onEnd(long nanos) {
                      r.complete("ended");
                    }

                    @Override
                    public void onFailure(KoReason failure) {
                      String reason = failure.detail();
                      r.complete(reason);
                    }
                  }));
      assertThat(r.get(10, TimeUnit.SECONDS))
          .isEqualTo(
              "malformed response from "
                  + client.target()
                  + ": event-stream line longer than 8 bytes (no line end found)");
    }
  }
}
