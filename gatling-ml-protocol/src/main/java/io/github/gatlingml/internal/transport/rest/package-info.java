/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. An HTTP/1.1 keep-alive client on Gatling's event loops (no thread of its
 * own), aggregated and streamed exchanges, and the KServe v2 REST codec.
 */
package io.github.gatlingml.internal.transport.rest;
