/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.load.ClosedDriver;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/** Starts a closed plan's clock with its first user, and lets every user through at once. */
public final class PlanOriginAction implements MlAction {
  private final String name;
  private final ClosedDriver driver;

  /**
   * @param name the action's name in logs
   * @param driver the plan
   */
  public PlanOriginAction(String name, ClosedDriver driver) {
    this.name = name;
    this.driver = driver;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    driver.userStarted(System.nanoTime());
    next.accept(session);
  }
}
