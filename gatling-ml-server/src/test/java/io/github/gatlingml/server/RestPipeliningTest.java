/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.engine.Capacity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests pipelined on one connection are answered in the order they were sent. */
class RestPipeliningTest {
  private static String request(String method, String path, String body) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static String identity(String id, float value) {
    return "{\"id\":\""
        + id
        + "\",\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":["
        + value
        + "]}]}";
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    // identity takes 50 ms per execution: the metadata request sent last is ready long before
    // the inferences, and must still be answered last.
    ServerConfig config =
        ServerConfig.onFreePorts().withCapacity("identity", Capacity.of(4, Duration.ofMillis(50)));
    try (InferenceServer server = InferenceServer.start(config);
        Http.RawConnection c = new Http.RawConnection(server.httpPort())) {
      c.write(
          request("POST", "/v2/models/identity/infer", identity("first", 1f))
              + request("POST", "/v2/models/identity/infer", identity("second", 2f))
              + request("GET", "/v2", ""));
      Http.RawResponse first = c.read();
      Http.RawResponse second = c.read();
      Http.RawResponse third = c.read();
      assertThat(Http.json(first.body()).get("id").asText()).isEqualTo("first");
      assertThat(Http.json(first.body()).at("/outputs/0/data/0").floatValue()).isEqualTo(1f);
      assertThat(Http.json(second.body()).get("id").asText()).isEqualTo("second");
      assertThat(Http.json(second.body()).at("/outputs/0/data/0").floatValue()).isEqualTo(2f);
      assertThat(Http.json(third.body()).get("name").asText()).isEqualTo("gatling-ml-server");
      // The connection still serves a request afterwards.
      assertThat(c.exchange("GET", "/v2/health/ready", new byte[0]).status()).isEqualTo(200);
    }
  }
}
