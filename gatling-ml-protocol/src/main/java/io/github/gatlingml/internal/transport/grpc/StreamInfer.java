/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import com.google.protobuf.ByteString;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferParameter;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.proto.inference.ModelStreamInferResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Triton {@code ModelStreamInfer} call (bidirectional streaming, for decoupled models such as
 * LLMs): sends one or more requests and reports every response as it arrives, with its {@link
 * System#nanoTime()}. Use it on a channel of {@link GrpcChannelPool} (direct executor), from the
 * channel's event loop: the listener then runs on that loop, without a thread hop.
 *
 * <p>The call ends by itself: once the final response ({@code triton_final_response=true}, or an
 * error response) of every request sent has arrived, the client half-closes, the server closes the
 * call and {@link Listener#onEnd} follows. It fails on a non-OK status (deadline, transport,
 * server), on {@link #cancel}, or when the server ends the call while requests still wait.
 * Responses are read one at a time ({@code request(1)} after each), so a slow listener slows the
 * server down instead of queueing responses in memory. Not thread-safe: use it on its loop.
 */
public final class StreamInfer {
  /** The response parameter that marks the last response of a request. */
  public static final String FINAL_RESPONSE = "triton_final_response";

  /** Receives the responses and the end of one stream, on the channel's event loop. */
  public interface Listener {
    /**
     * The first request message was handed to the stream, grpc-java's call being set up: where
     * timings start. Called once, before any response.
     */
    default void onRequestWritten(long nanos) {}

    /**
     * A response of {@code bytes} serialized bytes arrived; called just before its {@link
     * #onResponse}.
     */
    default void onResponseBytes(int bytes) {}

    /**
     * A response arrived.
     *
     * @param nanos when the transport started reading it, before grpc-java parsed it
     * @param errorMessage the response's {@code error_message} when not empty, else null (an error
     *     response ends its request: it is reported with {@code isFinal} true)
     * @param text the {@code text_output} BYTES element(s), UTF-8 decoded; {@code ""} when the
     *     response has none (e.g. an empty final response)
     * @param isFinal the response carries {@code triton_final_response=true} (or is an error)
     * @param requestId the {@code id} the response echoes (that of the request it answers)
     */
    void onResponse(
        long nanos, String errorMessage, String text, boolean isFinal, String requestId);

    /** The server closed the call normally after every request's final response. */
    void onEnd(long nanos);

    /**
     * The call failed: {@code reason} says why (e.g. category {@code timeout}, detail "timeout
     * after 500 ms (DEADLINE_EXCEEDED)"), {@code status} is the gRPC status.
     */
    void onFailure(KoReason reason, Status status);
  }

  private final ClientCall<ModelInferRequest, ModelStreamInferResponse> call;
  private final Listener listener;
  private final long timeoutNanos;
  private final String target;
  private final WireStamps stamps;
  private int received;
  private int pending;
  private boolean halfClosed;
  private boolean closed;
  private String cancelReason;

  private StreamInfer(
      ClientCall<ModelInferRequest, ModelStreamInferResponse> call,
      Listener listener,
      long timeoutNanos,
      String target,
      WireStamps stamps) {
    this.call = call;
    this.listener = listener;
    this.timeoutNanos = timeoutNanos;
    this.target = target;
    this.stamps = stamps;
  }

  /**
   * Starts the call and sends {@code requests} (at least one).
   *
   * @param headers request metadata (may be empty)
   * @param timeoutNanos deadline of the whole stream, from now
   */
  public static StreamInfer start(
      Channel channel,
      Metadata headers,
      long timeoutNanos,
      List<ModelInferRequest> requests,
      Listener listener) {
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("ModelStreamInfer needs at least one request");
    }
    WireStamps stamps = new WireStamps(listener);
    ClientCall<ModelInferRequest, ModelStreamInferResponse> call =
        channel.newCall(
            GRPCInferenceServiceGrpc.getModelStreamInferMethod(),
            CallOptions.DEFAULT
                .withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS)
                .withStreamTracerFactory(stamps));
    StreamInfer stream = new StreamInfer(call, listener, timeoutNanos, channel.authority(), stamps);
    call.start(stream.new Responses(), headers);
    call.request(1);
    for (ModelInferRequest r : requests) {
      if (stream.closed) {
        // The call failed as it started (e.g. the connection could not be made): the listener
        // has its failure already.
        break;
      }
      stream.send(r);
    }
    return stream;
  }

  /**
   * Sends one more request on the stream (e.g. from {@link Listener#onResponse}); only while some
   * request is still unanswered, since the stream half-closes when none is.
   *
   * @throws IllegalStateException after the half-close or the end of the call
   */
  public void send(ModelInferRequest request) {
    if (halfClosed || closed) {
      throw new IllegalStateException(
          "the stream is " + (closed ? "over" : "half-closed") + ": cannot send more");
    }
    pending++;
    call.sendMessage(request);
  }

  /** Requests whose final response has not arrived yet. */
  public int pending() {
    return pending;
  }

  /** Cancels the call; the listener gets a {@code cancelled} failure. */
  public void cancel(String reason) {
    if (closed || cancelReason != null) {
      return;
    }
    cancelReason = reason;
    call.cancel(reason, null);
  }

  /**
   * A request asking for text generation: {@code text_input} as a BYTES tensor of shape [1], plus
   * parameters (Boolean, Integer/Long, Double/Float or String values, e.g. {@code max_tokens}).
   */
  public static ModelInferRequest textRequest(
      String model, String version, String id, String textInput, Map<String, ?> parameters) {
    ModelInferRequest.Builder b =
        ModelInferRequest.newBuilder()
            .setModelName(model)
            .setModelVersion(version == null ? "" : version)
            .setId(id == null ? "" : id);
    b.addInputs(
        ModelInferRequest.InferInputTensor.newBuilder()
            .setName("text_input")
            .setDatatype("BYTES")
            .addShape(1)
            .setContents(
                InferTensorContents.newBuilder()
                    .addBytesContents(ByteString.copyFromUtf8(textInput))));
    if (parameters != null) {
      parameters.forEach((k, v) -> b.putParameters(k, parameter(k, v)));
    }
    return b.build();
  }

  private static InferParameter parameter(String name, Object v) {
    InferParameter.Builder p = InferParameter.newBuilder();
    if (v instanceof Boolean) {
      return p.setBoolParam((Boolean) v).build();
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return p.setInt64Param(((Number) v).longValue()).build();
    }
    if (v instanceof Double || v instanceof Float) {
      return p.setDoubleParam(((Number) v).doubleValue()).build();
    }
    if (v instanceof String) {
      return p.setStringParam((String) v).build();
    }
    throw new IllegalArgumentException(
        "parameter '"
            + name
            + "' must be a boolean, integer, floating-point number or string, got "
            + v);
  }

  /** The text of a response: its {@code text_output} BYTES element(s), or "" when none. */
  static String text(ModelInferResponse r) {
    for (int i = 0; i < r.getOutputsCount(); i++) {
      ModelInferResponse.InferOutputTensor out = r.getOutputs(i);
      if (!out.getName().equals("text_output")) {
        continue;
      }
      InferTensorContents contents = out.getContents();
      if (contents.getBytesContentsCount() == 1) {
        return contents.getBytesContents(0).toStringUtf8();
      }
      if (contents.getBytesContentsCount() > 1) {
        StringBuilder sb = new StringBuilder();
        contents.getBytesContentsList().forEach(bs -> sb.append(bs.toStringUtf8()));
        return sb.toString();
      }
      if (i < r.getRawOutputContentsCount()) {
        return rawBytesElements(r.getRawOutputContents(i));
      }
      return "";
    }
    return "";
  }

  /** Raw BYTES contents: 4-byte little-endian lengths, each followed by its bytes; concatenated. */
  private static String rawBytesElements(ByteString raw) {
    StringBuilder sb = new StringBuilder();
    int at = 0;
    while (at + 4 <= raw.size()) {
      int len =
          (raw.byteAt(at) & 0xFF)
              | (raw.byteAt(at + 1) & 0xFF) << 8
              | (raw.byteAt(at + 2) & 0xFF) << 16
              | (raw.byteAt(at + 3) & 0xFF) << 24;
      at += 4;
      if (len < 0 || at + len > raw.size()) {
        break;
      }
      sb.append(raw.substring(at, at + len).toStringUtf8());
      at += len;
    }
    return sb.toString();
  }

  private final class Responses extends ClientCall.Listener<ModelStreamInferResponse> {
    @Override
    public void onMessage(ModelStreamInferResponse message) {
      long now = stamps.inboundNanos(received++);
      ModelInferResponse r = message.getInferResponse();
      String error = message.getErrorMessage().isEmpty() ? null : message.getErrorMessage();
      InferParameter flag = r.getParametersMap().get(FINAL_RESPONSE);
      boolean last = error != null || (flag != null && flag.getBoolParam());
      if (last && pending > 0) {
        pending--;
      }
      listener.onResponseBytes(message.getSerializedSize());
      listener.onResponse(now, error, error != null ? "" : text(r), last, r.getId());
      if (closed) {
        return;
      }
      if (pending == 0 && !halfClosed && cancelReason == null) {
        halfClosed = true;
        call.halfClose();
      }
      call.request(1);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      long now = System.nanoTime();
      closed = true;
      if (cancelReason != null) {
        listener.onFailure(
            KoReason.of("cancelled", cancelReason), Status.CANCELLED.withDescription(cancelReason));
      } else if (!status.isOk()) {
        listener.onFailure(KoReason.grpc(status, target, timeoutNanos), status);
      } else if (pending > 0) {
        listener.onFailure(
            new KoReason(
                "stream ended early",
                "stream ended by "
                    + target
                    + " before the final response of "
                    + pending
                    + " request(s)"),
            Status.INTERNAL.withDescription("stream ended early"));
      } else {
        listener.onEnd(now);
      }
    }
  }

  /**
   * Times taken inside the transport, through grpc-java's stream tracer: when the first request
   * message was handed to the stream (after grpc-java set the call up, before it is written), and
   * when the bytes of each response message were read from the socket ({@link WireClock}), before
   * grpc-java decoded the frames and parsed the message. Stamping around the call instead counts
   * grpc-java's own call set-up and parsing as server time, which matters most where that code is
   * cold (a few streams). Not the headers-written callback: it runs after the socket write, and the
   * thread is often pre-empted right there by a server it just woke up on the same machine, which
   * makes starts late. BENCHMARKS.md ("Figures behind design choices") has the measured figures.
   * Tracer callbacks run on the channel's event loop, like the listener.
   */
  private static final class WireStamps extends ClientStreamTracer.Factory {
    /** A read that started longer ago than this is not the one carrying the message. */
    private static final long MAX_READ_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Listener listener;
    private boolean handedOver;
    private int lastIndex = -1;
    private long lastNanos;

    WireStamps(Listener listener) {
      this.listener = listener;
    }

    @Override
    public ClientStreamTracer newClientStreamTracer(
        ClientStreamTracer.StreamInfo info, Metadata headers) {
      return new ClientStreamTracer() {
        @Override
        public void outboundMessage(int seqNo) {
          if (!handedOver) {
            handedOver = true;
            listener.onRequestWritten(System.nanoTime());
          }
        }

        @Override
        public void inboundMessage(int seqNo) {
          lastIndex = seqNo;
          lastNanos = WireClock.readStartedNanos(MAX_READ_AGE_NANOS);
        }
      };
    }

    /** When response {@code index} (0-based) started to be read; now if the tracer missed it. */
    long inboundNanos(int index) {
      return index == lastIndex ? lastNanos : System.nanoTime();
    }
  }
}
