/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * The ML report: {@link io.github.gatlingml.report.MlReport} turns a {@link
 * io.github.gatlingml.metrics.RunSummary} into {@code ml-report.html}, one self-contained page
 * (charts library, styles, script and data inlined) that opens from disk with no network. Written
 * at the end of every run next to {@code ml-summary.json}, and by the {@code gatling-ml} command
 * line from any summary.
 */
package io.github.gatlingml.report;
