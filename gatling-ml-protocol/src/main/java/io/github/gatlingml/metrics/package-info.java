/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * Reading {@code ml-summary.json}: {@link io.github.gatlingml.metrics.SummaryReader} and {@link
 * io.github.gatlingml.metrics.RunSummary} (with its exact merge of several injectors' summaries),
 * for tools that compare, merge or report runs. The recorders that produce it are internal.
 */
package io.github.gatlingml.metrics;
