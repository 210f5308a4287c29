/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.engine.Capacity;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Prometheus page: exact counters after known traffic, a parseable format, Triton's names. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsTest {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\]*\")(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\]*\")*)\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  /** Parses the page into "name{k=v,...}" (labels sorted) -> value, checking every line's form. */
  static Map<String, Double> parse(String page) {
    Map<String, Double> samples = new HashMap<>();
    Set<String> typed = new HashSet<>();
    for (String line : page.split("\n")) {
      if (line.startsWith("# HELP ")) {
        assertThat(line).matches("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+");
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        assertThat(line)
            .matches("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)");
        typed.add(line.split(" ")[2]);
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line '%s'", line).isTrue();
      String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
      assertThat(typed.contains(m.group(1)) || typed.contains(family))
          .as("TYPE before %s", line)
          .isTrue();
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      String key = m.group(1) + labels;
      assertThat(samples).as("duplicate series %s", key).doesNotContainKey(key);
      samples.put(key, Double.parseDouble(m.group(3)));
    }
    return samples;
  }

  private static double value(Map<String, Double> s, String name, String model) {
    return value(s, name + "{model=" + model + ", version=1}");
  }

  private static double failures(Map<String, Double> s, String model, String reason) {
    return value(
        s, "nv_inference_request_failure{model=" + model + ", reason=" + reason + ", version=1}");
  }

  private static double value(Map<String, Double> s, String key) {
    assertThat(s).as("series").containsKey(key);
    return s.get(key);
  }

  private static String addSubBatchOfTwo() {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      d.append(i == 0 ? "" : ",").append(i);
    }
    return "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[2,16],\"data\":["
        + d
        + "]},"
        + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[2,16],\"data\":["
        + d
        + "]}]}";
  }

  @Test
  void countersAfterKnownTraffic() throws Exception {
    ServerConfig config =
        ServerConfig.onFreePorts()
            .withCapacity("add_sub", Capacity.of(1, Duration.ofMillis(200)).withMaxQueue(1));
    try (InferenceServer server = InferenceServer.start(config)) {
      String base = server.restBaseUrl();
      Map<String, Double> idle = parse(Http.text(Http.get(server.metricsUrl())));
      for (String model : List.of("add_sub", "identity", "simple_classifier")) {
        assertThat(value(idle, "nv_inference_request_success", model)).isZero();
        assertThat(value(idle, "nv_inference_pending_request_count", model)).isZero();
      }

      // identity: 3 successes.
      for (int i = 0; i < 3; i++) {
        assertThat(
                Http.post(
                        base + "/v2/models/identity/infer",
                        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT8\",\"shape\":[4],\"data\":[1,2,3,4]}]}")
                    .statusCode())
            .isEqualTo(200);
      }
      // simple_classifier: 1 invalid request.
      assertThat(
              Http.post(
                      base + "/v2/models/simple_classifier/infer",
                      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,7],\"data\":[1,2,3,4,5,6,7]}]}")
                  .statusCode())
          .isEqualTo(400);
      // add_sub: two bursts of 3 concurrent batch-2 requests against 1 slot and a queue of 1.
      int rejected = 0;
      for (int burst = 0; burst < 2; burst++) {
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          calls.add(
              Http.CLIENT.sendAsync(
                  HttpRequest.newBuilder(URI.create(base + "/v2/models/add_sub/infer"))
                      .timeout(Duration.ofSeconds(10))
                      .POST(HttpRequest.BodyPublishers.ofString(addSubBatchOfTwo()))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray()));
        }
        // The rejection comes back at once; the other two take 200 and 400 ms.
        HttpResponse<?> first =
            (HttpResponse<?>)
                CompletableFuture.anyOf(calls.toArray(new CompletableFuture[0]))
                    .get(10, TimeUnit.SECONDS);
        assertThat(first.statusCode()).isEqualTo(503);
        Map<String, Double> busy = parse(Http.text(Http.get(server.metricsUrl())));
        assertThat(value(busy, "nv_inference_pending_request_count", "add_sub"))
            .as("one running, one queued")
            .isEqualTo(2);
        for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
          HttpResponse<byte[]> r = c.get(10, TimeUnit.SECONDS);
          if (r.statusCode() == 503) {
            rejected++;
            assertThat(Http.error(r)).contains("queue is full");
          } else {
            assertThat(r.statusCode()).isEqualTo(200);
          }
        }
      }
      assertThat(rejected).isEqualTo(2);

      Map<String, Double> s = parse(Http.text(Http.get(server.metricsUrl())));
      assertThat(value(s, "nv_inference_request_success", "add_sub")).isEqualTo(4);
      assertThat(failures(s, "add_sub", "REJECTED")).isEqualTo(2);
      assertThat(failures(s, "add_sub", "BACKEND")).isZero();
      assertThat(failures(s, "add_sub", "OTHER")).isZero();
      assertThat(failures(s, "add_sub", "CANCELED")).isZero();
      assertThat(value(s, "nv_inference_count", "add_sub")).isEqualTo(8);
      assertThat(value(s, "nv_inference_exec_count", "add_sub")).isEqualTo(4);
      // Each burst: the queued request waits ~200 ms for the slot.
      assertThat(value(s, "nv_inference_queue_duration_us", "add_sub"))
          .isBetween(300_000.0, 700_000.0);
      assertThat(value(s, "nv_inference_compute_infer_duration_us", "add_sub"))
          .isBetween(790_000.0, 1_300_000.0);
      assertThat(value(s, "nv_inference_request_duration_us", "add_sub"))
          .isGreaterThanOrEqualTo(
              value(s, "nv_inference_compute_infer_duration_us", "add_sub")
                  + value(s, "nv_inference_queue_duration_us", "add_sub"));

      assertThat(value(s, "nv_inference_request_success", "identity")).isEqualTo(3);
      assertThat(value(s, "nv_inference_count", "identity")).isEqualTo(3);
      assertThat(value(s, "nv_inference_exec_count", "identity")).isEqualTo(3);
      assertThat(failures(s, "identity", "REJECTED")).isZero();

      assertThat(value(s, "nv_inference_request_success", "simple_classifier")).isZero();
      assertThat(failures(s, "simple_classifier", "OTHER")).isEqualTo(1);
      assertThat(value(s, "nv_inference_exec_count", "simple_classifier")).isZero();

      for (String model : List.of("add_sub", "identity", "simple_classifier")) {
        assertThat(value(s, "nv_inference_pending_request_count", model)).as(model).isZero();
        for (String name :
            List.of(
                "nv_inference_compute_input_duration_us",
                "nv_inference_compute_output_duration_us")) {
          assertThat(s).containsKey(name + "{model=" + model + ", version=1}");
        }
      }
    }
  }

  @Test
  void metricsPortServesOnlyMetrics() {
    try (InferenceServer server = InferenceServer.start(ServerConfig.onFreePorts())) {
      HttpResponse<byte[]> ok = Http.get(server.metricsUrl());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String other = server.metricsUrl().replace("/metrics", "/v2");
      HttpResponse<byte[]> notFound = Http.get(other);
      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(Http.error(notFound)).contains("/metrics");
      HttpResponse<byte[]> post = Http.post(server.metricsUrl(), "{}");
      assertThat(post.statusCode()).isEqualTo(405);
      // And the REST port does not serve /metrics.
      assertThat(Http.get(server.restBaseUrl() + "/metrics").statusCode()).isEqualTo(404);
    }
  }
}
