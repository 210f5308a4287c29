/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.internal.transport.rest.KServeRestCodec;
import io.github.gatlingml.internal.transport.rest.RestClient;
import io.grpc.Metadata;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The protocol's headers as HTTP headers and gRPC metadata: the fixed ones built once, the
 * EL/function ones resolved per request.
 */
final class RequestHeaders {
  private final HttpHeaders fixedHttp = new DefaultHttpHeaders();
  private final Metadata fixedGrpc = new Metadata();
  private final List<Dynamic> dynamic = new ArrayList<>();

  /** A session-dependent header, with what can be worked out once. */
  private record Dynamic(MlProtocol.Header header, Metadata.Key<String> key, boolean sensitive) {}

  RequestHeaders(List<MlProtocol.Header> headers) {
    for (MlProtocol.Header h : headers) {
      if (h.dynamic()) {
        dynamic.add(new Dynamic(h, key(h.name()), h.sensitive()));
      } else {
        if (Secrets.isSensitive(h.name())) {
          Secrets.remember(h.staticValue());
        }
        fixedHttp.add(h.name(), h.staticValue());
        fixedGrpc.put(key(h.name()), h.staticValue());
      }
    }
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
  }

  /** True when no header depends on the session, so a request's headers can be built once. */
  boolean isStatic() {
    return dynamic.isEmpty();
  }

  /**
   * The complete HTTP headers of a request: {@code extra} (content type...), the protocol's
   * headers, and the client's own (Host, keep-alive, Content-Length).
   *
   * @param session null when {@link #isStatic()}
   * @param jsonLength Inference-Header-Content-Length, or -1 for none
   */
  HttpHeaders http(
      Session session, HttpHeaders extra, RestClient client, int contentLength, int jsonLength) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(extra);
    h.add(fixedHttp);
    for (Dynamic d : dynamic) {
      h.add(d.header().name(), value(d, session));
    }
    if (jsonLength >= 0) {
      h.setInt(KServeRestCodec.HEADER_LENGTH, jsonLength);
    }
    return client.completeHeaders(h, contentLength);
  }

  /**
   * gRPC metadata for this request: a new object each time, since gRPC adds its own entries to it.
   */
  Metadata grpc(Session session) {
    Metadata m = new Metadata();
    m.merge(fixedGrpc);
    for (Dynamic d : dynamic) {
      m.put(d.key(), value(d, session));
    }
    return m;
  }

  /** A session-dependent header's value; a credential is remembered so that it is never written. */
  private static String value(Dynamic d, Session session) {
    String v = d.header().value().apply(session);
    if (d.sensitive()) {
      Secrets.remember(v);
    }
    return v;
  }
}
