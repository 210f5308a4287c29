/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each virtual user's own {@code ModelStreamInfer} stream, kept open from its first request to the
 * end of the user: Triton's streaming API, which sequence models are often driven through
 * (perf_analyzer's {@code --streaming}). A user sends one request at a time on it and the next
 * response on the stream answers it.
 *
 * <p>Requests and responses stay bytes: a request is the same {@code ModelInferRequest} a unary
 * call sends (encoded once), a response's {@code infer_response} is handed over without being
 * re-encoded. Everything about one user's stream happens on that user's event loop (the channel's
 * loop); the maps are per loop.
 */
public final class UserStreams {
  /** ModelStreamInfer with byte-array messages. */
  public static final MethodDescriptor<byte[], byte[]> MODEL_STREAM_INFER_BYTES =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(
              GRPCInferenceServiceGrpc.getModelStreamInferMethod().getFullMethodName())
          .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
          .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
          .build();

  /** The outcome of one request sent on a user's stream, on the user's event loop. */
  public interface Callback {
    /**
     * The stream's next response arrived.
     *
     * @param inferResponse the serialized {@code ModelInferResponse} ({@code infer_response})
     * @param errorMessage the response's {@code error_message} when not empty, else null
     */
    void onResponse(byte[] inferResponse, String errorMessage, int bytesReceived);

    /**
     * No response came: the request timed out (the stream is then abandoned), or the stream failed
     * or ended; {@code status} says which.
     */
    void onFailure(Status status);
  }

  private final Map<EventLoop, Map<Long, UserStream>> streams = new ConcurrentHashMap<>();

  /**
   * Sends {@code request} on the user's stream, opening it on {@code channel} first if the user has
   * none. The headers only count for the request that opens the stream.
   *
   * @throws IllegalStateException if the user's previous request on the stream is unanswered
   */
  public void send(
      ManagedChannel channel,
      EventLoop loop,
      long userId,
      Metadata headers,
      byte[] request,
      long timeoutNanos,
      Callback callback) {
    Map<Long, UserStream> users = streams.computeIfAbsent(loop, l -> new HashMap<>());
    UserStream stream = users.get(userId);
    if (stream == null) {
      stream =
          new UserStream(
              users, userId, channel.newCall(MODEL_STREAM_INFER_BYTES, CallOptions.DEFAULT));
      users.put(userId, stream);
      stream.call.start(stream, headers);
    }
    stream.send(loop, request, timeoutNanos, callback);
  }

  /** Ends the user's stream (end of its scenario): half-closed, so the server finishes it. */
  public void release(EventLoop loop, long userId) {
    Map<Long, UserStream> users = streams.get(loop);
    UserStream stream = users == null ? null : users.remove(userId);
    if (stream != null && stream.pending == null) {
      stream.call.halfClose();
    } else if (stream != null) {
      stream.call.cancel("the virtual user ended", null);
    }
  }

  /** One user's open stream and its request in flight. */
  private static final class UserStream extends ClientCall.Listener<byte[]> {
    private final Map<Long, UserStream> owner;
    private final long userId;
    final ClientCall<byte[], byte[]> call;
    Callback pending;
    private ScheduledFuture<?> timeout;

    UserStream(Map<Long, UserStream> owner, long userId, ClientCall<byte[], byte[]> call) {
      this.owner = owner;
      this.userId = userId;
      this.call = call;
    }

    void send(EventLoop loop, byte[] request, long timeoutNanos, Callback callback) {
      if (pending != null) {
        throw new IllegalStateException(
            "the virtual user's previous request on its stream is unanswered");
      }
      pending = callback;
      timeout = loop.schedule(() -> expire(timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
      call.request(1);
      call.sendMessage(request);
    }

    private void expire(long timeoutNanos) {
      Callback c = pending;
      if (c == null) {
        return;
      }
      pending = null;
      forget();
      // A late answer would be taken for the next request's: the stream is given up.
      call.cancel("request timed out", null);
      c.onFailure(
          Status.DEADLINE_EXCEEDED.withDescription(
              "no response on the stream within "
                  + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                  + " ms"));
    }

    @Override
    public void onMessage(byte[] message) {
      Callback c = pending;
      pending = null;
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (c == null) {
        return; // an answer nobody waits for (after a timeout): ignored
      }
      byte[] inferResponse = new byte[0];
      String error = null;
      try {
        CodedInputStream in = CodedInputStream.newInstance(message);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          int field = WireFormat.getTagFieldNumber(tag);
          if (field == 1
              && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            String e = in.readStringRequireUtf8();
            error = e.isEmpty() ? null : e;
          } else if (field == 2
              && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            inferResponse = in.readByteArray();
          } else if (!in.skipField(tag)) {
            break;
          }
        }
      } catch (IOException e) {
        c.onFailure(
            Status.INTERNAL.withDescription(
                "malformed ModelStreamInferResponse: " + e.getMessage()));
        return;
      }
      if (error == null && isNonFinal(inferResponse)) {
        // A decoupled model answers a request several times: the next answer would be taken for
        // the next request's, shifted by one. The stream is given up with a clear reason instead.
        forget();
        call.cancel("decoupled model", null);
        c.onFailure(
            Status.FAILED_PRECONDITION.withDescription(
                "the model answered with a non-final response (triton_final_response=false): it"
                    + " is decoupled and answers a request several times; use"
                    + " generate(...).grpcStream() for it, not infer(...).overStream()"));
        return;
      }
      c.onResponse(inferResponse, error, message.length);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      forget();
      if (timeout != null) {
        timeout.cancel(false);
      }
      Callback c = pending;
      pending = null;
      if (c != null) {
        c.onFailure(
            status.isOk()
                ? Status.UNAVAILABLE.withDescription("the server ended the stream before answering")
                : status);
      }
    }

    private void forget() {
      if (owner.get(userId) == this) {
        owner.remove(userId);
      }
    }
  }

  private static final byte[] FINAL_FLAG =
      StreamInfer.FINAL_RESPONSE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * True when the response carries {@code triton_final_response=false}. The bytes are searched for
   * the parameter's name first, so a response without it (a model that is not decoupled, an older
   * server) is not parsed at all.
   */
  static boolean isNonFinal(byte[] inferResponse) {
    if (indexOf(inferResponse, FINAL_FLAG) < 0) {
      return false;
    }
    try {
      io.github.gatlingml.proto.inference.InferParameter p =
          io.github.gatlingml.proto.inference.ModelInferResponse.parseFrom(inferResponse)
              .getParametersMap()
              .get(StreamInfer.FINAL_RESPONSE);
      return p != null
          && p.getParameterChoiceCase()
              == io.github.gatlingml.proto.inference.InferParameter.ParameterChoiceCase.BOOL_PARAM
          && !p.getBoolParam();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return false;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
