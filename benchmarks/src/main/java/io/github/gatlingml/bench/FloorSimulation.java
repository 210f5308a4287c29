/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import static io.gatling.javaapi.core.CoreDsl.*;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.StrictLogging;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import scala.Option;

/**
 * Gatling's floor: the same closed loop of {@code bench.users} users as the other contenders, but
 * the action sends nothing. It takes the start time, hops once through the user's event loop (a
 * task on the loop's queue, as a response's read would run there) and then logs an OK response to
 * Gatling's stats engine and calls the next action, as a plugin's response path does. What this
 * costs per request is Gatling's own share: session, the {@code during} loop, the stats engine and
 * simulation.log.
 */
public class FloorSimulation extends Simulation {
  static final String NAME = "floor";

  /** Responses logged so far in this JVM (the floor has no server to count them). */
  static final LongAdder LOGGED = new LongAdder();

  {
    int users = Integer.getInteger("bench.users");
    int seconds = Integer.getInteger("bench.maxSeconds");
    setUp(
            scenario("gatling floor")
                .during(Duration.ofSeconds(seconds))
                .on(exec(new FloorActionBuilder()))
                .injectOpen(atOnceUsers(users)))
        .maxDuration(Duration.ofSeconds(seconds + 5L));
  }

  static final class FloorActionBuilder implements ActionBuilder {
    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
      return new io.gatling.core.action.builder.ActionBuilder() {
        @Override
        public Action build(ScenarioContext ctx, Action next) {
          return new FloorAction(
              ctx.coreComponents().statsEngine(), ctx.coreComponents().clock(), next);
        }
      };
    }
  }

  static final class FloorAction implements Action {
    private final StatsEngine stats;
    private final Clock clock;
    private final Action next;
    private Logger logger;

    FloorAction(StatsEngine stats, Clock clock, Action next) {
      StrictLogging.$init$(this);
      this.stats = stats;
      this.clock = clock;
      this.next = next;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void execute(Session session) {
      long start = clock.nowMillis();
      session
          .eventLoop()
          .execute(
              () -> {
                stats.logResponse(
                    session.scenario(),
                    session.groups(),
                    NAME,
                    start,
                    clock.nowMillis(),
                    OK$.MODULE$,
                    Option.empty(),
                    Option.empty());
                LOGGED.increment();
                next.$bang(session);
              });
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
}
