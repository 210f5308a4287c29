/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferTensorContents;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.proto.inference.ModelStreamInferResponse;
import io.github.gatlingml.proto.inference.ServerReadyRequest;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import io.github.gatlingml.server.tls.TestPki;
import io.github.gatlingml.server.tls.TlsConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.OpenSsl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS and mutual TLS on REST (plain requests and SSE streams) and gRPC, with both providers. (The
 * first TLS context of a JVM takes seconds to build: hence the roomy timeout.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
  @TempDir static Path dir;
  private static TestPki pki;
  private static TestPki.Issued server;
  private static TestPki.Issued client;

  @BeforeAll
  static void pki() {
    pki = TestPki.create(dir);
    server = pki.server().write();
    client = pki.client("load-generator").write();
  }

  private static ServerConfig config(TlsConfig tls) {
    return ServerConfig.onFreePorts()
        .withModels(List.of("add_sub", "tiny_llm"))
        .withLlm(
            LlmSettings.defaults()
                .withTokens(8)
                .withTtft(ServiceTime.parse("5ms"))
                .withTokenGap(ServiceTime.parse("1ms")))
        .withTls(tls);
  }

  // ------------------------------------------------------------------ REST

  @ParameterizedTest
  @EnumSource(
      value = TlsConfig.Provider.class,
      names = {"JDK", "OPENSSL"})
  void restOverTls(TlsConfig.Provider provider) throws Exception {
    assumeProvider(provider);
    try (InferenceServer s =
        InferenceServer.start(
            config(TlsConfig.fromPem(server.chainPem(), server.keyPem()).withProvider(provider)))) {
      assertThat(s.tlsEnabled()).isTrue();
      assertThat(s.mutualTls()).isFalse();
      assertThat(s.restBaseUrl()).isEqualTo("https://127.0.0.1:" + s.httpPort());
      assertThat(s.metricsUrl()).startsWith("http://");
      HttpClient http = https(null);

      HttpResponse<String> ready = get(http, s.restBaseUrl() + "/v2/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(Http.json(ready.body().getBytes(StandardCharsets.UTF_8)).get("ready").asBoolean())
          .isTrue();

      HttpResponse<String> infer =
          post(http, s.restBaseUrl() + "/v2/models/add_sub/infer", ADD_SUB);
      assertThat(infer.statusCode()).isEqualTo(200);
      JsonNode out = Http.json(infer.body().getBytes(StandardCharsets.UTF_8)).get("outputs");
      assertThat(out.get(0).get("name").asText()).isEqualTo("OUTPUT0");
      assertThat(out.get(0).get("data").get(15).asDouble()).isEqualTo(17.0);

      // Plain HTTP on the TLS port gets no answer.
      try (Http.RawConnection raw = new Http.RawConnection(s.httpPort())) {
        raw.write("GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(readAll(raw.socket.getInputStream())).doesNotContain("\"ready\"");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsConfig.Provider.class,
      names = {"JDK", "OPENSSL"})
  void sseStreamOverTls(TlsConfig.Provider provider) throws Exception {
    assumeProvider(provider);
    try (InferenceServer s =
        InferenceServer.start(config(server.serverTls().withProvider(provider)))) {
      HttpResponse<String> r =
          post(
              https(null),
              s.restBaseUrl() + "/v1/completions",
              "{\"model\":\"tiny_llm\",\"prompt\":\"hello\",\"max_tokens\":8,\"ignore_eos\":true,"
                  + "\"stream\":true}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
      List<String> events = new ArrayList<>();
      for (String line : r.body().split("\n")) {
        if (line.startsWith("data: ")) {
          events.add(line.substring(6));
        }
      }
      // 8 token chunks, the finish_reason chunk, [DONE].
      assertThat(events).hasSize(10);
      assertThat(events.get(9)).isEqualTo("[DONE]");
    }
  }

  // ------------------------------------------------------------------ gRPC

  @ParameterizedTest
  @EnumSource(
      value = TlsConfig.Provider.class,
      names = {"JDK", "OPENSSL"})
  void grpcOverTls(TlsConfig.Provider provider) throws Exception {
    assumeProvider(provider);
    try (InferenceServer s =
        InferenceServer.start(config(server.serverTls().withProvider(provider)))) {
      ManagedChannel ch =
          NettyChannelBuilder.forTarget(s.grpcTarget())
              .sslContext(GrpcSslContexts.forClient().trustManager(pki.caPem().toFile()).build())
              .build();
      try {
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub =
            GRPCInferenceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        ModelInferResponse r = stub.modelInfer(Grpc.addSub("tls"));
        assertThat(r.getId()).isEqualTo("tls");
        assertThat(r.getOutputs(0).getContents().getFp32Contents(15)).isEqualTo(17f);
        assertThat(stream(ch)).hasSize(8);
      } finally {
        Grpc.close(ch);
      }
      // A plaintext client cannot talk to it.
      ManagedChannel plain = Grpc.channel(s);
      try {
        assertThatThrownBy(
                () ->
                    GRPCInferenceServiceGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .serverReady(ServerReadyRequest.getDefaultInstance()))
            .isInstanceOf(StatusRuntimeException.class);
      } finally {
        Grpc.close(plain);
      }
    }
  }

  // ------------------------------------------------------------------ mutual TLS

  @ParameterizedTest
  @EnumSource(
      value = TlsConfig.Provider.class,
      names = {"JDK", "OPENSSL"})
  void mutualTlsNeedsAClientCertificate(TlsConfig.Provider provider) throws Exception {
    assumeProvider(provider);
    try (InferenceServer s =
        InferenceServer.start(
            config(server.serverTls().withClientCa(pki.caPem()).withProvider(provider)))) {
      assertThat(s.mutualTls()).isTrue();
      String ready = s.restBaseUrl() + "/v2/health/ready";

      assertThatThrownBy(() -> get(https(null), ready)).isInstanceOf(IOException.class);
      // A certificate from another CA is refused too.
      TestPki.Issued stranger = pki.otherCa("stranger").client("stranger").write();
      assertThatThrownBy(() -> get(https(stranger), ready)).isInstanceOf(IOException.class);
      assertThat(get(https(client), ready).statusCode()).isEqualTo(200);

      ManagedChannel without =
          NettyChannelBuilder.forTarget(s.grpcTarget())
              .sslContext(GrpcSslContexts.forClient().trustManager(pki.caPem().toFile()).build())
              .build();
      ManagedChannel with =
          NettyChannelBuilder.forTarget(s.grpcTarget())
              .sslContext(
                  GrpcSslContexts.forClient()
                      .trustManager(pki.caPem().toFile())
                      .keyManager(client.chainPem().toFile(), client.keyPem().toFile())
                      .build())
              .build();
      try {
        assertThatThrownBy(
                () ->
                    GRPCInferenceServiceGrpc.newBlockingStub(without)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .serverReady(ServerReadyRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(
                GRPCInferenceServiceGrpc.newBlockingStub(with)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .serverReady(ServerReadyRequest.getDefaultInstance())
                    .getReady())
            .isTrue();
      } finally {
        Grpc.close(without);
        Grpc.close(with);
      }
    }
  }

  /** The certificates TestPki makes for failure tests fail a client that verifies them. */
  @Test
  void clientsRefuseExpiredWrongHostAndUntrustedCertificates() throws Exception {
    TestPki.Issued expired = pki.server().named("expired").expired().write();
    TestPki.Issued wrongHost = pki.server("other.example").named("wrong-host").write();
    TestPki.Issued untrusted = pki.otherCa("rogue").server().write();
    for (TestPki.Issued bad : List.of(expired, wrongHost, untrusted)) {
      try (InferenceServer s = InferenceServer.start(config(bad.serverTls()))) {
        assertThatThrownBy(() -> get(https(null), s.restBaseUrl() + "/v2/health/ready"))
            .as(bad.certPem().toString())
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void selfSignedFromTheCommandLine() throws Exception {
    ServerConfig parsed =
        InferenceServerMain.parse(
            new String[] {
              "--http-port", "0", "--grpc-port", "-1", "--metrics-port", "-1", "--tls-self-signed"
            });
    TlsConfig tls = parsed.tls().orElseThrow();
    Path ca = tls.trustPem().orElseThrow();
    try (InferenceServer s = InferenceServer.start(parsed)) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      InferenceServerMain.describe(s, new java.io.PrintStream(text, true, StandardCharsets.UTF_8));
      assertThat(text.toString(StandardCharsets.UTF_8))
          .contains(ca.toString())
          .contains("https://");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = java.nio.file.Files.newInputStream(ca)) {
        trust.setCertificateEntry(
            "ca",
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
      assertThat(get(http, s.restBaseUrl() + "/v2/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(http, "https://localhost:" + s.httpPort() + "/v2/health/ready").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void commandLineTlsFlags() {
    ServerConfig c =
        InferenceServerMain.parse(
            new String[] {
              "--tls-cert", server.chainPem().toString(),
              "--tls-key", server.keyPem().toString(),
              "--tls-client-ca", pki.caPem().toString()
            });
    assertThat(c.tls().orElseThrow().mutualTls()).isTrue();
    assertThat(c.tls().orElseThrow().certificateChain().get(0)).isEqualTo(server.certificate());
    assertThatThrownBy(
            () ->
                InferenceServerMain.parse(
                    new String[] {"--tls-cert", server.chainPem().toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-key");
    assertThatThrownBy(
            () ->
                InferenceServerMain.parse(
                    new String[] {
                      "--tls-cert",
                      server.keyPem().toString(),
                      "--tls-key",
                      server.keyPem().toString()
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate");
    assertThatThrownBy(
            () ->
                InferenceServerMain.parse(
                    new String[] {"--tls-cert", dir.resolve("nope").toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readable file");
    assertThatThrownBy(
            () ->
                InferenceServerMain.parse(new String[] {"--tls-client-ca", pki.caPem().toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs TLS");
  }

  // ------------------------------------------------------------------ helpers

  private static final String ADD_SUB =
      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],"
          + "\"data\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
          + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],"
          + "\"data\":[2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2]}]}";

  private static void assumeProvider(TlsConfig.Provider provider) {
    if (provider == TlsConfig.Provider.OPENSSL) {
      Assumptions.assumeTrue(OpenSsl.isAvailable(), "netty-tcnative is not available");
    }
  }

  /** A client trusting the test CA, presenting {@code identity} when not null. */
  private static HttpClient https(TestPki.Issued identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (identity != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity.keyStore(), identity.pkcs12Password().toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> get(HttpClient http, String url)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient http, String url, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // reset or timeout: what came is enough
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** One tiny_llm generation on ModelStreamInfer; returns its responses. */
  private static List<ModelStreamInferResponse> stream(ManagedChannel ch)
      throws InterruptedException {
    List<ModelStreamInferResponse> got = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    StreamObserver<ModelInferRequest> out =
        GRPCInferenceServiceGrpc.newStub(ch)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .modelStreamInfer(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ModelStreamInferResponse r) {
                    got.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure[0] = t;
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    out.onNext(
        ModelInferRequest.newBuilder()
            .setModelName("tiny_llm")
            .addInputs(
                Grpc.input("text_input", "BYTES", 1)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addBytesContents(ByteString.copyFromUtf8("hello"))))
            .build());
    out.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failure[0]).isNull();
    return got;
  }
}
