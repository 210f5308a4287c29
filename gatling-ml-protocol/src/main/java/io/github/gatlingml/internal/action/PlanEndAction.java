/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.load.ClosedDriver;
import io.github.gatlingml.internal.protocol.MlRun;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/**
 * The end of a closed plan's iteration: the last user to finish after the plan's last step judges
 * the plan's requirement, while Gatling's stats engine still runs.
 */
public final class PlanEndAction implements MlAction {
  private final String name;
  private final ClosedDriver driver;
  private final MlRun run;
  private final PlanRequirement requirement;

  /**
   * @param name the action's name in logs
   * @param driver the plan
   * @param run the run, where the requirement is logged
   * @param requirement the plan's requirement
   */
  public PlanEndAction(String name, ClosedDriver driver, MlRun run, PlanRequirement requirement) {
    this.name = name;
    this.driver = driver;
    this.run = run;
    this.requirement = requirement;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    if (driver.userFinished(System.nanoTime())) {
      requirement.judge(run, session);
    }
    next.accept(session);
  }
}
