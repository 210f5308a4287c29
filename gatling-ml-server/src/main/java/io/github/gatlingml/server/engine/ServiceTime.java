/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long one execution of a model takes: a distribution sampled once per execution.
 *
 * <p>Text form (for command-line flags): {@code 20ms} (fixed), {@code normal(20ms,5ms)} (mean,
 * standard deviation; truncated at 0), {@code uniform(10ms,30ms)}, {@code exponential(20ms)}
 * (mean), {@code lognormal(20ms,5ms)} (mean, standard deviation of the time itself). Units: {@code
 * us}, {@code ms}, {@code s}.
 */
public abstract class ServiceTime {
  private static final Pattern CALL = Pattern.compile("\\s*(\\w+)\\s*\\((.*)\\)\\s*");
  private static final Pattern DURATION =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(us|ms|s)\\s*");

  private final String text;

  private ServiceTime(String text) {
    this.text = text;
  }

  /** Draws one service time in nanoseconds (never negative). */
  public abstract long sampleNanos(SplittableRandom random);

  /** The mean of the distribution in nanoseconds. */
  public abstract long meanNanos();

  /** A fixed time. */
  public static ServiceTime fixed(Duration d) {
    long ns = d.toNanos();
    return new ServiceTime(format(ns)) {
      @Override
      public long sampleNanos(SplittableRandom random) {
        return ns;
      }

      @Override
      public long meanNanos() {
        return ns;
      }
    };
  }

  /** A normal distribution truncated at zero. */
  public static ServiceTime normal(Duration mean, Duration stddev) {
    long m = mean.toNanos();
    long s = stddev.toNanos();
    return new ServiceTime("normal(" + format(m) + "," + format(s) + ")") {
      @Override
      public long sampleNanos(SplittableRandom random) {
        return Math.max(0, Math.round(m + s * gaussian(random)));
      }

      @Override
      public long meanNanos() {
        return m;
      }
    };
  }

  /** A uniform distribution between two bounds. */
  public static ServiceTime uniform(Duration min, Duration max) {
    long lo = min.toNanos();
    long hi = max.toNanos();
    if (hi < lo) {
      throw new IllegalArgumentException(
          "uniform service time needs min <= max, got " + min + ", " + max);
    }
    return new ServiceTime("uniform(" + format(lo) + "," + format(hi) + ")") {
      @Override
      public long sampleNanos(SplittableRandom random) {
        return hi == lo ? lo : lo + random.nextLong(hi - lo + 1);
      }

      @Override
      public long meanNanos() {
        return (lo + hi) / 2;
      }
    };
  }

  /** An exponential distribution with the given mean (memoryless arrivals of work). */
  public static ServiceTime exponential(Duration mean) {
    long m = mean.toNanos();
    return new ServiceTime("exponential(" + format(m) + ")") {
      @Override
      public long sampleNanos(SplittableRandom random) {
        return Math.round(-m * Math.log(1 - random.nextDouble()));
      }

      @Override
      public long meanNanos() {
        return m;
      }
    };
  }

  /**
   * A log-normal distribution with the given mean and standard deviation of the time itself: the
   * long right tail real model servers show.
   */
  public static ServiceTime lognormal(Duration mean, Duration stddev) {
    double m = mean.toNanos();
    double s = stddev.toNanos();
    if (m <= 0) {
      throw new IllegalArgumentException(
          "lognormal service time needs a positive mean, got " + mean);
    }
    double sigma2 = Math.log(1 + (s * s) / (m * m));
    double mu = Math.log(m) - sigma2 / 2;
    double sigma = Math.sqrt(sigma2);
    return new ServiceTime("lognormal(" + format((long) m) + "," + format((long) s) + ")") {
      @Override
      public long sampleNanos(SplittableRandom random) {
        return Math.round(Math.exp(mu + sigma * gaussian(random)));
      }

      @Override
      public long meanNanos() {
        return (long) m;
      }
    };
  }

  /**
   * Parses the text form described in the class comment.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static ServiceTime parse(String text) {
    Matcher call = CALL.matcher(text);
    if (!call.matches()) {
      return fixed(parseDuration(text, text));
    }
    String kind = call.group(1).toLowerCase(Locale.ROOT);
    String[] args = call.group(2).split(",");
    switch (kind) {
      case "fixed":
        requireArgs(text, args, 1);
        return fixed(parseDuration(args[0], text));
      case "normal":
        requireArgs(text, args, 2);
        return normal(parseDuration(args[0], text), parseDuration(args[1], text));
      case "uniform":
        requireArgs(text, args, 2);
        return uniform(parseDuration(args[0], text), parseDuration(args[1], text));
      case "exponential":
        requireArgs(text, args, 1);
        return exponential(parseDuration(args[0], text));
      case "lognormal":
        requireArgs(text, args, 2);
        return lognormal(parseDuration(args[0], text), parseDuration(args[1], text));
      default:
        throw invalid(text);
    }
  }

  private static void requireArgs(String text, String[] args, int n) {
    if (args.length != n) {
      throw invalid(text);
    }
  }

  private static Duration parseDuration(String value, String whole) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw invalid(whole);
    }
    double amount = Double.parseDouble(m.group(1));
    double nanosPerUnit;
    switch (m.group(2)) {
      case "us":
        nanosPerUnit = 1e3;
        break;
      case "ms":
        nanosPerUnit = 1e6;
        break;
      default:
        nanosPerUnit = 1e9;
        break;
    }
    return Duration.ofNanos(Math.round(amount * nanosPerUnit));
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "cannot read service time '"
            + text
            + "'; use e.g. 20ms, normal(20ms,5ms), uniform(10ms,30ms), "
            + "exponential(20ms) or lognormal(20ms,5ms) (units us, ms, s)");
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static String format(long nanos) {
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
  }

  /** The text form, parseable by {@link #parse(String)}. */
  @Override
  public String toString() {
    return text;
  }
}
