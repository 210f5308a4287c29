/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import io.github.gatlingml.server.model.Generation;
import io.github.gatlingml.server.model.LlmSettings;
import io.github.gatlingml.server.model.Model;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one model with a fixed number of execution slots and a FIFO queue in front of them, the way
 * Triton's instances and scheduler do: a request waits for a free slot, holds it for one sampled
 * service time, then frees it for the next one. Under load the queue grows and latency rises, so a
 * load test sees a real knee.
 *
 * <p>Service times are timers on a scheduler, not sleeping threads, so thousands of requests can be
 * in flight on a handful of threads.
 */
final class ModelRuntime {
  private final Model model;
  private final Capacity capacity;
  private final ModelStats stats;
  private final ScheduledExecutorService timer;
  private final SplittableRandom random;

  // Guarded by this.
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private int busySlots;

  /** Busy slots integrated over time up to {@link #lastSlotChange}: the simulated GPU's work. */
  private long busySlotNanos;

  private long lastSlotChange = System.nanoTime();

  /** A request and everything needed to finish it. */
  private static final class Job {
    final InferenceRequest request;
    final long batchSize;
    final long arrivedNanos;
    final long decodedNanos;
    final Function<List<Tensor>, InferenceResponse> finish;
    final CompletableFuture<InferenceResponse> result;
    final Executor callbackExecutor;

    /** Set for a streamed generation, which holds its slot until its last chunk. */
    StreamJob stream;

    long startedNanos;

    /** It waited in the queue for a slot (guarded by the runtime's lock). */
    boolean queued;

    Job(
        InferenceRequest request,
        long batchSize,
        long arrivedNanos,
        long decodedNanos,
        Function<List<Tensor>, InferenceResponse> finish,
        CompletableFuture<InferenceResponse> result,
        Executor callbackExecutor) {
      this.request = request;
      this.batchSize = batchSize;
      this.arrivedNanos = arrivedNanos;
      this.decodedNanos = decodedNanos;
      this.finish = finish;
      this.result = result;
      this.callbackExecutor = callbackExecutor;
    }
  }

  ModelRuntime(
      Model model, Capacity capacity, ModelStats stats, ScheduledExecutorService timer, long seed) {
    this.model = model;
    this.capacity = capacity;
    this.stats = stats;
    this.timer = timer;
    this.random = new SplittableRandom(seed);
  }

  Capacity capacity() {
    return capacity;
  }

  /** Adds the busy time since the last change of {@code busySlots}; call under the lock. */
  private void advance() {
    long now = System.nanoTime();
    busySlotNanos += busySlots * (now - lastSlotChange);
    lastSlotChange = now;
  }

  /** Slot-nanoseconds spent executing since the model was created (2 busy slots for 1 s: 2e9). */
  synchronized long busySlotNanos() {
    advance();
    return busySlotNanos;
  }

  /** Slots executing now. */
  synchronized int busySlots() {
    return busySlots;
  }

  /**
   * Queues a validated request. The future completes on {@code callbackExecutor}, so that the front
   * end encodes the response on its own thread rather than on the scheduler's.
   *
   * @param arrivedNanos when the request's first byte was read
   * @param decodedNanos when the front end had decoded it: the span before counts as compute_input,
   *     the span after it until a slot is free as queue time
   * @param finish turns the model's outputs into the response (output selection, classification)
   */
  CompletableFuture<InferenceResponse> submit(
      InferenceRequest request,
      long batchSize,
      long arrivedNanos,
      long decodedNanos,
      Function<List<Tensor>, InferenceResponse> finish,
      Executor callbackExecutor) {
    CompletableFuture<InferenceResponse> result = new CompletableFuture<>();
    Job job =
        new Job(request, batchSize, arrivedNanos, decodedNanos, finish, result, callbackExecutor);
    boolean startNow;
    synchronized (this) {
      if (busySlots < capacity.slots()) {
        advance();
        busySlots++;
        startNow = true;
      } else if (capacity.maxQueue() > 0 && waiting.size() >= capacity.maxQueue()) {
        startNow = false;
        job = null;
      } else {
        waiting.addLast(job);
        startNow = false;
      }
    }
    stats.requestArrived();
    if (job == null) {
      stats.requestLeft();
      InferenceException full =
          InferenceException.unavailable(
              "model '"
                  + model.spec().name()
                  + "' queue is full ("
                  + capacity.maxQueue()
                  + " requests waiting for "
                  + capacity.slots()
                  + " slots); retry later or lower the load");
      stats.recordFailure(full.kind(), System.nanoTime() - arrivedNanos);
      result.completeExceptionally(full);
      return result;
    }
    if (startNow) {
      start(job);
    }
    return result;
  }

