/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a simulation may write, checked by compiling it: {@code infer(...)} takes tensor transports
 * only and {@code generate(...)} generation APIs only, so a wrong combination is a compile error,
 * not a run that fails. (MlJavaCompileTest compiles every valid call.)
 */
class DslCombinationsTest {
  @TempDir Path out;

  @ParameterizedTest(name = "{0}: compiles={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "infer(\"x\").transport(InferTransport.GRPC)|true",
        "infer(\"x\").transport(InferTransport.REST_BINARY).overStream()|true",
        "generate(\"x\").api(GenerationApi.TGI_GENERATE_STREAM)|true",
        "ml.transport(InferTransport.REST_JSON).generationApi(GenerationApi.GRPC_STREAM)|true",
        "infer(\"x\").transport(GenerationApi.OPENAI_CHAT)|false",
        "infer(\"x\").api(GenerationApi.OPENAI_CHAT)|false",
        "infer(\"x\").openAiChat()|false",
        "generate(\"x\").transport(InferTransport.GRPC)|false",
        "generate(\"x\").grpc()|false",
        "ml.transport(GenerationApi.OPENAI_CHAT)|false",
        "ml.generationApi(InferTransport.GRPC)|false"
      })
  void onlyMatchingCombinationsCompile(String expression, boolean compiles) throws Exception {
    String source =
        "import static io.github.gatlingml.javaapi.MlDsl.*;\n"
            + "import io.github.gatlingml.javaapi.*;\n"
            + "class Snippet { Object o = "
            + expression
            + "; }\n";
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    StringWriter errors = new StringWriter();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of("-d", out.toString(), "-cp", classpath()),
                null,
                List.of(file))
            .call();
    assertThat(ok).as("%s compiles; javac said: %s", expression, errors).isEqualTo(compiles);
  }

  /** The test's classpath, read through surefire's manifest-only jar when it uses one. */
  private static String classpath() throws Exception {
    String cp = System.getProperty("java.class.path");
    String surefire = System.getProperty("surefire.test.class.path");
    if (surefire != null && !surefire.isBlank()) {
      return surefire;
    }
    assertThat(cp).isNotBlank();
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      assertThat(Files.exists(Path.of(entry)) || entry.isEmpty()).isTrue();
    }
    return cp;
  }
}
