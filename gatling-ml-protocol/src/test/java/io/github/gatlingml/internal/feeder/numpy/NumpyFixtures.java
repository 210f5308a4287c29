/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.HalfFloats;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures NumPy wrote (src/test/resources/numpy, see make_fixtures.py) and the ground truth it
 * reported in expected.json. Values are decoded here straight from the tensor's little-endian
 * bytes, independently of the tensor package's own element accessors.
 */
final class NumpyFixtures {
  static final Path DIR;
  static final JsonNode EXPECTED;

  static {
    try {
      DIR = Path.of(NumpyFixtures.class.getResource("/numpy/expected.json").toURI()).getParent();
      EXPECTED = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private NumpyFixtures() {}

  static Path path(String name) {
    return DIR.resolve(name);
  }

  /** Names of the .npy fixtures in expected.json. */
  static List<String> npyFixtures() {
    List<String> out = new ArrayList<>();
    EXPECTED
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.endsWith(".npy")) {
                out.add(n);
              }
            });
    return out;
  }

  /** The KServe datatype NumPy's descr must map to, worked out from the descr alone. */
  static DataType expectedType(String descr) {
    String code = descr.substring(1);
    char kind = code.charAt(0);
    switch (kind) {
      case 'S':
      case 'U':
        return DataType.BYTES;
      case 'b':
        return DataType.BOOL;
      case 'f':
        return code.equals("f2")
            ? DataType.FP16
            : code.equals("f4") ? DataType.FP32 : DataType.FP64;
      default:
        int bits = Integer.parseInt(code.substring(1)) * 8;
        return DataType.valueOf((kind == 'u' ? "UINT" : "INT") + bits);
    }
  }

  /** Asserts that {@code t} has the datatype, shape and every value NumPy reported in {@code e}. */
  static void assertMatches(Tensor t, JsonNode e, String what) {
    DataType type = expectedType(e.get("descr").asText());
    assertThat(t.datatype()).as(what + " datatype").isEqualTo(type);
    List<Long> shape = new ArrayList<>();
    e.get("shape").forEach(d -> shape.add(d.asLong()));
    assertThat(t.shape().dims()).as(what + " shape").containsExactly(toArray(shape));
    JsonNode values = e.get("values");
    assertThat(t.elementCount()).as(what + " element count").isEqualTo(values.size());
    ByteBuffer buf = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.size(); i++) {
      JsonNode v = values.get(i);
      String at = what + " element " + i;
      switch (type) {
        case BYTES -> assertThat(t.getString(i)).as(at).isEqualTo(v.asText());
        case BOOL -> {
          assertThat(t.data()[i]).as(at).isIn((byte) 0, (byte) 1);
          assertThat(t.data()[i] == 1).as(at).isEqualTo(v.asBoolean());
        }
        case FP16 -> assertSameFloat(HalfFloats.fp16ToFloat(buf.getShort(i * 2)), v, at);
        case FP32 -> assertSameFloat(buf.getFloat(i * 4), v, at);
        case FP64 -> assertSameFloat(buf.getDouble(i * 8), v, at);
        default -> assertThat(integerAt(buf, type, i)).as(at).isEqualTo(v.bigIntegerValue());
      }
    }
  }

  private static Long[] toArray(List<Long> list) {
    return list.toArray(new Long[0]);
  }

  /** Exact comparison: the JSON holds float(x) of the NumPy value, or "nan"/"inf"/"-inf". */
  private static void assertSameFloat(double actual, JsonNode v, String at) {
    double want =
        v.isTextual()
            ? switch (v.asText()) {
              case "nan" -> Double.NaN;
              case "inf" -> Double.POSITIVE_INFINITY;
              case "-inf" -> Double.NEGATIVE_INFINITY;
              default -> throw new AssertionError(at + ": unexpected " + v);
            }
            : v.doubleValue();
    // Double.compare tells -0.0 from 0.0 and treats NaN as equal to NaN.
    assertThat(Double.compare(actual, want)).as(at + ": " + actual + " vs " + want).isZero();
  }

  static BigInteger integerAt(ByteBuffer buf, DataType type, int i) {
    return switch (type) {
      case INT8 -> BigInteger.valueOf(buf.get(i));
      case UINT8 -> BigInteger.valueOf(buf.get(i) & 0xff);
      case INT16 -> BigInteger.valueOf(buf.getShort(i * 2));
      case UINT16 -> BigInteger.valueOf(buf.getShort(i * 2) & 0xffff);
      case INT32 -> BigInteger.valueOf(buf.getInt(i * 4));
      case UINT32 -> BigInteger.valueOf(buf.getInt(i * 4) & 0xffffffffL);
      case INT64 -> BigInteger.valueOf(buf.getLong(i * 8));
      case UINT64 -> new BigInteger(Long.toUnsignedString(buf.getLong(i * 8)));
      default -> throw new AssertionError("not an integer type: " + type);
    };
  }
}
