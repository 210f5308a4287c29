/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * One HTTP request to send.
 *
 * @param method GET or POST
 * @param path path and query, e.g. {@code /v2/models/add_sub/infer}
 * @param headers the complete headers (see {@link RestClient#completeHeaders}); may be shared by
 *     many requests, so the client never changes them
 * @param body the body bytes, shared and never modified (a payload encoded once); empty for none
 * @param timeoutNanos time allowed from hand-over to the complete response
 */
public record RestRequest(
    HttpMethod method, String path, HttpHeaders headers, byte[] body, long timeoutNanos) {}
