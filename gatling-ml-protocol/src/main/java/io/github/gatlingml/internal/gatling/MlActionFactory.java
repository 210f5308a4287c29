/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.action.builder.ActionBuilder;
import io.gatling.core.structure.ScenarioContext;
import io.github.gatlingml.internal.action.MlAction;
import io.github.gatlingml.internal.protocol.MlRuntime;
import java.util.function.Function;

/**
 * Builds Gatling actions from {@link MlAction}s once the run's ml runtime exists. For internal use
 * only.
 */
public final class MlActionFactory {
  private MlActionFactory() {}

  /** Gatling's action builder for an ml action made from the run's runtime. */
  public static ActionBuilder actionBuilder(Function<MlRuntime, MlAction> factory) {
    return new ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        MlProtocolAdapter.Components components =
            ctx.protocolComponentsRegistry().components(MlProtocolAdapter.KEY);
        return new GatlingAction(factory.apply(components.runtime), components.runtime.run(), next);
      }
    };
  }
}
