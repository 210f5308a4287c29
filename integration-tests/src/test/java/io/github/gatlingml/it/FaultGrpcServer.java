/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC server whose ModelInfer misbehaves at the HTTP/2 level: it ends its connections with
 * GOAWAY (grpc-java's max connection age, 1 s, the shortest it allows), gracefully or cutting the
 * call in flight, or never answers. It counts the calls it received. An answer is an empty
 * ModelInferResponse (valid protobuf, no outputs).
 */
final class FaultGrpcServer implements AutoCloseable {
  enum Mode {
    /** GOAWAY after about 1 s; calls (300 ms each) in flight get 10 s to finish. */
    GOAWAY_GRACEFUL,
    /** GOAWAY after about 1 s; calls take 1.5 s and get 100 ms of grace, then the link closes. */
    GOAWAY_CUT,
    /** Never answers. */
    STALL
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private final Server server;
  private final AtomicInteger calls = new AtomicInteger();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fault-grpc-timer");
            t.setDaemon(true);
            return t;
          });

  FaultGrpcServer(Mode mode) throws IOException {
    MethodDescriptor<byte[], byte[]> modelInfer =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("inference.GRPCInferenceService/ModelInfer")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    long answerMillis = mode == Mode.GOAWAY_CUT ? 1500 : 300;
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("inference.GRPCInferenceService")
            .addMethod(
                modelInfer,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      calls.incrementAndGet();
                      if (mode == Mode.STALL) {
                        return;
                      }
                      timers.schedule(
                          () -> {
                            try {
                              response.onNext(new byte[0]);
                              response.onCompleted();
                            } catch (RuntimeException e) {
                              // the call was cancelled meanwhile
                            }
                          },
                          answerMillis,
                          TimeUnit.MILLISECONDS);
                    }))
            .build();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service);
    if (mode != Mode.STALL) {
      builder
          .maxConnectionAge(1, TimeUnit.SECONDS)
          .maxConnectionAgeGrace(mode == Mode.GOAWAY_CUT ? 100 : 10_000, TimeUnit.MILLISECONDS);
    }
    server = builder.build().start();
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Calls received so far. */
  int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    timers.shutdownNow();
    server.shutdownNow();
  }
}
