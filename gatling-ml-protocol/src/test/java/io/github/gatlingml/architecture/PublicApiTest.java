/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.javaapi.MlDsl;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the protocol jar: a small public API (what a simulation uses, and what reads
 * ml-summary.json), everything else under {@code internal}, Gatling's Scala types in one package.
 */
class PublicApiTest {
  private static final String ROOT = "io.github.gatlingml.";

  private static Path classesDir() throws URISyntaxException {
    return Path.of(MlDsl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Class<?>> topLevelClasses() throws Exception {
    Path dir = classesDir();
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = dir.relativize(p).toString().replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.contains("$") || name.endsWith("package-info")) {
          continue;
        }
        out.add(Class.forName(name, false, PublicApiTest.class.getClassLoader()));
      }
    }
    return out;
  }

  private static String packageOf(Class<?> c) {
    return c.getPackageName().substring(ROOT.length());
  }

  private static boolean isApiPackage(String pkg) {
    return pkg.equals("javaapi") || pkg.equals("tensor");
  }

  @Test
  void fewPublicTypesOutsideTheDslAndTensors() throws Exception {
    Set<String> publicOutside = new TreeSet<>();
    for (Class<?> c : topLevelClasses()) {
      String pkg = packageOf(c);
      if (Modifier.isPublic(c.getModifiers())
          && !isApiPackage(pkg)
          && !pkg.startsWith("internal")
          && !pkg.startsWith("proto")) {
        publicOutside.add(c.getName());
      }
    }
    assertThat(publicOutside)
        .as("public types outside javaapi, tensor and internal")
        // 18: compare.Comparison and compare.Criteria, the regression guard that CI tooling calls
        // (its result, verdict and metric types are nested in Comparison); 19: compare.Baseline,
        // the
        // baseline file that both the command line and an in-simulation gate read.
        .hasSizeBetween(1, 19);
  }

  @Test
  void theDslExposesNoInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : topLevelClasses()) {
      if (!packageOf(c).equals("javaapi") || !Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        types.add(m.getGenericReturnType());
        for (Type t : types) {
          if (mentionsInternal(t)) {
            leaks.add(c.getSimpleName() + "." + m.getName() + ": " + t.getTypeName());
          }
        }
      }
    }
    assertThat(leaks).as("public DSL methods whose signature names an internal type").isEmpty();
  }

  private static boolean mentionsInternal(Type t) {
    if (t instanceof Class<?> c) {
      Class<?> base = c.isArray() ? c.getComponentType() : c;
      return base.getName().startsWith(ROOT + "internal.");
    }
    if (t instanceof ParameterizedType p) {
      if (mentionsInternal(p.getRawType())) {
        return true;
      }
      for (Type a : p.getActualTypeArguments()) {
        if (mentionsInternal(a)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void everyPackageSaysItsRole() throws Exception {
    Set<String> packages = new TreeSet<>();
    for (Class<?> c : topLevelClasses()) {
      if (!c.getPackageName().startsWith(ROOT + "proto")) {
        packages.add(c.getPackageName());
      }
    }
    Set<String> missing = new TreeSet<>();
    for (String pkg : packages) {
      Path info = classesDir().resolve(pkg.replace('.', '/')).resolve("package-info.class");
      if (!Files.exists(info)) {
        missing.add(pkg);
      }
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  @Test
  void onlyTheGatlingAdapterPackageTouchesGatlingInternals()
      throws IOException, URISyntaxException {
    Path sources = Path.of("src/main/java/io/github/gatlingml");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.startsWith(sources.resolve("internal/gatling"))) {
          continue;
        }
        for (String line : Files.readAllLines(f)) {
          // The DSL implements Gatling's Java interfaces, whose two methods return Gatling's
          // own builder types: those imports are the contract, not a use of Scala.
          if (line.startsWith("import io.gatling.core.")
                  && !line.equals("import io.gatling.core.protocol.Protocol;")
              || line.startsWith("import scala.")) {
            offenders.add(sources.relativize(f) + ": " + line);
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
