/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

/**
 * A tensor, or its encoding, is malformed: unknown datatype, a shape that does not match the data,
 * a truncated blob, and so on. The message names the tensor and what to change.
 */
public class TensorFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * A malformed tensor.
   *
   * @param message the tensor and what to change
   */
  public TensorFormatException(String message) {
    super(message);
  }

  /**
   * A malformed tensor found while decoding.
   *
   * @param message the tensor and what to change
   * @param cause what the decoder caught
   */
  public TensorFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
