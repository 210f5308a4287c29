/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateFunctionsTest {
  private static final double EPS = 1e-9;

  @Test
  void stepsWithJumps() {
    // 10/s, 20/s, 30/s, 10 s each: cumulative 100, 300, 600 at the step ends.
    PiecewiseLinearRate f = RateFunctions.steps(10, 10, 3, 10, 0);
    assertThat(f.durationSeconds()).isEqualTo(30);
    assertThat(f.cumulative(-1)).isZero();
    assertThat(f.cumulative(0)).isZero();
    assertThat(f.cumulative(5)).isCloseTo(50, within(EPS));
    assertThat(f.cumulative(10)).isCloseTo(100, within(EPS));
    assertThat(f.cumulative(15)).isCloseTo(200, within(EPS));
    assertThat(f.cumulative(20)).isCloseTo(300, within(EPS));
    assertThat(f.cumulative(25)).isCloseTo(450, within(EPS));
    assertThat(f.cumulative(30)).isCloseTo(600, within(EPS));
    assertThat(f.cumulative(99)).isCloseTo(600, within(EPS));
    assertThat(f.totalArrivals()).isCloseTo(600, within(EPS));

    assertThat(f.inverse(-3)).isZero();
    assertThat(f.inverse(0)).isZero();
    assertThat(f.inverse(50)).isCloseTo(5, within(EPS));
    assertThat(f.inverse(100)).isCloseTo(10, within(EPS));
    assertThat(f.inverse(150)).isCloseTo(12.5, within(EPS));
    assertThat(f.inverse(450)).isCloseTo(25, within(EPS));
    assertThat(f.inverse(600)).isCloseTo(30, within(EPS));
    assertThat(f.inverse(600.001)).isEqualTo(Double.POSITIVE_INFINITY);

    // The rate after a jump is the new step's.
    assertThat(f.rateAt(9.999)).isEqualTo(10);
    assertThat(f.rateAt(10)).isEqualTo(20);
    assertThat(f.rateAt(30)).isEqualTo(30);
    assertThat(f.rateAt(30.001)).isZero();
    assertThat(f.rateAt(-0.001)).isZero();

    assertThat(f.windows())
        .containsExactly(
            new StepWindow(0, 0, 10, 10),
            new StepWindow(1, 10, 20, 20),
            new StepWindow(2, 20, 30, 30));
  }

  @Test
  void stepsWithRamps() {
    // Points (0,10) (10,10) (14,20) (24,20) (28,30) (38,30): ramps hold 4*(10+20)/2 = 60 and
    // 4*(20+30)/2 = 100 arrivals.
    PiecewiseLinearRate f = RateFunctions.steps(10, 10, 3, 10, 4);
    assertThat(f.times()).containsExactly(0, 10, 14, 24, 28, 38);
    assertThat(f.rates()).containsExactly(10, 10, 20, 20, 30, 30);
    assertThat(f.durationSeconds()).isEqualTo(38);
    assertThat(f.cumulative(10)).isCloseTo(100, within(EPS));
    // Half way up the first ramp the rate is 15: 100 + 2 * (10 + 15) / 2.
    assertThat(f.rateAt(12)).isCloseTo(15, within(EPS));
    assertThat(f.cumulative(12)).isCloseTo(125, within(EPS));
    assertThat(f.cumulative(14)).isCloseTo(160, within(EPS));
    assertThat(f.cumulative(24)).isCloseTo(360, within(EPS));
    assertThat(f.cumulative(28)).isCloseTo(460, within(EPS));
    assertThat(f.cumulative(38)).isCloseTo(760, within(EPS));

    // 10u + 1.25u^2 = 25 -> u = 2; 10u + 1.25u^2 = 30 -> u = -4 + sqrt(40).
    assertThat(f.inverse(125)).isCloseTo(12, within(EPS));
    assertThat(f.inverse(130)).isCloseTo(10 - 4 + Math.sqrt(40), within(EPS));
    assertThat(f.inverse(160)).isCloseTo(14, within(EPS));
    assertThat(f.inverse(760)).isCloseTo(38, within(EPS));

    // Windows are the steps only, ramps excluded.
    assertThat(f.windows())
        .containsExactly(
            new StepWindow(0, 0, 10, 10),
            new StepWindow(1, 14, 24, 20),
            new StepWindow(2, 28, 38, 30));
    assertThat(f.windows().get(1).expectedArrivals()).isEqualTo(200);
  }

  @Test
  void flatRampsAreNotWindowsButEqualStepsAre() {
    // stepRate 0: the ramps are flat, yet they are not steps.
    PiecewiseLinearRate f = RateFunctions.steps(5, 0, 3, 2, 1);
    assertThat(f.windows())
        .containsExactly(
            new StepWindow(0, 0, 2, 5), new StepWindow(1, 3, 5, 5), new StepWindow(2, 6, 8, 5));
    assertThat(f.cumulative(8)).isCloseTo(40, within(EPS));
    // Built from points, every flat segment is a window, even next to an equal one.
    PiecewiseLinearRate g = PiecewiseLinearRate.ofPairs(0, 1, 1, 1, 1, 1, 2, 1, 3, 4);
    assertThat(g.windows()).containsExactly(new StepWindow(0, 0, 1, 1), new StepWindow(1, 1, 2, 1));
  }

  @Test
  void descendingStaircase() {
    PiecewiseLinearRate f = RateFunctions.steps(30, -10, 3, 1, 0);
    assertThat(f.windows()).extracting(StepWindow::rate).containsExactly(30.0, 20.0, 10.0);
    assertThat(f.totalArrivals()).isCloseTo(60, within(EPS));
    assertThatThrownBy(() -> RateFunctions.steps(10, -10, 3, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 10.0/s to -10.0/s");
  }

  @Test
  void constantAndRamp() {
    PiecewiseLinearRate c = RateFunctions.constant(4, 2.5);
    assertThat(c.totalArrivals()).isEqualTo(10);
    assertThat(c.inverse(1)).isEqualTo(0.25);
    assertThat(c.windows()).containsExactly(new StepWindow(0, 0, 2.5, 4));

    // From 0: cumulative 5t^2.
    PiecewiseLinearRate up = RateFunctions.ramp(0, 100, 10);
    assertThat(up.cumulative(1)).isCloseTo(5, within(EPS));
    assertThat(up.inverse(5)).isCloseTo(1, within(EPS));
    assertThat(up.inverse(125)).isCloseTo(5, within(EPS));
    assertThat(up.inverse(500)).isCloseTo(10, within(EPS));
    assertThat(up.inverse(1e-12)).isCloseTo(Math.sqrt(1e-12 / 5), within(1e-15));
    assertThat(up.windows()).isEmpty();
  }

  @Test
  void rampDownToZeroHasNoNaN() {
    // 10 -> 0 over 10 s: cumulative 10t - t^2/2, total 50, reached exactly at the end.
    PiecewiseLinearRate f = PiecewiseLinearRate.ofPairs(0, 10, 10, 0);
    assertThat(f.inverse(32)).isCloseTo(4, within(EPS)); // u^2 - 20u + 64 = 0
    assertThat(f.inverse(50)).isCloseTo(10, within(EPS));
    for (double a : new double[] {49.999999, 50 - 1e-12, 50 - Math.ulp(50.0), 50}) {
      double t = f.inverse(a);
      assertThat(t).isBetween(9.99, 10.0);
      assertThat(f.cumulative(t)).isCloseTo(a, within(1e-9));
    }
  }

  @Test
  void zeroRateStretchesAreSkipped() {
    // Nothing for 5 s, 10/s for 5 s, nothing for 10 s.
    PiecewiseLinearRate f = PiecewiseLinearRate.ofPairs(0, 0, 5, 0, 5, 10, 10, 10, 10, 0, 20, 0);
    assertThat(f.durationSeconds()).isEqualTo(20);
    assertThat(f.cumulative(5)).isZero();
    assertThat(f.cumulative(20)).isCloseTo(50, within(EPS));
    assertThat(f.inverse(1e-9)).isCloseTo(5, within(1e-9));
    assertThat(f.inverse(25)).isCloseTo(7.5, within(EPS));
    // The smallest t: the end of the busy stretch, not the end of the schedule.
    assertThat(f.inverse(50)).isCloseTo(10, within(EPS));
    assertThat(f.inverse(50.5)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.rateAt(15)).isZero();
  }

  @Test
  void inverseUndoesCumulativeOnRandomShapes() {
    SplittableRandom random = new SplittableRandom(3);
    for (int shape = 0; shape < 20; shape++) {
      int n = 2 + random.nextInt(8);
      double[] t = new double[n];
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = i == 0 ? 0 : t[i - 1] + (random.nextInt(4) == 0 ? 0 : random.nextDouble(5));
        r[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble(200);
      }
      t[n - 1] += 1;
      PiecewiseLinearRate f = PiecewiseLinearRate.of(t, r);
      double previous = 0;
      for (int k = 0; k <= 200; k++) {
        double a = f.totalArrivals() * (k / 200.0);
        double x = f.inverse(a);
        assertThat(x).as("%s inverse(%s)", f, a).isBetween(previous, f.durationSeconds());
        assertThat(f.cumulative(x)).as("%s at %s", f, x).isCloseTo(a, within(1e-9 * (1 + a)));
        previous = x;
      }
    }
  }

  @Test
  void badPointsAreNamed() {
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(1, 5, 2, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first time is 1.0; it must be 0");
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(0, 5, 2, 5, 1, 5))
        .hasMessageContaining("time 2 is 1.0; times must be finite and non-decreasing");
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(0, 5, 2, -1))
        .hasMessageContaining("rate 1 (at 2.0 s) is -1.0; rates must be >= 0");
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(0, 5, 2))
        .hasMessageContaining("not a list of (time, rate) pairs");
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(0, 5))
        .hasMessageContaining("give at least two");
    assertThatThrownBy(() -> PiecewiseLinearRate.ofPairs(0, 5, 0, 5))
        .hasMessageContaining("last time is 0");
    assertThatThrownBy(() -> RateFunctions.steps(1, 1, 0, 1, 0)).hasMessageContaining("0 steps");
    assertThatThrownBy(() -> RateFunctions.steps(1, 1, 2, 0, 0))
        .hasMessageContaining("stepSeconds is 0.0 s");
    assertThatThrownBy(() -> RateFunctions.steps(1, 1, 2, 1, -1))
        .hasMessageContaining("rampSeconds is -1.0");
    assertThatThrownBy(() -> RateFunctions.constant(Double.NaN, 1))
        .hasMessageContaining("must be finite and >= 0");
    assertThatThrownBy(() -> RateFunctions.constant(1, 1).inverse(Double.NaN))
        .hasMessageContaining("inverse(NaN)");
  }

  @Test
  void sineHandValues() {
    // min 10, max 30, period 20: mean 20, cumulative 20t - (100/π) sin(πt/10).
    SineRate f = RateFunctions.sine(10, 30, 20, 100);
    double w = 100 / Math.PI;
    assertThat(f.rateAt(0)).isCloseTo(10, within(EPS));
    assertThat(f.rateAt(5)).isCloseTo(20, within(EPS));
    assertThat(f.rateAt(10)).isCloseTo(30, within(EPS));
    assertThat(f.rateAt(20)).isCloseTo(10, within(EPS));
    assertThat(f.rateAt(100.5)).isZero();
    assertThat(f.cumulative(5)).isCloseTo(100 - w, within(EPS));
    assertThat(f.cumulative(10)).isCloseTo(200, within(EPS));
    assertThat(f.cumulative(15)).isCloseTo(300 + w, within(EPS));
    assertThat(f.cumulative(20)).isCloseTo(400, within(EPS));
    assertThat(f.cumulative(1000)).isCloseTo(2000, within(EPS));
    assertThat(f.inverse(100 - w)).isCloseTo(5, within(EPS));
    assertThat(f.inverse(200)).isCloseTo(10, within(EPS));
    assertThat(f.inverse(300 + w)).isCloseTo(15, within(EPS));
    assertThat(f.inverse(2000)).isCloseTo(100, within(EPS));
    assertThat(f.inverse(2000.001)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.inverse(0)).isZero();
  }

  @Test
  void sineCumulativeMatchesNumericalIntegration() {
    SineRate f = RateFunctions.sine(3, 70, 7.3, 50);
    // Simpson's rule on the rate itself, independent of the closed form.
    double h = 1e-3;
    double sum = 0;
    for (int i = 0; i < 20_000; i++) {
      double a = i * h;
      sum += h / 6 * (f.rateAt(a) + 4 * f.rateAt(a + h / 2) + f.rateAt(a + h));
      if ((i + 1) % 1000 == 0) {
        assertThat(f.cumulative(a + h)).isCloseTo(sum, within(1e-6));
      }
    }
  }

  @Test
  void sineInverseToTheNanosecond() {
    SineRate f = RateFunctions.sine(5, 400, 13, 600);
    for (int i = 0; i <= 6000; i++) {
      double t = i * 0.1;
      assertThat(f.inverse(f.cumulative(t))).as("t = %s", t).isCloseTo(t, within(1e-9));
    }
    // A minimum of 0: the cumulative is flat to third order where the rate touches 0, so the
    // inverse is only as sharp as the cumulative's rounding there; away from it, to the ns.
    SineRate g = RateFunctions.sine(0, 100, 10, 60);
    assertThat(g.inverse(g.cumulative(10))).isCloseTo(10, within(1e-3));
    assertThat(g.inverse(g.cumulative(5))).isCloseTo(5, within(1e-9));
    double previous = 0;
    for (int k = 1; k <= 3000; k++) {
      double a = k - 0.5;
      double t = g.inverse(a);
      // 1 ns of error in t is rate * 1e-9 arrivals.
      assertThat(g.cumulative(t)).isCloseTo(a, within(g.rateAt(t) * 1e-9 + 1e-12));
      assertThat(t).isGreaterThanOrEqualTo(previous);
      previous = t;
    }
  }

  @Test
  void sineEdgeCases() {
    SineRate flat = RateFunctions.sine(8, 8, 5, 10);
    assertThat(flat.inverse(40)).isCloseTo(5, within(EPS));
    SineRate off = RateFunctions.sine(0, 0, 5, 10);
    assertThat(off.totalArrivals()).isZero();
    assertThat(off.inverse(1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> RateFunctions.sine(10, 5, 1, 1))
        .hasMessageContaining("0 <= min <= max");
    assertThatThrownBy(() -> RateFunctions.sine(1, 5, 0, 1)).hasMessageContaining("period 0.0 s");
    assertThatThrownBy(() -> RateFunctions.sine(1, 5, 1, -1))
        .hasMessageContaining("duration -1.0 s");
  }

  @Test
  void windowsAreImmutable() {
    List<StepWindow> w = RateFunctions.steps(1, 1, 2, 1, 0).windows();
    assertThatThrownBy(() -> w.add(new StepWindow(2, 3, 4, 5)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
