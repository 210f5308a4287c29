/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.rest.RestCallback;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.github.gatlingml.internal.transport.rest.RestRequest;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pooled connection serves the next exchange only after the previous exchange's callback has run,
 * so a callback that throws cannot touch another user's request on the same connection.
 */
class RestConnectionHandOverTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aThrowingCallbackDoesNotFailTheNextExchangeOnItsConnection() throws Exception {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoop loop = group.next();
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts());
        // One connection per loop: the second exchange waits for the first one's connection.
        RestClient client = new RestClient(URI.create(server.restBaseUrl()), 1, 1 << 20, 2000)) {
      CompletableFuture<String> first = new CompletableFuture<>();
      CompletableFuture<String> second = new CompletableFuture<>();
      loop.execute(
          () -> {
            client.execute(
                loop,
                1,
                false,
                ready(client),
                new RestCallback() {
                  @Override
                  public void onResponse(FullHttpResponse response) {
                    first.complete("answered " + response.status().code());
                    throw new IllegalStateException("a faulty callback");
                  }

                  @Override
                  public void onFailure(KoReason reason) {
                    first.complete("failed: " + reason.detail());
                  }
                });
            client.execute(loop, 2, false, ready(client), recorder(second));
          });
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("answered 200");
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("answered 200");

      // The connection is still in step: a third exchange on it succeeds too.
      CompletableFuture<String> third = new CompletableFuture<>();
      loop.execute(() -> client.execute(loop, 3, false, ready(client), recorder(third)));
      assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("answered 200");
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static RestRequest ready(RestClient client) {
    return new RestRequest(
        HttpMethod.GET,
        "/v2/health/ready",
        client.completeHeaders(new DefaultHttpHeaders(), 0),
        new byte[0],
        TimeUnit.SECONDS.toNanos(5));
  }

  private static RestCallback recorder(CompletableFuture<String> outcome) {
    return new RestCallback() {
      @Override
      public void onResponse(FullHttpResponse response) {
        outcome.complete("answered " + response.status().code());
      }

      @Override
      public void onFailure(KoReason reason) {
        outcome.complete("failed: " + reason.detail());
      }
    };
  }
}
