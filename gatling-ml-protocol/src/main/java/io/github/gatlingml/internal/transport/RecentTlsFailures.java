/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificate checks that failed lately, per server, so a failure whose own exception lost them
 * can still be named. grpc-java sometimes reports a handshake that failed before its call started
 * as UNKNOWN with an unrelated cause ("unsupported message type"): the reason why the server's
 * certificate was refused is then only known here.
 */
public final class RecentTlsFailures {
  /** A refusal older than this says nothing about the call that just failed. */
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Failure(CertificateException error, long nanos) {}

  private static final Map<String, Failure> BY_PEER = new ConcurrentHashMap<>();

  private RecentTlsFailures() {}

  /**
   * The latest certificate refusal for {@code target} ({@code host:port}), if recent; else null.
   */
  public static CertificateException find(String target) {
    Failure f = BY_PEER.get(target);
    if (f == null) {
      int colon = target.lastIndexOf(':');
      String port = colon < 0 ? "" : target.substring(colon);
      // The peer may be named otherwise (an authority override): the port still tells.
      for (Map.Entry<String, Failure> e : BY_PEER.entrySet()) {
        if (!port.isEmpty() && e.getKey().endsWith(port)) {
          f = e.getValue();
          break;
        }
      }
    }
    return f != null && System.nanoTime() - f.nanos() < MAX_AGE_NANOS ? f.error() : null;
  }

  /** A trust manager that notes every server certificate it refuses, then refuses it. */
  static X509ExtendedTrustManager recording(X509ExtendedTrustManager delegate) {
    return new X509ExtendedTrustManager() {
      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        try {
          delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
          if (engine != null && engine.getPeerHost() != null) {
            BY_PEER.put(
                engine.getPeerHost() + ":" + engine.getPeerPort(),
                new Failure(e, System.nanoTime()));
          }
          throw e;
        }
      }

      @Override
      public void checkServerTrusted(
          X509Certificate[] chain, String authType, java.net.Socket socket)
          throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
      }

      @Override
      public void checkClientTrusted(
          X509Certificate[] chain, String authType, java.net.Socket socket)
          throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
      }
    };
  }
}
