/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. The resolved {@code ml} protocol configuration, the run (one per Gatling
 * run: its recorders and summary) and the runtime of one configuration (its clients on Gatling's
 * event loops).
 */
package io.github.gatlingml.internal.protocol;
