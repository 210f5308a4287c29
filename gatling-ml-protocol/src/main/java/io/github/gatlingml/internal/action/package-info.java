/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. The actions a scenario runs (inference, text generation, server requests)
 * and the one way a request ends: an {@code Attempt} that logs exactly one OK or KO to Gatling and
 * to the ML recorder, whatever is thrown while it is built, sent, read or checked. Each action
 * talks to one seam: a {@code TensorTransport} for inference, a {@link
 * io.github.gatlingml.internal.generation.TextApi} for generation.
 */
package io.github.gatlingml.internal.action;
