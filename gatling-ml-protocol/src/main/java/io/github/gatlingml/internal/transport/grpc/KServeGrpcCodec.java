/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.gatlingml.check.InferOutputs;
import io.github.gatlingml.internal.transport.InferPayload;
import io.github.gatlingml.internal.transport.MalformedResponseException;
import io.github.gatlingml.internal.transport.OutputRequest;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.InferParameter;
import io.github.gatlingml.proto.inference.ModelInferRequest;
import io.github.gatlingml.proto.inference.ModelInferResponse;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.ProtoTensorCodec;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.github.gatlingml.tensor.TensorFormatException;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;

/** The client side of KServe v2 gRPC inference over pre-serialized bytes. */
public final class KServeGrpcCodec {
  /** ModelInfer with byte-array messages: encode once, parse on demand. */
  public static final MethodDescriptor<byte[], byte[]> MODEL_INFER_BYTES =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName())
          .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
          .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
          .build();

  private KServeGrpcCodec() {}

  /**
   * Serializes a request.
   *
   * @param raw tensors in {@code raw_input_contents} (the fast path; required for FP16/BF16) or,
   *     when false, as typed {@code contents}
   */
  public static byte[] encode(InferPayload p, boolean raw) {
    return toMessage(p, raw).toByteArray();
  }

  /** Builds the request message (tensor bytes are wrapped, not copied). */
  public static ModelInferRequest toMessage(InferPayload p, boolean raw) {
    ModelInferRequest.Builder b =
        ModelInferRequest.newBuilder()
            .setModelName(p.model())
            .setModelVersion(p.version())
            .setId(p.id());
    p.parameters().forEach((k, v) -> b.putParameters(k, parameter(v)));
    for (Tensor t : p.inputs()) {
      ModelInferRequest.InferInputTensor.Builder in =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().wireName());
      for (int i = 0; i < t.shape().rank(); i++) {
        in.addShape(t.shape().dim(i));
      }
      if (raw) {
        b.addRawInputContents(ProtoTensorCodec.toRaw(t));
      } else {
        in.setContents(ProtoTensorCodec.toContents(t));
      }
      b.addInputs(in);
    }
    for (OutputRequest o : p.outputs()) {
      ModelInferRequest.InferRequestedOutputTensor.Builder out =
          ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(o.name());
      if (o.classification() > 0) {
        out.putParameters(
            "classification",
            InferParameter.newBuilder().setInt64Param(o.classification()).build());
      }
      b.addOutputs(out);
    }
    return b.build();
  }

  /** A parameter value as the protobuf oneof. */
  public static InferParameter parameter(Object v) {
    InferParameter.Builder b = InferParameter.newBuilder();
    if (v instanceof Boolean) {
      b.setBoolParam((Boolean) v);
    } else if (v instanceof Long || v instanceof Integer) {
      b.setInt64Param(((Number) v).longValue());
    } else if (v instanceof Number) {
      b.setDoubleParam(((Number) v).doubleValue());
    } else {
      b.setStringParam(String.valueOf(v));
    }
    return b.build();
  }

  /** The outputs of a serialized ModelInferResponse, decoded on first use. */
  public static InferOutputs decode(byte[] response) {
    return new InferOutputs() {
      private List<Tensor> outputs;

      @Override
      public List<Tensor> outputs() {
        if (outputs == null) {
          outputs = parse(response);
        }
        return outputs;
      }
    };
  }

  /** Decodes the tensors of a response message. */
  public static List<Tensor> tensors(ModelInferResponse r) {
    int raw = r.getRawOutputContentsCount();
    if (raw > 0 && raw != r.getOutputsCount()) {
      throw new MalformedResponseException(
          "response has " + raw + " raw_output_contents for " + r.getOutputsCount() + " outputs");
    }
    List<Tensor> out = new ArrayList<>(r.getOutputsCount());
    try {
      for (int i = 0; i < r.getOutputsCount(); i++) {
        ModelInferResponse.InferOutputTensor o = r.getOutputs(i);
        DataType type = DataType.fromWireName(o.getDatatype());
        long[] dims = new long[o.getShapeCount()];
        for (int d = 0; d < dims.length; d++) {
          dims[d] = o.getShape(d);
        }
        Shape shape = Shape.of(dims);
        out.add(
            raw > 0
                ? ProtoTensorCodec.fromRaw(o.getName(), type, shape, r.getRawOutputContents(i))
                : ProtoTensorCodec.fromContents(o.getName(), type, shape, o.getContents()));
      }
    } catch (TensorFormatException e) {
      throw new MalformedResponseException("malformed output tensor: " + e.getMessage(), e);
    }
    return out;
  }

  private static List<Tensor> parse(byte[] bytes) {
    ModelInferResponse r;
    try {
      r = ModelInferResponse.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedResponseException(
          "response is not a valid ModelInferResponse: " + e.getMessage(), e);
    }
    return tensors(r);
  }
}
