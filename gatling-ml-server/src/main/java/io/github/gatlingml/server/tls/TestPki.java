/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away public key infrastructure for tests and demos, generated at run time (nothing is
 * ever committed): a certificate authority, server certificates it signs (valid, expired, for
 * another host name...) and client certificates for mutual TLS, each written as PEM files and a
 * PKCS#12 keystore.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(dir);                       // dir/test-ca.pem
 * TestPki.Issued server = pki.server("127.0.0.1", "localhost").write();
 * TestPki.Issued expired = pki.server().named("expired").expired().write();
 * TestPki.Issued wrongHost = pki.server("other.example").named("wrong-host").write();
 * TestPki.Issued client = pki.client("load-generator").write();  // PEM + PKCS#8 key + .p12
 * TestPki.Issued untrusted = pki.otherCa("rogue").server().write();
 *
 * InferenceServer.start(ServerConfig.onFreePorts()
 *     .withTls(server.serverTls().withClientCa(pki.caPem())));
 * // clients trust pki.caPem() (or pki.caTrustStore("changeit")), present client.pkcs12()
 * }</pre>
 *
 * <p>Files are named after the PKI's label and the certificate's name: {@code <label>-ca.pem},
 * {@code <label>-<name>.pem} (the certificate), {@code <label>-<name>-chain.pem} (certificate then
 * CA), {@code <label>-<name>-key.pem} (unencrypted PKCS#8), {@code <label>-<name>.p12} (key and
 * chain, under {@link #DEFAULT_PASSWORD} unless {@link Builder#pkcs12Password} says otherwise).
 * Keys are EC P-256 unless {@link KeyAlgorithm#RSA_2048} is asked for. Failures of the JDK's crypto
 * or of the file system are thrown unchecked ({@link IllegalStateException}, {@link
 * UncheckedIOException}). Instances are thread-safe.
 */
public final class TestPki {
  /** Password of the PKCS#12 files unless another is given. */
  public static final String DEFAULT_PASSWORD = "changeit";

  /** The key pairs generated. */
  public enum KeyAlgorithm {
    /** ECDSA on NIST P-256, signed with SHA256withECDSA: fast to generate. */
    EC_P256,
    /** RSA 2048, signed with SHA256withRSA: for clients that only take RSA. */
    RSA_2048
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Path dir;
  private final String label;
  private final KeyAlgorithm algorithm;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final Path caPem;

  private TestPki(Path dir, String label, KeyAlgorithm algorithm) {
    if (!label.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "a PKI label names files: letters, digits, '.', '_' or '-', got '" + label + "'");
    }
    this.dir = dir;
    this.label = label;
    this.algorithm = algorithm;
    this.caKeys = generateKeys(algorithm);
    Instant now = Instant.now();
    X500Name name = name("gatling-ml " + label + " CA");
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              caKeys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(caKeys.getPublic()));
      this.ca = sign(b, caKeys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the test CA: " + e, e);
    }
    try {
      Files.createDirectories(dir);
      this.caPem = dir.resolve(label + "-ca.pem");
      Files.writeString(caPem, pem("CERTIFICATE", encoded(ca)), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test CA into " + dir, e);
    }
  }

  /** A new CA labelled {@code test}, its certificate written to {@code dir/test-ca.pem}. */
  public static TestPki create(Path dir) {
    return create(dir, "test");
  }

  /** A new CA whose files in {@code dir} start with {@code label} (letters, digits, . _ -). */
  public static TestPki create(Path dir, String label) {
    return create(dir, label, KeyAlgorithm.EC_P256);
  }

  /** A new CA with keys of the given algorithm (for the CA and every certificate it issues). */
  public static TestPki create(Path dir, String label, KeyAlgorithm algorithm) {
    return new TestPki(dir, label, algorithm);
  }

  /**
   * Another, unrelated CA in the same directory: what it issues is untrusted by clients that trust
   * this one (e.g. {@code pki.otherCa("rogue").server().write()}).
   */
  public TestPki otherCa(String otherLabel) {
    if (otherLabel.equals(label)) {
      throw new IllegalArgumentException("the other CA needs another label than '" + label + "'");
    }
    return new TestPki(dir, otherLabel, algorithm);
  }

  /** The directory the files go to. */
  public Path directory() {
    return dir;
  }

  /** The label that starts this PKI's file names. */
  public String label() {
    return label;
  }

  /** The CA certificate (self-signed): what clients and an mTLS server trust. */
  public X509Certificate caCertificate() {
    return ca;
  }

  /** The CA certificate as a PEM file, {@code <label>-ca.pem}. */
  public Path caPem() {
    return caPem;
  }

  /**
   * Writes {@code <label>-ca-truststore.p12}: a PKCS#12 trust store holding the CA certificate
   * (alias {@code ca}), for clients configured with a trust store rather than a PEM file.
   */
  public Path caTrustStore(String password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      Path file = dir.resolve(label + "-ca-truststore.p12");
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the trust store: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trust store into " + dir, e);
    }
  }

  /**
   * A server certificate for these host names and IP addresses (its subject alternative names; the
   * first is also its common name); none means {@code 127.0.0.1} and {@code localhost}. Named
   * {@code server} unless {@link Builder#named} says otherwise; valid for a day from an hour ago.
   */
  public Builder server(String... hosts) {
    List<String> names = hosts.length == 0 ? List.of("127.0.0.1", "localhost") : List.of(hosts);
    return new Builder(true, names, "server");
  }

  /**
   * A client certificate (extended key usage clientAuth) with this common name, for mutual TLS.
   * Named {@code client} unless {@link Builder#named} says otherwise.
   */
  public Builder client(String commonName) {
    return new Builder(false, List.of(commonName), "client");
  }

  /** What a certificate will be: validity, file name, PKCS#12 password. Not thread-safe. */
  public final class Builder {
    private final boolean server;
    private final List<String> names;
    private String fileName;
    private Instant notBefore;
    private Instant notAfter;
    private String password = DEFAULT_PASSWORD;

    private Builder(boolean server, List<String> names, String fileName) {
      for (String n : names) {
        if (n == null || n.isBlank()) {
          throw new IllegalArgumentException("a certificate name cannot be blank");
        }
      }
      this.server = server;
      this.names = names;
      this.fileName = fileName;
      Instant now = Instant.now();
      this.notBefore = now.minus(Duration.ofHours(1));
      this.notAfter = now.plus(Duration.ofDays(1));
    }

    /** Valid from an hour ago (clock skew) until {@code validity} from now. */
    public Builder validFor(Duration validity) {
      Instant now = Instant.now();
      return validBetween(now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    /** Valid in exactly this window (a window in the past makes an expired certificate). */
    public Builder validBetween(Instant from, Instant until) {
      if (!until.isAfter(from)) {
        throw new IllegalArgumentException(
            "a validity must end after it starts: " + from + " .. " + until);
      }
      this.notBefore = from;
      this.notAfter = until;
      return this;
    }

    /** Expired yesterday (valid from two days ago to one day ago). */
    public Builder expired() {
      Instant now = Instant.now();
      return validBetween(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    }

    /** Not valid before tomorrow. */
    public Builder notYetValid() {
      Instant now = Instant.now();
      return validBetween(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    }

    /** The name in its file names, {@code <label>-<name>...} (letters, digits, . _ -). */
    public Builder named(String name) {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "a certificate's name names files: letters, digits, '.', '_' or '-', got '"
                + name
                + "'");
      }
      this.fileName = name;
      return this;
    }

    /** Password of the PKCS#12 file and of the in-memory {@link Issued#keyStore()}. */
    public Builder pkcs12Password(String newPassword) {
      this.password = newPassword;
      return this;
    }

    /** Issues the certificate in memory only (the {@code Issued}'s paths are then null). */
    public Issued issue() {
      KeyPair keys = generateKeys(algorithm);
      try {
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                ca,
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                name(names.get(0)),
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature;
        if (algorithm == KeyAlgorithm.RSA_2048) {
          usage |= KeyUsage.keyEncipherment;
        }
        b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        b.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        if (server) {
          List<GeneralName> sans = new ArrayList<>();
          for (String n : names) {
            sans.add(
                isIpAddress(n)
                    ? new GeneralName(GeneralName.iPAddress, n)
                    : new GeneralName(GeneralName.dNSName, n));
          }
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        X509Certificate cert = sign(b, caKeys.getPrivate());
        return new Issued(cert, keys.getPrivate(), List.of(cert, ca), password, null);
      } catch (GeneralSecurityException | CertIOException e) {
        throw new IllegalStateException("cannot issue a certificate for " + names + ": " + e, e);
      }
    }

    /** Issues the certificate and writes its PEM files and PKCS#12 keystore. */
    public Issued write() {
      Issued issued = issue();
      String base = label + "-" + fileName;
      Written files =
          new Written(
              dir.resolve(base + ".pem"),
              dir.resolve(base + "-chain.pem"),
              dir.resolve(base + "-key.pem"),
              dir.resolve(base + ".p12"));
      try {
        Files.writeString(
            files.cert, pem("CERTIFICATE", encoded(issued.certificate)), StandardCharsets.US_ASCII);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : issued.chain) {
          chain.append(pem("CERTIFICATE", encoded(c)));
        }
        Files.writeString(files.chain, chain, StandardCharsets.US_ASCII);
        Files.writeString(
            files.key,
            pem("PRIVATE KEY", issued.privateKey.getEncoded()),
            StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(files.pkcs12)) {
          issued.keyStore().store(out, password.toCharArray());
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot write the PKCS#12 keystore: " + e, e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write certificate files into " + dir, e);
      }
      return new Issued(issued.certificate, issued.privateKey, issued.chain, password, files);
    }
  }

  private record Written(Path cert, Path chain, Path key, Path pkcs12) {}

  /** An issued certificate and its key, with the files {@link Builder#write()} wrote. */
  public static final class Issued {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final String password;
    private final Written files;

    private Issued(
        X509Certificate certificate,
        PrivateKey privateKey,
        List<X509Certificate> chain,
        String password,
        Written files) {
      this.certificate = certificate;
      this.privateKey = privateKey;
      this.chain = chain;
      this.password = password;
      this.files = files;
    }

    public X509Certificate certificate() {
      return certificate;
    }

    public PrivateKey privateKey() {
      return privateKey;
    }

    /** The certificate, then the CA that signed it. */
    public List<X509Certificate> chain() {
      return chain;
    }

    /** {@code <label>-<name>.pem}: the certificate alone; null if only issued in memory. */
    public Path certPem() {
      return files == null ? null : files.cert;
    }

    /** {@code <label>-<name>-chain.pem}: the certificate then its CA; null if in memory only. */
    public Path chainPem() {
      return files == null ? null : files.chain;
    }

    /** {@code <label>-<name>-key.pem}: the private key, unencrypted PKCS#8; null if in memory. */
    public Path keyPem() {
      return files == null ? null : files.key;
    }

    /** {@code <label>-<name>.p12}: key and chain under alias {@code key}; null if in memory. */
    public Path pkcs12() {
      return files == null ? null : files.pkcs12;
    }

    /** The password of {@link #pkcs12()} and {@link #keyStore()}. */
    public String pkcs12Password() {
      return password;
    }

    /** A PKCS#12 keystore holding the key and chain under alias {@code key}. */
    public KeyStore keyStore() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "key", privateKey, password.toCharArray(), chain.toArray(new X509Certificate[0]));
        return ks;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot build the keystore: " + e, e);
      }
    }

    /** The embedded server's TLS settings serving this certificate (add a client CA for mTLS). */
    public TlsConfig serverTls() {
      return TlsConfig.of(privateKey, chain);
    }
  }

  // ---------------------------------------------------------------- helpers

  static boolean isIpAddress(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  private static KeyPair generateKeys(KeyAlgorithm algorithm) {
    try {
      if (algorithm == KeyAlgorithm.RSA_2048) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key pair: " + e, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
      throws GeneralSecurityException {
    String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + algorithm, e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "gatling-ml")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text: base64 in 64-character lines between BEGIN and END markers. */
  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
