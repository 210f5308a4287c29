/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.internal.action.InferAction;
import io.github.gatlingml.internal.action.ServerAction;
import io.github.gatlingml.internal.action.ServerCall;
import io.github.gatlingml.internal.gatling.El;
import io.github.gatlingml.internal.gatling.MlActionFactory;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.protocol.MlRuntime;
import java.util.List;
import java.util.function.Function;

/**
 * A health, metadata, configuration or statistics request, logged like any other, e.g. {@code
 * modelReady("ready?").model("add_sub")} or {@code
 * modelMetadata("metadata").check(jsonPath("$.inputs[0].name").is("INPUT0"))}. Immutable. Without a
 * status check it must succeed; health requests must also answer true.
 */
public final class ServerActionBuilder implements ActionBuilder {
  /**
   * What the builder has been told, as given (null: not set, the protocol decides).
   *
   * @param fixedModel the model's name when it does not depend on the session, else null
   * @param grpc over gRPC (true), REST (false), or the protocol's choice (null)
   */
  record Spec(
      String name,
      ServerCall call,
      Function<Session, String> model,
      String fixedModel,
      Function<Session, String> version,
      Boolean grpc,
      ChecksSpec checks) {

    Spec withModel(Function<Session, String> v, String fixed) {
      return new Spec(name, call, v, fixed, version, grpc, checks);
    }

    Spec withVersion(Function<Session, String> v) {
      return new Spec(name, call, model, fixedModel, v, grpc, checks);
    }

    Spec withGrpc(boolean v) {
      return new Spec(name, call, model, fixedModel, version, v, checks);
    }

    Spec withChecks(ChecksSpec v) {
      return new Spec(name, call, model, fixedModel, version, grpc, v);
    }

    /**
     * The action of this request, with the protocol's defaults filled in.
     *
     * @throws IllegalArgumentException when a model is needed and none is named
     */
    ServerAction resolve(MlRuntime runtime, List<MlCheck> checks) {
      MlProtocol p = runtime.protocol();
      boolean overGrpc =
          grpc != null
              ? grpc
              : p.defaultWire() == InferAction.Wire.GRPC_RAW
                  || p.defaultWire() == InferAction.Wire.GRPC_TYPED;
      Function<Session, String> m = model;
      String fixed = fixedModel;
      if (m == null && call.needsModel()) {
        if (p.defaultModel() == null) {
          throw new IllegalArgumentException(
              call.name().toLowerCase(java.util.Locale.ROOT)
                  + "(\""
                  + name
                  + "\") names no model: call .model(\"...\") or set ml.model(\"...\")");
        }
        String dm = p.defaultModel();
        m = s -> dm;
        fixed = dm;
      }
      Function<Session, String> v = version;
      if (v == null) {
        String dv = p.defaultVersion();
        v = s -> dv;
      }
      return new ServerAction(name, runtime, call, m, v, fixed, overGrpc, checks);
    }
  }

  private final Spec spec;

  ServerActionBuilder(String requestName, ServerCall call) {
    this(new Spec(requestName, call, null, null, null, null, ChecksSpec.NONE));
  }

  private ServerActionBuilder(Spec spec) {
    this.spec = spec;
  }

  /** The model asked about (Gatling EL allowed); default: the protocol's model. */
  public ServerActionBuilder model(String name) {
    return new ServerActionBuilder(
        spec.withModel(El.compile(name, String.class), El.isDynamic(name) ? null : name));
  }

  /** The model asked about, computed from the session. */
  public ServerActionBuilder model(Function<Session, String> name) {
    return new ServerActionBuilder(spec.withModel(name, null));
  }

  /** The model version (Gatling EL allowed). */
  public ServerActionBuilder version(String v) {
    return new ServerActionBuilder(spec.withVersion(El.compile(v, String.class)));
  }

  /** The model version, computed from the session. */
  public ServerActionBuilder version(Function<Session, String> v) {
    return new ServerActionBuilder(spec.withVersion(v));
  }

  /** Ask over gRPC. */
  public ServerActionBuilder grpc() {
    return new ServerActionBuilder(spec.withGrpc(true));
  }

  /** Ask over REST. */
  public ServerActionBuilder rest() {
    return new ServerActionBuilder(spec.withGrpc(false));
  }

  /** ML checks, e.g. {@code status().is("NOT_FOUND")}. */
  public ServerActionBuilder check(MlCheck... mlChecks) {
    return new ServerActionBuilder(spec.withChecks(spec.checks().plus(mlChecks)));
  }

  /** Gatling's own checks on the JSON answer (gRPC answers are converted to JSON, snake_case). */
  public ServerActionBuilder check(CheckBuilder... gatlingChecks) {
    return new ServerActionBuilder(spec.withChecks(spec.checks().plus(gatlingChecks)));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolved = spec.checks().resolve();
    Spec request = spec;
    return MlActionFactory.actionBuilder(runtime -> request.resolve(runtime, resolved));
  }
}
