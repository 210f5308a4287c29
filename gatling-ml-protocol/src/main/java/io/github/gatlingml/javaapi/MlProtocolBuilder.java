/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.gatling.El;
import io.github.gatlingml.internal.gatling.MlProtocolAdapter;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.protocol.SetupException;
import io.github.gatlingml.internal.transport.TlsSettings;
import java.time.Duration;
import java.util.function.Function;

/**
 * Configures the {@code ml} protocol: where the inference server is and how to talk to it.
 * Immutable: every method returns a new builder and leaves this one unchanged.
 *
 * <pre>{@code
 * MlProtocolBuilder kserve = ml.restBaseUrl("http://localhost:8000").grpcTarget("localhost:8001")
 *     .model("add_sub").header("Authorization", "Bearer #{token}");
 * }</pre>
 */
public final class MlProtocolBuilder implements ProtocolBuilder {
  static final MlProtocolBuilder DEFAULT = new MlProtocolBuilder(ProtocolSpec.DEFAULT);

  private final ProtocolSpec spec;

  private MlProtocolBuilder(ProtocolSpec spec) {
    this.spec = spec;
  }

  /**
   * The KServe v2 REST endpoint, e.g. {@code "http://localhost:8000"}, or {@code
   * "https://models.example.com"} for TLS (trusting the JVM's trust store unless {@link
   * #trustedCaPem} says otherwise).
   */
  public MlProtocolBuilder restBaseUrl(String url) {
    return new MlProtocolBuilder(spec.withRestBaseUrl(url));
  }

  /**
   * The gRPC endpoint, {@code "host:port"}, e.g. {@code "localhost:8001"}; {@code
   * "grpcs://host:port"} turns TLS on, like {@link #grpcTls()}.
   */
  public MlProtocolBuilder grpcTarget(String target) {
    return new MlProtocolBuilder(spec.withGrpcTarget(target));
  }

  /**
   * The transport of {@code infer(...)} requests that do not choose one. Default: gRPC (raw
   * contents) when a gRPC target is set, else REST JSON. Server requests ({@code serverLive(...)}
   * and the like) go over gRPC when this is a gRPC transport, else over REST.
   */
  public MlProtocolBuilder transport(InferTransport t) {
    return new MlProtocolBuilder(spec.withTransport(java.util.Objects.requireNonNull(t, "t")));
  }

  /**
   * The API of {@code generate(...)} requests that do not choose one. Default: OpenAI chat
   * completions when a REST URL is set, else gRPC {@code ModelStreamInfer}.
   */
  public MlProtocolBuilder generationApi(GenerationApi api) {
    return new MlProtocolBuilder(
        spec.withGenerationApi(java.util.Objects.requireNonNull(api, "api")));
  }

  /**
   * gRPC over TLS (default: plaintext HTTP/2), with the same trust and client certificate as
   * https:// REST.
   */
  public MlProtocolBuilder grpcTls() {
    return new MlProtocolBuilder(spec.withGrpcTls(true));
  }

  /**
   * Trusts the CAs of this PEM file instead of the JVM's trust store, for https:// and TLS gRPC,
   * e.g. {@code trustedCaPem("certs/ca.pem")} for a cluster's private CA.
   */
  public MlProtocolBuilder trustedCaPem(String path) {
    TlsSettings t = spec.tls();
    return new MlProtocolBuilder(
        spec.withTls(
            new TlsSettings(
                path,
                t.certPem(),
                t.keyPem(),
                t.keyPassword(),
                t.keyStore(),
                t.keyStorePassword(),
                t.serverName(),
                t.insecure())));
  }

  /**
   * Presents this client certificate (mTLS): a PEM certificate chain and its PEM private key
   * (PKCS#8, unencrypted).
   */
  public MlProtocolBuilder clientCertificatePem(String certificatePath, String keyPath) {
    return clientCertificatePem(certificatePath, keyPath, null);
  }

