/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.check.StreamResult;
import io.github.gatlingml.metrics.RequestInfo;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.Slo;
import io.github.gatlingml.metrics.StreamRecorder;
import io.github.gatlingml.metrics.StreamTiming;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.protocol.MlRuntime;
import io.github.gatlingml.transport.Transport;
import io.github.gatlingml.transport.grpc.StreamInfer;
import io.github.gatlingml.transport.openai.OpenAiStreams;
import io.github.gatlingml.transport.openai.StreamChunk;
import io.github.gatlingml.transport.rest.RestRequest;
import io.github.gatlingml.transport.rest.StreamingCallback;
import io.github.gatlingml.transport.sse.SseDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A text-generation request that streams tokens: sends the request, timestamps every chunk as it
 * arrives (on the virtual user's event loop), and at the end logs three entries to Gatling ({@code
 * <name>}, {@code <name> [ttft]}, {@code <name> [tpot]}) and the stream's timing to the ML
 * recorder, at the same moment.
 */
public final class StreamAction implements MlAction {
  private final String requestName;
  private final MlRuntime runtime;
  private final StreamSpec spec;
  private final List<MlCheck> checks;
  private final RequestHeaders headers;
  private final StreamRecorder recorder;
  private final AtomicLong inFlight;
  private final long timeoutNanos;
  private final long idleNanos;
  private final HttpHeaders contentHeaders = new DefaultHttpHeaders();

  public StreamAction(
      String requestName, MlRuntime runtime, StreamSpec spec, List<MlCheck> checks) {
    this.requestName = requestName;
    this.runtime = runtime;
    this.spec = spec;
    this.checks = checks;
    this.headers = new RequestHeaders(runtime.protocol().headers());
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.idleNanos = spec.idleTimeout().toNanos();
    Slo slo = new Slo(spec.ttftSloMicros(), spec.tpotSloMicros());
    this.recorder =
        runtime
            .metrics()
            .streamRecorder(
                requestName,
                RequestInfo.of(RequestKind.STREAM, spec.transport().label(), spec.fixedModel()),
                slo);
    this.inFlight = runtime.run().inFlight(recorder);
    contentHeaders.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    contentHeaders.set(
        HttpHeaderNames.ACCEPT,
        spec.transport() == Transport.TRITON_GENERATE ? "application/json" : "text/event-stream");
    if (spec.transport().isGrpc()) {
      runtime.grpc();
    } else {
      runtime.rest();
    }
  }

  @Override
  public String name() {
    return requestName;
  }

