/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import com.google.protobuf.Message;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.proto.inference.GRPCInferenceServiceGrpc;
import io.github.gatlingml.proto.inference.ModelConfigRequest;
import io.github.gatlingml.proto.inference.ModelMetadataRequest;
import io.github.gatlingml.proto.inference.ModelReadyRequest;
import io.github.gatlingml.proto.inference.ModelReadyResponse;
import io.github.gatlingml.proto.inference.ModelStatisticsRequest;
import io.github.gatlingml.proto.inference.ServerLiveRequest;
import io.github.gatlingml.proto.inference.ServerLiveResponse;
import io.github.gatlingml.proto.inference.ServerMetadataRequest;
import io.github.gatlingml.proto.inference.ServerReadyRequest;
import io.github.gatlingml.proto.inference.ServerReadyResponse;
import io.grpc.MethodDescriptor;

/**
 * The non-inference requests: health, metadata, configuration and statistics, with their REST
 * routes and gRPC methods.
 */
public enum ServerCall {
  SERVER_LIVE(RequestKind.HEALTH, false, GRPCInferenceServiceGrpc.getServerLiveMethod()),
  SERVER_READY(RequestKind.HEALTH, false, GRPCInferenceServiceGrpc.getServerReadyMethod()),
  MODEL_READY(RequestKind.HEALTH, true, GRPCInferenceServiceGrpc.getModelReadyMethod()),
  SERVER_METADATA(RequestKind.METADATA, false, GRPCInferenceServiceGrpc.getServerMetadataMethod()),
  MODEL_METADATA(RequestKind.METADATA, true, GRPCInferenceServiceGrpc.getModelMetadataMethod()),
  MODEL_CONFIG(RequestKind.METADATA, true, GRPCInferenceServiceGrpc.getModelConfigMethod()),
  MODEL_STATISTICS(
      RequestKind.STATISTICS, false, GRPCInferenceServiceGrpc.getModelStatisticsMethod());

  private final RequestKind kind;
  private final boolean needsModel;
  private final MethodDescriptor<? extends Message, ? extends Message> method;

  ServerCall(
      RequestKind kind,
      boolean needsModel,
      MethodDescriptor<? extends Message, ? extends Message> method) {
    this.kind = kind;
    this.needsModel = needsModel;
    this.method = method;
  }

  public RequestKind kind() {
    return kind;
  }

  /** True when the call is about one model (a model name is required). */
  public boolean needsModel() {
    return needsModel;
  }

  @SuppressWarnings("unchecked")
  <Q extends Message> MethodDescriptor<Q, Message> method() {
    return (MethodDescriptor<Q, Message>) method;
  }

  /**
   * The REST route ({@code model} may be null for server-level calls and statistics of all models).
   */
  String restPath(String model, String version) {
    String m =
        model == null
            ? null
            : "/v2/models/" + model + (version.isEmpty() ? "" : "/versions/" + version);
    switch (this) {
      case SERVER_LIVE:
        return "/v2/health/live";
      case SERVER_READY:
        return "/v2/health/ready";
      case MODEL_READY:
        return m + "/ready";
      case SERVER_METADATA:
        return "/v2";
      case MODEL_METADATA:
        return m;
      case MODEL_CONFIG:
        return m + "/config";
      default:
        return (m == null ? "/v2/models" : m) + "/stats";
    }
  }

  /** The gRPC request message. */
  Message grpcRequest(String model, String version) {
    String name = model == null ? "" : model;
    switch (this) {
      case SERVER_LIVE:
        return ServerLiveRequest.getDefaultInstance();
      case SERVER_READY:
        return ServerReadyRequest.getDefaultInstance();
      case MODEL_READY:
        return ModelReadyRequest.newBuilder().setName(name).setVersion(version).build();
      case SERVER_METADATA:
        return ServerMetadataRequest.getDefaultInstance();
      case MODEL_METADATA:
        return ModelMetadataRequest.newBuilder().setName(name).setVersion(version).build();
      case MODEL_CONFIG:
        return ModelConfigRequest.newBuilder().setName(name).setVersion(version).build();
      default:
        return ModelStatisticsRequest.newBuilder().setName(name).setVersion(version).build();
    }
  }

  /**
   * For health calls over gRPC, whether the answer says live/ready (a gRPC OK can still say false);
   * null for calls that have no such flag.
   */
  Boolean healthy(Message response) {
    if (response instanceof ServerLiveResponse) {
      return ((ServerLiveResponse) response).getLive();
    }
    if (response instanceof ServerReadyResponse) {
      return ((ServerReadyResponse) response).getReady();
    }
    if (response instanceof ModelReadyResponse) {
      return ((ModelReadyResponse) response).getReady();
    }
    return null;
  }
}
