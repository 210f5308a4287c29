/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.InferenceEngine;
import io.github.gatlingml.server.engine.SimulatedGpu;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulated GPU on {@code /metrics} under DCGM's names: idle, then with its only slot held by a
 * long request, when utilization over the last second is exactly 100%.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GpuMetricsTest {
  private static final String GPU =
      "{UUID=GPU-00000000-0000-0000-0000-000000000000, device=nvidia0, gpu=0,"
          + " modelName=gatling-ml simulated GPU}";

  @Test
  void dcgmGaugesFollowTheBusySlots() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withModels(List.of("add_sub"))
            .withCapacity("add_sub", Capacity.of(1, Duration.ofSeconds(3)));
    try (InferenceServer server = InferenceServer.start(config)) {
      Map<String, Double> idle = MetricsTest.parse(Http.text(Http.get(server.metricsUrl())));
      assertThat(idle.get("DCGM_FI_DEV_GPU_UTIL" + GPU)).isZero();
      assertThat(idle.get("DCGM_FI_DEV_FB_USED" + GPU)).isEqualTo(SimulatedGpu.FB_BASE_MIB);
      assertThat(idle.get("DCGM_FI_DEV_FB_FREE" + GPU))
          .isEqualTo(SimulatedGpu.FB_TOTAL_MIB - SimulatedGpu.FB_BASE_MIB);
      assertThat(idle.get("DCGM_FI_DEV_POWER_USAGE" + GPU)).isEqualTo(SimulatedGpu.IDLE_W);
      assertThat(idle.get("process_cpu_seconds_total{}")).isPositive();

      CompletableFuture<HttpResponse<byte[]>> call =
          Http.CLIENT.sendAsync(
              HttpRequest.newBuilder(URI.create(server.restBaseUrl() + "/v2/models/add_sub/infer"))
                  .timeout(Duration.ofSeconds(20))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],"
                              + "\"data\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]},"
                              + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],"
                              + "\"data\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      InferenceEngine.Entry addSub = server.engine().find("add_sub", "");
      while (addSub.busySlots() == 0) {
        Thread.sleep(5);
      }
      Http.get(server.metricsUrl()); // a reading with the slot busy: the next window starts here
      Thread.sleep(1_100);
      Map<String, Double> busy = MetricsTest.parse(Http.text(Http.get(server.metricsUrl())));
      assertThat(addSub.busySlots()).as("the request still holds the slot").isEqualTo(1);
      assertThat(busy.get("DCGM_FI_DEV_GPU_UTIL" + GPU)).isEqualTo(100.0);
      assertThat(busy.get("DCGM_FI_DEV_FB_USED" + GPU))
          .isEqualTo(SimulatedGpu.FB_BASE_MIB + SimulatedGpu.FB_PER_BUSY_SLOT_MIB);
      assertThat(busy.get("DCGM_FI_DEV_POWER_USAGE" + GPU))
          .isEqualTo(SimulatedGpu.IDLE_W + 100 * SimulatedGpu.W_PER_UTIL_PCT);
      assertThat(call.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }
}
