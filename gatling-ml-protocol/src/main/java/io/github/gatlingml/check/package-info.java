/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * What checks see and how they fail: {@link io.github.gatlingml.check.MlCheck} (implement it for a
 * check of your own), the {@link io.github.gatlingml.check.MlResponse} it reads, decoded {@link
 * io.github.gatlingml.check.InferOutputs}, a stream's {@link
 * io.github.gatlingml.check.StreamResult}, and {@link io.github.gatlingml.check.CheckFailure}. The
 * checks the DSL offers are built in {@code javaapi}.
 */
package io.github.gatlingml.check;
