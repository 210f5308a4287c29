/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. The text-generation APIs, one class each behind {@link
 * io.github.gatlingml.internal.generation.TextApi} (how the request is built, which path, how a
 * chunk reads, how the answer ends), and their JSON codec.
 */
package io.github.gatlingml.internal.generation;
