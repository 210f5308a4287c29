/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.StrictLogging;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.github.gatlingml.internal.action.MlAction;
import io.github.gatlingml.internal.protocol.MlRun;
import java.util.function.Consumer;

/** Runs an {@link MlAction} as a Gatling action. For internal use only. */
final class GatlingAction implements Action {
  private final MlAction action;
  private final MlRun run;
  private final Consumer<io.gatling.javaapi.core.Session> continuation;
  private Logger logger;

  GatlingAction(MlAction action, MlRun run, Action next) {
    StrictLogging.$init$(this);
    this.action = action;
    this.run = run;
    // Built once: continuing the scenario allocates nothing per request.
    this.continuation = s -> next.$bang(s.asScala());
  }

  @Override
  public String name() {
    return action.name();
  }

  @Override
  public void execute(Session session) {
    if (run.isFinished()) {
      // The run is over and its clients are closed: stop this user here, as Gatling's own HTTP
      // client does once closed. Continuing would fail at once, synchronously, and loop: a
      // forever() scenario then spins on the event loops and Gatling never shuts them down.
      return;
    }
    action.execute(new io.gatling.javaapi.core.Session(session), session.eventLoop(), continuation);
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger l) {
    this.logger = l;
  }
}
