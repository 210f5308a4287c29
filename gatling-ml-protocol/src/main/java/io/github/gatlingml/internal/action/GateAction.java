/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.action;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.internal.gate.GateJudge;
import io.github.gatlingml.internal.gate.GateSpec;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.metrics.RunSummary;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The regression gate's one action, run by a one-user scenario that Gatling starts after each of
 * the gated populations is done ({@code andThen}): the last of them judges the run, with every
 * request of the gated populations ended and Gatling's stats engine still running, and logs the
 * judgement as derived entries (groups: they add nothing to the requests' counts).
 */
public final class GateAction implements MlAction {
  private static final Logger LOG = Logger.getLogger(GateAction.class.getName());

  private final GateSpec spec;
  private final MlRun run;
  private final AtomicInteger parentsLeft;

  /**
   * @param spec what to judge
   * @param run the run, where the entries are logged
   * @param parentsLeft the run's count of gated populations not yet done, shared by their gates
   */
  public GateAction(GateSpec spec, MlRun run, AtomicInteger parentsLeft) {
    this.spec = spec;
    this.run = run;
    this.parentsLeft = parentsLeft;
  }

  @Override
  public String name() {
    return "ml gate";
  }

  @Override
  public void execute(Session session, EventLoop loop, Consumer<Session> next) {
    if (parentsLeft.decrementAndGet() == 0) {
      // Judging reads a file and resamples 2,000 times per metric: off the event loop.
      Thread t =
          new Thread(
              () -> {
                GateJudge.Judgement j = judge();
                // Logged from the user's event loop, where Gatling's own actions log.
                loop.execute(
                    () -> {
                      log(j, session);
                      next.accept(session);
                    });
              },
              "gatling-ml-gate");
      t.setDaemon(true);
      t.start();
    } else {
      next.accept(session);
    }
  }

  private GateJudge.Judgement judge() {
    try {
      run.metrics().tickNow();
      RunSummary current = run.metrics().summary("gate", "gate");
      return GateJudge.judge(spec, current);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "gatling-ml: the gate could not judge the run: " + e, e);
      return new GateJudge.Judgement(
          false,
          List.of(new GateJudge.Entry(spec.verdictEntry(), false)),
          List.of("gatling-ml: the gate could not judge the run: " + e));
    }
  }

  private void log(GateJudge.Judgement j, Session session) {
    long now = run.stats().nowMillis();
    for (GateJudge.Entry e : j.entries()) {
      run.stats().logDerived(session, e.name(), now, now, e.ok());
    }
    System.out.println(String.join(System.lineSeparator(), j.lines()));
  }
}
