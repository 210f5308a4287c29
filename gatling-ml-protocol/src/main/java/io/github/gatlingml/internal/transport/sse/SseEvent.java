/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.sse;

/**
 * One dispatched Server-Sent Event.
 *
 * @param event the event type: the last {@code event:} field of the event, or {@code "message"}
 *     when it had none (as the SSE specification says)
 * @param data the {@code data:} lines of the event joined with {@code \n} (no trailing newline)
 */
public record SseEvent(String event, String data) {}
