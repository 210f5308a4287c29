/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.protocol.ProtocolKey;
import io.gatling.core.session.Session;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.protocol.MlRun;
import io.github.gatlingml.internal.protocol.MlRuntime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * The ml protocol as Gatling's {@link Protocol}, its key and its components. For internal use only.
 */
public final class MlProtocolAdapter implements Protocol {
  /** Gatling's key for the ml protocol's components. */
  static final ProtocolKey<MlProtocolAdapter, Components> KEY =
      new ProtocolKey<>() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public Class<Protocol> protocolClass() {
          return (Class) MlProtocolAdapter.class;
        }

        @Override
        public MlProtocolAdapter defaultProtocolValue(GatlingConfiguration configuration) {
          throw new IllegalStateException(
              "the ml protocol is not configured: add it with setUp(...).protocols(ml.restBaseUrl(...).grpcTarget(...))");
        }

        @Override
        public Function1<MlProtocolAdapter, Components> newComponents(CoreComponents core) {
          return protocol -> new Components(protocol.config, core);
        }
      };

  /**
   * Gatling builds protocol components per scenario; the run's metrics and summary must be one per
   * run, keyed by the run's core components.
   */
  private static final Map<CoreComponents, MlRun> RUNS = new ConcurrentHashMap<>();

  private final MlProtocol config;

  public MlProtocolAdapter(MlProtocol config) {
    this.config = config;
  }

  /** The run's ml runtime, created once per run by Gatling. */
  static final class Components implements ProtocolComponents {
    final MlRuntime runtime;

    Components(MlProtocol config, CoreComponents core) {
      MlRun run =
          RUNS.computeIfAbsent(
              core,
              c -> {
                MlRun r =
                    new MlRun(
                        new GatlingStatsLogger(c.statsEngine(), c.clock()), c.eventLoopGroup());
                c.actorSystem()
                    .registerOnTermination(
                        () -> {
                          RUNS.remove(c);
                          r.finish();
                          return BoxedUnit.UNIT;
                        });
                return r;
              });
      this.runtime = run.runtime(config);
    }

    @Override
    public Function1<Session, Session> onStart() {
      return Session.Identity();
    }

    @Override
    public Function1<Session, BoxedUnit> onExit() {
      return session -> {
        runtime.releaseUser(new io.gatling.javaapi.core.Session(session), session.eventLoop());
        return BoxedUnit.UNIT;
      };
    }
  }
}
