/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.GenerativeModel;
import io.github.gatlingml.server.model.Model;
import io.github.gatlingml.server.model.ModelSpec;
import io.github.gatlingml.server.model.TensorSpec;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The transport-neutral core of the embedded server: the model repository, request validation
 * against each model's declaration, the per-model capacity runtimes and their statistics. The REST
 * and gRPC front ends decode requests into {@link InferenceRequest}s and encode what comes back.
 */
public final class InferenceEngine implements AutoCloseable {
  /** One served model. */
  public static final class Entry {
    private final Model model;
    private final ModelRuntime runtime;
    private final ModelStats stats = new ModelStats();
    private volatile boolean ready = true;

    private Entry(Model model, Capacity capacity, ScheduledThreadPoolExecutor timer, long seed) {
      this.model = model;
      this.runtime = new ModelRuntime(model, capacity, stats, timer, seed);
    }

    public ModelSpec spec() {
      return model.spec();
    }

    /** The model itself (for tests and embedding code that inspects a model's state). */
    public Model model() {
      return model;
    }

    public ModelStats stats() {
      return stats;
    }

    public Capacity capacity() {
      return runtime.capacity();
    }

    /**
     * Slot-nanoseconds this model's slots have spent executing since it was created: the work the
     * simulated GPU does for it.
     */
    public long busySlotNanos() {
      return runtime.busySlotNanos();
    }

    /** This model's slots executing now. */
    public int busySlots() {
      return runtime.busySlots();
    }

    public boolean ready() {
      return ready;
    }
  }

  private final Map<String, Entry> models = new LinkedHashMap<>();

  /** Every version of each model, its own first. */
  private final Map<String, Map<String, Entry>> byVersion = new LinkedHashMap<>();

  /** The card under every model, for the DCGM-named metrics. */
  private final SimulatedGpu gpu =
      new SimulatedGpu(
          () -> allVersions().stream().mapToLong(Entry::busySlotNanos).sum(),
          () -> allVersions().stream().mapToInt(e -> e.capacity().slots()).sum(),
          () -> allVersions().stream().mapToInt(Entry::busySlots).sum(),
          System::nanoTime);

  private final ScheduledThreadPoolExecutor timer;

  /**
   * An engine serving the given models.
   *
   * @param capacities capacity per model name; models not named get {@link Capacity#defaults()}
   * @param seed seed of the service-time samplers, so a run can be repeated
   */
  public InferenceEngine(List<Model> modelList, Map<String, Capacity> capacities, long seed) {
    this(modelList, capacities, Map.of(), seed);
  }

  /**
   * An engine serving the given models, and more versions of some of them.
   *
   * @param capacities capacity per model name; models not named get {@link Capacity#defaults()}
   * @param versions versions served beside a model's own, by model name, each with its capacity
   *     (its own slots and service time: a version is a separate deployment of the model)
   * @param seed seed of the service-time samplers, so a run can be repeated
   */
  public InferenceEngine(
      List<Model> modelList,
      Map<String, Capacity> capacities,
      Map<String, Map<String, Capacity>> versions,
      long seed) {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread t = new Thread(runnable, "gatling-ml-server-models");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    for (Model m : modelList) {
      String name = m.spec().name();
      if (models.containsKey(name)) {
        throw new IllegalArgumentException("model '" + name + "' is configured twice");
      }
      Capacity c = capacities.getOrDefault(name, Capacity.defaults());
      models.put(name, new Entry(m, c, timer, seed + models.size()));
    }
    for (Map.Entry<String, Entry> m : models.entrySet()) {
      Map<String, Entry> own = new LinkedHashMap<>();
      own.put(m.getValue().spec().version(), m.getValue());
      byVersion.put(m.getKey(), own);
    }
    int n = models.size();
    for (Map.Entry<String, Map<String, Capacity>> v : versions.entrySet()) {
      Entry base = models.get(v.getKey());
      if (base == null) {
        throw new IllegalArgumentException(
            "version given for unknown model '"
                + v.getKey()
                + "'; served models: "
                + models.keySet());
      }
      for (Map.Entry<String, Capacity> c : v.getValue().entrySet()) {
        Map<String, Entry> own = byVersion.get(v.getKey());
        if (own.containsKey(c.getKey())) {
          throw new IllegalArgumentException(
              "model '" + v.getKey() + "' already serves version '" + c.getKey() + "'");
        }
        own.put(
            c.getKey(),
            new Entry(versioned(base.model, c.getKey()), c.getValue(), timer, seed + n++));
      }
    }
    for (String named : capacities.keySet()) {
      if (!models.containsKey(named)) {
        throw new IllegalArgumentException(
            "capacity given for unknown model '" + named + "'; served models: " + models.keySet());
      }
    }
  }

