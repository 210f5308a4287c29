/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.server.engine.InferenceResponse;
import io.github.gatlingml.server.engine.RequestedOutput;
import io.github.gatlingml.server.model.ModelSpec;
import io.github.gatlingml.server.model.TensorSpec;
import io.github.gatlingml.tensor.BinaryTensorCodec;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.KServeJsonCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe v2 REST infer bodies, both plain JSON and with Triton's binary tensor extension (a JSON
 * header of {@code Inference-Header-Content-Length} bytes followed by raw tensor blobs).
 */
final class RestInferCodec {
  /** Whether the response should carry an output as a binary blob. */
  record Decoded(
      InferenceRequest request, boolean allOutputsBinary, Map<String, Boolean> binaryOutputs) {}

  /** An encoded response: body, and the JSON header length when blobs follow (else -1). */
  record Encoded(ByteBuf body, int jsonHeaderLength) {}

  private final ObjectMapper mapper;

  RestInferCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Decodes a request body.
   *
   * @param headerLength value of {@code Inference-Header-Content-Length}, or -1 when absent
   * @param spec the target model, needed only for a header length of 0 (a single raw input)
   */
  Decoded decode(String model, String version, byte[] body, int headerLength, ModelSpec spec) {
    if (headerLength > body.length) {
      throw InferenceException.invalid(
          "Inference-Header-Content-Length is "
              + headerLength
              + " but the body has only "
              + body.length
              + " bytes; it must be the length of the JSON part of the body");
    }
    if (headerLength == 0) {
      return decodeRawBody(model, version, body, spec);
    }
    int jsonLength = headerLength < 0 ? body.length : headerLength;
    JsonNode root;
    try {
      root = mapper.readTree(body, 0, jsonLength);
    } catch (JsonProcessingException e) {
      throw InferenceException.invalid(
          "malformed JSON in request body: "
              + e.getOriginalMessage()
              + (headerLength > 0 ? " (check Inference-Header-Content-Length)" : ""));
    } catch (IOException e) {
      throw InferenceException.invalid("unreadable request body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw InferenceException.invalid(
          "request body must be a JSON object with an \"inputs\" array");
    }
    JsonNode inputsNode = root.get("inputs");
    if (inputsNode == null || !inputsNode.isArray() || inputsNode.isEmpty()) {
      throw InferenceException.invalid("request body needs a non-empty \"inputs\" array");
    }
    int cursor = jsonLength;
    List<Tensor> inputs = new ArrayList<>(inputsNode.size());
    for (JsonNode in : inputsNode) {
      String name = text(in, "name", "input");
      DataType type = datatype(in, name);
      Shape shape = shape(in, name);
      Map<String, Object> params = parameters(in.get("parameters"), "input '" + name + "'");
      Object binarySize = params.get("binary_data_size");
      try {
        if (binarySize != null) {
          if (!(binarySize instanceof Long) || (Long) binarySize < 0) {
            throw InferenceException.invalid(
                "input '"
                    + name
                    + "': binary_data_size must be a non-negative integer, got "
                    + binarySize);
          }
          long size = (Long) binarySize;
          if (headerLength < 0) {
            throw InferenceException.invalid(
                "input '"
                    + name
                    + "' has binary_data_size but the request has no "
                    + "Inference-Header-Content-Length header; send the header with the JSON length");
          }
          if (cursor + size > body.length) {
            throw InferenceException.invalid(
                "input '"
                    + name
                    + "' declares binary_data_size "
                    + size
                    + " but only "
                    + (body.length - cursor)
                    + " bytes of binary data remain; the body is truncated");
          }
          inputs.add(BinaryTensorCodec.read(name, type, shape, body, cursor, (int) size));
          cursor += (int) size;
        } else {
          JsonNode data = in.get("data");
          if (data == null) {
            throw InferenceException.invalid(
                "input '" + name + "' has neither \"data\" nor a binary_data_size parameter");
          }
          inputs.add(KServeJsonCodec.readData(name, type, shape, data));
        }
      } catch (TensorFormatException e) {
        throw InferenceException.invalid(e.getMessage());
      }
    }
    if (cursor != body.length) {
      throw InferenceException.invalid(
          (body.length - cursor)
              + " bytes of binary data follow the inputs but no input claims them; "
              + "check the binary_data_size parameters and Inference-Header-Content-Length");
    }
    Map<String, Object> requestParams = parameters(root.get("parameters"), "request");
    boolean allBinary = Boolean.TRUE.equals(requestParams.get("binary_data_output"));
    List<RequestedOutput> outputs = new ArrayList<>();
    Map<String, Boolean> binary = new LinkedHashMap<>();
    JsonNode outputsNode = root.get("outputs");
    if (outputsNode != null && !outputsNode.isNull()) {
      if (!outputsNode.isArray()) {
        throw InferenceException.invalid("\"outputs\" must be an array of {\"name\": ...} objects");
      }
      for (JsonNode out : outputsNode) {
        String name = text(out, "name", "output");
        Map<String, Object> params = parameters(out.get("parameters"), "output '" + name + "'");
        Object b = params.get("binary_data");
        if (b != null && !(b instanceof Boolean)) {
          throw InferenceException.invalid(
              "output '" + name + "': binary_data must be true or false");
        }
        binary.put(name, Boolean.TRUE.equals(b));
        outputs.add(new RequestedOutput(name, params));
      }
    }
    JsonNode id = root.get("id");
    String idText = id == null || id.isNull() ? "" : id.asText();
    return new Decoded(
        new InferenceRequest(model, version, idText, requestParams, inputs, outputs),
        allBinary,
        binary);
  }

