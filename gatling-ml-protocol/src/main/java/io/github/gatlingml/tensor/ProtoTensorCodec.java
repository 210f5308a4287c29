/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.github.gatlingml.proto.inference.InferTensorContents;
import java.util.Objects;

/**
 * Tensors in the KServe v2 gRPC messages: typed {@link InferTensorContents} or raw bytes ({@code
 * raw_input_contents} / {@code raw_output_contents}).
 *
 * <p>Raw is the fast path: {@link #toRaw(Tensor)} shares the tensor's bytes without copying or
 * per-element encoding. Typed contents follow the protocol's field sharing: INT8/16/32 in {@code
 * int_contents}, UINT8/16/32 in {@code uint_contents}; FP16 and BF16 have no typed field.
 */
public final class ProtoTensorCodec {
  private ProtoTensorCodec() {}

  /**
   * The typed contents of a tensor.
   *
   * @throws TensorFormatException for FP16 and BF16, which only travel raw
   */
  public static InferTensorContents toContents(Tensor t) {
    DataType type = t.datatype();
    byte[] d = t.data();
    int n = (int) t.elementCount();
    InferTensorContents.Builder b = InferTensorContents.newBuilder();
    switch (type) {
      case BOOL:
        for (int i = 0; i < n; i++) {
          b.addBoolContents(d[i] != 0);
        }
        break;
      case INT8:
        for (int i = 0; i < n; i++) {
          b.addIntContents(d[i]);
        }
        break;
      case INT16:
        for (int i = 0; i < n; i++) {
          b.addIntContents(ElementCodec.readShort(d, i * 2));
        }
        break;
      case INT32:
        for (int i = 0; i < n; i++) {
          b.addIntContents(ElementCodec.readInt(d, i * 4));
        }
        break;
      case INT64:
        for (int i = 0; i < n; i++) {
          b.addInt64Contents(ElementCodec.readLong(d, i * 8));
        }
        break;
      case UINT8:
        for (int i = 0; i < n; i++) {
          b.addUintContents(d[i] & 0xff);
        }
        break;
      case UINT16:
        for (int i = 0; i < n; i++) {
          b.addUintContents(ElementCodec.readShort(d, i * 2) & 0xffff);
        }
        break;
      case UINT32:
        // uint32 is carried in a Java int with the same bits.
        for (int i = 0; i < n; i++) {
          b.addUintContents(ElementCodec.readInt(d, i * 4));
        }
        break;
      case UINT64:
        for (int i = 0; i < n; i++) {
          b.addUint64Contents(ElementCodec.readLong(d, i * 8));
        }
        break;
      case FP32:
        for (int i = 0; i < n; i++) {
          b.addFp32Contents(Float.intBitsToFloat(ElementCodec.readInt(d, i * 4)));
        }
        break;
      case FP64:
        for (int i = 0; i < n; i++) {
          b.addFp64Contents(Double.longBitsToDouble(ElementCodec.readLong(d, i * 8)));
        }
        break;
      case BYTES:
        {
          int pos = 0;
          for (int i = 0; i < n; i++) {
            int len = ElementCodec.readInt(d, pos);
            // The tensor is immutable, so its element bytes can be shared instead of copied.
            b.addBytesContents(UnsafeByteOperations.unsafeWrap(d, pos + 4, len));
            pos += 4 + len;
          }
          break;
        }
      case FP16:
      case BF16:
        throw new TensorFormatException(
            String.format(
                "tensor '%s': %s has no typed contents field in KServe v2; send it as"
                    + " raw_input_contents (raw_output_contents in a response)",
                t.name(), type));
      default:
        throw new IllegalStateException("unhandled datatype " + type);
    }
    return b.build();
  }

