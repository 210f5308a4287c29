/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.commons.validation.Failure;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.core.check.Check;
import io.gatling.core.check.CheckMaterializer;
import io.gatling.core.json.JsonParsers;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.internal.CoreCheckType;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import java.util.ArrayList;
import java.util.List;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Applies Gatling's own checks ({@code jsonPath}, {@code jmesPath}, {@code regex}, {@code
 * substring}, {@code bodyString}) to the text of an ML response: REST JSON bodies, and gRPC answers
 * converted to JSON. For internal use only.
 */
public final class GatlingCoreChecks {
  private static final JsonParsers JSON = new JsonParsers();

  private GatlingCoreChecks() {}

  private static <P> CheckMaterializer<Object, Check<String>, String, P> materializer(
      Function1<String, Validation<P>> preparer) {
    Function1<Check<String>, Check<String>> identity = c -> c;
    return new CheckMaterializer<>(identity) {
      @Override
      public Function1<String, Validation<P>> preparer() {
        return preparer;
      }
    };
  }

  private static final CheckMaterializer<Object, Check<String>, String, JsonNode>
      JSON_MATERIALIZER = materializer(JSON::safeParse);
  private static final CheckMaterializer<Object, Check<String>, String, String>
      STRING_MATERIALIZER = materializer(s -> new Success<>(s));

  /**
   * One ML check running Gatling checks on the response text.
   *
   * @throws IllegalArgumentException for a check type that does not apply to a text body
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static MlCheck toMlCheck(List<CheckBuilder> builders) {
    List<Check<String>> checks = new ArrayList<>();
    for (CheckBuilder b : builders) {
      CheckBuilder.CheckType type = b.type();
      io.gatling.core.check.CheckBuilder scala = b.asScala();
      if (type == CoreCheckType.JsonPath || type == CoreCheckType.JmesPath) {
        checks.add((Check<String>) scala.build((CheckMaterializer) JSON_MATERIALIZER));
      } else if (type == CoreCheckType.Regex
          || type == CoreCheckType.Substring
          || type == CoreCheckType.BodyString) {
        checks.add((Check<String>) scala.build((CheckMaterializer) STRING_MATERIALIZER));
      } else {
        throw new IllegalArgumentException(
            "Gatling check "
                + type
                + " does not apply to ML responses; use jsonPath, jmesPath, regex, substring or bodyString, or the ml checks (status(), output(...))");
      }
    }
    scala.collection.immutable.List<Check<String>> scalaChecks =
        CollectionConverters.asScala(checks).toList();
    return (MlResponse response, Session session) -> {
      Tuple2<io.gatling.core.session.Session, Option<Failure>> result =
          Check.applyChecks(response.bodyText(), session.asScala(), scalaChecks);
      if (result._2().isDefined()) {
        throw new CheckFailure(result._2().get().message());
      }
      return new Session(result._1());
    };
  }
}
