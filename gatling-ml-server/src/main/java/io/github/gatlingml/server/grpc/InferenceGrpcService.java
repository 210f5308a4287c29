/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.grpc;

import io.github.gatlingml.proto.inference.*;
import io.github.gatlingml.server.ServerInfo;
import io.github.gatlingml.server.engine.ErrorKind;
import io.github.gatlingml.server.engine.GenerationHandle;
import io.github.gatlingml.server.engine.GenerationListener;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.InferenceException;
import io.github.gatlingml.server.engine.InferenceResponse;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.ModelSpec;
import io.github.gatlingml.server.model.TensorSpec;
import io.github.gatlingml.server.net.NetworkStats;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The gRPC front end: every rpc of Triton's GRPCInferenceService. Inference completes on {@code
 * callbacks}, where the response is encoded, so the model timers never do that work.
 */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  private final InferenceEngine engine;
  private final Executor callbacks;
  private final EventLoopGroup loops;
  private final java.util.concurrent.atomic.AtomicLong streamsOpened =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<String, List<String>> traceSettings = new ConcurrentHashMap<>();
  private final Map<String, LogSettingsResponse.SettingValue> logSettings =
      new ConcurrentHashMap<>();

  private final int maxStreamBufferBytes;
  private final NetworkStats stats;

  InferenceGrpcService(
      InferenceEngine engine,
      Executor callbacks,
      EventLoopGroup loops,
      int maxStreamBufferBytes,
      NetworkStats stats) {
    this.engine = engine;
    this.callbacks = callbacks;
    this.loops = loops;
    this.maxStreamBufferBytes = maxStreamBufferBytes;
    this.stats = stats;
    traceSettings.put("trace_level", List.of("OFF"));
    traceSettings.put("trace_rate", List.of("1000"));
    traceSettings.put("trace_count", List.of("-1"));
    traceSettings.put("log_frequency", List.of("0"));
    logSettings.put(
        "log_info", LogSettingsResponse.SettingValue.newBuilder().setBoolParam(true).build());
    logSettings.put(
        "log_warning", LogSettingsResponse.SettingValue.newBuilder().setBoolParam(true).build());
    logSettings.put(
        "log_error", LogSettingsResponse.SettingValue.newBuilder().setBoolParam(true).build());
    logSettings.put(
        "log_verbose_level",
        LogSettingsResponse.SettingValue.newBuilder().setUint32Param(0).build());
    logSettings.put(
        "log_format",
        LogSettingsResponse.SettingValue.newBuilder().setStringParam("default").build());
  }

  // ---------------------------------------------------------------- health and metadata

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    reply(out, ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    reply(out, ServerReadyResponse.newBuilder().setReady(true).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    run(
        out,
        () ->
            ModelReadyResponse.newBuilder()
                .setReady(engine.find(request.getName(), request.getVersion()).ready())
                .build());
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    reply(
        out,
        ServerMetadataResponse.newBuilder()
            .setName(ServerInfo.NAME)
            .setVersion(ServerInfo.VERSION)
            .addAllExtensions(ServerInfo.EXTENSIONS)
            .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    run(
        out,
        () -> {
          ModelSpec spec = engine.find(request.getName(), request.getVersion()).spec();
          ModelMetadataResponse.Builder b =
              ModelMetadataResponse.newBuilder()
                  .setName(spec.name())
                  .addAllVersions(engine.versions(spec.name()))
                  .setPlatform(spec.platform());
          spec.inputs().forEach(t -> b.addInputs(tensorMetadata(t)));
          spec.outputs().forEach(t -> b.addOutputs(tensorMetadata(t)));
          return b.build();
        });
  }

  private static ModelMetadataResponse.TensorMetadata tensorMetadata(TensorSpec t) {
    ModelMetadataResponse.TensorMetadata.Builder b =
        ModelMetadataResponse.TensorMetadata.newBuilder()
            .setName(t.name())
            .setDatatype(t.datatype().wireName());
    for (long d : t.metadataShape()) {
      b.addShape(d);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- inference

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    long arrived = ArrivalStamps.arrivedNanos(0);
    if (decoupled(request)) {
      fail(
          out,
          new InferenceException(
              ErrorKind.UNSUPPORTED,
              "ModelInfer RPC doesn't support models with decoupled transaction policy; use ModelStreamInfer"));
      return;
    }
    GrpcConversions.Decoded decoded;
    try {
      decoded = GrpcConversions.decode(request);
    } catch (InferenceException e) {
      fail(out, e);
      return;
    }
    engine
        .infer(decoded.request(), arrived, System.nanoTime(), callbacks)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                fail(out, unwrap(error));
                return;
              }
              try {
                out.onNext(GrpcConversions.encode(response, decoded.raw()));
                out.onCompleted();
              } catch (RuntimeException e) {
                fail(out, e);
              }
            });
  }

  /**
   * Triton's streaming rpc. Each request gets its response (or an {@code error_message}) on the
   * stream, marked final with {@code triton_final_response}; the stream ends once the client has
   * half-closed and every request is answered.
   *
   * <p>Backpressure: responses keep their timing (a model's chunks come at its pace), so those the
   * client does not read wait in the transport. The bytes sent while the call is not ready (gRPC's
   * flow control window full) are counted; past the per-stream limit the stream's generations are
   * cancelled and it ends with RESOURCE_EXHAUSTED, so a slow reader costs bounded memory. The count
   * restarts whenever the call is ready again.
   */
  @Override
  public StreamObserver<ModelInferRequest> modelStreamInfer(
      StreamObserver<ModelStreamInferResponse> responses) {
    streamsOpened.incrementAndGet();
    ServerCallStreamObserver<ModelStreamInferResponse> out =
        (ServerCallStreamObserver<ModelStreamInferResponse>) responses;
    StreamObserver<ModelInferRequest> requests =
        new StreamObserver<>() {
          /** Bytes of the responses sent since the call was last ready. */
          private long unreadBytes;

          private int inFlight;
          private int received;
          private final List<GenerationHandle> generations = new ArrayList<>();
          private boolean halfClosed;
          private boolean done;

          @Override
          public void onNext(ModelInferRequest request) {
            long arrived = ArrivalStamps.arrivedNanos(received++);
            GrpcConversions.Decoded decoded;
            try {
              decoded = GrpcConversions.decode(request);
            } catch (InferenceException e) {
              send(error(request, e.getMessage()), false);
              return;
            }
            synchronized (this) {
              inFlight++;
            }
            if (decoupled(request)) {
              generate(request, decoded, arrived);
              return;
            }
            engine
                .infer(decoded.request(), arrived, System.nanoTime(), callbacks)
                .whenComplete(
                    (response, error) -> {
                      ModelStreamInferResponse message;
                      if (error != null) {
                        message = error(request, unwrap(error).getMessage());
                      } else {
                        ModelInferResponse encoded =
                            GrpcConversions.encode(response, decoded.raw()).toBuilder()
                                .putParameters(
                                    "triton_final_response", GrpcConversions.parameter(true))
                                .build();
                        message =
                            ModelStreamInferResponse.newBuilder().setInferResponse(encoded).build();
                      }
                      send(message, true);
                    });
          }

          /** A decoupled model: one response per chunk, the last one flagged final. */
          private void generate(
              ModelInferRequest request, GrpcConversions.Decoded decoded, long arrived) {
            InferParameter emptyFinal =
                request.getParametersMap().get("triton_enable_empty_final_response");
            boolean emptyFinalResponse = emptyFinal != null && emptyFinal.getBoolParam();
            GenerationListener listener =
                new GenerationListener() {
                  @Override
                  public void onChunk(Generation g, int index, boolean last) {
                    InferenceResponse chunk =
                        new InferenceResponse(
                            request.getModelName(),
                            versionOf(request),
                            request.getId(),
                            Map.of(),
                            List.of(
                                Tensor.ofStrings(
                                    "text_output", Shape.of(1), g.chunks().get(index))));
                    boolean finalHere = last && !emptyFinalResponse;
                    ModelInferResponse encoded =
                        GrpcConversions.encode(chunk, decoded.raw()).toBuilder()
                            .putParameters(
                                "triton_final_response", GrpcConversions.parameter(finalHere))
                            .build();
                    send(
                        ModelStreamInferResponse.newBuilder().setInferResponse(encoded).build(),
                        finalHere);
                    if (last && emptyFinalResponse) {
                      ModelInferResponse empty =
                          ModelInferResponse.newBuilder()
                              .setModelName(request.getModelName())
                              .setModelVersion(versionOf(request))
                              .setId(request.getId())
                              .putParameters(
                                  "triton_final_response", GrpcConversions.parameter(true))
                              .build();
                      send(
                          ModelStreamInferResponse.newBuilder().setInferResponse(empty).build(),
                          true);
                    }
                  }

                  @Override
                  public void onError(InferenceException e) {
                    send(error(request, e.getMessage()), true);
                  }
                };
            try {
              GenerationHandle handle =
                  engine.generate(
                      decoded.request(), arrived, System.nanoTime(), currentLoop(), listener);
              synchronized (this) {
                generations.add(handle);
              }
            } catch (InferenceException e) {
              send(error(request, e.getMessage()), true);
            }
          }

          private String versionOf(ModelInferRequest request) {
            try {
              return engine
                  .find(request.getModelName(), request.getModelVersion())
                  .spec()
                  .version();
            } catch (InferenceException e) {
              return request.getModelVersion();
            }
          }

          private ModelStreamInferResponse error(ModelInferRequest request, String message) {
            return ModelStreamInferResponse.newBuilder()
                .setErrorMessage(message)
                .setInferResponse(
                    ModelInferResponse.newBuilder()
                        .setModelName(request.getModelName())
                        .setModelVersion(request.getModelVersion())
                        .setId(request.getId()))
                .build();
          }

          // StreamObserver is not thread-safe: responses from different threads are serialised
          // here.
          private synchronized void send(
              ModelStreamInferResponse message, boolean finishesRequest) {
            if (done) {
              return;
            }
            if (out.isReady()) {
              unreadBytes = 0;
            } else {
              unreadBytes += message.getSerializedSize();
              stats.streamPending(unreadBytes);
              if (unreadBytes > maxStreamBufferBytes) {
                dropSlowReader();
                return;
              }
            }
            out.onNext(message);
            if (finishesRequest) {
              inFlight--;
              if (inFlight == 0) {
                generations.clear();
              }
            }
            if (halfClosed && inFlight == 0) {
              done = true;
              out.onCompleted();
            }
          }

          private void dropSlowReader() {
            done = true;
            generations.forEach(GenerationHandle::cancel);
            generations.clear();
            stats.slowStreamDropped();
            out.onError(
                Status.RESOURCE_EXHAUSTED
                    .withDescription(
                        "the client reads this stream too slowly: more than "
                            + maxStreamBufferBytes
                            + " bytes of responses wait for it; the stream is dropped")
                    .asRuntimeException());
          }

          @Override
          public synchronized void onError(Throwable t) {
            // The client cancelled or the connection broke: nothing more can be sent.
            done = true;
            generations.forEach(GenerationHandle::cancel);
            generations.clear();
          }

          @Override
          public synchronized void onCompleted() {
            halfClosed = true;
            if (inFlight == 0 && !done) {
              done = true;
              out.onCompleted();
            }
          }
        };
    return requests;
  }

  /** Whether the request names a served decoupled model (unknown models fail later, as usual). */
  private boolean decoupled(ModelInferRequest request) {
    try {
      return engine.find(request.getModelName(), request.getModelVersion()).spec().decoupled();
    } catch (InferenceException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- configuration and statistics

  @Override
  public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
    run(
        out,
        () ->
            ModelConfigResponse.newBuilder()
                .setConfig(config(engine.find(request.getName(), request.getVersion())))
                .build());
  }

  private static ModelConfig config(InferenceEngine.Entry entry) {
    ModelSpec spec = entry.spec();
    boolean batched = spec.maxBatchSize() > 0;
    ModelConfig.Builder b =
        ModelConfig.newBuilder()
            .setName(spec.name())
            .setPlatform(spec.platform())
            .setBackend(spec.backend())
            .setMaxBatchSize(spec.maxBatchSize())
            .addInstanceGroup(
                ModelInstanceGroup.newBuilder()
                    .setName(spec.name())
                    .setKind(ModelInstanceGroup.Kind.KIND_CPU)
                    .setCount(entry.capacity().slots()))
            .setModelTransactionPolicy(
                ModelTransactionPolicy.newBuilder().setDecoupled(spec.decoupled()));
    for (TensorSpec t : spec.inputs()) {
      b.addInput(
          ModelInput.newBuilder()
              .setName(t.name())
              .setDataType(DataType.valueOf(t.datatype().configName()))
              .addAllDims(configDims(t, batched)));
    }
    for (TensorSpec t : spec.outputs()) {
      b.addOutput(
          ModelOutput.newBuilder()
              .setName(t.name())
              .setDataType(DataType.valueOf(t.datatype().configName()))
              .addAllDims(configDims(t, batched)));
    }
    return b.build();
  }

  private static List<Long> configDims(TensorSpec t, boolean batched) {
    long[] shape = t.metadataShape();
    List<Long> dims = new ArrayList<>();
    for (int i = batched ? 1 : 0; i < shape.length; i++) {
      dims.add(shape[i]);
    }
    return dims;
  }

  @Override
  public void modelStatistics(
      ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
    run(
        out,
        () -> {
          ModelStatisticsResponse.Builder b = ModelStatisticsResponse.newBuilder();
          if (request.getName().isEmpty()) {
            engine.allVersions().forEach(e -> b.addModelStats(statistics(e)));
          } else {
            b.addModelStats(statistics(engine.find(request.getName(), request.getVersion())));
          }
          return b.build();
        });
  }

  private static ModelStatistics statistics(InferenceEngine.Entry e) {
    ModelStats s = e.stats();
    ModelStatistics.Builder b =
        ModelStatistics.newBuilder()
            .setName(e.spec().name())
            .setVersion(e.spec().version())
            .setLastInference(s.lastInferenceEpochMs())
            .setInferenceCount(s.inferenceCount())
            .setExecutionCount(s.executionCount())
            .setInferenceStats(
                InferStatistics.newBuilder()
                    .setSuccess(duration(s.success()))
                    .setFail(duration(s.fail()))
                    .setQueue(duration(s.queue()))
                    .setComputeInput(duration(s.computeInput()))
                    .setComputeInfer(duration(s.computeInfer()))
                    .setComputeOutput(duration(s.computeOutput()))
                    .setCacheHit(StatisticDuration.getDefaultInstance())
                    .setCacheMiss(StatisticDuration.getDefaultInstance()));
    s.batches()
        .forEach(
            (size, batch) ->
                b.addBatchStats(
                    InferBatchStatistics.newBuilder()
                        .setBatchSize(size)
                        .setComputeInput(duration(batch.computeInput()))
                        .setComputeInfer(duration(batch.computeInfer()))
                        .setComputeOutput(duration(batch.computeOutput()))));
    return b.build();
  }

  private static StatisticDuration duration(ModelStats.Duration d) {
    return StatisticDuration.newBuilder().setCount(d.count()).setNs(d.nanos()).build();
  }

  // ---------------------------------------------------------------- model repository

  @Override
  public void repositoryIndex(
      RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
    RepositoryIndexResponse.Builder b = RepositoryIndexResponse.newBuilder();
    for (InferenceEngine.Entry e : engine.allVersions()) {
      if (request.getReady() && !e.ready()) {
        continue;
      }
      b.addModels(
          RepositoryIndexResponse.ModelIndex.newBuilder()
              .setName(e.spec().name())
              .setVersion(e.spec().version())
              .setState(e.ready() ? "READY" : "UNAVAILABLE")
              .setReason(e.ready() ? "" : "unloaded"));
    }
    reply(out, b.build());
  }

  @Override
  public void repositoryModelLoad(
      RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> out) {
    run(
        out,
        () -> {
          engine.load(request.getModelName());
          return RepositoryModelLoadResponse.getDefaultInstance();
        });
  }

  @Override
  public void repositoryModelUnload(
      RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> out) {
    run(
        out,
        () -> {
          engine.unload(request.getModelName());
          return RepositoryModelUnloadResponse.getDefaultInstance();
        });
  }

  // ---------------------------------------------------------------- shared memory (not offered)

  @Override
  public void systemSharedMemoryStatus(
      SystemSharedMemoryStatusRequest request,
      StreamObserver<SystemSharedMemoryStatusResponse> out) {
    reply(out, SystemSharedMemoryStatusResponse.getDefaultInstance());
  }

  @Override
  public void systemSharedMemoryRegister(
      SystemSharedMemoryRegisterRequest request,
      StreamObserver<SystemSharedMemoryRegisterResponse> out) {
    fail(out, noSharedMemory("system"));
  }

  @Override
  public void systemSharedMemoryUnregister(
      SystemSharedMemoryUnregisterRequest request,
      StreamObserver<SystemSharedMemoryUnregisterResponse> out) {
    reply(out, SystemSharedMemoryUnregisterResponse.getDefaultInstance());
  }

  @Override
  public void cudaSharedMemoryStatus(
      CudaSharedMemoryStatusRequest request, StreamObserver<CudaSharedMemoryStatusResponse> out) {
    reply(out, CudaSharedMemoryStatusResponse.getDefaultInstance());
  }

  @Override
  public void cudaSharedMemoryRegister(
      CudaSharedMemoryRegisterRequest request,
      StreamObserver<CudaSharedMemoryRegisterResponse> out) {
    fail(out, noSharedMemory("CUDA"));
  }

  @Override
  public void cudaSharedMemoryUnregister(
      CudaSharedMemoryUnregisterRequest request,
      StreamObserver<CudaSharedMemoryUnregisterResponse> out) {
    reply(out, CudaSharedMemoryUnregisterResponse.getDefaultInstance());
  }

  private static InferenceException noSharedMemory(String kind) {
    return new InferenceException(
        ErrorKind.UNSUPPORTED,
        kind
            + " shared memory is not supported by the embedded server; send tensors in the request");
  }

  // ---------------------------------------------------------------- trace and log settings

  @Override
  public void traceSetting(TraceSettingRequest request, StreamObserver<TraceSettingResponse> out) {
    request.getSettingsMap().forEach((k, v) -> traceSettings.put(k, List.copyOf(v.getValueList())));
    TraceSettingResponse.Builder b = TraceSettingResponse.newBuilder();
    traceSettings.forEach(
        (k, v) ->
            b.putSettings(
                k, TraceSettingResponse.SettingValue.newBuilder().addAllValue(v).build()));
    reply(out, b.build());
  }

  @Override
  public void logSettings(LogSettingsRequest request, StreamObserver<LogSettingsResponse> out) {
    request
        .getSettingsMap()
        .forEach(
            (k, v) -> {
              LogSettingsResponse.SettingValue.Builder value =
                  LogSettingsResponse.SettingValue.newBuilder();
              switch (v.getParameterChoiceCase()) {
                case BOOL_PARAM:
                  value.setBoolParam(v.getBoolParam());
                  break;
                case UINT32_PARAM:
                  value.setUint32Param(v.getUint32Param());
                  break;
                case STRING_PARAM:
                  value.setStringParam(v.getStringParam());
                  break;
                default:
                  return;
              }
              logSettings.put(k, value.build());
            });
    reply(out, LogSettingsResponse.newBuilder().putAllSettings(logSettings).build());
  }

  // ---------------------------------------------------------------- helpers

  private interface Call<T> {
    T get();
  }

  private static <T> void run(StreamObserver<T> out, Call<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    reply(out, result);
  }

  private static <T> void reply(StreamObserver<T> out, T message) {
    out.onNext(message);
    out.onCompleted();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static void fail(StreamObserver<?> out, Throwable error) {
    Status status =
        error instanceof InferenceException
            ? GrpcConversions.status(((InferenceException) error).kind())
                .withDescription(error.getMessage())
            : Status.INTERNAL.withDescription("internal error: " + error);
    out.onError(status.asRuntimeException());
  }

  /** ModelStreamInfer streams opened so far. */
  long streamsOpened() {
    return streamsOpened.get();
  }

  /**
   * The event loop running this handler (handlers run on the loop that read the request, see
   * GrpcServer), so a stream's chunks are timed and written on its own connection's thread.
   */
  private EventLoop currentLoop() {
    for (EventExecutor loop : loops) {
      if (loop.inEventLoop()) {
        return (EventLoop) loop;
      }
    }
    // Not on a worker thread (never expected): any single loop keeps the chunks in order.
    return loops.next();
  }
}
