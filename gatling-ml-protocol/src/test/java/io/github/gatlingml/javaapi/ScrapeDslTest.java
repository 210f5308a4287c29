/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static io.github.gatlingml.javaapi.MlDsl.ml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.servermetrics.ServerMetricsConfig;
import io.github.gatlingml.internal.servermetrics.TargetConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** scrape(...) and modelStatistics(...): what they configure and how they refuse mistakes. */
class ScrapeDslTest {
  private static final MlProtocolBuilder BASE = ml.restBaseUrl("http://localhost:8000");

  @Test
  void targetsAndModelStatisticsSurviveLaterCalls() {
    MlProtocol p =
        BASE.scrape("http://user:secret-pw@localhost:8002/metrics")
            .scrape(
                ScrapeTarget.of("https://dcgm:9400/metrics")
                    .name("gpu")
                    .interval(Duration.ofSeconds(5))
                    .timeout(Duration.ofSeconds(2))
                    .series("DCGM_.*")
                    .label("gpu", "0"))
            .modelStatistics("add_sub")
            .model("add_sub")
            .requestTimeout(Duration.ofSeconds(3))
            .build();
    ServerMetricsConfig c = p.serverMetrics();
    assertThat(c.modelStatistics()).isTrue();
    assertThat(c.models()).isEqualTo(Set.of("add_sub"));
    assertThat(c.targets()).hasSize(2);
    TargetConfig first = c.targets().get(0);
    assertThat(first.name())
        .as("no credentials in the name")
        .isEqualTo("http://localhost:8002/metrics");
    TargetConfig gpu = c.targets().get(1);
    assertThat(gpu.name()).isEqualTo("gpu");
    assertThat(gpu.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(gpu.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(gpu.series()).isEqualTo(List.of("DCGM_.*"));
    assertThat(gpu.labels()).isEqualTo(Map.of("gpu", "0"));
    assertThat(BASE.build().serverMetrics().any()).isFalse();
  }

  @Test
  void mistakesAreNamedWithTheirFix() {
    assertThatThrownBy(() -> ScrapeTarget.of("ftp://host/metrics"))
        .hasMessage(
            "scrape('ftp://host/metrics') must look like http://host:port/metrics or"
                + " https://host:port/metrics");
    assertThatThrownBy(() -> ScrapeTarget.of("http://bad host/metrics"))
        .hasMessageStartingWith("scrape('http://bad host/metrics') is not a URL");
    assertThatThrownBy(() -> ScrapeTarget.of("http://h/metrics").series("nv_(inference"))
        .hasMessageStartingWith("series 'nv_(inference' is not a regular expression");
    assertThatThrownBy(() -> ScrapeTarget.of("http://h/metrics").interval(Duration.ZERO))
        .hasMessage("scrape interval of http://h/metrics must be positive, got PT0S");
    assertThatThrownBy(() -> BASE.scrape("http://h/metrics").scrape("http://h/metrics"))
        .hasMessage(
            "two scrape targets are named 'http://h/metrics': give one of them another"
                + " .name(...)");
    assertThatThrownBy(() -> BASE.modelStatistics(" "))
        .hasMessageStartingWith("modelStatistics(...): a model name is blank");
  }
}