  /**
   * Presents this client certificate (mTLS): a PEM certificate chain and its encrypted PKCS#8 PEM
   * private key with its password.
   */
  public MlProtocolBuilder clientCertificatePem(
      String certificatePath, String keyPath, String keyPassword) {
    TlsSettings t = spec.tls();
    return new MlProtocolBuilder(
        spec.withTls(
            new TlsSettings(
                t.caPem(),
                certificatePath,
                keyPath,
                keyPassword,
                null,
                null,
                t.serverName(),
                t.insecure())));
  }

  /** Presents the client certificate of this PKCS#12 file (mTLS), opened with its password. */
  public MlProtocolBuilder clientKeyStore(String pkcs12Path, String password) {
    TlsSettings t = spec.tls();
    return new MlProtocolBuilder(
        spec.withTls(
            new TlsSettings(
                t.caPem(), null, null, null, pkcs12Path, password, t.serverName(), t.insecure())));
  }

  /**
   * Verifies the server's certificate against this name, and sends it as SNI (and as the gRPC
   * authority), instead of the target's host: for a server reached by address or through a tunnel.
   */
  public MlProtocolBuilder tlsServerName(String name) {
    TlsSettings t = spec.tls();
    return new MlProtocolBuilder(
        spec.withTls(
            new TlsSettings(
                t.caPem(),
                t.certPem(),
                t.keyPem(),
                t.keyPassword(),
                t.keyStore(),
                t.keyStorePassword(),
                name,
                t.insecure())));
  }

  /**
   * Trusts any server certificate and checks no host name: for a test server with a throw-away
   * certificate only. The run prints a warning at start.
   */
  public MlProtocolBuilder insecureTls() {
    TlsSettings t = spec.tls();
    return new MlProtocolBuilder(
        spec.withTls(
            new TlsSettings(
                t.caPem(),
                t.certPem(),
                t.keyPem(),
                t.keyPassword(),
                t.keyStore(),
                t.keyStorePassword(),
                t.serverName(),
                true)));
  }

  /** The model of requests that do not name one. */
  public MlProtocolBuilder model(String name) {
    return new MlProtocolBuilder(spec.withModel(name));
  }

  /** The model version of requests that do not name one (default: the server's choice). */
  public MlProtocolBuilder modelVersion(String v) {
    return new MlProtocolBuilder(spec.withVersion(v));
  }

  /**
   * A header (REST) and metadata entry (gRPC, name lower-cased) sent with every request; the value
   * may use Gatling EL, e.g. {@code header("Authorization", "Bearer #{token}")}. A value that
   * cannot be resolved (a missing attribute) makes that request a KO "request not built".
   */
  public MlProtocolBuilder header(String name, String value) {
    return new MlProtocolBuilder(
        spec.withHeader(
            new MlProtocol.Header(
                name, El.compile(value, String.class), El.isDynamic(value), value)));
  }

  /** A header whose value a function computes from the session. */
  public MlProtocolBuilder header(String name, Function<Session, String> value) {
    return new MlProtocolBuilder(spec.withHeader(new MlProtocol.Header(name, value, true, null)));
  }

