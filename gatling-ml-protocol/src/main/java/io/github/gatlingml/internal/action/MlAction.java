/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/** One ML action of a scenario, free of Gatling's Scala types (the internal package adapts it). */
public interface MlAction {
  /** The action's name in logs. */
  String name();

  /**
   * Runs the action for a virtual user, on its event loop, and hands the session to {@code next}
   * once the action is done (from the same loop).
   */
  void execute(Session session, EventLoop loop, Consumer<Session> next);
}
