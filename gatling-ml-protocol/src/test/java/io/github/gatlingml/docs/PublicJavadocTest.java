/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of the public API is the DSL reference (published as a jar and as HTML by the build):
 * every public type, constructor, method, field and enum constant of the packages users call has a
 * comment. The build's javadoc run checks the comments' syntax and links; this checks none is
 * missing.
 */
class PublicJavadocTest {
  private static final List<String> PUBLIC_PACKAGES =
      List.of("javaapi", "check", "feeder", "tensor", "compare");

  @Test
  void everyPublicMemberOfTheDslHasJavadoc() throws IOException {
    Path root = Path.of("src/main/java/io/github/gatlingml");
    List<Path> files = new ArrayList<>();
    for (String pkg : PUBLIC_PACKAGES) {
      try (Stream<Path> s = Files.list(root.resolve(pkg))) {
        files.addAll(
            s.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                .sorted()
                .collect(Collectors.toList()));
      }
    }
    assertThat(files).isNotEmpty();

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> missing = new ArrayList<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task =
          (JavacTask) javac.getTask(null, fm, d -> {}, List.of("-proc:none"), null, units);
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Void>() {
          private boolean inPublicType = true;

          @Override
          public Void visitClass(ClassTree tree, Void unused) {
            boolean outer = inPublicType;
            boolean visible = outer && isPublic(tree.getModifiers(), getCurrentPath());
            check(visible, tree.getSimpleName().toString());
            inPublicType = visible;
            super.visitClass(tree, unused);
            inPublicType = outer;
            return null;
          }

          @Override
          public Void visitMethod(MethodTree tree, Void unused) {
            Tree owner = getCurrentPath().getParentPath().getLeaf();
            boolean recordConstructor =
                owner.getKind() == Tree.Kind.RECORD && tree.getName().contentEquals("<init>");
            if (inPublicType
                && isPublic(tree.getModifiers(), getCurrentPath())
                && !recordConstructor
                && !isOverride(tree)) {
              check(true, tree.getName() + "(...)");
            }
            return null; // bodies hold no API
          }

          @Override
          public Void visitVariable(VariableTree tree, Void unused) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            if (inPublicType
                && parent instanceof ClassTree
                && isPublic(tree.getModifiers(), getCurrentPath())) {
              check(true, tree.getName().toString());
            }
            return null;
          }

          private void check(boolean visible, String what) {
            if (visible && docs.getDocCommentTree(getCurrentPath()) == null) {
              missing.add(
                  Path.of(unit.getSourceFile().toUri()).getFileName()
                      + " "
                      + what
                      + " (line "
                      + unit.getLineMap()
                          .getLineNumber(
                              docs.getSourcePositions().getStartPosition(unit, getLeaf()))
                      + ")");
            }
          }

          private Tree getLeaf() {
            return getCurrentPath().getLeaf();
          }
        }.scan(new TreePath(unit), null);
      }
    }
    assertThat(missing)
        .as("public API members without Javadoc (the DSL reference users read)")
        .isEmpty();
  }

  /** Public by modifier, or implicitly: enum constants and members of interfaces and records. */
  private static boolean isPublic(ModifiersTree modifiers, TreePath path) {
    if (modifiers.getFlags().contains(Modifier.PUBLIC)) {
      return true;
    }
    Tree parent = path.getParentPath().getLeaf();
    if (parent instanceof ClassTree) {
      Tree.Kind kind = parent.getKind();
      boolean enumConstant =
          kind == Tree.Kind.ENUM
              && path.getLeaf() instanceof VariableTree
              && ((VariableTree) path.getLeaf()).getType() == null;
      boolean interfaceMember =
          kind == Tree.Kind.INTERFACE && !modifiers.getFlags().contains(Modifier.PRIVATE);
      return enumConstant || interfaceMember;
    }
    return false;
  }

  /**
   * An override inherits its Javadoc (a record's canonical constructor is documented by the
   * record's {@code @param} tags).
   */
  private static boolean isOverride(MethodTree tree) {
    return tree.getModifiers().getAnnotations().stream()
        .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
  }
}
