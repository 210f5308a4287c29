/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * Tensors as the plugin holds them: a name, a {@link io.github.gatlingml.tensor.DataType}, a {@link
 * io.github.gatlingml.tensor.Shape} and little-endian row-major bytes, with exact FP16/BF16
 * conversion and the three wire encodings (KServe JSON, Triton's binary extension, protobuf
 * contents). Public: simulations build fixed tensors with it. A tensor is encoded once and its
 * bytes are shared by every request.
 */
package io.github.gatlingml.tensor;
