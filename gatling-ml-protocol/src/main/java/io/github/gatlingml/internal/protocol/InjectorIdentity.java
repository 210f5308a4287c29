/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.protocol;

import io.github.gatlingml.metrics.RunSummary.Distribution;
import java.util.function.Function;

/**
 * Which injector of a distributed run this JVM is: the shared run id, its index and the number of
 * injectors, from system properties, else the environment. For internal use only: simulations use
 * {@link io.github.gatlingml.javaapi.MlInjectors}.
 *
 * <ul>
 *   <li>run id: {@value #RUN_ID_PROPERTY}, else {@code GATLING_ML_RUN_ID};
 *   <li>index: {@value #INDEX_PROPERTY}, else {@code GATLING_ML_INJECTOR_INDEX}, else {@code
 *       JOB_COMPLETION_INDEX} (set by a Kubernetes Indexed Job);
 *   <li>count: {@value #COUNT_PROPERTY}, else {@code GATLING_ML_INJECTOR_COUNT}.
 * </ul>
 *
 * Without a count the run is on one injector (index 0 of 1), whatever the index says.
 */
public final class InjectorIdentity {
  /** System property of the run id shared by every injector of a run. */
  public static final String RUN_ID_PROPERTY = "gatling.ml.runId";

  /** System property of this injector's index, from 0. */
  public static final String INDEX_PROPERTY = "gatling.ml.injectorIndex";

  /** System property of the number of injectors of the run. */
  public static final String COUNT_PROPERTY = "gatling.ml.injectorCount";

  private InjectorIdentity() {}

  /** The shared run id, or {@code null} when none is set. */
  public static String runId() {
    return runId(System::getProperty, System::getenv);
  }

  /**
   * This injector's place, or {@code null} for a run on one injector (no count set).
   *
   * @throws IllegalStateException when a count is set without an index, or a value is not a whole
   *     number in range
   */
  public static Distribution distribution() {
    return distribution(System::getProperty, System::getenv);
  }

  static String runId(Function<String, String> props, Function<String, String> env) {
    return first(props.apply(RUN_ID_PROPERTY), env.apply("GATLING_ML_RUN_ID"));
  }

  static Distribution distribution(Function<String, String> props, Function<String, String> env) {
    String count = first(props.apply(COUNT_PROPERTY), env.apply("GATLING_ML_INJECTOR_COUNT"));
    if (count == null) {
      return null;
    }
    String index =
        first(
            props.apply(INDEX_PROPERTY),
            first(env.apply("GATLING_ML_INJECTOR_INDEX"), env.apply("JOB_COMPLETION_INDEX")));
    if (index == null) {
      throw new IllegalStateException(
          "gatling-ml: the injector count is set ("
              + count
              + ") but not this injector's index: set -D"
              + INDEX_PROPERTY
              + "=<0..count-1>, GATLING_ML_INJECTOR_INDEX or JOB_COMPLETION_INDEX");
    }
    int n = parse(count, COUNT_PROPERTY);
    int i = parse(index, INDEX_PROPERTY);
    try {
      return new Distribution(i, n);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("gatling-ml: " + e.getMessage(), e);
    }
  }

  private static int parse(String value, String name) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "gatling-ml: " + name + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static String first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b != null && !b.isBlank() ? b.trim() : null;
  }
}
