/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.tensor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tensors in KServe v2 JSON: the entries of {@code inputs[]} / {@code outputs[]}, {@code {"name",
 * "datatype", "shape", "data"}}, where {@code data} is row-major, flat or nested.
 *
 * <p>Writing: BOOL as {@code true/false}, integers as exact JSON numbers (UINT64 unsigned),
 * FP16/BF16/FP32 as the shortest decimal of the float value, FP64 as a double, non-finite floats as
 * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers),
 * BYTES as UTF-8 strings. Reading accepts all of that, plus 0/1 for BOOL and whole numbers such as
 * {@code 3.0} for integers; integers are taken from the parsed token exactly, never through a
 * double.
 */
public final class KServeJsonCodec {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** Largest finite BF16, bit pattern 0x7F7F. */
  private static final double BF16_MAX = 0x1.FEp127;

  private KServeJsonCodec() {}

  // ------------------------------------------------------------------ writing

  /**
   * Writes a whole tensor object: {@code {"name":..,"datatype":..,"shape":[..],"data":[..]}}.
   *
   * @throws TensorFormatException when a BYTES element is not valid UTF-8
   */
  public static void writeTensor(Tensor t, JsonGenerator g) throws IOException {
    // Validate before the first token so a failure never leaves half an object in the output.
    String[] strings = t.datatype() == DataType.BYTES ? decodeUtf8(t) : null;
    g.writeStartObject();
    g.writeStringField("name", t.name());
    g.writeStringField("datatype", t.datatype().wireName());
    g.writeArrayFieldStart("shape");
    Shape shape = t.shape();
    for (int i = 0; i < shape.rank(); i++) {
      g.writeNumber(shape.dim(i));
    }
    g.writeEndArray();
    g.writeFieldName("data");
    writeData(t, g, strings);
    g.writeEndObject();
  }

  /**
   * Writes the flat row-major {@code data} array of a tensor.
   *
   * @throws TensorFormatException when a BYTES element is not valid UTF-8
   */
  public static void writeData(Tensor t, JsonGenerator g) throws IOException {
    writeData(t, g, t.datatype() == DataType.BYTES ? decodeUtf8(t) : null);
  }

  private static void writeData(Tensor t, JsonGenerator g, String[] strings) throws IOException {
    byte[] d = t.data();
    int n = (int) t.elementCount();
    g.writeStartArray();
    switch (t.datatype()) {
      case BOOL:
        for (int i = 0; i < n; i++) {
          g.writeBoolean(d[i] != 0);
        }
        break;
      case INT8:
        for (int i = 0; i < n; i++) {
          g.writeNumber((int) d[i]);
        }
        break;
      case UINT8:
        for (int i = 0; i < n; i++) {
          g.writeNumber(d[i] & 0xff);
        }
        break;
      case INT16:
        for (int i = 0; i < n; i++) {
          g.writeNumber((int) ElementCodec.readShort(d, i * 2));
        }
        break;
      case UINT16:
        for (int i = 0; i < n; i++) {
          g.writeNumber(ElementCodec.readShort(d, i * 2) & 0xffff);
        }
        break;
      case INT32:
        for (int i = 0; i < n; i++) {
          g.writeNumber(ElementCodec.readInt(d, i * 4));
        }
        break;
      case UINT32:
        for (int i = 0; i < n; i++) {
          g.writeNumber(Integer.toUnsignedLong(ElementCodec.readInt(d, i * 4)));
        }
        break;
      case INT64:
        for (int i = 0; i < n; i++) {
          g.writeNumber(ElementCodec.readLong(d, i * 8));
        }
        break;
      case UINT64:
        for (int i = 0; i < n; i++) {
          long v = ElementCodec.readLong(d, i * 8);
          if (v >= 0) {
            g.writeNumber(v);
          } else {
            // Only values of 2^63 and above need the slow unsigned path.
            g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
          }
        }
        break;
      case FP16:
        for (int i = 0; i < n; i++) {
          writeFloat(g, HalfFloats.fp16ToFloat(ElementCodec.readShort(d, i * 2)));
        }
        break;
      case BF16:
        for (int i = 0; i < n; i++) {
          writeFloat(g, HalfFloats.bf16ToFloat(ElementCodec.readShort(d, i * 2)));
        }
        break;
      case FP32:
        for (int i = 0; i < n; i++) {
          writeFloat(g, Float.intBitsToFloat(ElementCodec.readInt(d, i * 4)));
        }
        break;
      case FP64:
        for (int i = 0; i < n; i++) {
          double v = Double.longBitsToDouble(ElementCodec.readLong(d, i * 8));
          if (Double.isFinite(v)) {
            g.writeNumber(v);
          } else {
            g.writeString(nonFiniteName(v));
          }
        }
        break;
      case BYTES:
        for (String s : strings) {
          g.writeString(s);
        }
        break;
      default:
        throw new IllegalStateException("unhandled datatype " + t.datatype());
    }
    g.writeEndArray();
  }

