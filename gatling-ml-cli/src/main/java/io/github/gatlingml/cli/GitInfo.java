/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commit and branch a baseline was made from. CI systems check out a detached HEAD, so their
 * variables come first (GitHub Actions, then GitLab CI); elsewhere {@code git rev-parse} in the
 * working directory. Never fails: without git, or outside a repository, both are {@code null}.
 *
 * @param commit the commit's full hash, or {@code null}
 * @param branch the branch (or tag) name, or {@code null}
 */
record GitInfo(String commit, String branch) {
  private static final long GIT_TIMEOUT_SECONDS = 5;

  static GitInfo detect(Map<String, String> env, Path dir) {
    String commit = firstOf(env, "GITHUB_SHA", "CI_COMMIT_SHA");
    String branch = firstOf(env, "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME");
    if (commit == null) {
      commit = git(dir, "rev-parse", "HEAD");
    }
    if (branch == null && commit != null) {
      branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
      if ("HEAD".equals(branch)) {
        // a detached HEAD has no branch to name
        branch = null;
      }
    }
    return new GitInfo(commit, branch);
  }

  private static String firstOf(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** One line of git's output, or {@code null} if git is missing, fails or hangs. */
  private static String git(Path dir, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
    } catch (IOException e) {
      return null;
    }
    try (InputStream in = p.getInputStream()) {
      p.getErrorStream().close();
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out.isEmpty() ? null : out.lines().findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      p.destroy();
    }
  }
}
