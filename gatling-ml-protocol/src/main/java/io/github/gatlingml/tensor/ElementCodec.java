/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import java.nio.ByteBuffer;

/** Reads and writes single fixed-size elements in the little-endian layout of a tensor. */
final class ElementCodec {
  private static final double TWO_POW_64 = 0x1p64;

  private ElementCodec() {}

  static double getDouble(byte[] data, DataType type, int index) {
    int at = index * type.byteSize();
    switch (type) {
      case BOOL:
        return data[at] != 0 ? 1 : 0;
      case UINT8:
        return data[at] & 0xff;
      case INT8:
        return data[at];
      case UINT16:
        return readShort(data, at) & 0xffff;
      case INT16:
        return readShort(data, at);
      case FP16:
        return HalfFloats.fp16ToFloat(readShort(data, at));
      case BF16:
        return HalfFloats.bf16ToFloat(readShort(data, at));
      case UINT32:
        return Integer.toUnsignedLong(readInt(data, at));
      case INT32:
        return readInt(data, at);
      case FP32:
        return Float.intBitsToFloat(readInt(data, at));
      case UINT64:
        {
          long v = readLong(data, at);
          // (double) v + 2^64 would round twice; halving first (keeping the sticky bit) rounds
          // once.
          return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
        }
      case INT64:
        return readLong(data, at);
      case FP64:
        return Double.longBitsToDouble(readLong(data, at));
      default:
        throw new TensorFormatException(type + " elements are not numbers");
    }
  }

  static long getLong(byte[] data, DataType type, int index) {
    int at = index * type.byteSize();
    switch (type) {
      case BOOL:
        return data[at] != 0 ? 1 : 0;
      case UINT8:
        return data[at] & 0xff;
      case INT8:
        return data[at];
      case UINT16:
        return readShort(data, at) & 0xffff;
      case INT16:
        return readShort(data, at);
      case UINT32:
        return Integer.toUnsignedLong(readInt(data, at));
      case INT32:
        return readInt(data, at);
      case UINT64:
      case INT64:
        return readLong(data, at);
      default:
        throw new TensorFormatException(type + " elements are not integers");
    }
  }

  /**
   * Appends one element converted from a double; integers must be whole and within the type's
   * range, so that a value is never silently wrapped or truncated.
   */
  static void put(ByteBuffer out, DataType type, double v, String tensorName, int index) {
    switch (type) {
      case BOOL:
        if (v != 0 && v != 1) {
          throw outOfRange(tensorName, index, v, type, "0 or 1 (false/true)");
        }
        out.put((byte) v);
        return;
      case FP16:
        out.putShort(HalfFloats.toFp16(v));
        return;
      case BF16:
        out.putShort(HalfFloats.toBf16(v));
        return;
      case FP32:
        out.putFloat((float) v);
        return;
      case FP64:
        out.putDouble(v);
        return;
      default:
        break;
    }
    if (v != Math.rint(v) || Double.isInfinite(v)) {
      throw outOfRange(tensorName, index, v, type, "a whole number");
    }
    switch (type) {
      case UINT8:
        out.put((byte) checkRange(tensorName, index, v, type, 0, 255));
        return;
      case INT8:
        out.put((byte) checkRange(tensorName, index, v, type, -128, 127));
        return;
      case UINT16:
        out.putShort((short) checkRange(tensorName, index, v, type, 0, 65535));
        return;
      case INT16:
        out.putShort((short) checkRange(tensorName, index, v, type, -32768, 32767));
        return;
      case UINT32:
        out.putInt((int) checkRange(tensorName, index, v, type, 0, 4294967295L));
        return;
      case INT32:
        out.putInt(
            (int) checkRange(tensorName, index, v, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
        return;
      case INT64:
        if (v < -0x1p63 || v >= 0x1p63) {
          throw outOfRange(tensorName, index, v, type, "within INT64");
        }
        out.putLong((long) v);
        return;
      case UINT64:
        if (v < 0 || v >= TWO_POW_64) {
          throw outOfRange(tensorName, index, v, type, "within UINT64");
        }
        out.putLong(v >= 0x1p63 ? (long) (v - 0x1p63) ^ Long.MIN_VALUE : (long) v);
        return;
      default:
        throw new TensorFormatException(type + " elements are not numbers");
    }
  }

  private static long checkRange(
      String tensor, int index, double v, DataType type, long min, long max) {
    if (v < min || v > max) {
      throw outOfRange(tensor, index, v, type, "between " + min + " and " + max);
    }
    return (long) v;
  }

  private static TensorFormatException outOfRange(
      String tensor, int index, double v, DataType type, String expected) {
    return new TensorFormatException(
        String.format(
            "tensor '%s': element %d = %s does not fit %s; expected %s",
            tensor, index, v, type, expected));
  }

  static short readShort(byte[] b, int at) {
    return (short) ((b[at] & 0xff) | (b[at + 1] << 8));
  }

  static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] << 24);
  }

  static long readLong(byte[] b, int at) {
    return (readInt(b, at) & 0xffffffffL) | ((long) readInt(b, at + 4) << 32);
  }

  static void putShort(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  static void putLong(byte[] b, int at, long v) {
    putInt(b, at, (int) v);
    putInt(b, at + 4, (int) (v >>> 32));
  }
}
