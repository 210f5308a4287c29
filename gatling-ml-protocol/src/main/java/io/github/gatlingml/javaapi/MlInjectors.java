/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.github.gatlingml.internal.protocol.InjectorIdentity;
import io.github.gatlingml.metrics.RunSummary.Distribution;

/**
 * One run spread over N injectors (open-source Gatling on several machines, a Kubernetes Indexed
 * Job): this injector's index and its share of the load, so that the N injectors together offer
 * exactly the load of the whole profile.
 *
 * <p>Each injector is told its place with system properties or the environment:
 *
 * <ul>
 *   <li>{@code -Dgatling.ml.injectorCount=N} or {@code GATLING_ML_INJECTOR_COUNT};
 *   <li>{@code -Dgatling.ml.injectorIndex=i} ({@code 0..N-1}) or {@code GATLING_ML_INJECTOR_INDEX},
 *       else {@code JOB_COMPLETION_INDEX} (Kubernetes sets it in an Indexed Job);
 *   <li>{@code -Dgatling.ml.runId=...} or {@code GATLING_ML_RUN_ID}: one id shared by every
 *       injector, written as the summary's {@code run_id} so that {@code gatling-ml merge} can
 *       check the parts belong together.
 * </ul>
 *
 * Without a count, the run is on one injector: index 0 of 1, and every share is the whole. The
 * summary ({@code ml-summary.json}) of each injector records {@code injector_index} and {@code
 * injector_count}.
 *
 * <pre>{@code
 * setUp(
 *     scn.injectOpen(
 *         rampUsers(MlInjectors.shareUsers(1000)).during(60),      // 1000 users in all
 *         constantUsersPerSec(MlInjectors.share(150.0)).during(300)) // 150 arrivals/s in all
 * ).protocols(ml);
 * }</pre>
 *
 * With 3 injectors, {@code shareUsers(1000)} is 334, 333 and 333 and {@code share(150.0)} is 50.0
 * each.
 */
public final class MlInjectors {
  private MlInjectors() {}

  /**
   * This injector's index, from 0.
   *
   * @return the index, 0 on a run with one injector
   * @throws IllegalStateException when the settings are inconsistent (a count without an index, an
   *     index out of range, a value that is not a whole number)
   */
  public static int index() {
    Distribution d = InjectorIdentity.distribution();
    return d == null ? 0 : d.injectorIndex();
  }

  /**
   * The number of injectors of the run.
   *
   * @return the count, 1 when none is set
   * @throws IllegalStateException when the settings are inconsistent
   */
  public static int count() {
    Distribution d = InjectorIdentity.distribution();
    return d == null ? 1 : d.injectorCount();
  }

  /**
   * The run id shared by every injector of the run.
   *
   * @return the id given with {@code gatling.ml.runId} or {@code GATLING_ML_RUN_ID}, or {@code
   *     null} when none is (each injector's summary then carries its Gatling run folder's name)
   */
  public static String runId() {
    return InjectorIdentity.runId();
  }

  /**
   * This injector's share of a number of users (or of any whole count): {@code total / count}, the
   * remainder spread one each over the lowest indices, so the shares add up to {@code total}
   * exactly. E.g. {@code rampUsers(MlInjectors.shareUsers(1000)).during(60)}.
   *
   * @param total the users of the whole run, at least 0
   * @return this injector's users
   * @throws IllegalStateException when the settings are inconsistent
   */
  public static int shareUsers(int total) {
    return shareUsers(total, index(), count());
  }

  /**
   * This injector's share of an arrival rate: {@code totalRate / count}. E.g. {@code
   * constantUsersPerSec(MlInjectors.share(150.0)).during(300)}. For an exact number of arrivals
   * rather than a rate, share the count with {@link #shareUsers(int)} and inject it with {@code
   * rampUsers(n).during(d)}: Gatling rounds {@code rate × duration} on each injector.
   *
   * @param totalRate the rate of the whole run, per second, at least 0
   * @return this injector's rate, per second
   * @throws IllegalStateException when the settings are inconsistent
   */
  public static double share(double totalRate) {
    return share(totalRate, count());
  }

  /**
   * The share of injector {@code index} of {@code count} in {@code total} users: {@code total /
   * count}, plus one for the {@code total % count} lowest indices.
   *
   * @param total the whole, at least 0
   * @param index the injector's index, {@code 0 <= index < count}
   * @param count the number of injectors, at least 1
   * @return the share
   */
  public static int shareUsers(int total, int index, int count) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be at least 0, got " + total);
    }
    new Distribution(index, count); // checks the bounds
    return total / count + (index < total % count ? 1 : 0);
  }

  /**
   * The share of one of {@code count} injectors in {@code totalRate}.
   *
   * @param totalRate the whole rate, at least 0
   * @param count the number of injectors, at least 1
   * @return {@code totalRate / count}
   */
  public static double share(double totalRate, int count) {
    if (!(totalRate >= 0) || Double.isInfinite(totalRate)) {
      throw new IllegalArgumentException("rate must be finite and at least 0, got " + totalRate);
    }
    new Distribution(null, count); // checks the bound
    return totalRate / count;
  }
}
