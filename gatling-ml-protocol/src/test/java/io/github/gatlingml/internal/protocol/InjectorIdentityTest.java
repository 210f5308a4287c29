/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.metrics.RunSummary.Distribution;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** System properties first, then the environment, then Kubernetes' JOB_COMPLETION_INDEX. */
class InjectorIdentityTest {
  private static Distribution of(Map<String, String> props, Map<String, String> env) {
    return InjectorIdentity.distribution(props::get, env::get);
  }

  @Test
  void propertiesWinOverTheEnvironment() {
    assertThat(
            of(
                Map.of("gatling.ml.injectorIndex", "1", "gatling.ml.injectorCount", "3"),
                Map.of("GATLING_ML_INJECTOR_INDEX", "2", "GATLING_ML_INJECTOR_COUNT", "4")))
        .isEqualTo(new Distribution(1, 3));
    assertThat(
            InjectorIdentity.runId(
                Map.of("gatling.ml.runId", "p")::get, Map.of("GATLING_ML_RUN_ID", "e")::get))
        .isEqualTo("p");
    assertThat(
            InjectorIdentity.runId(
                Map.<String, String>of()::get, Map.of("GATLING_ML_RUN_ID", "e")::get))
        .isEqualTo("e");
  }

  @Test
  void theIndexFallsBackToTheIndexedJobs() {
    assertThat(of(Map.of(), Map.of("GATLING_ML_INJECTOR_COUNT", "4", "JOB_COMPLETION_INDEX", "3")))
        .isEqualTo(new Distribution(3, 4));
    assertThat(
            of(
                Map.of(),
                Map.of(
                    "GATLING_ML_INJECTOR_COUNT", "4",
                    "GATLING_ML_INJECTOR_INDEX", "0",
                    "JOB_COMPLETION_INDEX", "3")))
        .isEqualTo(new Distribution(0, 4));
  }

  @Test
  void withoutACountTheRunIsOnOneInjector() {
    assertThat(of(Map.of(), Map.of("JOB_COMPLETION_INDEX", "3"))).isNull();
  }

  @Test
  void inconsistentSettingsAreNamed() {
    assertThatThrownBy(() -> of(Map.of("gatling.ml.injectorCount", "3"), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JOB_COMPLETION_INDEX");
    assertThatThrownBy(
            () ->
                of(
                    Map.of("gatling.ml.injectorCount", "3", "gatling.ml.injectorIndex", "3"),
                    Map.of()))
        .hasMessageContaining("[0, 3)");
    assertThatThrownBy(
            () ->
                of(
                    Map.of("gatling.ml.injectorCount", "three", "gatling.ml.injectorIndex", "0"),
                    Map.of()))
        .hasMessageContaining("whole number");
  }
}
