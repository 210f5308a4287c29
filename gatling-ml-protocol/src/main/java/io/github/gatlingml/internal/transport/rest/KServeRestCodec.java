/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.rest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.check.InferOutputs;
import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.KServeJsonCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client side of KServe v2 REST inference: request bodies in JSON or with Triton's binary
 * tensor extension, and lazily decoded responses.
 */
public final class KServeRestCodec {
  /** Length of the JSON part of a body followed by binary tensors. */
  public static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] OUTPUTS_FIELD =
      "\"outputs\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final JsonFactory JSON = MAPPER.getFactory();

  private KServeRestCodec() {}

  /**
   * An encoded request body.
   *
   * @param bytes the whole body
   * @param jsonLength length of its JSON part when binary tensors follow, else -1 (no header)
   */
  public record Body(byte[] bytes, int jsonLength) {}

  /**
   * Encodes an infer request.
   *
   * @param binaryInputs send every input as a binary blob instead of a JSON {@code data} array
   */
  public static Body encode(InferPayload p, boolean binaryInputs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      if (!p.id().isEmpty()) {
        g.writeStringField("id", p.id());
      }
      if (!p.parameters().isEmpty()) {
        g.writeFieldName("parameters");
        writeParameters(g, p.parameters());
      }
      g.writeArrayFieldStart("inputs");
      for (Tensor t : p.inputs()) {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.datatype().wireName());
        g.writeArrayFieldStart("shape");
        for (int i = 0; i < t.shape().rank(); i++) {
          g.writeNumber(t.shape().dim(i));
        }
        g.writeEndArray();
        if (binaryInputs) {
          g.writeObjectFieldStart("parameters");
          g.writeNumberField("binary_data_size", t.byteSize());
          g.writeEndObject();
        } else {
          g.writeFieldName("data");
          KServeJsonCodec.writeData(t, g);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!p.outputs().isEmpty()) {
        g.writeArrayFieldStart("outputs");
        for (OutputRequest o : p.outputs()) {
          g.writeStartObject();
          g.writeStringField("name", o.name());
          if (o.binary() || o.classification() > 0) {
            g.writeObjectFieldStart("parameters");
            if (o.binary()) {
              g.writeBooleanField("binary_data", true);
            }
            if (o.classification() > 0) {
              g.writeNumberField("classification", o.classification());
            }
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!binaryInputs) {
      return new Body(out.toByteArray(), -1);
    }
    int jsonLength = out.size();
    for (Tensor t : p.inputs()) {
      out.writeBytes(t.data());
    }
    return new Body(out.toByteArray(), jsonLength);
  }

  /** Writes parameters as a JSON object (Boolean, Long/Integer, Double or String values). */
  static void writeParameters(JsonGenerator g, Map<String, Object> params) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : params.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Boolean) {
        g.writeBooleanField(e.getKey(), (Boolean) v);
      } else if (v instanceof Long || v instanceof Integer) {
        g.writeNumberField(e.getKey(), ((Number) v).longValue());
      } else if (v instanceof Number) {
        g.writeNumberField(e.getKey(), ((Number) v).doubleValue());
      } else {
        g.writeStringField(e.getKey(), String.valueOf(v));
      }
    }
    g.writeEndObject();
  }

  /**
   * The outputs of a response body, decoded on first use.
   *
   * @param headerLength the response's Inference-Header-Content-Length, or -1 when absent
   */
  public static InferOutputs decode(byte[] body, int headerLength) {
    return new LazyOutputs(Unpooled.wrappedBuffer(body), headerLength);
  }

  /**
   * The outputs of a response body still in the transport's buffer: nothing is copied unless a
   * check decodes the outputs, and then each tensor is copied once into its own array. Only valid
   * while the buffer is (that is, while the response's checks run).
   */
  public static InferOutputs decode(ByteBuf body, int headerLength) {
    return new LazyOutputs(body, headerLength);
  }

  /** The {@code error} field of a KServe error body, or the body itself when it is not one. */
  public static String errorMessage(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n != null && n.isObject()) {
        // KServe/Triton {"error": "..."}, OpenAI {"error": {"message": "..."}}, FastAPI-based
        // servers {"detail": ...}, others {"message": "..."}.
        for (String field : new String[] {"error", "detail", "message"}) {
          JsonNode e = n.get(field);
          if (e == null || e.isNull()) {
            continue;
          }
          if (e.isTextual()) {
            return e.textValue();
          }
          JsonNode m = e.get("message");
          return m != null && m.isTextual() ? m.textValue() : e.toString();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: fall through to the raw text.
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static final class LazyOutputs implements InferOutputs {
    private final ByteBuf body;
    private final int headerLength;
    private List<Tensor> outputs;

    LazyOutputs(ByteBuf body, int headerLength) {
      this.body = body;
      this.headerLength = headerLength;
    }

    @Override
    public List<Tensor> outputs() {
      if (outputs == null) {
        outputs = parse();
      }
      return outputs;
    }

    /**
     * Checks the envelope of an infer response without parsing it: the JSON part is an object
     * (first and last non-blank bytes are braces) that names {@code "outputs"}. This runs for every
     * response, so it must cost next to nothing: it catches what a broken server sends (plain text,
     * HTML error pages, truncated bodies, other JSON), while the full parse, which catches the
     * rest, happens when a check reads the outputs.
     */
    @Override
    public void validate() {
      if (outputs != null) {
        return;
      }
      int jsonLength = jsonLength();
      // One bulk copy of the JSON part (a few hundred bytes) beats per-byte reads through a
      // composite buffer's bounds and reference checks, which the profile showed to dominate.
      byte[] json;
      int base;
      if (body.hasArray()) {
        json = body.array();
        base = body.arrayOffset() + body.readerIndex();
      } else {
        json = ByteBufUtil.getBytes(body, body.readerIndex(), jsonLength, false);
        base = 0;
      }
      int first = base;
      int last = base + jsonLength - 1;
      while (first <= last && isBlank(json[first])) {
        first++;
      }
      while (last >= first && isBlank(json[last])) {
        last--;
      }
      if (first > last || json[first] != '{') {
        throw new MalformedResponseException(
            "response is not valid JSON: it does not start with '{' ("
                + preview(json, first, last)
                + ")");
      }
      if (json[last] != '}') {
        throw new MalformedResponseException(
            "response is not valid JSON: it does not end with '}' (truncated?)");
      }
      if (!contains(json, first, last, OUTPUTS_FIELD)) {
        throw new MalformedResponseException("response has no \"outputs\" array");
      }
    }

    private static boolean contains(byte[] haystack, int from, int to, byte[] needle) {
      outer:
      for (int i = from; i + needle.length - 1 <= to; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    private static String preview(byte[] json, int first, int last) {
      int n = Math.max(0, Math.min(40, last - first + 1));
      return "'"
          + new String(json, first, n, java.nio.charset.StandardCharsets.UTF_8)
              .replaceAll("\\s+", " ")
          + (last - first + 1 > n ? "...'" : "'");
    }

    private int jsonLength() {
      int length = body.readableBytes();
      if (headerLength > length) {
        throw new MalformedResponseException(
            HEADER_LENGTH
                + " "
                + headerLength
                + " is larger than the response body ("
                + length
                + " bytes)");
      }
      return headerLength < 0 ? length : headerLength;
    }

    private java.io.InputStream json(int jsonLength) {
      return new ByteBufInputStream(body.slice(body.readerIndex(), jsonLength));
    }

    private List<Tensor> parse() {
      int jsonLength = jsonLength();
      JsonNode root;
      try {
        root = MAPPER.readTree(json(jsonLength));
      } catch (IOException e) {
        throw new MalformedResponseException(
            "response is not valid JSON: " + firstLine(e.getMessage()), e);
      }
      if (root == null || !root.isObject()) {
        throw new MalformedResponseException("response is not a JSON object");
      }
      JsonNode outs = root.get("outputs");
      if (outs == null || !outs.isArray()) {
        throw new MalformedResponseException("response has no \"outputs\" array");
      }
      List<Tensor> result = new ArrayList<>(outs.size());
      int cursor = jsonLength;
      try {
        for (JsonNode o : outs) {
          JsonNode size = o.path("parameters").get("binary_data_size");
          if (size != null) {
            String name = o.path("name").asText();
            DataType type = DataType.fromWireName(o.path("datatype").asText(null));
            long[] dims = new long[o.path("shape").size()];
            for (int i = 0; i < dims.length; i++) {
              dims[i] = o.path("shape").get(i).asLong();
            }
            if (!size.isIntegralNumber() || !size.canConvertToLong()) {
              throw new MalformedResponseException(
                  "output '" + name + "' declares binary_data_size " + size + ", not an integer");
            }
            long declared = size.longValue();
            int length = body.readableBytes();
            // Compared as longs: a size past 2^31 must not wrap into a plausible one.
            if (declared < 0 || cursor + declared > length) {
              throw new MalformedResponseException(
                  "output '"
                      + name
                      + "' declares binary_data_size "
                      + declared
                      + " but only "
                      + (length - cursor)
                      + " bytes remain in the response");
            }
            int n = (int) declared;
            if (n < 0 || cursor + n > length) {
              throw new MalformedResponseException(
                  "output '"
                      + name
                      + "' declares binary_data_size "
                      + n
                      + " but only "
                      + (length - cursor)
                      + " bytes remain in the response");
            }
            // One copy, straight from the transport's buffer into the tensor's own array.
            byte[] blob = ByteBufUtil.getBytes(body, body.readerIndex() + cursor, n);
            result.add(Tensor.of(name, type, Shape.of(dims), blob));
            cursor += n;
          } else {
            result.add(KServeJsonCodec.readTensor(o));
          }
        }
      } catch (TensorFormatException e) {
        throw new MalformedResponseException("malformed output tensor: " + e.getMessage(), e);
      }
      return result;
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
