/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.internal.check.TensorExtractors;
import io.github.gatlingml.javaapi.MlFeeders;
import io.github.gatlingml.tensor.Tensor;
import java.time.Duration;

/**
 * Every kind of tensor feeder driving the embedded server end to end, one scenario each, with exact
 * request counts asserted by Gatling. Run from {@link FeedersTest}.
 */
public class FeedersSimulation extends Simulation {
  static final int NPZ_ROWS = 8;
  static final int PERF_RECORDS = 3;
  static final int SEQUENCE_STEPS = 5;
  static final int JSONL_LINES = 5;
  static final int SYNTHETIC = 6;

  /**
   * OUTPUT0 must be INPUT0 + INPUT1 of the tensors this user was fed: the expectation is computed
   * here.
   */
  private static final MlCheck SUM_OF_FED_INPUTS =
      (response, session) -> {
        float[] a = ((Tensor) session.get("INPUT0")).toFloatArray();
        float[] b = ((Tensor) session.get("INPUT1")).toFloatArray();
        float[] sum = TensorExtractors.output(response, "OUTPUT0").toFloatArray();
        for (int i = 0; i < a.length; i++) {
          if (sum[i] != a[i] + b[i]) {
            throw new CheckFailure(
                "OUTPUT0["
                    + i
                    + "] = "
                    + sum[i]
                    + " but the fed inputs add up to "
                    + (a[i] + b[i]));
          }
        }
        return session.set("verified", true);
      };

  {
    String rest = GatlingRun.property("it.rest.url");
    String grpc = GatlingRun.property("it.grpc.target");
    String dir = GatlingRun.property("it.feeders.dir");
    String jsonl = GatlingRun.property("it.jsonl");

    ModelSignature addSub = MlFeeders.modelFromRest(rest, "add_sub");
    ModelSignature sequences = MlFeeders.modelFromGrpc(grpc, "sequence_accumulate");
    ModelSignature classifier = MlFeeders.modelFromRest(rest, "simple_classifier");

    ScenarioBuilder npz =
        scenario("npz rows")
            .repeat(NPZ_ROWS)
            .on(
                feed(MlFeeders.npz(dir + "/add_sub_rows.npz")
                        .tensors()
                        .checkedAgainst(addSub.inputs())
                        .feeder()
                        .queue())
                    .exec(
                        infer("npz rows")
                            .model("add_sub")
                            .grpc()
                            .inputsFromFeeder()
                            .check(SUM_OF_FED_INPUTS)));

    ScenarioBuilder perf =
        scenario("perf_analyzer")
            .repeat(PERF_RECORDS)
            .on(
                feed(MlFeeders.perfAnalyzer(dir + "/add_sub_perf_analyzer.json", addSub)
                        .feeder()
                        .queue())
                    .exec(infer("perf_analyzer").model("add_sub").restJson().inputsFromFeeder()));

    ScenarioBuilder perfWrong =
        scenario("perf_analyzer wrong")
            .repeat(1)
            .on(
                feed(MlFeeders.perfAnalyzer(dir + "/add_sub_wrong_validation.json", addSub)
                        .feeder()
                        .queue())
                    .exec(
                        infer("perf_analyzer wrong")
                            .model("add_sub")
                            .restBinary()
                            .inputsFromFeeder()));

    ScenarioBuilder seq =
        scenario("sequences")
            .repeat(2)
            .on(
                feed(MlFeeders.perfAnalyzerSequences(
                            dir + "/sequences_perf_analyzer.json", sequences)
                        .feeder()
                        .queue())
                    .exec(
                        sequence(
                            infer("sequence step")
                                .model("sequence_accumulate")
                                .grpc()
                                .inputsFromFeeder())));

    ScenarioBuilder kserve =
        scenario("kserve jsonl")
            .repeat(JSONL_LINES)
            .on(
                feed(MlFeeders.kserveRequests(jsonl).stream())
                    .exec(
                        infer("kserve jsonl")
                            .model("identity")
                            .restJson()
                            .inputsFromFeeder()
                            .check(output("OUTPUT0").value(0).gt(0))));

    ScenarioBuilder synthetic =
        scenario("synthetic")
            .repeat(SYNTHETIC)
            .on(
                feed(MlFeeders.synthetic(classifier)
                        .seed(42)
                        .dim("INPUT0", 0, 1, 2, 3)
                        .records(SYNTHETIC)
                        .feeder()
                        .queue())
                    .exec(
                        infer("synthetic")
                            .model("simple_classifier")
                            .grpc()
                            .inputsFromFeeder()
                            .check(output("PROBABILITIES").shape().saveAs("shape"))));

    setUp(
            npz.injectOpen(atOnceUsers(1)),
            perf.injectOpen(atOnceUsers(1)),
            perfWrong.injectOpen(atOnceUsers(1)),
            seq.injectOpen(atOnceUsers(1)),
            kserve.injectOpen(atOnceUsers(1)),
            synthetic.injectOpen(atOnceUsers(1)))
        .protocols(
            ml.restBaseUrl(rest)
                .grpcTarget(grpc)
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(30))
        .assertions(
            details("npz rows").successfulRequests().count().is((long) NPZ_ROWS),
            details("perf_analyzer").successfulRequests().count().is((long) PERF_RECORDS),
            details("perf_analyzer wrong").failedRequests().count().is(1L),
            details("sequence step").successfulRequests().count().is((long) SEQUENCE_STEPS),
            details("kserve jsonl").successfulRequests().count().is((long) JSONL_LINES),
            details("synthetic").successfulRequests().count().is((long) SYNTHETIC),
            global()
                .allRequests()
                .count()
                .is(
                    (long)
                        (NPZ_ROWS + PERF_RECORDS + 1 + SEQUENCE_STEPS + JSONL_LINES + SYNTHETIC)));
  }
}
