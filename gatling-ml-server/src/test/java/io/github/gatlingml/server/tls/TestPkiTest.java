/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TestPkiTest {
  @TempDir Path dir;

  @Test
  void serverCertificateIsSignedByTheCaForTheGivenNames() throws Exception {
    TestPki pki = TestPki.create(dir);
    TestPki.Issued server = pki.server().write();

    X509Certificate cert = server.certificate();
    cert.verify(pki.caCertificate().getPublicKey());
    cert.checkValidity();
    assertThat(sans(cert)).containsExactly("127.0.0.1", "localhost");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(pki.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(server.chain()).containsExactly(cert, pki.caCertificate());

    assertThat(pki.caPem()).isEqualTo(dir.resolve("test-ca.pem"));
    assertThat(server.certPem()).isEqualTo(dir.resolve("test-server.pem"));
    assertThat(server.chainPem()).isEqualTo(dir.resolve("test-server-chain.pem"));
    assertThat(server.keyPem()).isEqualTo(dir.resolve("test-server-key.pem"));
    assertThat(Files.readString(server.keyPem())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(server.chainPem()).split("BEGIN CERTIFICATE")).hasSize(3);
    // The PEM files read back as the same key and chain.
    TlsConfig fromPem = TlsConfig.fromPem(server.chainPem(), server.keyPem());
    assertThat(fromPem.certificateChain()).containsExactly(cert, pki.caCertificate());
    assertThat(fromPem.privateKey().getEncoded()).isEqualTo(server.privateKey().getEncoded());
  }

  @Test
  void expiredWrongHostAndUntrustedCertificates() throws Exception {
    TestPki pki = TestPki.create(dir);
    X509Certificate expired = pki.server().named("expired").expired().write().certificate();
    assertThatThrownBy(expired::checkValidity).isInstanceOf(CertificateExpiredException.class);

    X509Certificate shortLived = pki.server().validFor(Duration.ofMinutes(5)).issue().certificate();
    assertThat(shortLived.getNotAfter().getTime() - System.currentTimeMillis())
        .isBetween(4 * 60_000L, 5 * 60_000L + 1000);

    TestPki.Issued wrongHost = pki.server("other.example").named("wrong-host").write();
    assertThat(sans(wrongHost.certificate())).containsExactly("other.example");

    TestPki rogue = pki.otherCa("rogue");
    TestPki.Issued untrusted = rogue.server().write();
    assertThat(untrusted.certPem()).isEqualTo(dir.resolve("rogue-server.pem"));
    assertThat(rogue.caPem()).isEqualTo(dir.resolve("rogue-ca.pem"));
    assertThatThrownBy(() -> untrusted.certificate().verify(pki.caCertificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void clientCertificateComesAsPemAndPkcs12() throws Exception {
    TestPki pki = TestPki.create(dir, "mtls", TestPki.KeyAlgorithm.RSA_2048);
    TestPki.Issued client = pki.client("load-generator").pkcs12Password("secret").write();

    assertThat(client.certificate().getSubjectX500Principal().getName())
        .contains("CN=load-generator");
    assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(client.privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(client.pkcs12()).isEqualTo(dir.resolve("mtls-client.p12"));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(client.pkcs12())) {
      ks.load(in, "secret".toCharArray());
    }
    assertThat(ks.getKey("key", "secret".toCharArray()).getEncoded())
        .isEqualTo(client.privateKey().getEncoded());
    assertThat(ks.getCertificateChain("key")).hasSize(2);

    Path trust = pki.caTrustStore("changeit");
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trust)) {
      ts.load(in, "changeit".toCharArray());
    }
    assertThat(ts.getCertificate("ca")).isEqualTo(pki.caCertificate());
  }

  @Test
  void refusesNamesThatCannotNameFiles() {
    assertThatThrownBy(() -> TestPki.create(dir, "../escape"))
        .isInstanceOf(IllegalArgumentException.class);
    TestPki pki = TestPki.create(dir);
    assertThatThrownBy(() -> pki.server().named("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pki.otherCa("test")).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> sans(X509Certificate cert) throws Exception {
    List<String> out = new ArrayList<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      out.add((String) san.get(1));
    }
    return out;
  }
}
