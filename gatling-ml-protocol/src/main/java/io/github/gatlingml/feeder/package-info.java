/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * The values tensor feeders hand over and describe: a {@link
 * io.github.gatlingml.feeder.TensorRecord}, a model's {@link
 * io.github.gatlingml.feeder.ModelSignature}, and {@link
 * io.github.gatlingml.feeder.FeederException}, the one error a bad file raises (naming the file,
 * the record and the fix). The readers themselves are internal.
 */
package io.github.gatlingml.feeder;
