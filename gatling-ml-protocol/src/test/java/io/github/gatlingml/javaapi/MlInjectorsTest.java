/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shares of a profile add up to the whole, remainders on the lowest indices. */
class MlInjectorsTest {
  @Test
  void usersAreDividedExactlyWithTheRemainderOnTheLowestIndices() {
    assertThat(IntStream.range(0, 3).map(i -> MlInjectors.shareUsers(1000, i, 3)))
        .containsExactly(334, 333, 333);
    assertThat(IntStream.range(0, 4).map(i -> MlInjectors.shareUsers(2, i, 4)))
        .containsExactly(1, 1, 0, 0);
    for (int n = 1; n <= 17; n++) {
      for (int total : new int[] {0, 1, 16, 17, 1001, 99_999}) {
        int count = n;
        int sum = IntStream.range(0, n).map(i -> MlInjectors.shareUsers(total, i, count)).sum();
        assertThat(sum).as("%d users over %d injectors", total, n).isEqualTo(total);
        int max =
            IntStream.range(0, n)
                .map(i -> MlInjectors.shareUsers(total, i, count))
                .max()
                .orElseThrow();
        int min =
            IntStream.range(0, n)
                .map(i -> MlInjectors.shareUsers(total, i, count))
                .min()
                .orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void ratesAreDividedEvenly() {
    assertThat(MlInjectors.share(150.0, 3)).isEqualTo(50.0);
    assertThat(MlInjectors.share(10.0, 4)).isEqualTo(2.5);
  }

  @Test
  void withoutSettingsTheRunIsOneInjector() {
    assertThat(MlInjectors.count()).isEqualTo(1);
    assertThat(MlInjectors.index()).isZero();
    assertThat(MlInjectors.shareUsers(7)).isEqualTo(7);
    assertThat(MlInjectors.share(7.5)).isEqualTo(7.5);
  }

  @Test
  void wrongArgumentsAreRefused() {
    assertThatThrownBy(() -> MlInjectors.shareUsers(10, 3, 3)).hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> MlInjectors.shareUsers(-1, 0, 3)).hasMessageContaining("at least 0");
    assertThatThrownBy(() -> MlInjectors.share(Double.NaN, 3)).hasMessageContaining("finite");
    assertThatThrownBy(() -> MlInjectors.share(1.0, 0)).hasMessageContaining("at least 1");
  }
}
