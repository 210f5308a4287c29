/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Tensors in Triton's binary tensor data extension (REST): raw little-endian row-major blobs that
 * follow the JSON header of a request or response, each announced by a {@code binary_data_size}
 * parameter.
 *
 * <p>Writing needs no codec: the blob of a tensor is {@link Tensor#data()} as is, and its size is
 * {@link #byteSize(Tensor)}.
 */
public final class BinaryTensorCodec {
  private BinaryTensorCodec() {}

  /**
   * Reads one tensor from {@code length} bytes of {@code body} starting at {@code offset}. The
   * bytes are copied, so the body buffer may be reused afterwards.
   *
   * @throws TensorFormatException when the range lies outside the body or its length does not match
   *     what the shape needs (for BYTES: when the length-prefixed elements do not exactly fill it)
   */
  public static Tensor read(
      String name, DataType type, Shape shape, byte[] body, int offset, int length) {
    Objects.requireNonNull(body, "body");
    if (offset < 0 || length < 0 || offset > body.length - length) {
      throw new TensorFormatException(
          String.format(
              "binary_data_size %d of tensor '%s' at offset %d runs past the end of the %d-byte"
                  + " body; the binary_data_size values must add up to the bytes after the JSON"
                  + " header",
              length, name, offset, body.length));
    }
    checkLayout("binary_data_size " + length, name, type, shape, body, offset, length);
    return Tensor.of(name, type, shape, Arrays.copyOfRange(body, offset, offset + length));
  }

  /** The {@code binary_data_size} to announce for a tensor: the size of its blob in bytes. */
  public static int byteSize(Tensor tensor) {
    return tensor.byteSize();
  }

  /**
   * Checks that {@code length} bytes are exactly what the shape needs, with a message that starts
   * with {@code subject} (e.g. "binary_data_size 60"). Shared with the gRPC raw contents, whose
   * mistakes are the same.
   */
  static void checkLayout(
      String subject, String name, DataType type, Shape shape, byte[] b, int offset, int length) {
    long elements = shape.elementCount();
    if (type.isFixedSize()) {
      // Compare in element units first: elements * byteSize may overflow for absurd shapes.
      if (elements > Integer.MAX_VALUE / type.byteSize() || elements * type.byteSize() != length) {
        String needs =
            elements > Integer.MAX_VALUE / type.byteSize()
                ? "more bytes than a Java array holds"
                : (elements * type.byteSize()) + " bytes";
        throw new TensorFormatException(
            String.format(
                "%s of tensor '%s' (%s %s) does not match the %s its shape needs (%d elements of %d"
                    + " bytes)%s; make the shape, the datatype and the data agree",
                subject,
                name,
                type,
                shape,
                needs,
                elements,
                type.byteSize(),
                length % type.byteSize() == 0
                    ? "; it holds " + length / type.byteSize() + " elements"
                    : ""));
      }
      return;
    }
    int pos = offset;
    int end = offset + length;
    for (long i = 0; i < elements; i++) {
      if (end - pos < 4) {
        throw new TensorFormatException(
            String.format(
                "%s of tensor '%s' (BYTES %s) ends after %d of its %d elements; each BYTES element"
                    + " is a 4-byte little-endian length followed by its bytes",
                subject, name, shape, i, elements));
      }
      long len = Integer.toUnsignedLong(ElementCodec.readInt(b, pos));
      pos += 4;
      if (len > end - pos) {
        throw new TensorFormatException(
            String.format(
                "%s of tensor '%s' (BYTES %s) is truncated: element %d declares %d bytes but only"
                    + " %d remain; each BYTES element is a 4-byte little-endian length followed by"
                    + " its bytes",
                subject, name, shape, i, len, end - pos));
      }
      pos += (int) len;
    }
    if (pos != end) {
      throw new TensorFormatException(
          String.format(
              "%s of tensor '%s' (BYTES %s) leaves %d bytes after its %d elements; make the shape"
                  + " and the data agree",
              subject, name, shape, end - pos, elements));
    }
  }
}