  /** What one request sends, resolved from the session. */
  private record Prepared(
      String model,
      String prompt,
      List<OpenAiStreams.ChatMessage> messages,
      Integer maxTokens,
      Map<String, Object> params) {}

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    Prepared p;
    try {
      p = prepare(session);
    } catch (RuntimeException e) {
      long now = System.nanoTime();
      long ms = runtime.stats().nowMillis();
      runtime
          .stats()
          .logResponse(
              session, requestName, ms, ms, false, null, requestName + ": " + e.getMessage());
      StreamTiming t = StreamTiming.start(now);
      t.finish(now, null, null);
      recorder.recordKo(t, "request not built", 0, 0);
      next.accept(session.markAsFailed());
      return;
    }
    Exchange x = new Exchange(session, p, next);
    if (spec.transport() == Transport.GRPC_STREAM) {
      Map<String, Object> params = new LinkedHashMap<>(p.params());
      if (p.maxTokens() != null) {
        params.put("max_tokens", p.maxTokens());
      }
      ModelInferRequest request = StreamInfer.textRequest(p.model(), "", "", p.prompt(), params);
      x.bytesSent = request.getSerializedSize();
      x.begin();
      try {
        StreamInfer.start(
            runtime.grpc().channel(loop, session.userId(), runtime.protocol().connectionPerUser()),
            headers.grpc(session),
            timeoutNanos,
            List.of(request),
            x.grpcListener());
      } catch (RuntimeException e) {
        x.onFailure(
            "cannot start gRPC stream to " + runtime.grpc().target() + ": " + e.getMessage(), null);
      }
    } else {
      byte[] body = body(p);
      x.bytesSent = body.length;
      RestRequest request =
          new RestRequest(
              HttpMethod.POST,
              path(p),
              headers.http(session, contentHeaders, runtime.rest(), body.length, -1),
              body,
              timeoutNanos);
      x.begin();
      runtime.rest().stream(
          loop, session.userId(), runtime.protocol().connectionPerUser(), request, idleNanos, x);
    }
  }

  private Prepared prepare(Session session) {
    String model = spec.model().apply(session);
    String prompt =
        spec.prompt() != null
            ? spec.prompt().apply(session)
            : session.contains("prompt") ? session.getString("prompt") : null;
    Function<Session, Object> messageSource =
        spec.messages() != null
            ? spec.messages()
            : session.contains("messages")
                    && (spec.transport() == Transport.OPENAI_CHAT || prompt == null)
                ? s -> s.get("messages")
                : null;
    Object max = spec.maxTokens() == null ? null : spec.maxTokens().apply(session);
    Integer maxTokens =
        max == null
            ? null
            : max instanceof Number
                ? ((Number) max).intValue()
                : Integer.valueOf(max.toString().trim());
    Map<String, Object> params = new LinkedHashMap<>();
    spec.parameters().forEach((k, v) -> params.put(k, v.apply(session)));
    List<OpenAiStreams.ChatMessage> messages = new ArrayList<>();
    if (spec.conversation() != null && session.contains(spec.conversation())) {
      messages.addAll(session.getList(spec.conversation()));
    }
    if (messageSource != null) {
      Object m = messageSource.apply(session);
      if (!(m instanceof List)) {
        throw new IllegalArgumentException(
            "messages must be a list of {role, content} maps, got "
                + (m == null ? "null" : m.getClass().getSimpleName()));
      }
      for (Object o : (List<?>) m) {
        if (!(o instanceof Map)) {
          throw new IllegalArgumentException(
              "every message must be a {role, content} map, got " + o);
        }
        Map<?, ?> map = (Map<?, ?>) o;
        messages.add(
            new OpenAiStreams.ChatMessage(
                String.valueOf(map.get("role")), String.valueOf(map.get("content"))));
      }
    } else if (prompt != null) {
      messages.add(new OpenAiStreams.ChatMessage("user", prompt));
    }
    if (prompt == null && spec.transport() != Transport.OPENAI_CHAT && !messages.isEmpty()) {
      // A chat-form record (a prompt dataset mixes both) sent to a completion-style API: its
      // messages' contents become the prompt, one per line, as OpenAI-compatible servers do.
      StringBuilder joined = new StringBuilder();
      for (OpenAiStreams.ChatMessage m : messages) {
        if (joined.length() > 0) {
          joined.append('\n');
        }
        joined.append(m.content());
      }
      prompt = joined.toString();
    }
    if (prompt == null && (spec.transport() != Transport.OPENAI_CHAT || messages.isEmpty())) {
      throw new IllegalArgumentException(
          "no prompt: feed a 'prompt' attribute (MlFeeders.promptsJsonl / promptLines / syntheticPrompts), "
              + (spec.transport() == Transport.OPENAI_CHAT ? "or 'messages', " : "")
              + "or set .prompt(...)");
    }
    return new Prepared(model, prompt, messages, maxTokens, params);
  }

  private byte[] body(Prepared p) {
    switch (spec.transport()) {
      case OPENAI_CHAT:
        return OpenAiStreams.chatBody(
            p.model(), p.messages(), p.maxTokens(), true, spec.includeUsage(), p.params());
      case OPENAI_COMPLETIONS:
        return OpenAiStreams.completionsBody(
            p.model(), p.prompt(), p.maxTokens(), true, spec.includeUsage(), p.params());
      default:
        return OpenAiStreams.generateBody(null, p.prompt(), p.maxTokens(), p.params());
    }
  }

  private String path(Prepared p) {
    switch (spec.transport()) {
      case OPENAI_CHAT:
        return "/v1/chat/completions";
      case OPENAI_COMPLETIONS:
        return "/v1/completions";
      case TRITON_GENERATE:
        return "/v2/models/" + p.model() + "/generate";
      default:
        return "/v2/models/" + p.model() + "/generate_stream";
    }
  }

  private OpenAiStreams.Api api() {
    switch (spec.transport()) {
      case OPENAI_CHAT:
        return OpenAiStreams.Api.CHAT;
      case OPENAI_COMPLETIONS:
        return OpenAiStreams.Api.COMPLETIONS;
      default:
        return OpenAiStreams.Api.TRITON_GENERATE;
    }
  }

  /**
   * One stream in flight: consumes the transport's callbacks (REST body chunks through the SSE
   * decoder, or gRPC responses) and finishes the request exactly once.
   */
  final class Exchange implements StreamingCallback {
    final Session session;
    final Prepared prepared;
    final Consumer<Session> next;
    final StringBuilder text = new StringBuilder();
    final OpenAiStreams.Api api = api();
    StreamTiming timing;
    long startMs;
    long bytesSent;
    long bytesReceived;
    int status = -1;
    String finishReason;
    Long usageTokens;
    String error;
    boolean done;
    boolean finished;
    long chunkNanos;
    ByteArrayOutputStream whole;
    final SseDecoder decoder = SseDecoder.forData(this::onData);

    Exchange(Session session, Prepared prepared, Consumer<Session> next) {
      this.session = session;
      this.prepared = prepared;
      this.next = next;
    }

    /** The request is handed to the transport now. */
    void begin() {
      startMs = runtime.stats().nowMillis();
      timing = StreamTiming.start(System.nanoTime());
      inFlight.incrementAndGet();
    }

    @Override
    public void onRequestWritten(long nanos) {
      timing.requestWritten(nanos);
    }

    @Override
    public void onHead(int httpStatus, HttpHeaders responseHeaders, long nanos) {
      status = httpStatus;
      if (httpStatus < 200 || httpStatus >= 300 || spec.transport() == Transport.TRITON_GENERATE) {
        whole = new ByteArrayOutputStream();
      }
    }

    @Override
    public void onContent(ByteBuf chunk, long nanos) {
      bytesReceived += chunk.readableBytes();
      if (whole != null) {
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.getBytes(chunk.readerIndex(), bytes);
        whole.writeBytes(bytes);
        return;
      }
      chunkNanos = nanos;
      decoder.feed(chunk);
    }

    private void onData(byte[] data, int length) {
      if (finished) {
        return;
      }
      StreamChunk c = api.interpret(data, length);
      accept(c, chunkNanos);
    }

    private void accept(StreamChunk c, long nanos) {
      if (c.failed()) {
        error = c.error();
        return;
      }
      if (c.done()) {
        done = true;
      }
      if (c.nonEmpty()) {
        timing.onChunk(nanos, true, -1);
        text.append(c.text());
      } else if (!c.done()) {
        timing.onChunk(nanos, false, 0);
      }
      if (c.finishReason() != null) {
        finishReason = c.finishReason();
      }
      if (c.completionTokens() != null) {
        usageTokens = c.completionTokens();
      }
    }

    @Override
    public void onEnd(long nanos) {
      if (whole != null && status >= 200 && status < 300) {
        // Triton generate (not streamed): the whole answer is the one chunk.
        StreamChunk c = OpenAiStreams.tritonChunk(whole.toString(StandardCharsets.UTF_8));
        accept(c, nanos);
      }
      if (error == null
          && status >= 200
          && status < 300
          && (spec.transport() == Transport.OPENAI_CHAT
              || spec.transport() == Transport.OPENAI_COMPLETIONS)
          && !done) {
        error = "the stream ended without data: [DONE]";
      }
      complete(nanos, null, null);
    }

    @Override
    public void onFailure(String reason, Throwable cause) {
      complete(
          System.nanoTime(),
          reason,
          reason.startsWith("stream stalled")
              ? "stalled"
              : reason.startsWith("timeout") ? "timeout" : reason.replaceAll(":.*", ""));
    }

    /**
     * The same exchange as a gRPC ModelStreamInfer listener: one response per chunk, the last
     * final.
     */
    StreamInfer.Listener grpcListener() {
      return new StreamInfer.Listener() {
        @Override
        public void onRequestWritten(long nanos) {
          timing.requestWritten(nanos);
        }

        @Override
        public void onResponse(
            long nanos, String errorMessage, String chunk, boolean isFinal, String requestId) {
          grpcResponse(nanos, errorMessage, chunk, isFinal);
        }

        @Override
        public void onEnd(long nanos) {
          grpcEnd(nanos);
        }

        @Override
        public void onFailure(String reason, io.grpc.Status grpcStatus) {
          grpcFailure(reason, grpcStatus);
        }
      };
    }

    private void grpcResponse(long nanos, String errorMessage, String chunk, boolean isFinal) {
      if (errorMessage != null) {
        error = errorMessage;
        return;
      }
      bytesReceived += chunk.length();
      if (!chunk.isEmpty()) {
        timing.onChunk(nanos, true, -1);
        text.append(chunk);
      } else {
        timing.onChunk(nanos, false, 0);
      }
      if (isFinal) {
        done = true;
      }
    }

    private void grpcEnd(long nanos) {
      status = 200;
      if (error == null && !done) {
        error = "the stream ended without a final response (triton_final_response)";
      }
      complete(nanos, null, null);
    }

    private void grpcFailure(String reason, io.grpc.Status grpcStatus) {
      String category =
          grpcStatus == null
              ? "client error"
              : grpcStatus.getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED
                  ? "timeout"
                  : grpcStatus.getCode().name();
      complete(System.nanoTime(), reason, category);
    }

    /** Finishes the request once: checks, logs to Gatling and the ML recorder, continues. */
    private void complete(long endNanos, String transportFailure, String failureCategory) {
      if (finished) {
        return;
      }
      finished = true;
      inFlight.decrementAndGet();
      long endMs = runtime.stats().nowMillis();
      Integer tokenized = null;
      String tokenizerFailure = null;
      if (usageTokens == null && spec.tokenizer() != null && status >= 200 && status < 300) {
        try {
          tokenized = spec.tokenizer().applyAsInt(text.toString());
        } catch (RuntimeException e) {
          tokenizerFailure = "tokenizer failed: " + e;
        }
      }
      timing.finish(endNanos, usageTokens, tokenized);
      String code =
          status > 0
              ? Integer.toString(status)
              : (failureCategory != null ? failureCategory : null);
      String failure = transportFailure;
      String reason = failureCategory;
      Session s = session;
      if (failure == null && (status < 200 || status >= 300)) {
        String message =
            whole == null
                ? ""
                : io.github.gatlingml.transport.rest.KServeRestCodec.errorMessage(
                    whole.toByteArray());
        failure = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        reason = "HTTP " + status;
      }
      if (failure == null && error != null) {
        failure = "stream error: " + error;
        reason = "stream error";
      }
      if (failure == null && tokenizerFailure != null) {
        failure = tokenizerFailure;
        reason = "tokenizer";
      }
      StreamResult result =
          new StreamResult(
              text.toString(),
              finishReason,
              timing.ttftNanos(),
              timing.tpotNanos(),
              maxGap(timing.chunkGapsNanos()),
              timing.outputTokens(),
              timing.tokenSource().wireName(),
              timing.nonEmptyChunks(),
              timing.latencyNanos());
      if (failure == null) {
        MlResponse response =
            MlResponse.stream(
                spec.transport(),
                spec.transport().isGrpc() ? "OK" : Integer.toString(status),
                null,
                result);
        try {
          for (MlCheck c : checks) {
            s = c.check(response, s);
          }
        } catch (CheckFailure e) {
          failure = e.getMessage();
          reason = "check";
        }
      }
      boolean ok = failure == null;
      if (spec.transport().isGrpc()) {
        code = ok ? "OK" : code;
      }
      runtime.stats().logResponse(s, requestName, startMs, endMs, ok, code, failure);
      if (result.ttftNanos() >= 0) {
        runtime
            .stats()
            .logResponse(
                s,
                requestName + " [ttft]",
                startMs,
                startMs + Math.round(result.ttftNanos() / 1e6),
                true,
                code,
                null);
      }
      if (ok && result.tpotNanos() >= 0) {
        runtime
            .stats()
            .logResponse(
                s,
                requestName + " [tpot]",
                startMs,
                startMs + Math.round(result.tpotNanos() / 1e6),
                true,
                code,
                null);
      }
      if (ok) {
        recorder.recordOk(timing, bytesSent, bytesReceived);
        if (spec.conversation() != null) {
          List<Object> history = new ArrayList<>();
          for (OpenAiStreams.ChatMessage m : prepared.messages()) {
            history.add(m);
          }
          history.add(new OpenAiStreams.ChatMessage("assistant", result.text()));
          s = s.set(spec.conversation(), history);
        }
        next.accept(s);
      } else {
        recorder.recordKo(timing, reason == null ? "unknown" : reason, bytesSent, bytesReceived);
        next.accept(s.markAsFailed());
      }
    }
  }

  private static long maxGap(long[] gaps) {
    long max = 0;
    for (long g : gaps) {
      max = Math.max(max, g);
    }
    return max;
  }
}