  private static void writeFloat(JsonGenerator g, float v) throws IOException {
    if (Float.isFinite(v)) {
      // writeNumber(float) prints the float's own shortest decimal (0.1f -> 0.1), not the double's.
      g.writeNumber(v);
    } else {
      g.writeString(nonFiniteName(v));
    }
  }

  private static String nonFiniteName(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  }

  private static String[] decodeUtf8(Tensor t) {
    byte[] d = t.data();
    String[] out = new String[(int) t.elementCount()];
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int pos = 0;
    for (int i = 0; i < out.length; i++) {
      int len = ElementCodec.readInt(d, pos);
      try {
        out[i] = decoder.decode(ByteBuffer.wrap(d, pos + 4, len)).toString();
      } catch (CharacterCodingException e) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (BYTES %s): element %d is not valid UTF-8, so it cannot be a JSON"
                    + " string; send this tensor with the binary tensor extension (binary_data)",
                t.name(), t.shape(), i),
            e);
      }
      pos += 4 + len;
    }
    return out;
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads a tensor object, an entry of {@code inputs[]} or {@code outputs[]}.
   *
   * @throws TensorFormatException when name, datatype, shape or data is missing or malformed
   */
  public static Tensor readTensor(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new TensorFormatException(
          "a tensor must be a JSON object with name, datatype, shape and data; found "
              + describe(node));
    }
    JsonNode nameNode = node.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw new TensorFormatException(
          "tensor without a 'name' string (found "
              + describe(nameNode)
              + "); every tensor needs name, datatype, shape and data");
    }
    String name = nameNode.asText();
    JsonNode typeNode = node.get("datatype");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new TensorFormatException(
          "tensor '"
              + name
              + "' has no 'datatype' string (found "
              + describe(typeNode)
              + "); expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32,"
              + " INT64, FP16, FP32, FP64, BYTES, BF16");
    }
    DataType type;
    try {
      type = DataType.fromWireName(typeNode.asText());
    } catch (TensorFormatException e) {
      throw new TensorFormatException("tensor '" + name + "': " + e.getMessage(), e);
    }
    Shape shape = readShape(name, node.get("shape"));
    JsonNode data = node.get("data");
    if (data == null || data.isNull()) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s) has no 'data'; send its elements in 'data', or its bytes with"
                  + " the binary tensor extension and parameters.binary_data_size",
              name, type, shape));
    }
    return readData(name, type, shape, data);
  }

  private static Shape readShape(String name, JsonNode node) {
    if (node == null || !node.isArray()) {
      throw new TensorFormatException(
          "tensor '"
              + name
              + "' has no 'shape' list (found "
              + describe(node)
              + "); give its dimensions, e.g. \"shape\": [1, 16], or [] for a scalar");
    }
    long[] dims = new long[node.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = node.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new TensorFormatException(
            "tensor '"
                + name
                + "': dimension "
                + i
                + " of its shape "
                + node
                + " is "
                + describe(d)
                + "; expected a whole number >= 0 (a request's shape is concrete)");
      }
      dims[i] = d.longValue();
    }
    try {
      return Shape.of(dims);
    } catch (TensorFormatException e) {
      throw new TensorFormatException("tensor '" + name + "': " + e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code data} part of a tensor whose name, datatype and shape are already known.
   * {@code data} may be flat (row-major) or nested exactly along the shape; a scalar (shape {@code
   * []}) may also be a bare value.
   *
   * @throws TensorFormatException naming the tensor, the element, what was found and what was
   *     expected
   */
  public static Tensor readData(String name, DataType type, Shape shape, JsonNode data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(shape, "shape");
    long count = shape.elementCount();
    if (data == null || data.isMissingNode() || data.isNull()) {
      throw new TensorFormatException(
          String.format("tensor '%s' (%s %s) has no 'data'", name, type, shape));
    }
    if (!data.isArray()) {
      if (shape.rank() == 0) {
        Decoder dec = new Decoder(name, type, shape, 1);
        dec.add(data, 0, "data");
        return dec.finish();
      }
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s): 'data' is %s; expected a list of %d elements, flat or nested"
                  + " along the shape",
              name, type, shape, describe(data), count));
    }
    boolean nested = data.size() > 0 && data.get(0).isArray();
    if (!nested) {
      if (data.size() != count) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (%s %s) has %d elements in 'data' but its shape needs %d; make the"
                    + " shape and the data agree",
                name, type, shape, data.size(), count));
      }
      Decoder dec = new Decoder(name, type, shape, (int) count);
      for (int i = 0; i < data.size(); i++) {
        dec.add(data.get(i), i, null);
      }
      return dec.finish();
    }
    // Check the whole structure before allocating, so a huge shape with little data fails cheaply.
    checkNesting(name, type, shape, data, 0, new StringBuilder("data"));
    Decoder dec = new Decoder(name, type, shape, (int) count);
    addNested(dec, data, 0, shape.rank(), new StringBuilder("data"));
    return dec.finish();
  }

  private static void checkNesting(
      String name, DataType type, Shape shape, JsonNode node, int depth, StringBuilder path) {
    if (depth == shape.rank()) {
      if (node.isArray()) {
        throw new TensorFormatException(
            String.format(
                "tensor '%s' (%s %s): %s is a list but the shape has only %d dimensions; nest"
                    + " 'data' exactly along the shape or send it flat",
                name, type, shape, path, shape.rank()));
      }
      return;
    }
    long dim = shape.dim(depth);
    if (!node.isArray() || node.size() != dim) {
      throw new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s): %s is %s where dimension %d needs a list of %d; nest 'data'"
                  + " exactly along the shape or send it flat",
              name,
              type,
              shape,
              path,
              node.isArray() ? "a list of " + node.size() : describe(node),
              depth,
              dim));
    }
    int len = path.length();
    for (int i = 0; i < node.size(); i++) {
      path.append('[').append(i).append(']');
      checkNesting(name, type, shape, node.get(i), depth + 1, path);
      path.setLength(len);
    }
  }

  private static void addNested(
      Decoder dec, JsonNode node, int depth, int rank, StringBuilder path) {
    if (depth == rank) {
      dec.add(node, dec.next, path.toString());
      return;
    }
    int len = path.length();
    for (int i = 0; i < node.size(); i++) {
      path.append('[').append(i).append(']');
      addNested(dec, node.get(i), depth + 1, rank, path);
      path.setLength(len);
    }
  }

  /** Converts JSON elements into the little-endian bytes of one tensor. */
  private static final class Decoder {
    private final String name;
    private final DataType type;
    private final Shape shape;
    private final byte[] out;
    private final List<byte[]> strings;
    private int next;

    Decoder(String name, DataType type, Shape shape, int count) {
      this.name = name;
      this.type = type;
      this.shape = shape;
      if (type == DataType.BYTES) {
        this.out = null;
        this.strings = new ArrayList<>(count);
      } else {
        if ((long) count * type.byteSize() > Integer.MAX_VALUE - 8) {
          throw new TensorFormatException(
              "tensor '" + name + "' " + shape + " has more elements than a Java array holds");
        }
        this.out = new byte[count * type.byteSize()];
        this.strings = null;
      }
    }

    Tensor finish() {
      return type == DataType.BYTES
          ? Tensor.ofByteElements(name, shape, strings)
          : Tensor.of(name, type, shape, out);
    }

    /** Appends element {@code index}; {@code path} is its nested position or null when flat. */
    void add(JsonNode v, int index, String path) {
      next = index + 1;
      switch (type) {
        case BOOL:
          out[index] = bool(v, index, path);
          return;
        case INT8:
          out[index] = (byte) integer(v, index, path, -128, 127);
          return;
        case UINT8:
          out[index] = (byte) integer(v, index, path, 0, 255);
          return;
        case INT16:
          ElementCodec.putShort(out, index * 2, (int) integer(v, index, path, -32768, 32767));
          return;
        case UINT16:
          ElementCodec.putShort(out, index * 2, (int) integer(v, index, path, 0, 65535));
          return;
        case INT32:
          ElementCodec.putInt(
              out, index * 4, (int) integer(v, index, path, Integer.MIN_VALUE, Integer.MAX_VALUE));
          return;
        case UINT32:
          ElementCodec.putInt(out, index * 4, (int) integer(v, index, path, 0, 0xFFFF_FFFFL));
          return;
        case INT64:
          ElementCodec.putLong(
              out, index * 8, integer(v, index, path, Long.MIN_VALUE, Long.MAX_VALUE));
          return;
        case UINT64:
          ElementCodec.putLong(out, index * 8, uint64(v, index, path));
          return;
        case FP16:
          ElementCodec.putShort(out, index * 2, HalfFloats.toFp16(real(v, index, path, 65504)));
          return;
        case BF16:
          ElementCodec.putShort(out, index * 2, HalfFloats.toBf16(real(v, index, path, BF16_MAX)));
          return;
        case FP32:
          ElementCodec.putInt(out, index * 4, Float.floatToRawIntBits(fp32(v, index, path)));
          return;
        case FP64:
          ElementCodec.putLong(
              out, index * 8, Double.doubleToRawLongBits(real(v, index, path, Double.MAX_VALUE)));
          return;
        case BYTES:
          if (!v.isTextual()) {
            throw mismatch(v, index, path, "a JSON string (BYTES elements are UTF-8 text)");
          }
          strings.add(v.textValue().getBytes(StandardCharsets.UTF_8));
          return;
        default:
          throw new IllegalStateException("unhandled datatype " + type);
      }
    }

    private byte bool(JsonNode v, int index, String path) {
      if (v.isBoolean()) {
        return (byte) (v.booleanValue() ? 1 : 0);
      }
      if (v.isNumber()) {
        BigInteger whole = wholeOrNull(v);
        if (whole != null && whole.signum() >= 0 && whole.compareTo(BigInteger.ONE) <= 0) {
          return (byte) whole.intValue();
        }
      }
      throw mismatch(v, index, path, "true or false (or 0 or 1)");
    }

    /** A signed integer within [min, max], taken exactly from the JSON token. */
    private long integer(JsonNode v, int index, String path, long min, long max) {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        long value = v.longValue();
        if (value >= min && value <= max) {
          return value;
        }
      } else if (v.isNumber()) {
        BigInteger whole = wholeOrNull(v);
        if (whole != null
            && whole.bitLength() <= 63
            && whole.longValue() >= min
            && whole.longValue() <= max) {
          return whole.longValue();
        }
      }
      throw mismatch(v, index, path, "a whole number between " + min + " and " + max);
    }

    /**
     * A UINT64 as its unsigned bit pattern; only values of 2^63 and above go through BigInteger.
     */
    private long uint64(JsonNode v, int index, String path) {
      String expected = "a whole number between 0 and 18446744073709551615";
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        long value = v.longValue();
        if (value < 0) {
          throw mismatch(v, index, path, expected);
        }
        return value;
      }
      BigInteger whole = v.isNumber() ? wholeOrNull(v) : null;
      if (whole == null || whole.signum() < 0 || whole.compareTo(UINT64_MAX) > 0) {
        throw mismatch(v, index, path, expected);
      }
      return whole.longValue();
    }

    private float fp32(JsonNode v, int index, String path) {
      if (v.isNumber()) {
        // A BigDecimal token rounds once to float; a double token was already rounded by Jackson.
        float f = v.isBigDecimal() ? v.decimalValue().floatValue() : (float) v.doubleValue();
        if (Float.isInfinite(f) && Double.isFinite(v.doubleValue())) {
          throw mismatch(
              v, index, path, "a number within the FP32 range (±" + Float.MAX_VALUE + ")");
        }
        return f;
      }
      return (float) nonFinite(v, index, path);
    }

    /** A floating point value whose magnitude must not exceed {@code max} once finite. */
    private double real(JsonNode v, int index, String path, double max) {
      if (v.isNumber()) {
        double d = v.doubleValue();
        // Values that round to the largest finite half/bfloat are fine; beyond that they would
        // become infinity, which the sender did not write.
        boolean overflows =
            type == DataType.FP16
                ? Double.isFinite(d)
                    && Float.isInfinite(HalfFloats.fp16ToFloat(HalfFloats.toFp16(d)))
                : type == DataType.BF16
                    ? Double.isFinite(d)
                        && Float.isInfinite(HalfFloats.bf16ToFloat(HalfFloats.toBf16(d)))
                    : Double.isInfinite(d) && !v.isDouble() && !v.isFloat();
        if (overflows) {
          throw mismatch(v, index, path, "a number within the " + type + " range (±" + max + ")");
        }
        return d;
      }
      return nonFinite(v, index, path);
    }

    private double nonFinite(JsonNode v, int index, String path) {
      if (v.isTextual()) {
        switch (v.textValue()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw mismatch(
          v, index, path, "a JSON number (or the string \"NaN\", \"Infinity\" or \"-Infinity\")");
    }

    private TensorFormatException mismatch(JsonNode v, int index, String path, String expected) {
      return new TensorFormatException(
          String.format(
              "tensor '%s' (%s %s): element %d%s is %s; expected %s",
              name,
              type,
              shape,
              index,
              path == null ? "" : " (" + path + ")",
              describe(v),
              expected));
    }
  }

  /** The exact integer value of a numeric token, or null when it is not a whole number. */
  private static BigInteger wholeOrNull(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue();
    }
    BigDecimal exact;
    if (v.isBigDecimal()) {
      exact = v.decimalValue();
    } else {
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      // new BigDecimal(double) is the double's exact value, unlike BigDecimal.valueOf.
      exact = new BigDecimal(d);
    }
    try {
      return exact.toBigIntegerExact();
    } catch (ArithmeticException notWhole) {
      return null;
    }
  }

  /** What a JSON value is, for messages: {@code the number 3.5}, {@code the string "abc"}, ... */
  private static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isNull()) {
      return "null";
    }
    if (v.isNumber()) {
      return "the number " + v.asText();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object";
    }
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
