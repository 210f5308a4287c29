/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

/** The layout of a trace file; see {@link TraceFile} for the fields each one recognises. */
public enum TraceFormat {
  /** JSON Lines: one JSON object per line (a single JSON array of objects is read too). */
  JSONL,
  /** Comma-separated values with a header row. */
  CSV
}