  /** Every served model, in configuration order. */
  /** The simulated GPU under every model. */
  public SimulatedGpu gpu() {
    return gpu;
  }

  public Collection<Entry> models() {
    return models.values();
  }

  /**
   * The model with this name and version (empty version: the served one), ready or not.
   *
   * @throws InferenceException NOT_FOUND naming the models or versions available
   */
  public Entry find(String name, String version) {
    Entry e = models.get(name);
    if (e == null) {
      throw InferenceException.notFound(
          "unknown model '" + name + "'; this server serves " + String.join(", ", models.keySet()));
    }
    if (version == null || version.isEmpty()) {
      return e;
    }
    Entry v = byVersion.get(name).get(version);
    if (v == null) {
      throw InferenceException.notFound(
          "model '"
              + name
              + "' has no version '"
              + version
              + "'; available versions: "
              + String.join(", ", byVersion.get(name).keySet()));
    }
    return v;
  }

  /** The model, which must also be ready. */
  public Entry findReady(String name, String version) {
    Entry e = find(name, version);
    if (!e.ready) {
      throw InferenceException.unavailable(
          "model '" + name + "' is not ready (unloaded); load it through the repository API first");
    }
    return e;
  }

  /** Marks a model loaded (ready), every version of it. */
  public void load(String name) {
    find(name, "");
    byVersion.get(name).values().forEach(e -> e.ready = true);
  }

  /** Marks a model unloaded, every version of it: metadata still answers, inference is refused. */
  public void unload(String name) {
    find(name, "");
    byVersion.get(name).values().forEach(e -> e.ready = false);
  }

  /**
   * Every served version of every model, each model's own version first: what statistics, metrics
   * and the repository index list.
   */
  public List<Entry> allVersions() {
    List<Entry> out = new ArrayList<>();
    byVersion.values().forEach(v -> out.addAll(v.values()));
    return out;
  }

  /** The versions served of a model, its own first. */
  public List<String> versions(String name) {
    find(name, "");
    return List.copyOf(byVersion.get(name).keySet());
  }

  /** The same model under another version name, computing the same outputs. */
  private static Model versioned(Model base, String version) {
    ModelSpec s = base.spec();
    ModelSpec spec =
        new ModelSpec(
            s.name(),
            version,
            s.platform(),
            s.backend(),
            s.maxBatchSize(),
            s.inputs(),
            s.outputs(),
            s.decoupled());
    if (base instanceof GenerativeModel) {
      throw new IllegalArgumentException(
          "model '" + s.name() + "' is generative: extra versions are served for tensor models");
    }
    return new Model() {
      @Override
      public ModelSpec spec() {
        return spec;
      }

      @Override
      public List<Tensor> compute(InferenceRequest request) {
        return base.compute(request);
      }
    };
  }