  /**
   * Reads a tensor from typed contents, checking that the elements are in the field the datatype
   * uses, that their count matches the shape and that narrow integers are in range.
   *
   * @throws TensorFormatException naming the tensor, the field expected and the one found
   */
  public static Tensor fromContents(
      String name, DataType type, Shape shape, InferTensorContents c) {
    Objects.requireNonNull(c, "contents");
    String expectedField = fieldFor(type);
    String otherField = firstNonEmptyFieldExcept(c, expectedField);
    if (otherField != null) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s) carries its elements in %s; %s",
              name,
              type,
              shape,
              otherField,
              expectedField == null
                  ? type
                      + " has no typed contents field: send it as raw_input_contents"
                      + " (raw_output_contents in a response)"
                  : type + " elements belong in " + expectedField));
    }
    long needed = shape.elementCount();
    if (expectedField == null) {
      if (needed != 0) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (%s %s) has no elements: %s has no typed contents field, so send it as"
                    + " raw_input_contents (raw_output_contents in a response)",
                name, type, shape, type));
      }
      return Tensor.of(name, type, shape, new byte[0]);
    }
    int n = count(c, type);
    if (n != needed) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s) has %d elements in %s but its shape needs %d; make the shape and"
                  + " the contents agree",
              name, type, shape, n, expectedField, needed));
    }
    if (type == DataType.BYTES) {
      long total = 0;
      for (int i = 0; i < n; i++) {
        total += 4 + c.getBytesContents(i).size();
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new TensorFormatException(
            "tensor '"
                + name
                + "' has "
                + total
                + " bytes in bytes_contents, more than a Java array holds");
      }
      byte[] out = new byte[(int) total];
      int pos = 0;
      for (int i = 0; i < n; i++) {
        ByteString e = c.getBytesContents(i);
        ElementCodec.putInt(out, pos, e.size());
        e.copyTo(out, pos + 4);
        pos += 4 + e.size();
      }
      return Tensor.of(name, type, shape, out);
    }
    byte[] out = new byte[n * type.byteSize()];
    switch (type) {
      case BOOL:
        for (int i = 0; i < n; i++) {
          out[i] = (byte) (c.getBoolContents(i) ? 1 : 0);
        }
        break;
      case INT8:
        for (int i = 0; i < n; i++) {
          out[i] = (byte) checkRange(name, type, shape, i, c.getIntContents(i), -128, 127);
        }
        break;
      case INT16:
        for (int i = 0; i < n; i++) {
          ElementCodec.putShort(
              out, i * 2, checkRange(name, type, shape, i, c.getIntContents(i), -32768, 32767));
        }
        break;
      case INT32:
        for (int i = 0; i < n; i++) {
          ElementCodec.putInt(out, i * 4, c.getIntContents(i));
        }
        break;
      case INT64:
        for (int i = 0; i < n; i++) {
          ElementCodec.putLong(out, i * 8, c.getInt64Contents(i));
        }
        break;
      case UINT8:
        for (int i = 0; i < n; i++) {
          out[i] = (byte) checkRange(name, type, shape, i, unsigned(c.getUintContents(i)), 0, 255);
        }
        break;
      case UINT16:
        for (int i = 0; i < n; i++) {
          ElementCodec.putShort(
              out,
              i * 2,
              checkRange(name, type, shape, i, unsigned(c.getUintContents(i)), 0, 65535));
        }
        break;
      case UINT32:
        for (int i = 0; i < n; i++) {
          ElementCodec.putInt(out, i * 4, c.getUintContents(i));
        }
        break;
      case UINT64:
        for (int i = 0; i < n; i++) {
          ElementCodec.putLong(out, i * 8, c.getUint64Contents(i));
        }
        break;
      case FP32:
        for (int i = 0; i < n; i++) {
          ElementCodec.putInt(out, i * 4, Float.floatToRawIntBits(c.getFp32Contents(i)));
        }
        break;
      case FP64:
        for (int i = 0; i < n; i++) {
          ElementCodec.putLong(out, i * 8, Double.doubleToRawLongBits(c.getFp64Contents(i)));
        }
        break;
      default:
        throw new IllegalStateException("unhandled datatype " + type);
    }
    return Tensor.of(name, type, shape, out);
  }

  /**
   * The raw bytes of a tensor for {@code raw_input_contents} / {@code raw_output_contents}, without
   * copying: the tensor is immutable, so a payload is encoded once and shared by every request.
   */
  public static ByteString toRaw(Tensor t) {
    return UnsafeByteOperations.unsafeWrap(t.data());
  }

  /**
   * Reads a tensor from raw contents, checking that their length is what the shape needs.
   *
   * @throws TensorFormatException when the length does not match the shape and datatype
   */
  public static Tensor fromRaw(String name, DataType type, Shape shape, ByteString raw) {
    byte[] bytes = raw.toByteArray();
    BinaryTensorCodec.checkLayout(
        "raw contents of " + bytes.length + " bytes", name, type, shape, bytes, 0, bytes.length);
    return Tensor.of(name, type, shape, bytes);
  }

  /** The typed contents field of a datatype, or null for FP16/BF16 which have none. */
  static String fieldFor(DataType type) {
    switch (type) {
      case BOOL:
        return "bool_contents";
      case INT8:
      case INT16:
      case INT32:
        return "int_contents";
      case INT64:
        return "int64_contents";
      case UINT8:
      case UINT16:
      case UINT32:
        return "uint_contents";
      case UINT64:
        return "uint64_contents";
      case FP32:
        return "fp32_contents";
      case FP64:
        return "fp64_contents";
      case BYTES:
        return "bytes_contents";
      default:
        return null;
    }
  }

  private static int count(InferTensorContents c, DataType type) {
    switch (type) {
      case BOOL:
        return c.getBoolContentsCount();
      case INT8:
      case INT16:
      case INT32:
        return c.getIntContentsCount();
      case INT64:
        return c.getInt64ContentsCount();
      case UINT8:
      case UINT16:
      case UINT32:
        return c.getUintContentsCount();
      case UINT64:
        return c.getUint64ContentsCount();
      case FP32:
        return c.getFp32ContentsCount();
      case FP64:
        return c.getFp64ContentsCount();
      case BYTES:
        return c.getBytesContentsCount();
      default:
        return 0;
    }
  }

  private static String firstNonEmptyFieldExcept(InferTensorContents c, String expected) {
    String[] names = {
      "bool_contents", "int_contents", "int64_contents", "uint_contents",
      "uint64_contents", "fp32_contents", "fp64_contents", "bytes_contents"
    };
    int[] counts = {
      c.getBoolContentsCount(), c.getIntContentsCount(), c.getInt64ContentsCount(),
      c.getUintContentsCount(), c.getUint64ContentsCount(), c.getFp32ContentsCount(),
      c.getFp64ContentsCount(), c.getBytesContentsCount()
    };
    for (int i = 0; i < names.length; i++) {
      if (counts[i] > 0 && !names[i].equals(expected)) {
        return names[i];
      }
    }
    return null;
  }

  private static long unsigned(int v) {
    return Integer.toUnsignedLong(v);
  }

  private static int checkRange(
      String name, DataType type, Shape shape, int index, long v, long min, long max) {
    if (v < min || v > max) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s): element %d of %s is %d, outside the %s range %d to %d",
              name, type, shape, index, fieldFor(type), v, type, min, max));
    }
    return (int) v;
  }
}
