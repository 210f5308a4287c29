/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.metrics;

import static io.github.gatlingml.internal.metrics.FakeClock.MS;
import static io.github.gatlingml.internal.metrics.FakeClock.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.metrics.RequestKind;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ml-summary.json: the documented shape, and a lossless round trip. */
class SummaryJsonTest {

  private static RunSummary sample() {
    FakeClock clock = new FakeClock(0);
    MetricsRegistry registry = clock.registry().cpuLoad(() -> 0.25, () -> 0.5).build();
    RequestRecorder grpc =
        registry.recorder("add_sub grpc", RequestInfo.of(RequestKind.INFER, "grpc", "add_sub"));
    RequestRecorder health =
        registry.recorder("ready", RequestInfo.of(RequestKind.HEALTH, "rest-json", null));
    for (int i = 1; i <= 100; i++) {
      grpc.recordOk(0, i * MS, 64, 32);
      grpc.recordScheduleLag(i * 10_000L);
    }
    grpc.recordKo(0, 2 * MS, "UNAVAILABLE", 64, 0);
    registry.tick(SECOND);
    health.recordKo(0, MS, "HTTP 503", 0, 0);
    clock.set(2500 * MS);
    registry.stop();
    return registry.summary("BaselineLatencySimulation", "run-42");
  }

  @Test
  void writerThenReaderGivesBackAnEqualSummary(@TempDir Path dir) throws Exception {
    RunSummary written = sample();
    Path file = dir.resolve(SummaryWriter.FILE_NAME);
    SummaryWriter.write(written, file);

    RunSummary read = SummaryReader.read(file);
    assertThat(read).isEqualTo(written);
    // The histograms survive too: decoding gives the same distribution.
    assertThat(read.histograms().get("add_sub grpc").decodeLatencyUs())
        .isEqualTo(written.histograms().get("add_sub grpc").decodeLatencyUs());
  }

  @Test
  void theFileHasTheDocumentedNamesAndUnits() throws Exception {
    JsonNode root = new ObjectMapper().readTree(SummaryWriter.toJson(sample()));

    assertThat(root.path("schema").asText()).isEqualTo("gatling-ml/summary/1");
    assertThat(root.path("simulation").asText()).isEqualTo("BaselineLatencySimulation");
    assertThat(root.path("run_id").asText()).isEqualTo("run-42");
    assertThat(root.path("end_epoch_ms").asLong() - root.path("start_epoch_ms").asLong())
        .isEqualTo(2500);
    JsonNode injector = root.path("injector");
    assertThat(injector.path("host").asText()).isEqualTo("test-host");
    assertThat(injector.path("cpus").asInt()).isEqualTo(2);
    assertThat(injector.path("cpu_busy_pct").path("p50").asDouble()).isEqualTo(25.0);
    assertThat(injector.path("event_loop_lag_us").isObject()).isTrue();
    assertThat(injector.path("warnings").isArray()).isTrue();

    JsonNode r = root.path("requests").path("add_sub grpc");
    assertThat(r.path("kind").asText()).isEqualTo("infer");
    assertThat(r.path("transport").asText()).isEqualTo("grpc");
    assertThat(r.path("model").asText()).isEqualTo("add_sub");
    assertThat(r.path("count").asLong()).isEqualTo(101);
    assertThat(r.path("ok").asLong()).isEqualTo(100);
    assertThat(r.path("ko").asLong()).isEqualTo(1);
    assertThat(r.path("ko_reasons").path("UNAVAILABLE").asLong()).isEqualTo(1);
    assertThat(r.path("throughput_rps").asDouble()).isEqualTo(101 / 2.5);
    assertThat(r.path("bytes_sent").asLong()).isEqualTo(101 * 64);
    assertThat(r.path("bytes_received").asLong()).isEqualTo(100 * 32);
    // 1..100 ms: p50 is 50 ms = 50000 us (within 0.1%), so the unit is microseconds.
    assertThat(r.path("latency_us").path("p50").asLong()).isBetween(50_000L, 50_050L);
    for (String field : new String[] {"min", "mean", "p90", "p95", "p99", "p999", "max"}) {
      assertThat(r.path("latency_us").path(field).isNumber()).as(field).isTrue();
    }
    // Lags of 10..1000 us: the largest is 1000 us, none is over 1 ms.
    assertThat(r.path("schedule_lag_us").path("max").asLong()).isBetween(1_000L, 1_001L);
    assertThat(r.path("schedule_lag_us").path("over_1ms_pct").asDouble()).isZero();
    assertThat(root.path("requests").path("ready").path("model").isNull()).isTrue();
    assertThat(root.path("requests").path("ready").path("latency_us").isEmpty()).isTrue();

    JsonNode ts = root.path("timeseries");
    assertThat(ts.path("interval_ms").asLong()).isEqualTo(1000);
    JsonNode points = ts.path("requests").path("add_sub grpc");
    assertThat(points.get(0).path("t").isIntegralNumber()).isTrue();
    assertThat(points.get(0).path("count").asLong()).isEqualTo(101);
    assertThat(points.get(1).path("t").asLong()).isEqualTo(1);
    assertThat(points.get(1).path("p50_us").isNull()).isTrue();

    assertThat(root.path("histograms").path("add_sub grpc").path("latency_us").asText())
        .isNotBlank();
  }

  @Test
  void readerRejectsOtherSchemasAndBrokenAccounting() {
    String json = SummaryWriter.toJson(sample());
    assertThatThrownBy(
            () ->
                SummaryReader.fromJson(
                    json.replace("gatling-ml/summary/1", "gatling-ml/summary/9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema is 'gatling-ml/summary/9'");
    assertThatThrownBy(() -> SummaryReader.fromJson(json.replace("\"ok\" : 100", "\"ok\" : 99")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count 101 is not ok 99 + ko 1");
    assertThatThrownBy(
            () -> SummaryReader.fromJson(json.replace("\"cpus\" : 2", "\"cpus\" : \"2\"")))
        .hasMessageContaining("injector.cpus must be a number");
  }
}
