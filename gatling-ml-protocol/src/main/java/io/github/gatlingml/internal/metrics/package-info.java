/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. Microsecond recorders (HdrHistogram) per request name and per interval,
 * stream timing (TTFT, TPOT, chunk gaps, tokens), goodput, injector health, and the writer of
 * {@code ml-summary.json}. Definitions are in the project's {@code docs/metrics.md}.
 */
package io.github.gatlingml.internal.metrics;
