/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import java.util.List;

/** What the server says about itself in server metadata. */
public final class ServerInfo {
  /** Server name reported by server metadata. */
  public static final String NAME = "gatling-ml-server";

  /** Server version reported by server metadata. */
  public static final String VERSION = "0.1.0";

  /** Protocol extensions this server implements, as Triton names them. */
  public static final List<String> EXTENSIONS =
      List.of(
          "classification",
          "model_repository",
          "model_configuration",
          "binary_tensor_data",
          "parameters",
          "statistics");

  private ServerInfo() {}
}
