/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * Analyses of a run's numbers that need no live state (the breaking point of a stepped run), so a
 * summary read back from disk gives the same answers as the run that wrote it. For internal use
 * only.
 */
package io.github.gatlingml.internal.analysis;
