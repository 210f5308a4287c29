/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder;

import io.github.gatlingml.feeder.FeederException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a feeder's file is, found as Gatling finds its own feeder files ({@code csv("data.csv")}):
 * a relative path is looked up on the classpath first ({@code src/test/resources}, {@code
 * src/main/resources}, the classes of a Gatling Enterprise package), then against the working
 * directory; an absolute path is taken as it is. Every feeder of the plugin resolves its path here,
 * so every feeder says "not found" the same way, naming the places it looked.
 *
 * <p>For internal use only; public so that every feeder package, and later ones, can call it.
 */
public final class FeederFiles {
  private FeederFiles() {}

  /**
   * The file or directory that {@code path} names.
   *
   * @param path a path as a user wrote it in a simulation, e.g. {@code "prompts.jsonl"} or {@code
   *     "data/images.npy"}
   * @return a path on the default file system: the classpath resource itself when it is a plain
   *     file or folder, a temporary copy when it sits inside a jar, else the file in the working
   *     directory
   * @throws FeederException when it is in none of those places, with one message for every feeder
   */
  public static Path resolve(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isBlank()) {
      throw new FeederException("a feeder file path is empty; give the file's name, e.g. data.npy");
    }
    Path asGiven;
    try {
      asGiven = Path.of(path);
    } catch (InvalidPathException e) {
      throw new FeederException(path + ": not a valid file path: " + e.getMessage(), e);
    }
    if (asGiven.isAbsolute()) {
      if (Files.exists(asGiven)) {
        return asGiven;
      }
      throw new FeederException(path + ": no such file");
    }
    Path onClasspath = fromClasspath(path);
    if (onClasspath != null) {
      return onClasspath;
    }
    if (Files.exists(asGiven)) {
      return asGiven;
    }
    throw notFound(path);
  }

  /**
   * The message for a relative {@code path} found neither on the classpath nor in the working
   * directory: {@code <path>: no such file; looked on the classpath (...) and at <cwd>/<path>}.
   *
   * @param path the path as the user wrote it
   * @return the exception to throw
   */
  public static FeederException notFound(String path) {
    return new FeederException(
        path
            + ": no such file; looked on the classpath (src/test/resources, src/main/resources,"
            + " or a Gatling Enterprise package) and at "
            + Path.of("").toAbsolutePath().resolve(path).normalize());
  }

  /**
   * The message for a file that a reader was handed and did not find (it was already resolved, or a
   * caller passed a path directly): the same wording as {@link #notFound(String)}.
   *
   * @param file the missing file
   * @return the exception to throw (without the I/O exception's stack: the message says it all)
   */
  public static FeederException notFound(Path file) {
    String message =
        file.isAbsolute()
            ? file + ": no such file"
            : file + ": no such file; looked at " + file.toAbsolutePath().normalize();
    return new FeederException(message);
  }

  private static Path fromClasspath(String path) {
    String name = path.replace('\\', '/');
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    if (name.isEmpty() || name.startsWith("../")) {
      return null;
    }
    URL url = null;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      url = context.getResource(name);
    }
    if (url == null) {
      ClassLoader own = FeederFiles.class.getClassLoader();
      url = own == null ? ClassLoader.getSystemResource(name) : own.getResource(name);
    }
    if (url == null) {
      return null;
    }
    try {
      URI uri = url.toURI();
      if ("file".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      if ("jar".equals(uri.getScheme())) {
        return copyOutOfJar(uri, path);
      }
    } catch (URISyntaxException | IOException | UncheckedIOException e) {
      throw new FeederException(
          path + ": found on the classpath (" + url + ") but cannot be read: " + e, e);
    }
    return null;
  }

  /**
   * A classpath resource inside a jar (a Gatling Enterprise package), copied to a temporary file or
   * folder of the same name, deleted when the JVM exits: the readers need a real file.
   */
  private static Path copyOutOfJar(URI uri, String path) throws IOException {
    FileSystem fs;
    boolean opened = false;
    try {
      fs = FileSystems.newFileSystem(uri, Map.of());
      opened = true;
    } catch (FileSystemAlreadyExistsException e) {
      fs = FileSystems.getFileSystem(uri);
    }
    try {
      String spec = uri.getSchemeSpecificPart();
      String inside = spec.substring(spec.indexOf("!/") + 1);
      Path source = fs.getPath(inside);
      Path dir = Files.createTempDirectory("gatling-ml-feeder");
      dir.toFile().deleteOnExit();
      Path fileName = Path.of(path).getFileName();
      Path target = dir.resolve(fileName == null ? "feeder" : fileName.toString());
      copy(source, target);
      return target;
    } finally {
      if (opened) {
        fs.close();
      }
    }
  }

  private static void copy(Path source, Path target) throws IOException {
    if (Files.isDirectory(source)) {
      Files.createDirectories(target);
      target.toFile().deleteOnExit();
      try (Stream<Path> children = Files.list(source)) {
        for (Path child : (Iterable<Path>) children::iterator) {
          String childName = child.getFileName().toString().replace("/", "");
          copy(child, target.resolve(childName));
        }
      }
    } else {
      try (InputStream in = Files.newInputStream(source)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().deleteOnExit();
    }
  }
}
