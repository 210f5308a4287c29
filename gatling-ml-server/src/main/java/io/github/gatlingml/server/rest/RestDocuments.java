/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.server.ServerInfo;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.ModelStats;
import io.github.gatlingml.server.model.ModelSpec;
import io.github.gatlingml.server.model.TensorSpec;
import java.util.List;
import java.util.Map;

/** The JSON documents of the REST API other than inference: metadata, configuration, statistics. */
final class RestDocuments {
  private final ObjectMapper mapper;

  RestDocuments(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode serverMetadata() {
    ObjectNode n = mapper.createObjectNode();
    n.put("name", ServerInfo.NAME);
    n.put("version", ServerInfo.VERSION);
    ArrayNode ext = n.putArray("extensions");
    ServerInfo.EXTENSIONS.forEach(ext::add);
    return n;
  }

  ObjectNode modelMetadata(ModelSpec spec, List<String> versions) {
    ObjectNode n = mapper.createObjectNode();
    n.put("name", spec.name());
    ArrayNode v = n.putArray("versions");
    versions.forEach(v::add);
    n.put("platform", spec.platform());
    tensorMetadata(n.putArray("inputs"), spec.inputs());
    tensorMetadata(n.putArray("outputs"), spec.outputs());
    return n;
  }

  private static void tensorMetadata(ArrayNode array, List<TensorSpec> specs) {
    for (TensorSpec t : specs) {
      ObjectNode o = array.addObject();
      o.put("name", t.name());
      o.put("datatype", t.datatype().wireName());
      ArrayNode shape = o.putArray("shape");
      for (long d : t.metadataShape()) {
        shape.add(d);
      }
    }
  }

  /** Triton's JSON form of the model configuration (dims without the batch dimension). */
  ObjectNode modelConfig(InferenceEngine.Entry entry) {
    ModelSpec spec = entry.spec();
    ObjectNode n = mapper.createObjectNode();
    n.put("name", spec.name());
    n.put("platform", spec.platform());
    n.put("backend", spec.backend());
    n.put("max_batch_size", spec.maxBatchSize());
    configTensors(n.putArray("input"), spec.inputs(), spec.maxBatchSize() > 0);
    configTensors(n.putArray("output"), spec.outputs(), spec.maxBatchSize() > 0);
    ObjectNode group = n.putArray("instance_group").addObject();
    group.put("name", spec.name());
    group.put("kind", "KIND_CPU");
    group.put("count", entry.capacity().slots());
    n.putObject("model_transaction_policy").put("decoupled", spec.decoupled());
    return n;
  }

  private static void configTensors(ArrayNode array, List<TensorSpec> specs, boolean batched) {
    for (TensorSpec t : specs) {
      ObjectNode o = array.addObject();
      o.put("name", t.name());
      o.put("data_type", t.datatype().configName());
      ArrayNode dims = o.putArray("dims");
      long[] shape = t.metadataShape();
      for (int i = batched ? 1 : 0; i < shape.length; i++) {
        dims.add(shape[i]);
      }
    }
  }

  /** Triton's statistics document for the given models. */
  ObjectNode statistics(Iterable<InferenceEngine.Entry> entries) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("model_stats");
    for (InferenceEngine.Entry e : entries) {
      ModelStats s = e.stats();
      ObjectNode m = list.addObject();
      m.put("name", e.spec().name());
      m.put("version", e.spec().version());
      m.put("last_inference", s.lastInferenceEpochMs());
      m.put("inference_count", s.inferenceCount());
      m.put("execution_count", s.executionCount());
      ObjectNode inf = m.putObject("inference_stats");
      duration(inf, "success", s.success());
      duration(inf, "fail", s.fail());
      duration(inf, "queue", s.queue());
      duration(inf, "compute_input", s.computeInput());
      duration(inf, "compute_infer", s.computeInfer());
      duration(inf, "compute_output", s.computeOutput());
      zero(inf, "cache_hit");
      zero(inf, "cache_miss");
      ArrayNode batches = m.putArray("batch_stats");
      for (Map.Entry<Long, ModelStats.BatchStats> b : s.batches().entrySet()) {
        ObjectNode bo = batches.addObject();
        bo.put("batch_size", b.getKey());
        duration(bo, "compute_input", b.getValue().computeInput());
        duration(bo, "compute_infer", b.getValue().computeInfer());
        duration(bo, "compute_output", b.getValue().computeOutput());
      }
      m.putArray("memory_usage");
      m.putObject("response_stats");
    }
    return root;
  }

  private static void duration(ObjectNode parent, String field, ModelStats.Duration d) {
    ObjectNode o = parent.putObject(field);
    o.put("count", d.count());
    o.put("ns", d.nanos());
  }

  private static void zero(ObjectNode parent, String field) {
    ObjectNode o = parent.putObject(field);
    o.put("count", 0);
    o.put("ns", 0);
  }

  ArrayNode repositoryIndex(Iterable<InferenceEngine.Entry> entries, boolean readyOnly) {
    ArrayNode list = mapper.createArrayNode();
    for (InferenceEngine.Entry e : entries) {
      if (readyOnly && !e.ready()) {
        continue;
      }
      ObjectNode o = list.addObject();
      o.put("name", e.spec().name());
      o.put("version", e.spec().version());
      o.put("state", e.ready() ? "READY" : "UNAVAILABLE");
      if (!e.ready()) {
        o.put("reason", "unloaded");
      }
    }
    return list;
  }
}
