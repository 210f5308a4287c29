/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * The public Java DSL: {@link io.github.gatlingml.javaapi.MlDsl} (the {@code ml} protocol, {@code
 * infer}, {@code generate}, server requests and checks), {@link
 * io.github.gatlingml.javaapi.MlFeeders} and the immutable builders they return. Everything a
 * simulation calls is here or in {@code tensor}; builders hold one immutable spec each and copy it
 * per call, and defaults and validation happen once, when Gatling builds the scenario.
 */
package io.github.gatlingml.javaapi;