  private void start(Job job) {
    job.startedNanos = System.nanoTime();
    if (job.stream != null) {
      job.stream.begin();
      return;
    }
    long serviceNanos;
    synchronized (random) {
      serviceNanos = capacity.serviceTime().sampleNanos(random);
    }
    timer.schedule(() -> complete(job), serviceNanos, TimeUnit.NANOSECONDS);
  }

  private void complete(Job job) {
    long inferDone = System.nanoTime();
    InferenceResponse response = null;
    RuntimeException failure = null;
    try {
      response = job.finish.apply(model.compute(job.request));
    } catch (RuntimeException e) {
      failure = e;
    }
    long outputDone = System.nanoTime();
    releaseSlot();
    stats.requestLeft();
    long requestNs = outputDone - job.arrivedNanos;
    if (failure == null) {
      stats.recordExecution(
          job.batchSize,
          job.startedNanos - job.decodedNanos,
          job.decodedNanos - job.arrivedNanos,
          inferDone - job.startedNanos,
          outputDone - inferDone,
          requestNs);
      InferenceResponse done = response;
      job.callbackExecutor.execute(() -> job.result.complete(done));
    } else {
      InferenceException error =
          failure instanceof InferenceException
              ? (InferenceException) failure
              : new InferenceException(
                  ErrorKind.INTERNAL, "model '" + model.spec().name() + "' failed: " + failure);
      stats.recordFailure(error.kind(), requestNs);
      job.callbackExecutor.execute(() -> job.result.completeExceptionally(error));
    }
  }

