/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static io.github.gatlingml.server.Http.concat;
import static io.github.gatlingml.server.Http.floatsLe;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gatlingml.server.Http.RawConnection;
import io.github.gatlingml.server.Http.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad REST requests: each gets the right status and a message naming the problem, and afterwards
 * the same keep-alive connection (or, when the server must close it, the server) still answers.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RestBadInputTest {
  private static final String INFER = "/v2/models/add_sub/infer";
  private static InferenceServer server;

  @BeforeAll
  static void start() {
    server = InferenceServer.start(ServerConfig.onFreePorts());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** After every test the server still answers a good request on a fresh connection. */
  @AfterEach
  void serverStillServes() throws IOException {
    try (RawConnection c = connect()) {
      assertGood(c);
    }
    // Requests of reset connections may still be executing: none may stay pending for good.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pending() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(pending()).isZero();
  }

  private static long pending() {
    long n = 0;
    for (var m : server.engine().models()) {
      n += m.stats().pending();
    }
    return n;
  }

  private static RawConnection connect() throws IOException {
    return new RawConnection(server.httpPort());
  }

  private static String row(float start) {
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = start + i;
    }
    return Arrays.toString(v);
  }

  private static String tensor(String name, String datatype, String shape, String data) {
    return "{\"name\":\""
        + name
        + "\",\"datatype\":\""
        + datatype
        + "\",\"shape\":"
        + shape
        + ",\"data\":"
        + data
        + "}";
  }

  private static final String GOOD =
      "{\"inputs\":["
          + tensor("INPUT0", "FP32", "[1,16]", row(0))
          + ","
          + tensor("INPUT1", "FP32", "[1,16]", row(1))
          + "]}";

  /** A good add_sub request on this connection: 200 and OUTPUT0[0] = 0 + 1. */
  private static void assertGood(RawConnection c) throws IOException {
    RawResponse r = c.exchange("POST", INFER, GOOD, "Content-Type: application/json");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(Http.json(r.body()).get("outputs").get(0).get("data").get(0).asDouble())
        .isEqualTo(1.0);
  }

  /** Sends one bad request on the connection, checks status and message, then a good one on it. */
  private static void assertBad(
      RawConnection c,
      String method,
      String path,
      byte[] body,
      int status,
      List<String> headers,
      String... words)
      throws IOException {
    RawResponse r = c.exchange(method, path, body, headers.toArray(new String[0]));
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("content-type")).contains("application/json");
    String message = r.error();
    for (String w : words) {
      assertThat(message).contains(w);
    }
    assertGood(c);
  }

  private static void assertBadJson(String path, String json, int status, String... words)
      throws IOException {
    try (RawConnection c = connect()) {
      assertBad(c, "POST", path, json.getBytes(StandardCharsets.UTF_8), status, List.of(), words);
    }
  }

  // ------------------------------------------------------------------ JSON body

  @Test
  void malformedJson() throws IOException {
    assertBadJson(INFER, "{\"inputs\": [", 400, "malformed JSON");
  }

  @Test
  void bodyNotAnObject() throws IOException {
    assertBadJson(INFER, "[1,2,3]", 400, "JSON object");
  }

  @Test
  void missingInputs() throws IOException {
    assertBadJson(INFER, "{\"outputs\":[]}", 400, "\"inputs\"");
    assertBadJson(INFER, "{\"inputs\":[]}", 400, "\"inputs\"");
  }

  @Test
  void unknownModelListsTheModels() throws IOException {
    assertBadJson(
        "/v2/models/resnet50/infer",
        GOOD,
        404,
        "resnet50",
        "add_sub",
        "identity",
        "simple_classifier");
    try (RawConnection c = connect()) {
      assertBad(
          c, "GET", "/v2/models/resnet50", new byte[0], 404, List.of(), "resnet50", "add_sub");
    }
  }

  @Test
  void unknownVersion() throws IOException {
    assertBadJson(
        "/v2/models/add_sub/versions/3/infer",
        GOOD,
        404,
        "add_sub",
        "'3'",
        "available versions: 1");
  }

  @Test
  void wrongDatatype() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "INT64", "[1,16]", row(0))
            + ","
            + tensor("INPUT1", "INT64", "[1,16]", row(0))
            + "]}";
    assertBadJson(INFER, body, 400, "INPUT0", "INT64", "FP32", "INT32");
  }

  @Test
  void mixedDatatypesAcrossInputs() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[1,16]", row(0))
            + ","
            + tensor("INPUT1", "INT32", "[1,16]", row(0))
            + "]}";
    assertBadJson(INFER, body, 400, "FP32", "INT32", "same datatype");
  }

  @Test
  void unknownDatatypeString() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FLOAT99", "[1,16]", row(0))
            + ","
            + tensor("INPUT1", "FP32", "[1,16]", row(0))
            + "]}";
    assertBadJson(INFER, body, 400, "FLOAT99", "INPUT0");
  }

  @Test
  void dataDoesNotFillTheShape() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[1,16]", "[1,2,3]")
            + ","
            + tensor("INPUT1", "FP32", "[1,16]", row(0))
            + "]}";
    assertBadJson(INFER, body, 400, "INPUT0", "3 elements", "16");
  }

  @Test
  void shapeDoesNotMatchTheModel() throws IOException {
    float[] fifteen = new float[15];
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[1,15]", Arrays.toString(fifteen))
            + ","
            + tensor("INPUT1", "FP32", "[1,15]", Arrays.toString(fifteen))
            + "]}";
    assertBadJson(INFER, body, 400, "INPUT0", "[1, 15]", "[-1, 16]");
  }

  @Test
  void batchLargerThanEight() throws IOException {
    float[] nine = new float[9 * 16];
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[9,16]", Arrays.toString(nine))
            + ","
            + tensor("INPUT1", "FP32", "[9,16]", Arrays.toString(nine))
            + "]}";
    assertBadJson(INFER, body, 400, "[9, 16]", "batch size 1..8");
  }

  @Test
  void missingInput() throws IOException {
    assertBadJson(
        INFER,
        "{\"inputs\":[" + tensor("INPUT0", "FP32", "[1,16]", row(0)) + "]}",
        400,
        "missing INPUT1");
  }

  @Test
  void unexpectedInput() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[1,16]", row(0))
            + ","
            + tensor("INPUT1", "FP32", "[1,16]", row(0))
            + ","
            + tensor("INPUT2", "FP32", "[1,16]", row(0))
            + "]}";
    assertBadJson(INFER, body, 400, "unexpected input 'INPUT2'", "INPUT0, INPUT1");
  }

  @Test
  void unknownOutput() throws IOException {
    String body = GOOD.substring(0, GOOD.length() - 1) + ",\"outputs\":[{\"name\":\"OUTPUT9\"}]}";
    assertBadJson(INFER, body, 400, "unknown output 'OUTPUT9'", "OUTPUT0, OUTPUT1");
  }

  @Test
  void badClassificationParameter() throws IOException {
    String body =
        "{\"inputs\":["
            + tensor("INPUT0", "FP32", "[1,8]", "[1,2,3,4,5,6,7,8]")
            + "],"
            + "\"outputs\":[{\"name\":\"PROBABILITIES\",\"parameters\":{\"classification\":\"two\"}}]}";
    assertBadJson("/v2/models/simple_classifier/infer", body, 400, "classification", "two");
  }

  // ------------------------------------------------------------------ binary extension

  private static byte[] binaryHeader(int size0, int size1) {
    return ("{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":"
            + size0
            + "}},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":"
            + size1
            + "}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void assertBadBinary(byte[] body, String headerLength, int status, String... words)
      throws IOException {
    try (RawConnection c = connect()) {
      assertBad(
          c,
          "POST",
          INFER,
          body,
          status,
          List.of(
              "Inference-Header-Content-Length: " + headerLength,
              "Content-Type: application/octet-stream"),
          words);
    }
  }

  @Test
  void truncatedBinaryBody() throws IOException {
    byte[] json = binaryHeader(64, 64);
    // 64 + 32 bytes where 128 are declared: INPUT1 finds only 32.
    assertBadBinary(
        concat(json, new byte[96]),
        Integer.toString(json.length),
        400,
        "INPUT1",
        "binary_data_size 64",
        "only 32 bytes",
        "truncated");
  }

  @Test
  void extraTrailingBinaryBytes() throws IOException {
    byte[] json = binaryHeader(64, 64);
    assertBadBinary(
        concat(json, new byte[132]),
        Integer.toString(json.length),
        400,
        "4 bytes",
        "no input claims them");
  }

  @Test
  void binaryDataSizeWithoutTheHeader() throws IOException {
    byte[] json = binaryHeader(64, 64);
    try (RawConnection c = connect()) {
      assertBad(
          c,
          "POST",
          INFER,
          concat(json, new byte[128]),
          400,
          List.of(),
          "binary_data_size",
          "Inference-Header-Content-Length");
    }
  }

  @Test
  void binaryDataSizeNotMatchingTheShape() throws IOException {
    byte[] json = binaryHeader(60, 68);
    assertBadBinary(concat(json, new byte[128]), Integer.toString(json.length), 400, "INPUT0");
  }

  @Test
  void headerLengthLargerThanBody() throws IOException {
    byte[] json = binaryHeader(64, 64);
    byte[] body = concat(json, new byte[128]);
    assertBadBinary(
        body,
        Integer.toString(body.length + 1),
        400,
        "Inference-Header-Content-Length is " + (body.length + 1),
        "only " + body.length + " bytes");
  }

  @Test
  void headerLengthNotANumber() throws IOException {
    assertBadBinary(
        concat(binaryHeader(64, 64), new byte[128]),
        "abc",
        400,
        "Inference-Header-Content-Length",
        "non-negative integer",
        "'abc'");
  }

  @Test
  void headerLengthNegative() throws IOException {
    assertBadBinary(
        concat(binaryHeader(64, 64), new byte[128]),
        "-5",
        400,
        "Inference-Header-Content-Length",
        "non-negative integer",
        "'-5'");
  }

  @Test
  void headerLengthCuttingTheJson() throws IOException {
    byte[] json = binaryHeader(64, 64);
    assertBadBinary(
        concat(json, new byte[128]),
        Integer.toString(json.length - 10),
        400,
        "malformed JSON",
        "Inference-Header-Content-Length");
  }

  @Test
  void headerLengthZeroOnTwoInputModel() throws IOException {
    assertBadBinary(floatsLe(new float[32]), "0", 400, "add_sub", "2 inputs");
  }

  @Test
  void headerLengthZeroWithPartialRow() throws IOException {
    try (RawConnection c = connect()) {
      assertBad(
          c,
          "POST",
          "/v2/models/simple_classifier/infer",
          new byte[33],
          400,
          List.of("Inference-Header-Content-Length: 0"),
          "33 bytes",
          "FP32");
    }
  }

  // ------------------------------------------------------------------ routes and methods

  @Test
  void unknownRoutes() throws IOException {
    try (RawConnection c = connect()) {
      assertBad(c, "GET", "/v3/models", new byte[0], 404, List.of(), "no route /v3/models");
      assertBad(c, "GET", "/v2/health/dead", new byte[0], 404, List.of(), "/v2/health/dead");
      assertBad(
          c,
          "GET",
          "/v2/models/add_sub/explain",
          new byte[0],
          404,
          List.of(),
          "/v2/models/add_sub/explain");
      assertBad(
          c, "POST", "/v2/repository/models/add_sub/reload", new byte[0], 404, List.of(), "reload");
    }
  }

  @Test
  void wrongMethods() throws IOException {
    try (RawConnection c = connect()) {
      assertBad(c, "GET", INFER, new byte[0], 405, List.of(), "GET", "POST");
      assertBad(c, "DELETE", "/v2", new byte[0], 405, List.of(), "DELETE", "GET");
      assertBad(c, "POST", "/v2/models/add_sub/ready", new byte[0], 405, List.of(), "use GET");
      assertBad(c, "GET", "/v2/repository/index", new byte[0], 405, List.of(), "use POST");
    }
  }

  /** Every kind of bad request, one after another on one keep-alive connection. */
  @Test
  void oneConnectionSurvivesEveryBadRequest() throws IOException {
    byte[] json = binaryHeader(64, 64);
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {INFER, "{oops".getBytes(StandardCharsets.UTF_8), 400, List.of()});
    cases.add(
        new Object[] {
          "/v2/models/nope/infer", GOOD.getBytes(StandardCharsets.UTF_8), 404, List.of()
        });
    cases.add(
        new Object[] {
          INFER,
          concat(json, new byte[10]),
          400,
          List.of("Inference-Header-Content-Length: " + json.length)
        });
    cases.add(
        new Object[] {
          INFER,
          concat(json, new byte[200]),
          400,
          List.of("Inference-Header-Content-Length: " + json.length)
        });
    cases.add(
        new Object[] {
          INFER, concat(json, new byte[128]), 400, List.of("Inference-Header-Content-Length: x")
        });
    cases.add(new Object[] {"/nowhere", new byte[0], 404, List.of()});
    try (RawConnection c = connect()) {
      for (int round = 0; round < 3; round++) {
        for (Object[] k : cases) {
          @SuppressWarnings("unchecked")
          List<String> headers = (List<String>) k[3];
          RawResponse r =
              c.exchange("POST", (String) k[0], (byte[]) k[1], headers.toArray(new String[0]));
          assertThat(r.status()).as(r.text()).isEqualTo((int) k[2]);
          assertThat(r.error()).isNotBlank();
          assertThat(r.header("connection")).isEqualToIgnoringCase("keep-alive");
        }
      }
      assertGood(c);
    }
  }

  // ------------------------------------------------------------------ broken HTTP

  @Test
  void malformedHttpIsRejectedAndClosed() throws IOException {
    try (RawConnection c = connect()) {
      c.write("GET /v2 HTTX/9.9\r\nHost: x\r\n\r\n");
      RawResponse r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).contains("malformed HTTP request");
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawConnection c = connect()) {
      c.write("POST " + INFER + " HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n");
      RawResponse r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).contains("malformed HTTP request");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void truncatedBodyThenHalfCloseDoesNotHurtTheServer() throws IOException {
    try (RawConnection c = connect()) {
      c.write("POST " + INFER + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"inputs\":");
      c.socket.shutdownOutput();
      // The server cannot answer a request it never fully received: it just closes.
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void resetMidRequestDoesNotHurtTheServer() throws IOException {
    for (int i = 0; i < 5; i++) {
      RawConnection c = connect();
      c.write(
          "POST "
              + INFER
              + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + GOOD.length()
              + "\r\n\r\n"
              + GOOD.substring(0, 20));
      c.socket.setSoLinger(true, 0);
      c.close(); // RST
    }
    // A complete request followed by an immediate reset, before the answer is written.
    for (int i = 0; i < 5; i++) {
      RawConnection c = connect();
      c.write(
          "POST "
              + INFER
              + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + GOOD.length()
              + "\r\n\r\n"
              + GOOD);
      c.socket.setSoLinger(true, 0);
      c.close();
    }
    // The @AfterEach good request proves the server is fine and that the reset requests drain.
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void oversizedRequestIs413AndClosesTheConnection() throws IOException {
    try (InferenceServer small =
        InferenceServer.start(ServerConfig.onFreePorts().withMaxRequestBytes(1024))) {
      try (RawConnection c = new RawConnection(small.httpPort())) {
        // Only the head: the server judges by Content-Length and answers before the body.
        c.write(
            "POST "
                + INFER
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n");
        RawResponse r = c.read();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("content-type")).contains("application/json");
        assertThat(r.error()).contains("larger than the server's limit of 1024 bytes");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
        assertThat(c.closedByServer()).isTrue();
      }
      // A request under the limit on a new connection is served.
      try (RawConnection c = new RawConnection(small.httpPort())) {
        RawResponse r =
            c.exchange(
                "POST",
                "/v2/models/identity/infer",
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT8\",\"shape\":[2],\"data\":[1,2]}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
      }
    }
  }
}
