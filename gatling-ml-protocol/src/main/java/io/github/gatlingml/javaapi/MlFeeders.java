/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

/**
 * Feeders of real ML data: tensors from NumPy files, perf_analyzer input JSON, KServe request
 * bodies or synthesized from a model's metadata, and prompts for LLM endpoints. They plug into
 * Gatling's own feeder strategies:
 *
 * <pre>{@code
 * feed(MlFeeders.npy("data/images.npy", "INPUT0").tensors().feeder().circular())
 *     .exec(infer("classify").model("resnet").inputsFromFeeder())
 * }</pre>
 *
 * Data is decoded and encoded once when the simulation starts; errors in the data (a corrupt
 * file, an unsupported dtype, a shape the model does not accept) stop it there, naming the file,
 * the record and the problem.
 */
public final class MlFeeders {
  private MlFeeders() {}

  /**
   * A {@code .npy} file as input {@code inputName}; add more with {@code .andNpy(path, input)}
   * (rows are paired by index). Rows become records, each with a batch dimension of 1.
   */
  public static NumpyFeederBuilder npy(String path, String inputName) {
    return NumpyFeederBuilder.ofNpy(path, inputName);
  }

  /**
   * A {@code .npz} archive (stored or compressed): every array as the input of its own name, or
   * rename with {@code .map(array, input)}.
   */
  public static NumpyFeederBuilder npz(String path) {
    return NumpyFeederBuilder.ofNpz(path);
  }
}