  /** Time allowed per request from hand-over to the complete response (default 60 s). */
  public MlProtocolBuilder requestTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + timeout);
    }
    return new MlProtocolBuilder(spec.withRequestTimeout(timeout));
  }

  /**
   * Shared HTTP connections each Gatling event loop may open (default 1024); requests beyond wait
   * for a free connection, and that wait counts in their latency, so keep it above the number of
   * requests in flight (streams hold a connection for their whole generation).
   */
  public MlProtocolBuilder httpConnectionsPerEventLoop(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "httpConnectionsPerEventLoop must be at least 1, got " + n);
    }
    return new MlProtocolBuilder(spec.withHttpConnections(n));
  }

  /**
   * Shared gRPC channels (HTTP/2 connections) per Gatling event loop (default 2). More than one
   * spreads the loop's users over several connections, so that a server or proxy limiting
   * concurrent streams per connection does not queue requests in the client; on loopback 1 and 2
   * cost the same (see docs/tuning.md).
   */
  public MlProtocolBuilder grpcChannelsPerEventLoop(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("grpcChannelsPerEventLoop must be at least 1, got " + n);
    }
    return new MlProtocolBuilder(spec.withGrpcChannels(n));
  }

  /** One HTTP connection and one gRPC channel per virtual user, like independent clients. */
  public MlProtocolBuilder connectionPerUser() {
    return new MlProtocolBuilder(spec.withPerUser(true));
  }

  /** Connections shared by the virtual users (the default). */
  public MlProtocolBuilder sharedConnections() {
    return new MlProtocolBuilder(spec.withPerUser(false));
  }

  /** Largest response accepted, in bytes (default 64 MiB); larger ones are KOs. */
  public MlProtocolBuilder maxResponseBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive, got " + bytes);
    }
    return new MlProtocolBuilder(spec.withMaxResponseBytes(bytes));
  }

  /**
   * Where to write {@code ml-summary.json} (a file, or a folder to put it in). Default: next to
   * Gatling's report of the run.
   */
  public MlProtocolBuilder summaryPath(String path) {
    return new MlProtocolBuilder(spec.withSummaryPath(path));
  }

  /**
   * Scrapes this Prometheus / OpenMetrics endpoint during the run, every time-series interval (1
   * s), and stores its series in {@code ml-summary.json} beside the client's, e.g. {@code
   * scrape("http://localhost:8002/metrics")}. Repeatable. A target that is down, slow or answers
   * garbage is counted with its reason and never fails the run. See {@link ScrapeTarget} for the
   * options.
   *
   * @param url the metrics URL
   * @return a new builder
   */
  public MlProtocolBuilder scrape(String url) {
    return scrape(ScrapeTarget.of(url));
  }

  /**
   * Scrapes this target during the run, e.g. {@code scrape(ScrapeTarget.of(url).name("gpu")
   * .interval(Duration.ofSeconds(5)))}. Repeatable.
   *
   * @param target the target
   * @return a new builder
   * @throws IllegalArgumentException if another target has the same name
   */
  public MlProtocolBuilder scrape(ScrapeTarget target) {
    java.util.Objects.requireNonNull(target, "target");
    return new MlProtocolBuilder(
        spec.withServerMetrics(spec.serverMetrics().withTarget(target.config())));
  }

  /**
   * Fetches Triton's ModelStatistics of every model at the start and at the end of the run (over
   * gRPC when the protocol's transport is gRPC, else REST {@code /v2/models/stats}), so the summary
   * shows, per model, the server's own counts and its queue and compute time per request beside the
   * client's latency.
   *
   * @return a new builder
   */
  public MlProtocolBuilder modelStatistics() {
    return new MlProtocolBuilder(
        spec.withServerMetrics(spec.serverMetrics().withModelStatistics(java.util.List.of())));
  }

  /**
   * Like {@link #modelStatistics()}, for these models only, e.g. {@code
   * modelStatistics("add_sub")}.
   *
   * @param models model names
   * @return a new builder
   */
  public MlProtocolBuilder modelStatistics(String... models) {
    for (String m : models) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException(
            "modelStatistics(...): a model name is blank; name the models, or call"
                + " modelStatistics() for all");
      }
    }
    return new MlProtocolBuilder(
        spec.withServerMetrics(
            spec.serverMetrics().withModelStatistics(java.util.Arrays.asList(models))));
  }

  /**
   * The validated configuration; a mistake in it is a {@link SetupException}, printed as its
   * message alone when the simulation starts.
   */
  MlProtocol build() {
    try {
      return spec.toProtocol();
    } catch (SetupException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new SetupException(e.getMessage());
    }
  }

  @Override
  public Protocol protocol() {
    return new MlProtocolAdapter(build());
  }
}
