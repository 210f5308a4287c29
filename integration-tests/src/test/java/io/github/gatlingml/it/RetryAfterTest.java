/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.github.gatlingml.javaapi.MlDsl.FP32;
import static io.github.gatlingml.javaapi.MlDsl.shape;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlDsl;
import io.github.gatlingml.metrics.RunSummary;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 429 and 503 are KOs named by their status, never retried by the plugin, and the delays their
 * {@code Retry-After} headers ask for are counted in the summary.
 */
class RetryAfterTest {
  @TempDir Path results;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void retryAfterIsCountedAndNothingIsRetried() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          int n = requests.incrementAndGet();
          // 429 asking for 3 s twice, then 503 asking until a date 20 s ahead.
          int status = n <= 2 ? 429 : 503;
          String after =
              n <= 2
                  ? "3"
                  : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                      ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20));
          byte[] body = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Retry-After", after);
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (ActionHarness h = new ActionHarness(results)) {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      MlRuntime runtime = h.runtime(h.protocol(url, null, Duration.ofSeconds(5)));
      InferAction action =
          h.infer(
              "busy",
              runtime,
              InferTransport.REST_JSON,
              "add_sub",
              List.of(InputSpec.fixed("INPUT0", FP32, shape(1, 2), new double[] {1, 2})),
              List.<MlCheck>of(MlDsl.status().isOk()));
      for (int i = 0; i < 3; i++) {
        assertThat(h.execute(action, h.session()).isFailed()).isTrue();
      }
      assertThat(requests.get()).as("requests the server saw: none retried").isEqualTo(3);
      h.run.metrics().tick(System.nanoTime());
      RunSummary.RequestSummary r = h.run.metrics().summary("Sim", "r").requests().get("busy");
      assertThat(r.koReasons())
          .containsOnly(
              org.assertj.core.api.Assertions.entry("HTTP 429", 2L),
              org.assertj.core.api.Assertions.entry("HTTP 503", 1L));
      assertThat(r.retryAfter().count()).isEqualTo(3);
      // The date is 20 s ahead when sent; whole seconds, less the time the answer took.
      assertThat(r.retryAfter().maxSeconds()).isBetween(17L, 20L);
      assertThat(r.retryAfter().totalSeconds()).isBetween(3 + 3 + 17L, 3 + 3 + 20L);
    } finally {
      server.stop(0);
    }
  }
}
