/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.model.SequenceAccumulatorModel;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stateful sequence model keeps a running sum per sequence, as Triton's sequence batcher would
 * route it.
 */
class SequenceModelTest {
  private static String step(Object sequenceId, Boolean start, Boolean end, float value) {
    StringBuilder params = new StringBuilder();
    if (sequenceId != null) {
      params
          .append("\"sequence_id\":")
          .append(sequenceId instanceof String ? "\"" + sequenceId + "\"" : sequenceId);
    }
    if (start != null) {
      params.append(params.length() > 0 ? "," : "").append("\"sequence_start\":").append(start);
    }
    if (end != null) {
      params.append(params.length() > 0 ? "," : "").append("\"sequence_end\":").append(end);
    }
    return "{\"parameters\":{"
        + params
        + "},\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":["
        + value
        + "]}]}";
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void sumsRunPerSequenceFromStartToEnd() {
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      String url = server.restBaseUrl() + "/v2/models/sequence_accumulate/infer";
      // Two interleaved sequences, one with an integer id and one with a string id.
      assertThat(sum(Http.post(url, step(7, true, null, 1f)))).isEqualTo(1f);
      assertThat(sum(Http.post(url, step("abc", true, null, 10f)))).isEqualTo(10f);
      assertThat(sum(Http.post(url, step(7, null, null, 2f)))).isEqualTo(3f);
      assertThat(sum(Http.post(url, step("abc", null, null, 0.5f)))).isEqualTo(10.5f);
      assertThat(sum(Http.post(url, step(7, null, true, 3f)))).isEqualTo(6f);
      SequenceAccumulatorModel model =
          (SequenceAccumulatorModel) server.engine().find("sequence_accumulate", "").model();
      assertThat(model.openSequences()).isEqualTo(1);

      HttpResponse<byte[]> ended = Http.post(url, step(7, null, null, 1f));
      assertThat(ended.statusCode()).isEqualTo(400);
      assertThat(Http.error(ended)).contains("sequence 7").contains("was not started");

      HttpResponse<byte[]> noId = Http.post(url, step(null, true, null, 1f));
      assertThat(noId.statusCode()).isEqualTo(400);
      assertThat(Http.error(noId)).contains("needs a non-zero parameter sequence_id");

      // A new start resets the sum of a live sequence.
      assertThat(sum(Http.post(url, step("abc", true, true, 4f)))).isEqualTo(4f);
      assertThat(model.openSequences()).isZero();
    }
  }

  private static float sum(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    return Http.json(r).at("/outputs/0/data/0").floatValue();
  }
}
