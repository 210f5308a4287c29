/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import io.github.gatlingml.server.model.Generation;

/**
 * Receives the chunks of one streamed generation, in order, on the caller's executor (one at a
 * time). Exactly one of: {@code onChunk(.., last = true)} or {@code onError}, ends the stream.
 */
public interface GenerationListener {
  /** Chunk {@code index} of {@code generation.chunks()} is due now. */
  void onChunk(Generation generation, int index, boolean last);

  /** The generation failed after it was accepted. */
  void onError(InferenceException error);
}
