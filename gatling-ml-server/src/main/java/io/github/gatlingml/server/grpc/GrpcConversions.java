/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.grpc;

import io.github.gatlingml.proto.inference.InferParameter;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.server.engine.ErrorKind;
import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceRequest;
import io.github.gatlingml.server.engine.InferenceResponse;
import io.github.gatlingml.server.engine.RequestedOutput;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.ProtoTensorCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the generated protobuf messages and the engine's transport-neutral types. */
final class GrpcConversions {
  private GrpcConversions() {}

  /** A decoded request and whether it carried raw contents (the response answers in kind). */
  record Decoded(InferenceRequest request, boolean raw) {}

  static Decoded decode(ModelInferRequest req) {
    int rawCount = req.getRawInputContentsCount();
    boolean raw = rawCount > 0;
    if (raw && rawCount != req.getInputsCount()) {
      throw InferenceException.invalid(
          "raw_input_contents has "
              + rawCount
              + " entries but the request has "
              + req.getInputsCount()
              + " inputs; send one raw entry per input, in the order of inputs");
    }
    List<Tensor> inputs = new ArrayList<>(req.getInputsCount());
    for (int i = 0; i < req.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor in = req.getInputs(i);
      try {
        DataType type = DataType.fromWireName(in.getDatatype());
        Shape shape = shape(in.getName(), in.getShapeList());
        if (raw) {
          if (in.hasContents()) {
            throw InferenceException.invalid(
                "input '"
                    + in.getName()
                    + "' has contents while the request uses raw_input_contents; "
                    + "use one or the other for all inputs");
          }
          inputs.add(
              ProtoTensorCodec.fromRaw(in.getName(), type, shape, req.getRawInputContents(i)));
        } else {
          inputs.add(ProtoTensorCodec.fromContents(in.getName(), type, shape, in.getContents()));
        }
      } catch (TensorFormatException e) {
        throw InferenceException.invalid(
            e.getMessage().contains("'" + in.getName() + "'")
                ? e.getMessage()
                : "input '" + in.getName() + "': " + e.getMessage());
      }
    }
    List<RequestedOutput> outputs = new ArrayList<>(req.getOutputsCount());
    for (ModelInferRequest.InferRequestedOutputTensor out : req.getOutputsList()) {
      outputs.add(new RequestedOutput(out.getName(), parameters(out.getParametersMap())));
    }
    InferenceRequest request =
        new InferenceRequest(
            req.getModelName(),
            req.getModelVersion(),
            req.getId(),
            parameters(req.getParametersMap()),
            inputs,
            outputs);
    return new Decoded(request, raw);
  }

  private static Shape shape(String name, List<Long> dims) {
    long[] values = new long[dims.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = dims.get(i);
      if (values[i] < 0) {
        throw InferenceException.invalid(
            "input '" + name + "': shape " + dims + " must hold non-negative integers");
      }
    }
    return Shape.of(values);
  }

  static Map<String, Object> parameters(Map<String, InferParameter> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, InferParameter> p : params.entrySet()) {
      InferParameter v = p.getValue();
      switch (v.getParameterChoiceCase()) {
        case BOOL_PARAM:
          out.put(p.getKey(), v.getBoolParam());
          break;
        case INT64_PARAM:
          out.put(p.getKey(), v.getInt64Param());
          break;
        case UINT64_PARAM:
          out.put(p.getKey(), v.getUint64Param());
          break;
        case DOUBLE_PARAM:
          out.put(p.getKey(), v.getDoubleParam());
          break;
        case STRING_PARAM:
          out.put(p.getKey(), v.getStringParam());
          break;
        default:
          throw InferenceException.invalid("parameter '" + p.getKey() + "' has no value set");
      }
    }
    return out;
  }

  static InferParameter parameter(Object value) {
    InferParameter.Builder b = InferParameter.newBuilder();
    if (value instanceof Boolean) {
      b.setBoolParam((Boolean) value);
    } else if (value instanceof Long || value instanceof Integer) {
      b.setInt64Param(((Number) value).longValue());
    } else if (value instanceof Double) {
      b.setDoubleParam((Double) value);
    } else {
      b.setStringParam(String.valueOf(value));
    }
    return b.build();
  }

  /**
   * Encodes a response in the form the request used: raw when the request was raw or when an output
   * has no typed field (FP16, BF16); typed contents otherwise.
   */
  static ModelInferResponse encode(InferenceResponse response, boolean rawRequest) {
    boolean raw = rawRequest;
    for (Tensor t : response.outputs()) {
      if (t.datatype() == DataType.FP16 || t.datatype() == DataType.BF16) {
        raw = true;
      }
    }
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder()
            .setModelName(response.modelName())
            .setModelVersion(response.modelVersion())
            .setId(response.id());
    response.parameters().forEach((k, v) -> b.putParameters(k, parameter(v)));
    for (Tensor t : response.outputs()) {
      ModelInferResponse.InferOutputTensor.Builder o =
          ModelInferResponse.InferOutputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().wireName());
      for (long d : t.shape().dims()) {
        o.addShape(d);
      }
      if (raw) {
        b.addRawOutputContents(ProtoTensorCodec.toRaw(t));
      } else {
        o.setContents(ProtoTensorCodec.toContents(t));
      }
      b.addOutputs(o);
    }
    return b.build();
  }

  static Status status(ErrorKind kind) {
    switch (kind) {
      case INVALID_ARGUMENT:
        return Status.INVALID_ARGUMENT;
      case NOT_FOUND:
        return Status.NOT_FOUND;
      case UNAVAILABLE:
        return Status.UNAVAILABLE;
      case UNSUPPORTED:
      case METHOD_NOT_ALLOWED:
        return Status.UNIMPLEMENTED;
      case TOO_LARGE:
        return Status.RESOURCE_EXHAUSTED;
      case CANCELLED:
        return Status.CANCELLED;
      default:
        return Status.INTERNAL;
    }
  }
}
