/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import io.github.gatlingml.internal.transport.NettyChannels;
import io.github.gatlingml.internal.transport.TlsSettings;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC channels bound to Gatling's event loops. Each loop gets its own channels, built on that loop
 * with a direct executor, so a call is started and its response handled on the virtual user's loop:
 * no thread hop, no lock. Several channels per loop (2 by default) spread the users over several
 * HTTP/2 connections, so the server's max-concurrent-streams limit does not queue requests in the
 * client (a latency that would be the client's, not the server's).
 */
public final class GrpcChannelPool implements AutoCloseable {
  private final String target;
  private final int channelsPerLoop;
  private final int maxResponseBytes;
  private final Map<EventLoop, ManagedChannel[]> shared = new ConcurrentHashMap<>();
  private final Map<EventLoop, Map<Long, ManagedChannel>> perUser = new ConcurrentHashMap<>();
  private final java.util.Set<ManagedChannel> all =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private volatile boolean closed;

  /** TLS of every channel, or null for plaintext. */
  private final SslContext ssl;

  private final String authority;

  /**
   * @param target {@code host:port} (or any grpc-java target string)
   * @param channelsPerLoop shared channels on each event loop
   */
  public GrpcChannelPool(String target, int channelsPerLoop, int maxResponseBytes) {
    this(target, channelsPerLoop, maxResponseBytes, null, null);
  }

  /**
   * @param target {@code host:port} (or any grpc-java target string)
   * @param channelsPerLoop shared channels on each event loop
   * @param tls TLS settings, or null for plaintext (h2c)
   * @param authority the authority to send and verify the server's certificate against instead of
   *     the target's host, or null
   * @throws IllegalArgumentException for TLS settings that cannot be used
   */
  public GrpcChannelPool(
      String target, int channelsPerLoop, int maxResponseBytes, TlsSettings tls, String authority) {
    this.target = target;
    this.channelsPerLoop = channelsPerLoop;
    this.maxResponseBytes = maxResponseBytes;
    this.ssl = tls == null ? null : tls.grpcContext();
    this.authority = authority;
  }

  /** Channels open now (shared and per user), for tests and health checks. */
  public int openChannels() {
    synchronized (all) {
      return all.size();
    }
  }

  /** True when the channels speak TLS. */
  public boolean usesTls() {
    return ssl != null;
  }

  /** The target, for messages. */
  public String target() {
    return target;
  }

  /**
   * The channel for a user on {@code loop}: one of the loop's shared channels (chosen by user id so
   * a user keeps its connection), or the user's own.
   */
  public ManagedChannel channel(EventLoop loop, long userId, boolean perUserChannel) {
    if (perUserChannel) {
      return perUser
          .computeIfAbsent(loop, l -> new HashMap<>())
          .computeIfAbsent(userId, id -> build(loop));
    }
    ManagedChannel[] channels = shared.computeIfAbsent(loop, this::buildShared);
    return channels[(int) Math.floorMod(userId, (long) channels.length)];
  }

  /** Closes a user's own channel (end of its scenario). Call on the user's loop. */
  public void releaseUser(EventLoop loop, long userId) {
    Map<Long, ManagedChannel> users = perUser.get(loop);
    if (users != null) {
      ManagedChannel ch = users.remove(userId);
      if (ch != null) {
        ch.shutdown();
        // Forgotten too, so that a long open-model run, with a new user every few milliseconds,
        // holds only the channels of the users alive.
        synchronized (all) {
          all.remove(ch);
        }
      }
    }
  }

  private ManagedChannel[] buildShared(EventLoop loop) {
    ManagedChannel[] channels = new ManagedChannel[channelsPerLoop];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = build(loop);
    }
    return channels;
  }

  private ManagedChannel build(EventLoop loop) {
    if (closed) {
      throw new IllegalStateException("gRPC channel pool closed: the run is over");
    }
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(target)
            .eventLoopGroup(loop)
            .channelFactory(clockedChannels(NettyChannels.socketChannelFor(loop)))
            .directExecutor()
            // A load test sends each request once and counts what happens to it; grpc-java's
            // retry machinery would also buffer every message and replay it through a wrapper.
            .disableRetry()
            // Every address of the target's name gets calls, not only the first one.
            .defaultLoadBalancingPolicy("round_robin")
            .maxInboundMessageSize(maxResponseBytes);
    if (ssl != null) {
      builder.sslContext(ssl).negotiationType(NegotiationType.TLS);
    } else {
      builder.usePlaintext();
    }
    if (authority != null) {
      builder.overrideAuthority(authority);
    }
    ManagedChannel ch = builder.build();
    synchronized (all) {
      all.add(ch);
    }
    return ch;
  }

  /** Channels of {@code type} with the {@link WireClock} first in their pipeline. */
  private static ChannelFactory<Channel> clockedChannels(Class<? extends Channel> type) {
    ReflectiveChannelFactory<? extends Channel> plain = new ReflectiveChannelFactory<>(type);
    return () -> {
      Channel ch = plain.newChannel();
      ch.pipeline().addFirst("gatling-ml-wire-clock", WireClock.INSTANCE);
      return ch;
    };
  }

  /**
   * Starts a unary call on {@code channel}; the callback runs on the channel's event loop.
   *
   * @param timeoutNanos deadline from now
   * @param headers request metadata (may be empty)
   */
  public static <Q, R> ClientCall<Q, R> unary(
      ManagedChannel channel,
      MethodDescriptor<Q, R> method,
      Q request,
      Metadata headers,
      long timeoutNanos,
      GrpcCallback<R> callback) {
    ClientCall<Q, R> call =
        channel.newCall(
            method, CallOptions.DEFAULT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
    call.start(
        new ClientCall.Listener<>() {
          private R response;

          @Override
          public void onMessage(R message) {
            response = message;
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            callback.onClose(status, response, trailers);
          }
        },
        headers);
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    return call;
  }

  /** Shuts every channel down, cancelling calls still open. */
  @Override
  public void close() {
    closed = true;
    List<ManagedChannel> channels;
    synchronized (all) {
      channels = new ArrayList<>(all);
    }
    for (ManagedChannel ch : channels) {
      ch.shutdownNow();
    }
    // One deadline for all: channels whose event loop is already gone may never report termination.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (ManagedChannel ch : channels) {
      try {
        ch.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