  /** Header length 0: the whole body is the one input's raw tensor, shaped from the model. */
  private static Decoded decodeRawBody(String model, String version, byte[] body, ModelSpec spec) {
    if (spec.inputs().size() != 1) {
      throw InferenceException.invalid(
          "Inference-Header-Content-Length: 0 sends a single raw input, but model '"
              + model
              + "' has "
              + spec.inputs().size()
              + " inputs; send a JSON header describing them");
    }
    TensorSpec in = spec.inputs().get(0);
    long[] dims = in.dims();
    if (dims == null || !in.datatype().isFixedSize()) {
      throw InferenceException.invalid(
          "Inference-Header-Content-Length: 0 needs a fixed-size input of known rank; model '"
              + model
              + "' input '"
              + in.name()
              + "' is not: send a JSON header");
    }
    long known = in.datatype().byteSize();
    int dynamic = -1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        if (dynamic >= 0) {
          throw InferenceException.invalid(
              "Inference-Header-Content-Length: 0 cannot infer two dynamic dimensions of input '"
                  + in.name()
                  + "'; send a JSON header with its shape");
        }
        dynamic = i;
      } else {
        known *= dims[i];
      }
    }
    long[] shape = dims.clone();
    if (dynamic >= 0) {
      if (known == 0 || body.length % known != 0) {
        throw InferenceException.invalid(
            "raw body of "
                + body.length
                + " bytes is not a whole number of "
                + in.datatype()
                + " rows of shape "
                + java.util.Arrays.toString(dims));
      }
      shape[dynamic] = body.length / known;
    }
    try {
      Tensor t =
          BinaryTensorCodec.read(in.name(), in.datatype(), Shape.of(shape), body, 0, body.length);
      return new Decoded(
          new InferenceRequest(model, version, "", Map.of(), List.of(t), List.of()),
          false,
          Map.of());
    } catch (TensorFormatException e) {
      throw InferenceException.invalid(e.getMessage());
    }
  }

  /** Encodes a response: outputs asked for binary go after the JSON header as raw blobs. */
  Encoded encode(InferenceResponse response, Decoded decoded, ByteBufAllocator alloc)
      throws IOException {
    ByteBuf buf = alloc.buffer(256);
    List<Tensor> blobs = new ArrayList<>();
    try (OutputStream os = new ByteBufOutputStream(buf);
        JsonGenerator g = mapper.getFactory().createGenerator(os, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("model_name", response.modelName());
      g.writeStringField("model_version", response.modelVersion());
      if (!response.id().isEmpty()) {
        g.writeStringField("id", response.id());
      }
      if (!response.parameters().isEmpty()) {
        g.writeFieldName("parameters");
        writeParameters(g, response.parameters());
      }
      g.writeArrayFieldStart("outputs");
      for (Tensor t : response.outputs()) {
        boolean binary =
            decoded.allOutputsBinary() || decoded.binaryOutputs().getOrDefault(t.name(), false);
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.datatype().wireName());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape().dims()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        if (binary) {
          g.writeObjectFieldStart("parameters");
          g.writeNumberField("binary_data_size", t.byteSize());
          g.writeEndObject();
          blobs.add(t);
        } else {
          g.writeFieldName("data");
          KServeJsonCodec.writeData(t, g);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException | RuntimeException e) {
      buf.release();
      throw e;
    }
    int jsonLength = buf.readableBytes();
    for (Tensor t : blobs) {
      buf.writeBytes(t.data());
    }
    return new Encoded(buf, blobs.isEmpty() ? -1 : jsonLength);
  }

  static void writeParameters(JsonGenerator g, Map<String, Object> params) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> p : params.entrySet()) {
      Object v = p.getValue();
      if (v instanceof Boolean) {
        g.writeBooleanField(p.getKey(), (Boolean) v);
      } else if (v instanceof Long) {
        g.writeNumberField(p.getKey(), (Long) v);
      } else if (v instanceof Double) {
        g.writeNumberField(p.getKey(), (Double) v);
      } else {
        g.writeStringField(p.getKey(), String.valueOf(v));
      }
    }
    g.writeEndObject();
  }

  private static String text(JsonNode node, String field, String what) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isTextual()) {
      throw InferenceException.invalid("every " + what + " needs a string \"" + field + "\"");
    }
    return v.asText();
  }

  private static DataType datatype(JsonNode in, String name) {
    JsonNode v = in.get("datatype");
    if (v == null || !v.isTextual()) {
      throw InferenceException.invalid("input '" + name + "' needs a string \"datatype\"");
    }
    try {
      return DataType.fromWireName(v.asText());
    } catch (TensorFormatException e) {
      throw InferenceException.invalid("input '" + name + "': " + e.getMessage());
    }
  }

  private static Shape shape(JsonNode in, String name) {
    JsonNode v = in.get("shape");
    if (v == null || !v.isArray()) {
      throw InferenceException.invalid("input '" + name + "' needs a \"shape\" array of integers");
    }
    long[] dims = new long[v.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = v.get(i);
      if (!d.isIntegralNumber() || d.asLong() < 0) {
        throw InferenceException.invalid(
            "input '" + name + "': shape " + v + " must hold non-negative integers");
      }
      dims[i] = d.asLong();
    }
    return Shape.of(dims);
  }

  /** JSON parameters as Boolean, Long, Double or String values. */
  static Map<String, Object> parameters(JsonNode node, String owner) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw InferenceException.invalid("\"parameters\" of " + owner + " must be a JSON object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      if (v.isBoolean()) {
        out.put(f.getKey(), v.booleanValue());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        out.put(f.getKey(), v.longValue());
      } else if (v.isNumber()) {
        out.put(f.getKey(), v.doubleValue());
      } else if (v.isTextual()) {
        out.put(f.getKey(), v.textValue());
      } else {
        throw InferenceException.invalid(
            "parameter '"
                + f.getKey()
                + "' of "
                + owner
                + " must be a boolean, number or string, got "
                + v);
      }
    }
    return out;
  }
}