  /**
   * Validates and runs one request. Errors in the request itself complete the future exceptionally
   * with an {@link InferenceException}, like errors of the model.
   *
   * @param arrivedNanos when the request's first byte arrived ({@link System#nanoTime()})
   * @param decodedNanos when the front end had decoded it
   * @param callbackExecutor where the future completes (the front end's own thread)
   */
  public CompletableFuture<InferenceResponse> infer(
      InferenceRequest request, long arrivedNanos, long decodedNanos, Executor callbackExecutor) {
    Entry entry;
    try {
      entry = findReady(request.modelName(), request.modelVersion());
    } catch (InferenceException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (entry.spec().decoupled()) {
      return CompletableFuture.failedFuture(
          new InferenceException(
              ErrorKind.UNSUPPORTED,
              "model '"
                  + entry.spec().name()
                  + "' is decoupled (it streams many responses per request); "
                  + "use gRPC ModelStreamInfer, or REST /generate, /generate_stream, /v1/completions"));
    }
    long batch;
    try {
      batch = validate(entry.spec(), request);
    } catch (InferenceException e) {
      entry.stats.recordFailure(e.kind(), System.nanoTime() - arrivedNanos);
      return CompletableFuture.failedFuture(e);
    }
    ModelSpec spec = entry.spec();
    return entry.runtime.submit(
        request,
        batch,
        arrivedNanos,
        decodedNanos,
        outputs -> finish(spec, request, outputs),
        callbackExecutor);
  }

  /**
   * Validates a request to a generative (decoupled) model and queues its generation. Chunks are
   * timed on {@code loop}, a single-threaded scheduler (the connection's event loop), and delivered
   * to {@code listener} on it, in order.
   *
   * @throws InferenceException for everything known before the stream starts: unknown or unready
   *     model, a model that does not generate, a bad request, a full queue
   */
  public GenerationHandle generate(
      InferenceRequest request,
      long arrivedNanos,
      long decodedNanos,
      ScheduledExecutorService loop,
      GenerationListener listener) {
    Entry entry = findReady(request.modelName(), request.modelVersion());
    if (!(entry.model instanceof GenerativeModel)) {
      throw InferenceException.invalid(
          "model '"
              + entry.spec().name()
              + "' does not generate text; text generation models: "
              + models.values().stream()
                  .filter(e -> e.model instanceof GenerativeModel)
                  .map(e -> e.spec().name())
                  .collect(Collectors.joining(", ")));
    }
    GenerativeModel model = (GenerativeModel) entry.model;
    Generation plan;
    try {
      InferenceRequest normalized = model.normalize(request);
      validate(entry.spec(), normalized);
      plan = model.plan(normalized);
    } catch (InferenceException e) {
      entry.stats.recordFailure(e.kind(), System.nanoTime() - arrivedNanos);
      throw e;
    }
    return entry.runtime.submitStream(
        plan, model.settings(), arrivedNanos, decodedNanos, loop, listener);
  }

  /** Checks inputs and requested outputs against the declaration; returns the batch size. */
  private static long validate(ModelSpec spec, InferenceRequest request) {
    String model = spec.name();
    Set<String> seen = new HashSet<>();
    long batch = -1;
    for (Tensor input : request.inputs()) {
      if (!seen.add(input.name())) {
        throw InferenceException.invalid(
            "input '" + input.name() + "' appears twice in the request to model '" + model + "'");
      }
      TensorSpec declared = spec.input(input.name());
      if (declared == null) {
        throw InferenceException.invalid(
            "unexpected input '"
                + input.name()
                + "' for model '"
                + model
                + "'; it expects "
                + names(spec.inputs()));
      }
      if (!declared.accepted().contains(input.datatype())) {
        throw InferenceException.invalid(
            "input '"
                + input.name()
                + "' of model '"
                + model
                + "' has datatype "
                + input.datatype()
                + " but the model expects "
                + declared.acceptedDescription());
      }
      checkShape(spec, declared, input.shape());
      if (spec.maxBatchSize() > 0) {
        long b = input.shape().dim(0);
        if (batch >= 0 && b != batch) {
          throw InferenceException.invalid(
              "inputs of model '"
                  + model
                  + "' disagree on the batch size (first dimension): "
                  + batch
                  + " and "
                  + b
                  + " (input '"
                  + input.name()
                  + "')");
        }
        batch = b;
      }
    }
    List<String> missing = new ArrayList<>();
    for (TensorSpec declared : spec.inputs()) {
      if (!seen.contains(declared.name())) {
        missing.add(declared.name());
      }
    }
    if (!missing.isEmpty()) {
      throw InferenceException.invalid(
          "model '"
              + model
              + "' expects "
              + spec.inputs().size()
              + " inputs but got "
              + request.inputs().size()
              + ": missing "
              + String.join(", ", missing));
    }
    Set<String> requested = new HashSet<>();
    for (RequestedOutput out : request.outputs()) {
      TensorSpec declared = spec.output(out.name());
      if (declared == null) {
        throw InferenceException.invalid(
            "unknown output '"
                + out.name()
                + "' requested from model '"
                + model
                + "'; it has "
                + names(spec.outputs()));
      }
      if (!requested.add(out.name())) {
        throw InferenceException.invalid("output '" + out.name() + "' is requested twice");
      }
      if (out.classificationCount() > 0 && declared.datatype() == DataType.BYTES) {
        throw InferenceException.invalid(
            "output '" + out.name() + "' is BYTES; classification needs a numeric output");
      }
    }
    return batch < 0 ? 1 : batch;
  }

  private static void checkShape(ModelSpec spec, TensorSpec declared, Shape shape) {
    long[] pattern = declared.dims();
    if (pattern == null) {
      return;
    }
    boolean batched = spec.maxBatchSize() > 0;
    boolean fits = shape.matches(pattern);
    if (fits && batched) {
      long b = shape.dim(0);
      fits = b >= 1 && b <= spec.maxBatchSize();
    }
    if (!fits) {
      throw InferenceException.invalid(
          "input '"
              + declared.name()
              + "' of model '"
              + spec.name()
              + "' has shape "
              + shape
              + " but the model expects "
              + Arrays.toString(pattern)
              + (batched
                  ? " (first dimension: batch size 1.." + spec.maxBatchSize() + "; -1: any size)"
                  : " (-1: any size)"));
    }
  }

  private static String names(List<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::name).collect(Collectors.joining(", "));
  }

