/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KO categories are short and stable; where the failure happened goes to the detail only. */
class KoReasonTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8000", "[::1]:8001", "[fe80::1%eth0]:9000", "my-host:80"})
  void categoriesNeverHoldTheTarget(String target) {
    List<Throwable> failures =
        List.of(
            new ConnectException("Connection refused"),
            new IOException("Connection reset by peer"),
            new ClosedChannelException(),
            new UnknownHostException(target),
            new ConnectTimeoutException("connection timed out: " + target),
            new IOException("Broken pipe"),
            new MalformedResponseException("not a KServe answer"),
            new IllegalStateException("bug"));
    for (Throwable t : failures) {
      KoReason r = TransportFailure.describe(t, target);
      assertThat(r.category()).as("category of %s", t).doesNotContain(target).doesNotContain(":");
      assertThat(r.detail()).as("detail of %s", t).isNotBlank();
    }
    KoReason unavailable =
        KoReason.grpc(
            Status.UNAVAILABLE.withCause(new ConnectException("refused")), target, 1_000_000);
    assertThat(unavailable.category()).isEqualTo("connection refused");
    assertThat(unavailable.detail()).contains(target).endsWith("(UNAVAILABLE)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8000", "[::1]:8001"})
  void eachFailureHasItsOwnCategory(String target) {
    assertThat(TransportFailure.describe(new ConnectException("x"), target).category())
        .isEqualTo("connection refused");
    assertThat(TransportFailure.describe(new IOException("Connection reset by peer"), target))
        .isEqualTo(new KoReason("connection reset", "connection reset by " + target));
    assertThat(TransportFailure.describe(new ClosedChannelException(), target).category())
        .isEqualTo("connection closed");
    assertThat(TransportFailure.describe(new UnknownHostException("h"), target).category())
        .isEqualTo("DNS failure");
    // A cause wrapped by the transport is found under its wrapper.
    assertThat(
            TransportFailure.describe(new RuntimeException(new ConnectException("refused")), target)
                .category())
        .isEqualTo("connection refused");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 250, 60_000})
  void deadlinesAreTimeoutsWithTheirLimit(long millis) {
    KoReason r =
        KoReason.grpc(Status.DEADLINE_EXCEEDED, "h:1", TimeUnit.MILLISECONDS.toNanos(millis));
    assertThat(r.category()).isEqualTo("timeout");
    assertThat(r.detail()).isEqualTo("timeout after " + millis + " ms (DEADLINE_EXCEEDED)");
    assertThat(KoReason.timeout(TimeUnit.MILLISECONDS.toNanos(millis)).detail())
        .isEqualTo("timeout after " + millis + " ms");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 429, 503})
  void httpStatusesAreTheirOwnCategory(int status) {
    assertThat(KoReason.http(status, "model busy"))
        .isEqualTo(new KoReason("HTTP " + status, "HTTP " + status + ": model busy"));
    assertThat(KoReason.http(status, "").detail()).isEqualTo("HTTP " + status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UNAVAILABLE", "UNKNOWN", "INTERNAL"})
  void aGrpcStatusCausedByTlsIsNamedByTheCause(String code) {
    Status status =
        Status.fromCode(Status.Code.valueOf(code))
            .withCause(
                new java.security.cert.CertificateException(
                    "No subject alternative names matching IP address 127.0.0.1 found"));
    KoReason r = KoReason.grpc(status, "127.0.0.1:1", 1_000_000);
    assertThat(r.category()).isEqualTo("TLS host name mismatch");
    assertThat(r.detail()).contains("ml.tlsServerName").endsWith("(" + code + ")");
    // Without a cause the status speaks for itself.
    assertThat(KoReason.grpc(Status.fromCode(Status.Code.valueOf(code)), "h:1", 1).category())
        .isEqualTo(code);
  }

  @org.junit.jupiter.api.Test
  void grpcJavasLostHandshakeIsATlsFailureOnATlsChannel() {
    Status lost =
        Status.UNKNOWN.withCause(
            new UnsupportedOperationException(
                "unsupported message type: Object (expected: ByteBuf, DefaultFileRegion)"));
    KoReason raw = KoReason.grpc(lost, "127.0.0.1:9", 1);
    assertThat(raw.category()).isEqualTo("UNKNOWN");
    KoReason named = KoReason.onTlsChannel(raw, lost, "127.0.0.1:9");
    assertThat(named.category()).isEqualTo("TLS handshake failed");
    assertThat(named.detail()).contains("127.0.0.1:9").contains("ml.trustedCaPem");
    // Any other status is left as it is.
    KoReason unavailable = KoReason.grpc(Status.UNAVAILABLE, "h:1", 1);
    assertThat(KoReason.onTlsChannel(unavailable, Status.UNAVAILABLE, "h:1")).isSameAs(unavailable);
  }
}
