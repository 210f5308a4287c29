/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.internal.feeder.numpy.NpyReader;
import io.github.gatlingml.internal.feeder.numpy.NpzReader;
import io.github.gatlingml.internal.feeder.numpy.NumpyRecords;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy arrays ({@code .npy} files, {@code .npz} archives) as tensor records. By default every
 * array is split along its first axis into one record per row, each row keeping a leading batch
 * dimension of 1; {@link #dropBatchDim()} removes it, {@link #whole()} sends each array as one
 * tensor. Immutable.
 */
public final class NumpyFeederBuilder {
  private enum Split {
    ROWS_BATCH_OF_ONE,
    ROWS,
    WHOLE
  }

  private final List<String[]> npyFiles;
  private final String npzFile;
  private final Map<String, String> npzMapping;
  private final Split split;

  NumpyFeederBuilder(
      List<String[]> npyFiles, String npzFile, Map<String, String> npzMapping, Split split) {
    this.npyFiles = List.copyOf(npyFiles);
    this.npzFile = npzFile;
    this.npzMapping = Map.copyOf(npzMapping);
    this.split = split;
  }

  static NumpyFeederBuilder ofNpy(String path, String inputName) {
    List<String[]> files = new ArrayList<>();
    files.add(new String[] {path, inputName});
    return new NumpyFeederBuilder(files, null, Map.of(), Split.ROWS_BATCH_OF_ONE);
  }

  static NumpyFeederBuilder ofNpz(String path) {
    return new NumpyFeederBuilder(List.of(), path, Map.of(), Split.ROWS_BATCH_OF_ONE);
  }

  /** One more {@code .npy} file, sent as input {@code inputName} (rows are paired by index). */
  public NumpyFeederBuilder andNpy(String path, String inputName) {
    if (npzFile != null) {
      throw new IllegalArgumentException("combine either .npy files or one .npz archive, not both");
    }
    List<String[]> files = new ArrayList<>(npyFiles);
    files.add(new String[] {path, inputName});
    return new NumpyFeederBuilder(files, null, npzMapping, split);
  }

  /**
   * Sends array {@code arrayName} of the archive as input {@code inputName}. Without any mapping
   * every array is sent under its own name; with one, only the mapped arrays are.
   */
  public NumpyFeederBuilder map(String arrayName, String inputName) {
    if (npzFile == null) {
      throw new IllegalArgumentException(
          "map(...) renames arrays of an .npz archive; name .npy inputs in npy(path, input)");
    }
    Map<String, String> m = new LinkedHashMap<>(npzMapping);
    m.put(arrayName, inputName);
    return new NumpyFeederBuilder(npyFiles, npzFile, m, split);
  }

  /** One record per row, without the leading batch dimension. */
  public NumpyFeederBuilder dropBatchDim() {
    return new NumpyFeederBuilder(npyFiles, npzFile, npzMapping, Split.ROWS);
  }

  /** One record per row, each keeping a leading batch dimension of 1 (the default). */
  public NumpyFeederBuilder batchOfOne() {
    return new NumpyFeederBuilder(npyFiles, npzFile, npzMapping, Split.ROWS_BATCH_OF_ONE);
  }

  /** A single record holding every array whole. */
  public NumpyFeederBuilder whole() {
    return new NumpyFeederBuilder(npyFiles, npzFile, npzMapping, Split.WHOLE);
  }

  /** The tensor feeder (arrays are read when it loads). */
  public TensorFeederBuilder tensors() {
    String source = npzFile != null ? npzFile : npyFiles.get(0)[0];
    return new TensorFeederBuilder(source, this::load, null);
  }

  private List<io.github.gatlingml.feeder.TensorRecord> load() {
    List<Tensor> arrays = new ArrayList<>();
    String source;
    if (npzFile != null) {
      Map<String, Tensor> read =
          npzMapping.isEmpty()
              ? NpzReader.read(FeederFiles.resolve(npzFile))
              : NpzReader.read(FeederFiles.resolve(npzFile), npzMapping);
      arrays.addAll(read.values());
      source = npzFile;
    } else {
      for (String[] f : npyFiles) {
        arrays.add(NpyReader.read(FeederFiles.resolve(f[0]), f[1]));
      }
      source = npyFiles.get(0)[0];
    }
    switch (split) {
      case WHOLE:
        return List.of(NumpyRecords.whole(source, arrays));
      case ROWS:
        return NumpyRecords.splitRows(source, arrays, false);
      default:
        return NumpyRecords.splitRows(source, arrays, true);
    }
  }
}
