/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.check.StreamResult;
import io.github.gatlingml.internal.generation.GenerationCodec.ChatMessage;
import io.github.gatlingml.internal.generation.StreamChunk;
import io.github.gatlingml.internal.generation.TextApi;
import io.github.gatlingml.internal.generation.TextRequest;
import io.github.gatlingml.internal.metrics.RequestInfo;
import io.github.gatlingml.internal.metrics.Slo;
import io.github.gatlingml.internal.metrics.StreamRecorder;
import io.github.gatlingml.internal.metrics.StreamTiming;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.RetryAfterHeader;
import io.github.gatlingml.internal.transport.grpc.StreamInfer;
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import io.github.gatlingml.internal.transport.rest.RestRequest;
import io.github.gatlingml.internal.transport.rest.StreamingCallback;
import io.github.gatlingml.internal.transport.sse.SseDecoder;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A text-generation request over one {@link TextApi}: sends the request, timestamps every chunk as
 * it arrives (on the virtual user's event loop), and at the end logs {@code <name>} to Gatling,
 * with {@code <name> [ttft]} and {@code <name> [tpot]} for a stream that succeeded, and the
 * stream's timing to the ML recorder, at the same moment.
 */
public final class StreamAction implements MlAction {
  private final String requestName;
  private final MlRuntime runtime;
  private final StreamSpec spec;
  private final TextApi api;
  private final List<MlCheck> checks;
  private final RequestHeaders headers;
  private final StreamRecorder recorder;
  private final MlRun.InFlight inFlight;
  private final long timeoutNanos;
  private final long idleNanos;

  /**
   * Whether anything reads a stream's text (a check, a tokenizer, a conversation): when nothing
   * does, it is not kept, so an open stream's heap does not grow with its output.
   */
  private final boolean keepsText;

  private final HttpHeaders contentHeaders = new DefaultHttpHeaders();

  /**
   * @throws IllegalArgumentException when the protocol lacks the API's target
   */
  public StreamAction(
      String requestName, MlRuntime runtime, StreamSpec spec, List<MlCheck> checks) {
    this.requestName = requestName;
    this.runtime = runtime;
    this.spec = spec;
    this.api = spec.api();
    this.checks = checks;
    this.headers = new RequestHeaders(runtime.protocol().headers());
    this.timeoutNanos = runtime.protocol().requestTimeout().toNanos();
    this.idleNanos = spec.idleTimeout().toNanos();
    this.keepsText = !checks.isEmpty() || spec.conversation() != null || spec.tokenizer() != null;
    Slo slo = new Slo(spec.ttftSloMicros(), spec.tpotSloMicros());
    this.recorder =
        runtime
            .metrics()
            .streamRecorder(
                requestName,
                RequestInfo.of(RequestKind.STREAM, api.label(), spec.fixedModel()),
                slo);
    this.inFlight = runtime.run().inFlight(recorder);
    contentHeaders.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    contentHeaders.set(
        HttpHeaderNames.ACCEPT,
        api.carrier() == TextApi.Carrier.JSON ? "application/json" : "text/event-stream");
    if (api.carrier() == TextApi.Carrier.GRPC_STREAM) {
      runtime.grpc();
    } else {
      runtime.rest();
    }
  }

  @Override
  public String name() {
    return requestName;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    Exchange x = new Exchange(session, next);
    try {
      x.request = prepare(session);
      if (api.carrier() == TextApi.Carrier.GRPC_STREAM) {
        ModelInferRequest request = api.grpcRequest(x.request);
        io.grpc.Metadata metadata = headers.grpc(session);
        io.grpc.ManagedChannel channel =
            runtime.grpc().channel(loop, session.userId(), runtime.protocol().connectionPerUser());
        x.bytesSent = request.getSerializedSize();
        x.begin();
        x.loop = loop;
        x.grpcCall =
            StreamInfer.start(channel, metadata, timeoutNanos, List.of(request), x.grpcListener());
      } else {
        byte[] body = api.body(x.request);
        RestRequest request =
            new RestRequest(
                HttpMethod.POST,
                api.path(x.request.model()),
                headers.http(session, contentHeaders, runtime.rest(), body.length, -1),
                body,
                timeoutNanos);
        x.bytesSent = body.length;
        x.begin();
        runtime.rest().stream(
            loop, session.userId(), runtime.protocol().connectionPerUser(), request, idleNanos, x);
      }
    } catch (RuntimeException | LinkageError | AssertionError e) {
      x.crash(e);
    }
  }

  private TextRequest prepare(Session session) {
    String model = spec.model().apply(session);
    String prompt =
        spec.prompt() != null
            ? spec.prompt().apply(session)
            : session.contains("prompt") ? session.getString("prompt") : null;
    Function<Session, Object> messageSource =
        spec.messages() != null
            ? spec.messages()
            : session.contains("messages") && (api.takesMessages() || prompt == null)
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
    List<ChatMessage> messages = new ArrayList<>();
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
            new ChatMessage(String.valueOf(map.get("role")), String.valueOf(map.get("content"))));
      }
    } else if (prompt != null) {
      messages.add(new ChatMessage("user", prompt));
    }
    if (prompt == null && !api.takesMessages() && !messages.isEmpty()) {
      // A chat-form record (a prompt dataset mixes both) sent to a completion-style API: its
      // messages' contents become the prompt, one per line, as OpenAI-compatible servers do.
      StringBuilder joined = new StringBuilder();
      for (ChatMessage m : messages) {
        if (joined.length() > 0) {
          joined.append('\n');
        }
        joined.append(m.content());
      }
      prompt = joined.toString();
    }
    if (prompt == null && (!api.takesMessages() || messages.isEmpty())) {
      throw new IllegalArgumentException(
          "no prompt: feed a 'prompt' attribute (MlFeeders.promptsJsonl / promptLines /"
              + " syntheticPrompts), "
              + (api.takesMessages() ? "or 'messages', " : "")
              + "or set .prompt(...)");
    }
    return new TextRequest(
        model, prompt, messages, maxTokens, Map.copyOf(params), spec.includeUsage());
  }

  /**
   * One stream in flight: consumes the transport's callbacks (HTTP body pieces through the SSE
   * decoder, or gRPC responses) and ends the request exactly once.
   */
  final class Exchange extends Attempt implements StreamingCallback {
    TextRequest request;
    final StringBuilder text = keepsText ? new StringBuilder() : null;
    StreamTiming timing;
    long bytesSent;
    long bytesReceived;
    int status = -1;
    String finishReason;
    Long usageTokens;
    String error;
    boolean done;
    long chunkNanos;
    ByteArrayOutputStream whole;

    /** The gRPC call, to cancel when the stream must stop early. */
    StreamInfer grpcCall;

    EventLoop loop;

    /** gRPC: arrival of the last response, and the timer that watches for a stall. */
    long lastDataNanos;

    io.netty.util.concurrent.ScheduledFuture<?> idleCheck;

    /** The idle timer found the stream silent once and looks again after the next read. */
    boolean confirmingStall;

    /** Made for the first body piece of an SSE stream only: gRPC and JSON answers need none. */
    SseDecoder decoder;

    Exchange(Session session, Consumer<Session> next) {
      super(StreamAction.this.requestName, runtime.stats(), inFlight, session, next);
    }

    /** The request is handed to the transport now. */
    void begin() {
      sent();
      timing = StreamTiming.start(startNanos);
    }

    @Override
    public void onRequestWritten(long nanos) {
      timing.requestWritten(nanos);
    }

    @Override
    public void onHead(int httpStatus, HttpHeaders responseHeaders, long nanos) {
      status = httpStatus;
      if (RetryAfterHeader.applies(httpStatus)) {
        long seconds =
            RetryAfterHeader.seconds(
                responseHeaders.get(HttpHeaderNames.RETRY_AFTER),
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        if (seconds >= 0) {
          recorder.recordRetryAfter(seconds);
        }
      }
      if (httpStatus < 200 || httpStatus >= 300 || api.carrier() == TextApi.Carrier.JSON) {
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
      if (decoder == null) {
        decoder = SseDecoder.forData(this::onData);
      }
      decoder.feed(chunk);
    }

    private String textSoFar() {
      return text == null ? "" : text.toString();
    }

    private void onData(byte[] data, int length) {
      if (isFinished()) {
        return;
      }
      accept(api.read(data, length), chunkNanos);
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
        if (text != null) {
          text.append(c.text());
        }
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
        // One answer, not streamed: the whole of it is the one chunk.
        byte[] answer = whole.toByteArray();
        accept(api.read(answer, answer.length), nanos);
      }
      if (error == null && status >= 200 && status < 300 && !done && api.missingEnd() != null) {
        error = api.missingEnd();
      }
      complete(nanos, null);
    }

    @Override
    public void onFailure(KoReason reason) {
      boolean https = "https".equalsIgnoreCase(runtime.protocol().restBaseUrl().getScheme());
      complete(System.nanoTime(), https ? reason : reason.plaintextHint("use https://"));
    }

    /**
     * The same exchange as a gRPC ModelStreamInfer listener: one response per chunk, the last
     * final. grpc-java swallows what a listener throws, so each call is guarded: a failure here
     * ends this request, never leaves it waiting.
     */
    StreamInfer.Listener grpcListener() {
      return new StreamInfer.Listener() {
        @Override
        public void onRequestWritten(long nanos) {
          timing.requestWritten(nanos);
        }

        @Override
        public void onResponseBytes(int bytes) {
          bytesReceived += bytes;
        }

        @Override
        public void onResponse(
            long nanos, String errorMessage, String chunk, boolean isFinal, String requestId) {
          try {
            grpcResponse(nanos, errorMessage, chunk, isFinal);
          } catch (RuntimeException e) {
            stop(KoReason.clientError(e));
          }
        }

        @Override
        public void onEnd(long nanos) {
          status = 200;
          if (error == null && !done) {
            error = api.missingEnd();
          }
          complete(nanos, null);
        }

        @Override
        public void onFailure(KoReason reason, Status grpcStatus) {
          complete(
              System.nanoTime(),
              runtime.protocol().grpcTls()
                  ? KoReason.onTlsChannel(reason, grpcStatus, runtime.grpc().target())
                  : reason.plaintextHint("use grpcs:// or ml.grpcTls()"));
        }
      };
    }

    private void grpcResponse(long nanos, String errorMessage, String chunk, boolean isFinal) {
      watchIdle(nanos);
      if (bytesReceived > runtime.protocol().maxResponseBytes()) {
        stop(
            new KoReason(
                io.github.gatlingml.internal.transport.TransportFailure.TOO_LARGE,
                "response too large: more than "
                    + runtime.protocol().maxResponseBytes()
                    + " bytes streamed, the limit is the protocol's maxResponseBytes"));
        return;
      }
      if (errorMessage != null) {
        error = errorMessage;
        return;
      }
      if (!chunk.isEmpty()) {
        timing.onChunk(nanos, true, -1);
        if (text != null) {
          text.append(chunk);
        }
      } else {
        timing.onChunk(nanos, false, 0);
      }
      if (isFinal) {
        done = true;
      }
    }

    /**
     * gRPC streams honour the idle timeout like HTTP ones: from the first response on, a silence
     * longer than it fails the stream as stalled (before it, only the request timeout applies, so a
     * long time to first token is not a stall). One timer per stream, pushed back by the data that
     * came meanwhile.
     */
    private void watchIdle(long nanos) {
      lastDataNanos = nanos;
      if (idleNanos > 0 && idleCheck == null && loop != null) {
        idleCheck = loop.schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
      }
    }

    private void checkIdle() {
      if (isFinished()) {
        return;
      }
      long silent = System.nanoTime() - lastDataNanos;
      if (silent < idleNanos) {
        confirmingStall = false;
        idleCheck = loop.schedule(this::checkIdle, idleNanos - silent, TimeUnit.NANOSECONDS);
        return;
      }
      if (!confirmingStall) {
        // As RestClient does: the data may be waiting in the socket of a loop that was held up;
        // a task due later runs after the loop's next read, so the second look sees it.
        confirmingStall = true;
        idleCheck = loop.schedule(this::checkIdle, 1, TimeUnit.MILLISECONDS);
        return;
      }
      stop(
          new KoReason(
              KoReason.STALLED,
              "stream stalled: no data for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
    }

    /** Ends a gRPC stream early with {@code reason}, and cancels its call. */
    private void stop(KoReason reason) {
      complete(System.nanoTime(), reason);
      if (grpcCall != null) {
        grpcCall.cancel(reason.category());
      }
    }

    /** Ends the request once: checks, logs to Gatling and the ML recorder, goes on. */
    private void complete(long endNanos, KoReason transportFailure) {
      if (idleCheck != null) {
        idleCheck.cancel(false);
      }
      if (claim()) {
        finish(endNanos, stats.nowMillis(), transportFailure, null);
      }
    }

    @Override
    void onKo(KoReason reason, String code, long endNanos, long endMs) {
      finish(endNanos, endMs, reason, code);
    }

    private void finish(long endNanos, long endMs, KoReason transportFailure, String failureCode) {
      Session s = session;
      boolean ok = false;
      try {
        if (timing == null) {
          timing = StreamTiming.start(startNanos);
        }
        Integer tokenized = null;
        KoReason failure = transportFailure;
        if (failure == null
            && usageTokens == null
            && spec.tokenizer() != null
            && status >= 200
            && status < 300) {
          try {
            tokenized = spec.tokenizer().applyAsInt(textSoFar());
          } catch (RuntimeException e) {
            failure = new KoReason("tokenizer", "tokenizer failed: " + KoReason.describe(e));
          }
        }
        timing.finish(endNanos, usageTokens, tokenized);
        String code =
            failureCode != null
                ? failureCode
                : status > 0
                    ? Integer.toString(status)
                    : failure != null ? failure.category() : null;
        if (failure == null && (status < 200 || status >= 300)) {
          String message = whole == null ? "" : KServeRestCodec.errorMessage(whole.toByteArray());
          failure = KoReason.http(status, message);
        }
        if (failure == null && error != null) {
          failure = KoReason.of(KoReason.STREAM_ERROR, error);
        }
        StreamResult result =
            new StreamResult(
                textSoFar(),
                finishReason,
                timing.ttftNanos(),
                timing.tpotNanos(),
                timing.maxGapNanos(),
                timing.outputTokens(),
                timing.tokenSource().wireName(),
                timing.nonEmptyChunks(),
                timing.latencyNanos());
        boolean grpc = api.carrier() == TextApi.Carrier.GRPC_STREAM;
        if (failure == null) {
          MlResponse response =
              MlResponse.stream(grpc ? "OK" : Integer.toString(status), null, result);
          try {
            for (MlCheck c : checks) {
              s = c.check(response, s);
            }
          } catch (CheckFailure e) {
            failure = new KoReason(KoReason.CHECK, e.getMessage());
            s = session;
          } catch (RuntimeException e) {
            failure = new KoReason(KoReason.CHECK, "a check threw " + KoReason.describe(e));
            s = session;
          }
        }
        ok = failure == null;
        if (grpc && ok) {
          code = "OK";
        }
        stats.logResponse(s, requestName, startMs, endMs, ok, code, ok ? null : failure.detail());
        if (ok) {
          // Derived figures of a stream that succeeded only, as in ml-summary.json; they are not
          // requests, so Gatling's global counts stay those of the requests sent.
          if (result.ttftNanos() >= 0) {
            stats.logDerived(
                s,
                requestName + " [ttft]",
                startMs,
                startMs + Math.round(result.ttftNanos() / 1e6));
          }
          if (result.tpotNanos() >= 0) {
            stats.logDerived(
                s,
                requestName + " [tpot]",
                startMs,
                startMs + Math.round(result.tpotNanos() / 1e6));
          }
          if (recordsToSummary()) {
            recorder.recordOk(timing, bytesSent, bytesReceived, intendedNanos);
          }
          if (spec.conversation() != null) {
            List<Object> history = new ArrayList<>(request.messages());
            history.add(new ChatMessage("assistant", result.text()));
            s = s.set(spec.conversation(), history);
          }
        } else {
          if (recordsToSummary()) {
            recorder.recordKo(
                timing, summaryReason(failure), bytesSent, bytesReceived, intendedNanos);
          }
        }
      } finally {
        recordedToSummary();
        proceed(ok ? s : session, ok, endMs);
      }
    }
  }
}
