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
import java.util.List;
import java.util.function.Function;

/**
 * A health, metadata, configuration or statistics request, logged like any other, e.g. {@code
 * modelReady("ready?").model("add_sub")} or {@code
 * modelMetadata("metadata").check(jsonPath("$.inputs[0].name").is("INPUT0"))}. Immutable. Without a
 * status check it must succeed; health requests must also answer true.
 */
public final class ServerActionBuilder implements ActionBuilder {
  private final String requestName;
  private final ServerCall call;
  private final Function<Session, String> model;
  private final String fixedModel;
  private final Function<Session, String> version;
  private final Boolean grpc;
  private final ChecksSpec checks;

  ServerActionBuilder(String requestName, ServerCall call) {
    this(requestName, call, null, null, null, null, ChecksSpec.NONE);
  }

  private ServerActionBuilder(
      String requestName,
      ServerCall call,
      Function<Session, String> model,
      String fixedModel,
      Function<Session, String> version,
      Boolean grpc,
      ChecksSpec checks) {
    this.requestName = requestName;
    this.call = call;
    this.model = model;
    this.fixedModel = fixedModel;
    this.version = version;
    this.grpc = grpc;
    this.checks = checks;
  }

  /** The model asked about (Gatling EL allowed); default: the protocol's model. */
  public ServerActionBuilder model(String name) {
    return new ServerActionBuilder(
        requestName,
        call,
        El.compile(name, String.class),
        El.isDynamic(name) ? null : name,
        version,
        grpc,
        checks);
  }

  /** The model asked about, computed from the session. */
  public ServerActionBuilder model(Function<Session, String> name) {
    return new ServerActionBuilder(requestName, call, name, null, version, grpc, checks);
  }

  /** The model version (Gatling EL allowed). */
  public ServerActionBuilder version(String v) {
    return new ServerActionBuilder(
        requestName, call, model, fixedModel, El.compile(v, String.class), grpc, checks);
  }

  /** The model version, computed from the session. */
  public ServerActionBuilder version(Function<Session, String> v) {
    return new ServerActionBuilder(requestName, call, model, fixedModel, v, grpc, checks);
  }

  /** Ask over gRPC. */
  public ServerActionBuilder grpc() {
    return new ServerActionBuilder(requestName, call, model, fixedModel, version, true, checks);
  }

  /** Ask over REST. */
  public ServerActionBuilder rest() {
    return new ServerActionBuilder(requestName, call, model, fixedModel, version, false, checks);
  }

  /** ML checks, e.g. {@code status().is("NOT_FOUND")}. */
  public ServerActionBuilder check(MlCheck... mlChecks) {
    return new ServerActionBuilder(
        requestName, call, model, fixedModel, version, grpc, checks.plus(mlChecks));
  }

  /** Gatling's own checks on the JSON answer (gRPC answers are converted to JSON, snake_case). */
  public ServerActionBuilder check(CheckBuilder... gatlingChecks) {
    return new ServerActionBuilder(
        requestName, call, model, fixedModel, version, grpc, checks.plus(gatlingChecks));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    List<MlCheck> resolved = checks.resolve();
    return MlActionFactory.actionBuilder(
        runtime -> {
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
                  call.name().toLowerCase()
                      + "(\""
                      + requestName
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
          return new ServerAction(requestName, runtime, call, m, v, fixed, overGrpc, resolved);
        });
  }
}