  /** Keeps the requested outputs (all when none is named) and applies classification. */
  private static InferenceResponse finish(
      ModelSpec spec, InferenceRequest request, List<Tensor> computed) {
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (Tensor t : computed) {
      byName.put(t.name(), t);
    }
    List<Tensor> outputs = new ArrayList<>();
    if (request.outputs().isEmpty()) {
      outputs.addAll(byName.values());
    } else {
      for (RequestedOutput wanted : request.outputs()) {
        Tensor t = byName.get(wanted.name());
        int topK = wanted.classificationCount();
        outputs.add(
            topK > 0
                ? classify(t, topK, spec.output(wanted.name()).labels(), spec.maxBatchSize() > 0)
                : t);
      }
    }
    return new InferenceResponse(spec.name(), spec.version(), request.id(), Map.of(), outputs);
  }

  /**
   * Triton's classification extension: the top {@code k} classes of each row (each batch element
   * when the model batches, else the whole tensor) as {@code "value:index[:label]"} strings.
   */
  static Tensor classify(Tensor scores, int k, String[] labels, boolean batched) {
    double[] values = scores.toDoubleArray();
    int rows = batched ? (int) scores.shape().dim(0) : 1;
    int perRow = values.length / Math.max(rows, 1);
    int keep = Math.min(k, perRow);
    String[] out = new String[rows * keep];
    for (int r = 0; r < rows; r++) {
      int base = r * perRow;
      Integer[] order = new Integer[perRow];
      for (int i = 0; i < perRow; i++) {
        order[i] = i;
      }
      // Stable sort: equal scores keep index order, so results are deterministic.
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[base + i]));
      for (int j = 0; j < keep; j++) {
        int idx = order[j];
        String text = String.format(Locale.ROOT, "%f:%d", values[base + idx], idx);
        if (idx < labels.length) {
          text += ":" + labels[idx];
        }
        out[r * keep + j] = text;
      }
    }
    Shape shape = batched ? Shape.of(rows, keep) : Shape.of(keep);
    return Tensor.ofStrings(scores.name(), shape, out);
  }

  /** Stops the model timers; requests still queued never complete. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
