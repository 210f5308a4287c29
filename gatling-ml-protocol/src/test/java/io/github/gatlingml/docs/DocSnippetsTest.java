/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the docs/ pages compiles against the plugin, so the pages cannot
 * rot: a block is the body of a method (statements and local declarations), with the imports a
 * simulation has. Blocks that are not Java ({@code ```text}, {@code ```sh}) are not compiled.
 */
class DocSnippetsTest {
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("^```java\\s*\\n(.*?)^```\\s*$", Pattern.MULTILINE | Pattern.DOTALL);

  private static final String IMPORTS =
      "import static io.gatling.javaapi.core.CoreDsl.*;\n"
          + "import static io.github.gatlingml.javaapi.MlDsl.*;\n"
          + "import io.gatling.javaapi.core.*;\n"
          + "import io.github.gatlingml.javaapi.*;\n"
          + "import io.github.gatlingml.feeder.*;\n"
          + "import io.github.gatlingml.tensor.*;\n"
          + "import java.time.Duration;\n"
          + "import java.util.*;\n";

  @TempDir Path out;

  @Test
  void everyJavaSnippetOfTheDocsCompiles() throws Exception {
    Path docs = Path.of("../docs");
    List<Path> pages;
    try (Stream<Path> s = Files.list(docs)) {
      pages = s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
    List<JavaFileObject> units = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = JAVA_BLOCK.matcher(Files.readString(page));
      int n = 0;
      while (m.find()) {
        n++;
        String className = "Doc_" + page.getFileName().toString().replaceAll("\\W", "_") + "_" + n;
        String source =
            IMPORTS
                + "@SuppressWarnings(\"unused\") class "
                + className
                + " {\n  void snippet() throws Exception {\n"
                + m.group(1)
                + "\n  }\n}\n";
        units.add(source(className, source, page));
      }
    }
    assertThat(units).as("java snippets in docs/*.md").hasSizeGreaterThanOrEqualTo(10);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of("-d", out.toString(), "-cp", classpath(), "-proc:none"),
                null,
                units)
            .call();
    assertThat(ok).as("docs/*.md snippets compile; javac said:\n%s", errors).isTrue();
  }

  private static JavaFileObject source(String className, String code, Path page) {
    return new SimpleJavaFileObject(
        URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }

      @Override
      public String getName() {
        return page + " (" + className + ")";
      }
    };
  }

  /** The test's classpath, as DslCombinationsTest reads it (surefire's own property first). */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
