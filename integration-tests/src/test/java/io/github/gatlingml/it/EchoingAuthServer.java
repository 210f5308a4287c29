/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import com.sun.net.httpserver.HttpServer;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A careless server: it refuses every request and quotes the credentials it was sent in its error
 * (REST: 401 with the Authorization and api-key headers in the JSON error; gRPC: UNAUTHENTICATED
 * with the authorization metadata in the description), as some gateways do.
 */
final class EchoingAuthServer implements AutoCloseable {
  private final HttpServer http;
  private final Server grpc;

  EchoingAuthServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          String key = exchange.getRequestHeaders().getFirst("api-key");
          byte[] body =
              ("{\"error\":\"rejected Authorization: " + auth + " with api-key " + key + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(401, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    Metadata.Key<String> authorization =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    ServerCallHandler<byte[], byte[]> refuse =
        (call, headers) -> {
          call.close(
              Status.UNAUTHENTICATED.withDescription(
                  "token " + headers.get(authorization) + " is not valid"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        };
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .fallbackHandlerRegistry(
                new HandlerRegistry() {
                  @Override
                  public ServerMethodDefinition<?, ?> lookupMethod(
                      String methodName, String authority) {
                    MethodDescriptor<byte[], byte[]> any =
                        MethodDescriptor.<byte[], byte[]>newBuilder()
                            .setType(MethodDescriptor.MethodType.UNKNOWN)
                            .setFullMethodName(methodName)
                            .setRequestMarshaller(BYTES)
                            .setResponseMarshaller(BYTES)
                            .build();
                    return ServerMethodDefinition.create(any, refuse);
                  }
                })
            .build()
            .start();
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

  String restUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  String grpcTarget() {
    return "127.0.0.1:" + grpc.getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    grpc.shutdownNow();
  }
}
