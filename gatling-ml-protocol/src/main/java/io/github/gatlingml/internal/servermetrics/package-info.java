/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. Server-side metrics beside the client's: scraping Prometheus / OpenMetrics
 * endpoints (DCGM exporter, Triton, vLLM) on a thread of their own, the text parser, the
 * per-interval series on the run's clock (counters as rates, histograms as quantiles, gauges as
 * they are), the well-known series named in the summary, and Triton ModelStatistics deltas over the
 * run.
 */
package io.github.gatlingml.internal.servermetrics;
