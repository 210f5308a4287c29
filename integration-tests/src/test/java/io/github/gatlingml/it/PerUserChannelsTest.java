/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.internal.transport.grpc.GrpcChannelPool;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With one connection per virtual user, a user's channel goes when the user ends: a long open-model
 * run, with a new user every few milliseconds, holds only the channels of the users alive.
 */
class PerUserChannelsTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aUsersChannelIsForgottenWhenTheUserEnds() throws Exception {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoop loop = group.next();
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts());
        GrpcChannelPool pool = new GrpcChannelPool(server.grpcTarget(), 2, 1 << 20)) {
      CompletableFuture<int[]> counts = new CompletableFuture<>();
      loop.execute(
          () -> {
            for (long user = 0; user < 500; user++) {
              pool.channel(loop, user, true);
            }
            int open = pool.openChannels();
            for (long user = 0; user < 500; user++) {
              pool.releaseUser(loop, user);
            }
            counts.complete(new int[] {open, pool.openChannels()});
          });
      int[] c = counts.get(10, TimeUnit.SECONDS);
      assertThat(c[0]).as("channels while 500 users live").isEqualTo(500);
      assertThat(c[1]).as("channels once they ended").isZero();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
