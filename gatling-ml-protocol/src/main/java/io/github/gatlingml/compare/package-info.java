/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * The regression guard: {@link io.github.gatlingml.compare.Comparison#compare} judges a run's
 * {@link io.github.gatlingml.metrics.RunSummary} against a baseline's by {@link
 * io.github.gatlingml.compare.Criteria}, noise-aware (medians of per-interval percentiles after a
 * warm-up, a seeded bootstrap confidence interval of each change), for CI jobs that must fail only
 * on a real regression. Pure: no I/O, no clock; the {@code gatling-ml compare} command line prints
 * and writes its results. The method is in {@code docs/regression.md}.
 */
package io.github.gatlingml.compare;
