/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * TLS of the embedded server's REST and gRPC listeners (the metrics listener stays plaintext): a
 * certificate chain and its private key, and optionally the CAs that client certificates must chain
 * to (mutual TLS: a client without a valid certificate is refused during the handshake). Immutable.
 *
 * <pre>{@code
 * ServerConfig.onFreePorts().withTls(TlsConfig.fromPem(certChainPem, keyPem).withClientCa(caPem));
 * }</pre>
 */
public final class TlsConfig {
  /** Which TLS implementation Netty uses. */
  public enum Provider {
    /** OpenSSL (netty-tcnative) when it is on the class path, else the JDK's. */
    AUTO,
    /** The JDK's JSSE. */
    JDK,
    /** OpenSSL through netty-tcnative (fails at start when it is not available). */
    OPENSSL
  }

  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final List<X509Certificate> clientCas;
  private final Provider provider;
  private final Path trustPem;

  private TlsConfig(
      PrivateKey key,
      List<X509Certificate> chain,
      List<X509Certificate> clientCas,
      Provider provider,
      Path trustPem) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("TLS needs at least one certificate");
    }
    this.key = key;
    this.chain = List.copyOf(chain);
    this.clientCas = List.copyOf(clientCas);
    this.provider = provider;
    this.trustPem = trustPem;
  }

  /** Serves this key and certificate chain (the server's certificate first, then its CAs). */
  public static TlsConfig of(PrivateKey key, List<X509Certificate> chain) {
    return new TlsConfig(key, chain, List.of(), Provider.AUTO, null);
  }

  /** Serves this key and certificate chain (the server's certificate first, then its CAs). */
  public static TlsConfig of(PrivateKey key, X509Certificate... chain) {
    return of(key, Arrays.asList(chain));
  }

  /**
   * Reads a PEM certificate chain (server certificate first) and an unencrypted PEM private key
   * (PKCS#8 {@code PRIVATE KEY}, or PKCS#1 {@code RSA PRIVATE KEY} / SEC1 {@code EC PRIVATE KEY}).
   *
   * @throws IllegalArgumentException naming the file that cannot be read or parsed
   */
  public static TlsConfig fromPem(Path certChainPem, Path privateKeyPem) {
    return of(readPrivateKey(privateKeyPem), readCertificates(certChainPem));
  }

  /**
   * Generates a CA and a server certificate it signs for {@code hosts} (default {@code 127.0.0.1}
   * and {@code localhost}), valid for a year, into {@code dir} with {@link TestPki} (label {@code
   * self-signed}); clients trust {@link #trustPem()}, the CA's PEM file.
   */
  public static TlsConfig selfSigned(Path dir, String... hosts) {
    TestPki pki = TestPki.create(dir, "self-signed");
    TestPki.Issued server = pki.server(hosts).validFor(java.time.Duration.ofDays(365)).write();
    return new TlsConfig(
        server.privateKey(), server.chain(), List.of(), Provider.AUTO, pki.caPem());
  }

  /**
   * Mutual TLS: clients must present a certificate chaining to one of the CAs in this PEM file
   * (client auth REQUIRE).
   */
  public TlsConfig withClientCa(Path caPem) {
    return withClientCa(readCertificates(caPem));
  }

  /** Mutual TLS: clients must present a certificate chaining to one of these CAs. */
  public TlsConfig withClientCa(X509Certificate... cas) {
    return withClientCa(Arrays.asList(cas));
  }

  /** Mutual TLS: clients must present a certificate chaining to one of these CAs. */
  public TlsConfig withClientCa(List<X509Certificate> cas) {
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("mutual TLS needs at least one client CA certificate");
    }
    return new TlsConfig(key, chain, cas, provider, trustPem);
  }

  /** The TLS implementation (default {@link Provider#AUTO}). */
  public TlsConfig withProvider(Provider newProvider) {
    return new TlsConfig(key, chain, clientCas, newProvider, trustPem);
  }

  /** The certificate chain served, the server's certificate first. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  public PrivateKey privateKey() {
    return key;
  }

  /** The CAs client certificates must chain to; empty without mutual TLS. */
  public List<X509Certificate> clientCas() {
    return clientCas;
  }

  /** Whether clients must present a certificate. */
  public boolean mutualTls() {
    return !clientCas.isEmpty();
  }

  public Provider provider() {
    return provider;
  }

  /** For {@link #selfSigned}: the PEM file of the CA clients should trust. */
  public Optional<Path> trustPem() {
    return Optional.ofNullable(trustPem);
  }

  /** The Netty provider {@link #provider()} resolves to on this class path. */
  public SslProvider nettyProvider() {
    switch (provider) {
      case JDK:
        return SslProvider.JDK;
      case OPENSSL:
        return SslProvider.OPENSSL;
      default:
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
  }

  /** The REST listener's context: HTTP/1.1 (announced by ALPN). */
  public SslContext restContext() throws SSLException {
    SslContextBuilder b =
        SslContextBuilder.forServer(key, chain)
            .sslProvider(nettyProvider())
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_1_1));
    return clientAuth(b).build();
  }

  /** The gRPC listener's context: HTTP/2 by ALPN, with gRPC's cipher suites. */
  public SslContext grpcContext() throws SSLException {
    SslContextBuilder b =
        GrpcSslContexts.configure(SslContextBuilder.forServer(key, chain), nettyProvider());
    return clientAuth(b).build();
  }

  private SslContextBuilder clientAuth(SslContextBuilder b) {
    if (mutualTls()) {
      b.trustManager(clientCas).clientAuth(ClientAuth.REQUIRE);
    }
    return b;
  }

  @Override
  public String toString() {
    return "TLS "
        + chain.get(0).getSubjectX500Principal().getName()
        + (mutualTls() ? ", client certificates required" : "")
        + " ("
        + provider
        + ")";
  }

  // ---------------------------------------------------------------- PEM

  private static List<X509Certificate> readCertificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(pem + " holds no PEM certificate");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read certificates from " + pem + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          pem + " is not a PEM certificate (chain): " + e.getMessage(), e);
    }
  }

  private static PrivateKey readPrivateKey(Path pem) {
    try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo) {
          return converter.getPrivateKey((PrivateKeyInfo) o);
        }
        if (o instanceof PEMKeyPair) {
          return converter.getKeyPair((PEMKeyPair) o).getPrivate();
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
          throw new IllegalArgumentException(
              pem + " holds an encrypted private key; give it unencrypted (PKCS#8)");
        }
      }
      throw new IllegalArgumentException(pem + " holds no PEM private key");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read a private key from " + pem + ": " + e, e);
    }
  }
}
