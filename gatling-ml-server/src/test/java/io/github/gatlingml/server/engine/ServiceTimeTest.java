/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Service-time text forms and the distributions' sample statistics. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceTimeTest {
  private static final int N = 20_000;

  private static double[] meanAndStd(ServiceTime t, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < N; i++) {
      long ns = t.sampleNanos(r);
      assertThat(ns).isNotNegative();
      sum += ns;
      sq += (double) ns * ns;
    }
    double mean = sum / N;
    return new double[] {mean, Math.sqrt(sq / N - mean * mean)};
  }

  @Test
  void parsesEveryForm() {
    assertThat(ServiceTime.parse("20ms").meanNanos()).isEqualTo(20_000_000L);
    assertThat(ServiceTime.parse(" 250us ").meanNanos()).isEqualTo(250_000L);
    assertThat(ServiceTime.parse("1.5ms").meanNanos()).isEqualTo(1_500_000L);
    assertThat(ServiceTime.parse("2s").meanNanos()).isEqualTo(2_000_000_000L);
    assertThat(ServiceTime.parse("fixed(5ms)").meanNanos()).isEqualTo(5_000_000L);
    assertThat(ServiceTime.parse("normal(20ms, 5ms)").meanNanos()).isEqualTo(20_000_000L);
    assertThat(ServiceTime.parse("uniform(10ms,30ms)").meanNanos()).isEqualTo(20_000_000L);
    assertThat(ServiceTime.parse("exponential(20ms)").meanNanos()).isEqualTo(20_000_000L);
    assertThat(ServiceTime.parse("lognormal(20ms,5ms)").meanNanos()).isEqualTo(20_000_000L);
    assertThat(ServiceTime.parse("Normal(1ms,100us)").toString()).isEqualTo("normal(1ms,0.100ms)");
  }

  @Test
  void textFormRoundTrips() {
    for (String s :
        new String[] {
          "20ms",
          "normal(20ms,5ms)",
          "uniform(10ms,30ms)",
          "exponential(20ms)",
          "lognormal(20ms,5ms)",
          "0.250ms"
        }) {
      ServiceTime t = ServiceTime.parse(s);
      assertThat(t.toString()).isEqualTo(s);
      assertThat(ServiceTime.parse(t.toString()).meanNanos()).isEqualTo(t.meanNanos());
    }
  }

  @Test
  void rejectsBadForms() {
    for (String bad :
        new String[] {
          "20",
          "20 min",
          "ms",
          "normal(20ms)",
          "uniform(1ms,2ms,3ms)",
          "gamma(2ms)",
          "exponential()",
          "-5ms",
          "normal(20ms,x)",
          ""
        }) {
      assertThatThrownBy(() -> ServiceTime.parse(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("normal(20ms,5ms)");
    }
    assertThatThrownBy(() -> ServiceTime.parse("uniform(30ms,10ms)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min <= max");
    assertThatThrownBy(() -> ServiceTime.parse("lognormal(0ms,1ms)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive mean");
  }

  @Test
  void fixedIsExact() {
    ServiceTime t = ServiceTime.fixed(Duration.ofMillis(7));
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(t.sampleNanos(r)).isEqualTo(7_000_000L);
    }
  }

  @Test
  void normalMeanAndSpread() {
    double[] ms = meanAndStd(ServiceTime.parse("normal(20ms,5ms)"), 42);
    assertThat(ms[0]).isCloseTo(20e6, within(0.03 * 20e6));
    assertThat(ms[1]).isCloseTo(5e6, within(0.1 * 5e6));
  }

  @Test
  void uniformStaysWithinBounds() {
    ServiceTime t = ServiceTime.parse("uniform(10ms,30ms)");
    SplittableRandom r = new SplittableRandom(3);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    double sum = 0;
    for (int i = 0; i < N; i++) {
      long ns = t.sampleNanos(r);
      assertThat(ns).isBetween(10_000_000L, 30_000_000L);
      min = Math.min(min, ns);
      max = Math.max(max, ns);
      sum += ns;
    }
    assertThat(sum / N).isCloseTo(20e6, within(0.03 * 20e6));
    // It spreads over the whole range.
    assertThat(min).isLessThan(10_100_000L);
    assertThat(max).isGreaterThan(29_900_000L);
  }

  @Test
  void exponentialMean() {
    double[] ms = meanAndStd(ServiceTime.parse("exponential(20ms)"), 7);
    assertThat(ms[0]).isCloseTo(20e6, within(0.03 * 20e6));
    assertThat(ms[1]).isCloseTo(20e6, within(0.1 * 20e6)); // std = mean for an exponential
  }

  @Test
  void lognormalMeanAndSpreadOfTheTimeItself() {
    double[] ms = meanAndStd(ServiceTime.parse("lognormal(20ms,5ms)"), 11);
    assertThat(ms[0]).isCloseTo(20e6, within(0.03 * 20e6));
    assertThat(ms[1]).isCloseTo(5e6, within(0.15 * 5e6));
  }

  @Test
  void sameSeedSameSamples() {
    ServiceTime t = ServiceTime.parse("lognormal(20ms,5ms)");
    SplittableRandom a = new SplittableRandom(99);
    SplittableRandom b = new SplittableRandom(99);
    for (int i = 0; i < 100; i++) {
      assertThat(t.sampleNanos(a)).isEqualTo(t.sampleNanos(b));
    }
  }
}