  /** Gives the slot to the next waiting request, or frees it. */
  private void releaseSlot() {
    Job next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        advance();
        busySlots--;
      }
    }
    if (next != null) {
      start(next);
    }
  }

  /** Takes a slot or a queue place for the job; false when the queue is full. */
  private boolean admit(Job job, boolean[] startNow) {
    synchronized (this) {
      if (busySlots < capacity.slots()) {
        advance();
        busySlots++;
        startNow[0] = true;
        return true;
      }
      if (capacity.maxQueue() > 0 && waiting.size() >= capacity.maxQueue()) {
        return false;
      }
      job.queued = true;
      waiting.addLast(job);
      startNow[0] = false;
      return true;
    }
  }

  /**
   * Queues a validated generation. It holds an execution slot from its start until its last chunk;
   * chunk {@code i} is due at {@code start + ttft + (sum of the token gaps before it)}, each chunk
   * being scheduled from its planned time (not from when the previous one ran), so timer delays do
   * not accumulate.
   *
   * @param loop a single-threaded scheduler, normally the event loop of the connection that carries
   *     the stream: chunks are timed on it and handed to {@code listener} on it, so a chunk costs
   *     one timer wake-up and no thread hop before it is written, and chunks stay in order
   * @throws InferenceException UNAVAILABLE when the queue is full
   */
  GenerationHandle submitStream(
      Generation plan,
      LlmSettings settings,
      long arrivedNanos,
      long decodedNanos,
      ScheduledExecutorService loop,
      GenerationListener listener) {
    Job job = new Job(null, 1, arrivedNanos, decodedNanos, null, null, loop);
    StreamJob stream = new StreamJob(job, plan, settings, loop, listener);
    job.stream = stream;
    boolean[] startNow = new boolean[1];
    stats.requestArrived();
    if (!admit(job, startNow)) {
      stats.requestLeft();
      InferenceException full = queueFull();
      stats.recordFailure(full.kind(), System.nanoTime() - arrivedNanos);
      throw full;
    }
    if (startNow[0]) {
      start(job);
    }
    return stream;
  }

  private InferenceException queueFull() {
    return InferenceException.unavailable(
        "model '"
            + model.spec().name()
            + "' queue is full ("
            + capacity.maxQueue()
            + " requests waiting for "
            + capacity.slots()
            + " slots); retry later or lower the load");
  }

  /** One streamed generation, from its start on a slot to its last chunk. */
  private final class StreamJob implements GenerationHandle {
    private final Job job;
    private final Generation plan;
    private final LlmSettings settings;
    private final ScheduledExecutorService loop;
    private final GenerationListener listener;
    private long[] dueNanos;
    private volatile boolean cancelled;
    private final java.util.concurrent.atomic.AtomicBoolean finished =
        new java.util.concurrent.atomic.AtomicBoolean();

    StreamJob(
        Job job,
        Generation plan,
        LlmSettings settings,
        ScheduledExecutorService loop,
        GenerationListener listener) {
      this.job = job;
      this.plan = plan;
      this.settings = settings;
      this.loop = loop;
      this.listener = listener;
    }

    /**
     * Runs when the job gets its slot: plans every chunk's time, schedules the first. Times count
     * from the request's arrival when a slot was free at once, so TTFT is exactly the configured
     * one from arrival (decoding and validation do not add to it); from the slot start when the
     * request had to wait, so queueing shows up in TTFT as it does on a real server.
     */
    void begin() {
      int n = plan.chunks().size();
      dueNanos = new long[n];
      boolean waited;
      synchronized (ModelRuntime.this) {
        waited = job.queued;
      }
      long base = waited ? job.startedNanos : job.arrivedNanos;
      synchronized (random) {
        long t = settings.ttft().sampleNanos(random);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            for (int k = 0; k < plan.chunkTokens()[i]; k++) {
              t += settings.tokenGap().sampleNanos(random);
            }
          }
          dueNanos[i] = base + t;
        }
      }
      schedule(0);
    }

    private void schedule(int i) {
      long delay = Math.max(0, dueNanos[i] - System.nanoTime());
      try {
        loop.schedule(() -> emit(i), delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The engine is closing: the stream just stops.
      }
    }

    private void emit(int i) {
      if (cancelled) {
        end(false);
        return;
      }
      long now = System.nanoTime();
      stats.recordChunkLateness(i == 0, now - dueNanos[i]);
      if (i == 0) {
        stats.recordFirstResponse(now - job.arrivedNanos);
      }
      boolean last = i == plan.chunks().size() - 1;
      if (!last) {
        // Scheduled before the listener writes, so a slow write does not push the next chunk back.
        schedule(i + 1);
      }
      try {
        listener.onChunk(plan, i, last);
      } catch (RuntimeException e) {
        // A front end's bug must not hold the slot: the stream ends here.
        cancelled = true;
      }
      if (last) {
        end(true);
      }
    }

    private void end(boolean success) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      long done = System.nanoTime();
      releaseSlot();
      stats.requestLeft();
      if (success) {
        stats.recordExecution(
            1,
            job.startedNanos - job.decodedNanos,
            job.decodedNanos - job.arrivedNanos,
            done - job.startedNanos,
            0,
            done - job.arrivedNanos);
      } else {
        stats.recordFailure(ErrorKind.CANCELLED, done - job.arrivedNanos);
      }
    }

    @Override
    public void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      boolean wasWaiting;
      synchronized (ModelRuntime.this) {
        wasWaiting = waiting.remove(job);
      }
      if (wasWaiting && finished.compareAndSet(false, true)) {
        // Never started: it held no slot.
        stats.requestLeft();
        stats.recordFailure(ErrorKind.CANCELLED, System.nanoTime() - job.arrivedNanos);
      }
    }
  }
}
