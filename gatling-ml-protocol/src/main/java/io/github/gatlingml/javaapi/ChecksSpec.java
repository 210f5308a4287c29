/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.CheckBuilder;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.gatling.GatlingCoreChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The checks of one request builder: ml checks and Gatling's own, in the order given. */
final class ChecksSpec {
  static final ChecksSpec NONE = new ChecksSpec(List.of());

  private final List<Object> checks;

  private ChecksSpec(List<Object> checks) {
    this.checks = checks;
  }

  ChecksSpec plus(MlCheck... more) {
    List<Object> all = new ArrayList<>(checks);
    all.addAll(Arrays.asList(more));
    return new ChecksSpec(List.copyOf(all));
  }

  ChecksSpec plus(CheckBuilder... more) {
    List<Object> all = new ArrayList<>(checks);
    all.add(List.of(more));
    return new ChecksSpec(List.copyOf(all));
  }

  /** The checks to run, with the default success check first when no status check was given. */
  @SuppressWarnings("unchecked")
  List<MlCheck> resolve() {
    List<MlCheck> out = new ArrayList<>();
    boolean hasStatus = false;
    for (Object c : checks) {
      if (c instanceof MlCheck) {
        hasStatus |= ((MlCheck) c).isStatusCheck();
        out.add((MlCheck) c);
      } else {
        out.add(GatlingCoreChecks.toMlCheck((List<CheckBuilder>) c));
      }
    }
    if (!hasStatus) {
      out.add(0, new StatusCheck().isOk());
    }
    return List.copyOf(out);
  }
}
