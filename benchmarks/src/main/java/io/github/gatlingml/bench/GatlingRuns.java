/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Runs Gatling in this JVM, one simulation after another, with the logging configuration intact.
 *
 * <p>At the end of every run Gatling stops logback ({@code Gatling.flushLoggers} calls {@code
 * LoggerContext.stop()}, which resets it): the root logger falls back to DEBUG with no appender.
 * Nothing is printed, but every later debug call formats its message for nobody. grpc-netty logs
 * each HTTP/2 frame at DEBUG, so in the next contender's window 16-20 % of the injector's samples
 * went to formatting frame headers (both gRPC clients, measured on 2026-11-29). A single Gatling
 * run per JVM, as Gatling's Maven and Gradle plugins do, is not affected: the reset comes after it.
 */
final class GatlingRuns {
  private GatlingRuns() {}

  /** {@code Gatling.fromArgs(args)}, then the logging configuration restored from logback.xml. */
  static int run(String... args) {
    try {
      return io.gatling.app.Gatling$.MODULE$.fromArgs(args);
    } finally {
      restoreLogging();
    }
  }

  /** Reconfigures logback from the class path, as at start-up, if Gatling has stopped it. */
  static void restoreLogging() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext ctx) {
      ctx.reset();
      try {
        new ContextInitializer(ctx).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("cannot reconfigure logback: " + e, e);
      }
      ctx.start();
    }
  }

  /** True when DEBUG would be formatted for grpc-netty's frame logger (the check a run can do). */
  static boolean frameDebugEnabled() {
    return LoggerFactory.getLogger("io.grpc.netty.NettyClientHandler").isDebugEnabled();
  }
}
