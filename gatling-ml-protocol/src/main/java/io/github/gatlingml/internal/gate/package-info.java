/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * The regression gate inside a simulation: a run (or two request names of it, a canary) judged by
 * {@link io.github.gatlingml.compare.Comparison} once its last user is done, and the outcome as
 * Gatling entries that assertions can fail the build on. No Gatling types here: the action that
 * calls it lives in {@code internal.action}.
 */
package io.github.gatlingml.internal.gate;
