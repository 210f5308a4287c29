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
import java.util.Random;

/**
 * A gRPC server whose ModelInfer answers OK with bytes that are not a ModelInferResponse: random
 * bytes after a zero byte (tag 0, which no protobuf message may contain, so the answer can never
 * parse by chance).
 */
final class GarbageGrpcServer implements AutoCloseable {
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

  GarbageGrpcServer() throws IOException {
    MethodDescriptor<byte[], byte[]> modelInfer =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("inference.GRPCInferenceService/ModelInfer")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    Random random = new Random(7);
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("inference.GRPCInferenceService")
            .addMethod(
                modelInfer,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      byte[] garbage = new byte[64];
                      synchronized (random) {
                        random.nextBytes(garbage);
                      }
                      garbage[0] = 0;
                      response.onNext(garbage);
                      response.onCompleted();
                    }))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
