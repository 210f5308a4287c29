/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.servermetrics.TargetConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Prometheus / OpenMetrics endpoint scraped during the run (NVIDIA's DCGM exporter, Triton's
 * {@code /metrics}, vLLM's, node exporter...), its series stored in {@code ml-summary.json} on the
 * same clock as the client's. Immutable: every method returns a new target.
 *
 * <pre>{@code
 * ml.restBaseUrl("http://triton:8000")
 *     .scrape("http://triton:8002/metrics")
 *     .scrape(ScrapeTarget.of("http://dcgm:9400/metrics").name("gpu").label("gpu", "0"));
 * }</pre>
 *
 * <p>Counters become rates per second, histograms per-interval quantiles (p50, p99), gauges stay as
 * they are. The well-known series (DCGM GPU utilization, memory and power; Triton queue and compute
 * time per request and pending requests; vLLM running and waiting requests and KV-cache usage;
 * process CPU) are always kept; {@link #series} adds others.
 */
public final class ScrapeTarget {
  private final TargetConfig config;

  private ScrapeTarget(TargetConfig config) {
    this.config = config;
  }

  /**
   * A target scraping this URL, e.g. {@code "http://localhost:9400/metrics"}; {@code https://} uses
   * the protocol's TLS settings, and {@code user:password@} in the URL basic authentication.
   *
   * @param url the metrics URL
   * @return the target, named by its URL
   * @throws IllegalArgumentException if it is not an http(s) URL
   */
  public static ScrapeTarget of(String url) {
    return new ScrapeTarget(TargetConfig.of(url));
  }

  /**
   * Its name in {@code ml-summary.json} (default: the URL, credentials removed).
   *
   * @param name a name, unique among the run's targets
   * @return a new target
   */
  public ScrapeTarget name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a scrape target's name must not be blank");
    }
    return new ScrapeTarget(config.withName(name));
  }

  /**
   * Time between two scrapes (default: the time-series interval, 1 s).
   *
   * @param interval a positive duration
   * @return a new target
   */
  public ScrapeTarget interval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    return new ScrapeTarget(config.withInterval(interval));
  }

  /**
   * Time allowed for one scrape, connection included (default: the interval, at most 5 s); a scrape
   * that takes longer is counted as a {@code timeout}.
   *
   * @param timeout a positive duration
   * @return a new target
   */
  public ScrapeTarget timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return new ScrapeTarget(config.withTimeout(timeout));
  }

  /**
   * Keeps these metrics besides the well-known ones: names, or regular expressions that must match
   * the whole name, e.g. {@code series("nv_inference_.*", "node_network_receive_bytes_total")}.
   *
   * @param namesOrRegex metric names or regular expressions (a histogram's or summary's family name
   *     keeps all its series)
   * @return a new target
   */
  public ScrapeTarget series(String... namesOrRegex) {
    return new ScrapeTarget(config.withSeries(Arrays.asList(namesOrRegex)));
  }

  /**
   * Keeps only the series whose label {@code name} fully matches {@code valueRegex} (a series
   * without that label has it empty), e.g. {@code label("gpu", "0|1")} or {@code label("model",
   * "add_sub")}. Applies to the well-known series too.
   *
   * @param name a label name
   * @param valueRegex a regular expression
   * @return a new target
   */
  public ScrapeTarget label(String name, String valueRegex) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueRegex, "valueRegex");
    return new ScrapeTarget(config.withLabel(name, valueRegex));
  }

  /**
   * A header sent with every scrape, e.g. {@code header("Authorization", "Bearer abc")}. The
   * protocol's own static headers are sent too when the target is on one of the protocol's hosts
   * (and only then, so that its credentials never reach another host).
   *
   * @param name the header's name
   * @param value its value
   * @return a new target
   */
  public ScrapeTarget header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return new ScrapeTarget(config.withHeader(name, value));
  }

  TargetConfig config() {
    return config;
  }
}
