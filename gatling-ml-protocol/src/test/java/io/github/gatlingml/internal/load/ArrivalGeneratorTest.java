/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalGeneratorTest {

  /** Every offset until the generator is exhausted, checking they never go back in time. */
  static long[] drain(ArrivalGenerator g) {
    long[] out = new long[1024];
    int n = 0;
    for (long t = g.next(); t >= 0; t = g.next()) {
      if (n > 0) {
        assertThat(t).isGreaterThanOrEqualTo(out[n - 1]);
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = t;
    }
    assertThat(g.next()).isEqualTo(-1);
    assertThat(g.next()).isEqualTo(-1);
    return Arrays.copyOf(out, n);
  }

  static int count(long[] offsets, double fromSeconds, double toSeconds) {
    long from = Math.round(fromSeconds * 1e9);
    long to = Math.round(toSeconds * 1e9);
    int n = 0;
    for (long t : offsets) {
      if (t >= from && t < to) {
        n++;
      }
    }
    return n;
  }

  @Test
  void uniformConstantRateIsExactlyEvenlySpaced() {
    long[] a = drain(ArrivalGenerator.uniform(RateFunctions.constant(100, 10)));
    assertThat(a).hasSize(1000);
    for (int k = 0; k < a.length; k++) {
      assertThat(a[k]).isEqualTo(5_000_000L + k * 10_000_000L);
    }
    // 1/3 s is not a whole number of ns: each offset rounds on its own, no drift.
    long[] b = drain(ArrivalGenerator.uniform(RateFunctions.constant(3, 1)));
    assertThat(b).containsExactly(166_666_667L, 500_000_000L, 833_333_333L);
  }

  @Test
  void uniformCountIsRoundOfRateTimesDuration() {
    double[][] cases = {{7, 2.5}, {7, 2.4}, {7, 2.6}, {1, 0.4}, {1, 0.5}, {0.5, 3}, {1234, 1}};
    for (double[] c : cases) {
      long[] a = drain(ArrivalGenerator.uniform(RateFunctions.constant(c[0], c[1])));
      assertThat(a).as("rate %s over %s s", c[0], c[1]).hasSize((int) Math.round(c[0] * c[1]));
      for (int k = 1; k < a.length; k++) {
        assertThat((double) (a[k] - a[k - 1])).isCloseTo(1e9 / c[0], within(1.0));
      }
    }
    assertThat(drain(ArrivalGenerator.uniform(RateFunctions.constant(0, 10)))).isEmpty();
  }

  @Test
  void uniformStepsFillEachWindowExactly() {
    PiecewiseLinearRate f = RateFunctions.steps(100, 100, 3, 10, 0);
    long[] a = drain(ArrivalGenerator.uniform(f));
    assertThat(a).hasSize(6000);
    for (StepWindow w : f.windows()) {
      assertThat(count(a, w.startSeconds(), w.endSeconds())).isEqualTo(1000 * (w.index() + 1));
    }
    // Half an interval either side of a boundary: 9.995 s then 10.0025 s.
    assertThat(a[999]).isEqualTo(9_995_000_000L);
    assertThat(a[1000]).isEqualTo(10_002_500_000L);
    assertThat(a[1001] - a[1000]).isEqualTo(5_000_000L);
  }

  @Test
  void uniformStepsWithRampsMatchTheirExpectations() {
    PiecewiseLinearRate f = RateFunctions.steps(13, 17, 4, 7, 3);
    long[] a = drain(ArrivalGenerator.uniform(f));
    assertThat(a).hasSize((int) Math.round(f.totalArrivals()));
    for (StepWindow w : f.windows()) {
      assertThat((double) count(a, w.startSeconds(), w.endSeconds()))
          .isCloseTo(w.expectedArrivals(), within(1.0));
    }
    for (int s = 0; s < 37; s++) {
      double expected = f.cumulative(s + 1) - f.cumulative(s);
      assertThat((double) count(a, s, s + 1)).isCloseTo(expected, within(1.0));
    }
  }

  @Test
  void uniformSineFollowsTheRate() {
    SineRate f = RateFunctions.sine(20, 300, 30, 90);
    long[] a = drain(ArrivalGenerator.uniform(f));
    assertThat(a).hasSize((int) Math.round(f.totalArrivals()));
    for (int s = 0; s < 90; s++) {
      double expected = f.cumulative(s + 1) - f.cumulative(s);
      assertThat((double) count(a, s, s + 1)).as("second %s", s).isCloseTo(expected, within(1.0));
    }
  }

  @Test
  void poissonConstantRateCountAndDispersion() {
    double rate = 1000;
    double seconds = 100;
    long[] a = drain(ArrivalGenerator.poisson(RateFunctions.constant(rate, seconds), 42));
    double mean = rate * seconds;
    assertThat((double) a.length).isCloseTo(mean, within(4 * Math.sqrt(mean)));

    // Inter-arrival gaps are exponential: coefficient of variation 1. For exponential samples the
    // delta method gives the sample CV a standard error of about 1/sqrt(n).
    int n = a.length - 1;
    double sum = 0;
    double sumSq = 0;
    for (int i = 1; i < a.length; i++) {
      double gap = a[i] - a[i - 1];
      sum += gap;
      sumSq += gap * gap;
    }
    double m = sum / n;
    double cv = Math.sqrt(sumSq / n - m * m) / m;
    assertThat(cv).isCloseTo(1.0, within(4 / Math.sqrt(n)));

    // Counts per second are Poisson: variance / mean = 1, standard error sqrt(2 / (k - 1)).
    int k = (int) seconds;
    double[] counts = new double[k];
    for (int s = 0; s < k; s++) {
      counts[s] = count(a, s, s + 1);
    }
    double cm = Arrays.stream(counts).average().orElseThrow();
    double var = Arrays.stream(counts).map(c -> (c - cm) * (c - cm)).sum() / (k - 1);
    assertThat(var / cm).isCloseTo(1.0, within(4 * Math.sqrt(2.0 / (k - 1))));
  }

  @Test
  void poissonSeedReproduces() {
    RateFunction f = RateFunctions.constant(50, 20);
    long[] a = drain(ArrivalGenerator.poisson(f, 7));
    assertThat(drain(ArrivalGenerator.poisson(f, 7))).isEqualTo(a);
    assertThat(drain(ArrivalGenerator.poisson(f, 8))).isNotEqualTo(a);
  }

  @Test
  void poissonStepsCountPerWindow() {
    PiecewiseLinearRate f = RateFunctions.steps(200, 200, 4, 25, 5);
    for (long seed : new long[] {1, 2, 3}) {
      long[] a = drain(ArrivalGenerator.poisson(f, seed));
      double total = f.totalArrivals();
      assertThat((double) a.length).isCloseTo(total, within(4 * Math.sqrt(total)));
      List<StepWindow> windows = f.windows();
      for (StepWindow w : windows) {
        double expected = w.expectedArrivals();
        assertThat((double) count(a, w.startSeconds(), w.endSeconds()))
            .as("seed %s step %s", seed, w.index())
            .isCloseTo(expected, within(4 * Math.sqrt(expected)));
      }
      // The ramps too: their expectation is the trapezoid's area.
      for (int i = 1; i < windows.size(); i++) {
        double from = windows.get(i - 1).endSeconds();
        double to = windows.get(i).startSeconds();
        double expected = f.cumulative(to) - f.cumulative(from);
        assertThat((double) count(a, from, to))
            .isCloseTo(expected, within(4 * Math.sqrt(expected)));
      }
    }
  }

  @Test
  void poissonSineCountsFollowTheRate() {
    SineRate f = RateFunctions.sine(50, 550, 20, 200);
    long[] a = drain(ArrivalGenerator.poisson(f, 11));
    double chi2 = 0;
    int windows = 100;
    for (int i = 0; i < windows; i++) {
      double from = 2.0 * i;
      double expected = f.cumulative(from + 2) - f.cumulative(from);
      double observed = count(a, from, from + 2);
      assertThat(observed).as("window %s", i).isCloseTo(expected, within(4 * Math.sqrt(expected)));
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    // Chi-square with 100 degrees of freedom: mean 100, standard deviation sqrt(200).
    assertThat(chi2).isCloseTo(windows, within(4 * Math.sqrt(2.0 * windows)));
    // Peaks (rate 550) hold about 11 times the arrivals of troughs (rate 50).
    int peak = count(a, 9, 11);
    int trough = count(a, 19, 21);
    assertThat((double) peak / trough).isBetween(7.0, 16.0);
  }

  @Test
  void precomputedOffsets() {
    ArrivalGenerator g = ArrivalGenerator.of(new long[] {0, 0, 5, 9});
    assertThat(drain(g)).containsExactly(0, 0, 5, 9);
    assertThat(drain(ArrivalGenerator.of(new long[0]))).isEmpty();
    long[] source = {1, 2};
    ArrivalGenerator copy = ArrivalGenerator.of(source);
    source[1] = 100;
    assertThat(drain(copy)).containsExactly(1, 2);
    assertThatThrownBy(() -> ArrivalGenerator.of(new long[] {0, 5, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offsets[2] is 3 ns after 5; offsets must be >= 0 and in order");
    assertThatThrownBy(() -> ArrivalGenerator.of(new long[] {-1}))
        .hasMessage("offsets[0] is -1 ns; offsets must be >= 0 and in order");
  }
}
