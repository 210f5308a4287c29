/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the protocol's TLS connections trust servers and present themselves: the JVM's trust store
 * unless a CA is given, a client certificate for mTLS (PEM with a PKCS#8 key, or a PKCS#12 store),
 * a server name to verify and send (SNI) instead of the target's host, or no verification at all.
 *
 * @param caPem a PEM file of the CAs to trust instead of the JVM's trust store, or null
 * @param certPem the client certificate chain (PEM), or null
 * @param keyPem the client's private key (PEM, PKCS#8, optionally encrypted), or null
 * @param keyPassword the key's password, or null when it is not encrypted
 * @param keyStore a PKCS#12 file with the client certificate and key, or null
 * @param keyStorePassword the PKCS#12 file's password (may be empty)
 * @param serverName the name to verify the server's certificate against and to send as SNI (and as
 *     the gRPC authority), or null for the target's host
 * @param insecure trust any certificate and do not verify host names (prints a warning)
 */
public record TlsSettings(
    String caPem,
    String certPem,
    String keyPem,
    String keyPassword,
    String keyStore,
    String keyStorePassword,
    String serverName,
    boolean insecure) {

  /** The JVM's trust store, no client certificate. */
  public static final TlsSettings DEFAULT =
      new TlsSettings(null, null, null, null, null, null, null, false);

  /**
   * Checks that the files exist and that certificate and key come as a pair.
   *
   * @throws IllegalArgumentException naming the setting and the fix
   */
  public TlsSettings {
    readable(caPem, "ml.trustedCaPem");
    readable(certPem, "ml.clientCertificatePem (certificate)");
    readable(keyPem, "ml.clientCertificatePem (key)");
    readable(keyStore, "ml.clientKeyStore");
    if ((certPem == null) != (keyPem == null)) {
      throw new IllegalArgumentException(
          "ml.clientCertificatePem needs both the certificate and its private key");
    }
    if (certPem != null && keyStore != null) {
      throw new IllegalArgumentException(
          "give the client certificate once: ml.clientCertificatePem(...) or"
              + " ml.clientKeyStore(...), not both");
    }
  }

  private static void readable(String path, String setting) {
    if (path != null && !Files.isReadable(Path.of(path))) {
      throw new IllegalArgumentException(
          setting
              + "('"
              + path
              + "'): no such readable file (relative paths are resolved against "
              + Path.of("").toAbsolutePath()
              + ")");
    }
  }

  /** True when a client certificate is configured (mTLS). */
  public boolean hasClientCertificate() {
    return certPem != null || keyStore != null;
  }

  /** OpenSSL (BoringSSL, shipped with Gatling) when it loads, else the JDK's TLS. */
  static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * The client context of HTTP/1.1 connections (REST, server-sent events).
   *
   * @throws IllegalArgumentException when a file cannot be read as what it should be
   */
  public SslContext httpContext() {
    SslContextBuilder b =
        configure(SslContextBuilder.forClient())
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_1_1));
    return build(b.sslProvider(provider()));
  }

  /**
   * The client context of gRPC channels (HTTP/2 with ALPN, as grpc-netty wants it).
   *
   * @throws IllegalArgumentException when a file cannot be read as what it should be
   */
  public SslContext grpcContext() {
    return build(GrpcSslContexts.configure(configure(SslContextBuilder.forClient()), provider()));
  }

  private SslContextBuilder configure(SslContextBuilder b) {
    if (insecure) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      // Host names are checked as browsers do; Netty's clients do not check them by default.
      b.endpointIdentificationAlgorithm("HTTPS");
      // The JVM's trust store or the given CAs, through a trust manager that notes what it
      // refuses (RecentTlsFailures): the JDK's own checks, host name included, do the work.
      b.trustManager(RecentTlsFailures.recording(trustManager()));
    }
    if (certPem != null) {
      b.keyManager(new File(certPem), new File(keyPem), keyPassword);
    } else if (keyStore != null) {
      b.keyManager(keyManagers());
    }
    return b;
  }

  private X509ExtendedTrustManager trustManager() {
    try {
      KeyStore cas = null;
      if (caPem != null) {
        cas = KeyStore.getInstance(KeyStore.getDefaultType());
        cas.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caPem))) {
          int i = 0;
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            cas.setCertificateEntry("ca-" + i++, c);
          }
        }
        if (cas.size() == 0) {
          throw new IllegalArgumentException(
              "ml.trustedCaPem('" + caPem + "') holds no certificate: give PEM certificates");
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(cas);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JVM offers no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "ml.trustedCaPem('" + caPem + "') cannot be read as PEM certificates: " + e.getMessage(),
          e);
    }
  }

  private KeyManagerFactory keyManagers() {
    char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(keyStore))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      return kmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "ml.clientKeyStore('"
              + keyStore
              + "') cannot be read as a PKCS#12 store with the password given: "
              + e.getMessage(),
          e);
    }
  }

  private SslContext build(SslContextBuilder b) {
    try {
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the TLS settings cannot be used: "
              + KoReason.describe(e.getCause() != null ? e.getCause() : e)
              + " (check ml.trustedCaPem / ml.clientCertificatePem / ml.clientKeyStore: PEM"
              + " certificates, a PKCS#8 key, or a PKCS#12 store)",
          e);
    }
  }

  /** What a report header says about these settings: never a password. */
  @Override
  public String toString() {
    return "TlsSettings[ca="
        + (caPem == null ? "JVM trust store" : caPem)
        + ", client="
        + (certPem != null ? certPem : keyStore != null ? keyStore : "none")
        + ", serverName="
        + serverName
        + ", insecure="
        + insecure
        + "]";
  }
}
