/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. Load plans for breaking-point runs: arrival rates over time (steps, ramps,
 * sines), the arrival times they give (evenly spaced or Poisson), recorded traces to replay, and
 * the steps a run is split into.
 */
package io.github.gatlingml.internal.load;
