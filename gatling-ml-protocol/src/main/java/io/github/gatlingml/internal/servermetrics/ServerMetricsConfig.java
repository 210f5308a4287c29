/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a protocol asks of the server side: its scrape targets and whether to fetch ModelStatistics
 * at the start and the end of the run.
 *
 * @param targets the scrape targets, in the order given
 * @param modelStatistics whether to fetch ModelStatistics
 * @param models the models to fetch them for; empty for every model
 */
public record ServerMetricsConfig(
    List<TargetConfig> targets, boolean modelStatistics, Set<String> models) {

  /** Nothing: no scraping, no ModelStatistics. */
  public static final ServerMetricsConfig NONE =
      new ServerMetricsConfig(List.of(), false, Set.of());

  /** Copies. */
  public ServerMetricsConfig {
    targets = List.copyOf(targets);
    models = Set.copyOf(new LinkedHashSet<>(models));
  }

  /** True when there is something to do. */
  public boolean any() {
    return !targets.isEmpty() || modelStatistics;
  }

  /**
   * With one more target.
   *
   * @throws IllegalArgumentException if another target has the same name
   */
  public ServerMetricsConfig withTarget(TargetConfig t) {
    for (TargetConfig other : targets) {
      if (other.name().equals(t.name())) {
        throw new IllegalArgumentException(
            "two scrape targets are named '" + t.name() + "': give one of them another .name(...)");
      }
    }
    List<TargetConfig> all = new ArrayList<>(targets);
    all.add(t);
    return new ServerMetricsConfig(all, modelStatistics, models);
  }

  /** With ModelStatistics fetched for these models (all when none is given). */
  public ServerMetricsConfig withModelStatistics(List<String> names) {
    Set<String> all = new LinkedHashSet<>(models);
    all.addAll(names);
    return new ServerMetricsConfig(targets, true, all);
  }
}
