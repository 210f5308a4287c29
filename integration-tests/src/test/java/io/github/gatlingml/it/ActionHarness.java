/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.InputSpec;
import io.github.gatlingml.internal.action.MlAction;
import io.github.gatlingml.internal.action.PayloadSpec;
import io.github.gatlingml.internal.action.PayloadSpec.Part;
import io.github.gatlingml.internal.generation.TextApis;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.internal.protocol.MlRuntime;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.internal.transport.TlsSettings;
import io.github.gatlingml.javaapi.InferTransport;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives ml actions without Gatling's runner: one NIO event loop, a recording stats logger, a run
 * and its runtimes, and sessions made by hand. Each action executes on the event loop, as Gatling
 * does it, and the test waits for the session handed to the next action.
 */
final class ActionHarness implements AutoCloseable {
  final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  final EventLoop loop = group.next();
  final RecordingStatsLogger stats = new RecordingStatsLogger();
  final MlRun run = new MlRun(stats, null);
  private final Path summaryDir;

  ActionHarness(Path summaryDir) {
    this.summaryDir = summaryDir;
  }

  /** A protocol as the DSL builds it, with the given targets (either may be null). */
  MlProtocol protocol(String restUrl, String grpcTarget, Duration timeout) {
    return protocol(restUrl, grpcTarget, timeout, 64 * 1024 * 1024);
  }

  /** The same, with a limit on response sizes. */
  MlProtocol protocol(String restUrl, String grpcTarget, Duration timeout, int maxResponseBytes) {
    return new MlProtocol(
        restUrl == null ? null : URI.create(restUrl),
        grpcTarget,
        grpcTarget != null ? InferAction.Wire.GRPC_RAW : InferAction.Wire.REST_JSON,
        restUrl != null ? TextApis.openAiChat() : TextApis.grpcStream(),
        "add_sub",
        "",
        List.of(),
        timeout,
        4,
        1,
        false,
        maxResponseBytes,
        summaryDir.resolve("ml-summary.json").toString(),
        TlsSettings.DEFAULT,
        false);
  }

  MlRuntime runtime(MlProtocol protocol) {
    return run.runtime(protocol);
  }

  /** An infer action of add_sub-like shape: inputs as given, outputs all. */
  InferAction infer(
      String name,
      MlRuntime runtime,
      InferTransport transport,
      String model,
      List<InputSpec> inputs,
      List<MlCheck> checks) {
    PayloadSpec payload =
        new PayloadSpec(
            Part.of(model), Part.of(""), Part.of(""), Map.of(), inputs, List.<OutputRequest>of());
    return new InferAction(name, runtime, payload, wire(transport), false, checks);
  }

  /** The action-level wire of a DSL transport. */
  static InferAction.Wire wire(InferTransport t) {
    return switch (t) {
      case GRPC -> InferAction.Wire.GRPC_RAW;
      case GRPC_TYPED -> InferAction.Wire.GRPC_TYPED;
      case REST_JSON -> InferAction.Wire.REST_JSON;
      case REST_BINARY -> InferAction.Wire.REST_BINARY;
    };
  }

  /** A fresh virtual user's session on the harness's event loop. */
  Session session() {
    return new Session(io.gatling.core.session.Session$.MODULE$.apply("scenario", 1L, loop));
  }

  /** Executes {@code action} on the event loop and returns the session it passes on. */
  Session execute(MlAction action, Session session) throws Exception {
    CompletableFuture<Session> next = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            action.execute(session, loop, next::complete);
          } catch (Throwable t) {
            next.completeExceptionally(t);
          }
        });
    return next.get(10, TimeUnit.SECONDS);
  }

  /** The one request logged since the last call (and clears the log). */
  RecordingStatsLogger.Logged only() {
    if (stats.logged.size() != 1) {
      throw new AssertionError("expected exactly one logged request but found " + stats.logged);
    }
    RecordingStatsLogger.Logged l = stats.logged.get(0);
    stats.logged.clear();
    return l;
  }

  @Override
  public void close() {
    run.finish();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
