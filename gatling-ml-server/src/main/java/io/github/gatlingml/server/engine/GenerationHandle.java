/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

/** A running (or queued) generation. */
public interface GenerationHandle {
  /**
   * Stops it: no further chunk is delivered and its slot (or its queue place) is given up at the
   * next planned chunk time. Counted as a CANCELED failure. Safe to call at any time, repeatedly.
   */
  void cancel();
}
