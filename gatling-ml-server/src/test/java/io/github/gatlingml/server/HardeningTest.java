/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferParameter;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelStreamInferResponse;
import io.github.gatlingml.proto.inference.ServerReadyRequest;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import io.github.gatlingml.server.net.NetworkStats;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts, the connection cap and stream backpressure against slow or hostile clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HardeningTest {
  private static final String LONG_STREAM =
      "{\"model\":\"tiny_llm\",\"prompt\":\"hello\",\"max_tokens\":4096,\"ignore_eos\":true,"
          + "\"stream\":true}";

  private static ServerConfig config(ConnectionLimits limits) {
    return ServerConfig.onFreePorts()
        .withModels(List.of("add_sub", "tiny_llm"))
        .withLlm(
            LlmSettings.defaults()
                .withTtft(ServiceTime.parse("1ms"))
                .withTokenGap(ServiceTime.parse("20us")))
        .withLimits(limits);
  }

  @Test
  void defaultsDoNotDisturbALoadTest() {
    ConnectionLimits d = ConnectionLimits.defaults();
    assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxConnections()).isEqualTo(10_000);
    assertThat(d.maxStreamBufferBytes()).isEqualTo(1 << 20);
    assertThat(ServerConfig.defaults().limits().toString()).isEqualTo(d.toString());
  }

  @Test
  void commandLineLimits() {
    ConnectionLimits l =
        InferenceServerMain.parse(
                new String[] {
                  "--idle-timeout", "5s",
                  "--request-timeout", "500ms",
                  "--max-connections", "0",
                  "--max-stream-buffer-bytes", "4096"
                })
            .limits();
    assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(l.requestTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(l.maxConnections()).isZero();
    assertThat(l.maxStreamBufferBytes()).isEqualTo(4096);
    assertThat(
            InferenceServerMain.parse(new String[] {"--idle-timeout", "0"}).limits().idleTimeout())
        .isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> InferenceServerMain.parse(new String[] {"--idle-timeout", "5"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit");
    assertThatThrownBy(() -> InferenceServerMain.parse(new String[] {"--max-connections", "-1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connectionCapRefusesTheConnectionBeyondIt() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(config(ConnectionLimits.defaults().withMaxConnections(2)))) {
      try (Http.RawConnection a = new Http.RawConnection(s.httpPort());
          Http.RawConnection b = new Http.RawConnection(s.httpPort())) {
        assertThat(a.exchange("GET", "/v2/health/ready", "").status()).isEqualTo(200);
        assertThat(b.exchange("GET", "/v2/health/ready", "").status()).isEqualTo(200);
        try (Http.RawConnection c = new Http.RawConnection(s.httpPort())) {
          c.write("GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(c.closedByServer()).isTrue();
        }
        assertThat(s.networkStats().connectionsRefused()).isEqualTo(1);
        // The two held connections still work.
        assertThat(a.exchange("GET", "/v2/health/ready", "").status()).isEqualTo(200);
      }
      // Once they are closed, new connections are accepted again.
      await(
          () -> {
            try (Http.RawConnection d = new Http.RawConnection(s.httpPort())) {
              return d.exchange("GET", "/v2/health/ready", "").status() == 200;
            } catch (IOException e) {
              return false;
            }
          });
    }
  }

  @Test
  void grpcConnectionCap() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(config(ConnectionLimits.defaults().withMaxConnections(1)))) {
      ManagedChannel first = Grpc.channel(s);
      ManagedChannel second = Grpc.channel(s);
      try {
        assertThat(
                GRPCInferenceServiceGrpc.newBlockingStub(first)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .serverReady(ServerReadyRequest.getDefaultInstance())
                    .getReady())
            .isTrue();
        assertThatThrownBy(
                () ->
                    GRPCInferenceServiceGrpc.newBlockingStub(second)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .serverReady(ServerReadyRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(s.networkStats().connectionsRefused()).isGreaterThanOrEqualTo(1);
      } finally {
        Grpc.close(first);
        Grpc.close(second);
      }
    }
  }

  @Test
  void requestTimeoutClosesAHalfSentRequest() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withRequestTimeout(Duration.ofMillis(500))))) {
      long start = System.nanoTime();
      try (Http.RawConnection c = new Http.RawConnection(s.httpPort())) {
        c.write(
            "POST /v2/models/add_sub/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"in");
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(400));
      assertThat(s.networkStats().requestTimeouts()).isEqualTo(1);
    }
  }

  @Test
  void requestTimeoutStopsASlowLorisTricklingHeaders() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withRequestTimeout(Duration.ofMillis(500))))) {
      long start = System.nanoTime();
      boolean closed = false;
      try (Http.RawConnection c = new Http.RawConnection(s.httpPort())) {
        c.write("GET /v2/health/ready HTTP/1.1\r\n");
        // One header line every 100 ms: never idle, never complete.
        for (int i = 0; i < 50 && !closed; i++) {
          Thread.sleep(100);
          try {
            c.write("X-Slow-" + i + ": x\r\n");
          } catch (IOException e) {
            closed = true;
          }
          if (s.networkStats().requestTimeouts() == 1) {
            closed = c.closedByServer();
          }
        }
      }
      assertThat(closed).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(s.networkStats().requestTimeouts()).isEqualTo(1);
    }
  }

  @Test
  void idleTimeoutClosesAnIdleKeepAliveConnection() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(300))))) {
      try (Http.RawConnection c = new Http.RawConnection(s.httpPort())) {
        assertThat(c.exchange("GET", "/v2/health/ready", "").status()).isEqualTo(200);
        long answered = System.nanoTime();
        assertThat(c.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - answered))
            .isGreaterThan(Duration.ofMillis(200));
      }
      assertThat(s.networkStats().idleTimeouts()).isEqualTo(1);
      assertThat(s.networkStats().requestTimeouts()).isZero();
    }
  }

  /** A stream or a queued request longer than both timeouts is not cut: they time the client. */
  @Test
  void timeoutsDoNotCutLongAnswers() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(
            ServerConfig.onFreePorts()
                .withModels(List.of("tiny_llm"))
                .withLlm(
                    LlmSettings.defaults()
                        .withTokens(6)
                        .withTtft(ServiceTime.parse("100ms"))
                        .withTokenGap(ServiceTime.parse("100ms")))
                .withLimits(
                    ConnectionLimits.defaults()
                        .withIdleTimeout(Duration.ofMillis(200))
                        .withRequestTimeout(Duration.ofMillis(200))))) {
      HttpResponse<byte[]> r =
          Http.send(
              HttpRequest.newBuilder(URI.create(s.restBaseUrl() + "/v1/completions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"tiny_llm\",\"prompt\":\"hi\",\"stream\":true}")));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Http.text(r)).endsWith("data: [DONE]\n\n");
      assertThat(s.networkStats().idleTimeouts()).isZero();
      assertThat(s.networkStats().requestTimeouts()).isZero();
    }
  }

  @Test
  void aFastReaderOfALongStreamIsNotDropped() throws Exception {
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withMaxStreamBufferBytes(64 * 1024)))) {
      HttpResponse<byte[]> r = Http.post(s.restBaseUrl() + "/v1/completions", LONG_STREAM);
      assertThat(r.statusCode()).isEqualTo(200);
      String body = Http.text(r);
      assertThat(body).endsWith("data: [DONE]\n\n");
      assertThat(body.length()).isGreaterThan(500_000);
      assertThat(s.networkStats().slowStreamsDropped()).isZero();
    }
  }

  /**
   * A client that reads nothing while a long generation runs: the server's backlog for it stays
   * under the limit (plus one chunk), then the generation is cancelled and the connection closed.
   */
  @Test
  void aSlowSseReaderIsDroppedWithABoundedBacklog() throws Exception {
    int limit = 64 * 1024;
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withMaxStreamBufferBytes(limit)))) {
      NetworkStats stats = s.networkStats();
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", s.httpPort()), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        byte[] body = LONG_STREAM.getBytes(StandardCharsets.UTF_8);
        // Pipelined long streams (some 800 kB each): more than the kernel's socket buffers hold.
        for (int i = 0; i < 16; i++) {
          out.write(
              ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.write(body);
        }
        out.flush();
        await(() -> stats.slowStreamsDropped() == 1, stats::toString);
        // The connection was closed mid-stream: not every stream could end (with [DONE]).
        String got = readAll(socket.getInputStream());
        assertThat(got).startsWith("HTTP/1.1 200 OK");
        assertThat(got.split("data: \\[DONE\\]", -1).length - 1).isLessThan(16);
      }
      assertThat(stats.peakStreamPendingBytes()).isGreaterThan(limit).isLessThan(limit + 8192);
      // Its slot was given back: another generation runs.
      HttpResponse<byte[]> next =
          Http.post(
              s.restBaseUrl() + "/v1/completions",
              "{\"model\":\"tiny_llm\",\"prompt\":\"hi\",\"max_tokens\":4}");
      assertThat(next.statusCode()).isEqualTo(200);
    }
  }

  /** The same over gRPC: a stream whose client requests no message is ended RESOURCE_EXHAUSTED. */
  @Test
  void aSlowGrpcStreamReaderIsDropped() throws Exception {
    int limit = 64 * 1024;
    try (InferenceServer s =
        InferenceServer.start(
            config(ConnectionLimits.defaults().withMaxStreamBufferBytes(limit)))) {
      ManagedChannel ch =
          NettyChannelBuilder.forTarget(s.grpcTarget())
              .usePlaintext()
              .flowControlWindow(64 * 1024)
              .build();
      AtomicInteger received = new AtomicInteger();
      try {
        StreamObserver<ModelInferRequest> requests =
            GRPCInferenceServiceGrpc.newStub(ch)
                .modelStreamInfer(
                    new ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse>() {
                      @Override
                      public void beforeStart(ClientCallStreamObserver<ModelInferRequest> call) {
                        call.disableAutoRequestWithInitial(0); // reads nothing
                      }

                      @Override
                      public void onNext(ModelStreamInferResponse r) {
                        received.incrementAndGet();
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    });
        requests.onNext(
            ModelInferRequest.newBuilder()
                .setModelName("tiny_llm")
                .putParameters(
                    "max_tokens", InferParameter.newBuilder().setInt64Param(4096).build())
                .putParameters("ignore_eos", InferParameter.newBuilder().setBoolParam(true).build())
                .addInputs(
                    Grpc.input("text_input", "BYTES", 1)
                        .setContents(
                            InferTensorContents.newBuilder()
                                .addBytesContents(ByteString.copyFromUtf8("hello"))))
                .build());
        await(() -> s.networkStats().slowStreamsDropped() == 1, s.networkStats()::toString);
        assertThat(received).hasValue(0);
        assertThat(s.networkStats().peakStreamPendingBytes()).isLessThan(limit + 8192);
      } finally {
        Grpc.close(ch);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void await(BooleanSupplier condition) throws InterruptedException {
    await(condition, () -> "");
  }

  private static void await(BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime())
          .as(() -> "condition not met within 10 s; " + state.get())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // a reset ends it too
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
