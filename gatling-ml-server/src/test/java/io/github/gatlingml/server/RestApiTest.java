/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import static io.github.gatlingml.server.Http.concat;
import static io.github.gatlingml.server.Http.floatsFromLe;
import static io.github.gatlingml.server.Http.floatsLe;
import static io.github.gatlingml.server.Http.get;
import static io.github.gatlingml.server.Http.json;
import static io.github.gatlingml.server.Http.post;
import static io.github.gatlingml.server.Http.postBinary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every REST route and every model over REST, with expected values computed here. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RestApiTest {
  private static InferenceServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server = InferenceServer.start(ServerConfig.onFreePorts());
    base = server.restBaseUrl();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ------------------------------------------------------------------ metadata and health

  @Test
  void serverMetadataAndHealth() {
    HttpResponse<byte[]> meta = get(base + "/v2");
    assertThat(meta.statusCode()).isEqualTo(200);
    JsonNode m = json(meta);
    assertThat(m.get("name").asText()).isEqualTo("gatling-ml-server");
    assertThat(m.get("version").asText()).isNotEmpty();
    List<String> ext = new ArrayList<>();
    m.get("extensions").forEach(e -> ext.add(e.asText()));
    assertThat(ext)
        .contains("binary_tensor_data", "classification", "model_repository", "statistics");

    HttpResponse<byte[]> live = get(base + "/v2/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(json(live).get("live").asBoolean()).isTrue();
    HttpResponse<byte[]> ready = get(base + "/v2/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("ready").asBoolean()).isTrue();
  }

  @Test
  void modelMetadataWithAndWithoutVersion() {
    for (String path : List.of("/v2/models/add_sub", "/v2/models/add_sub/versions/1")) {
      HttpResponse<byte[]> r = get(base + path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonNode m = json(r);
      assertThat(m.get("name").asText()).isEqualTo("add_sub");
      assertThat(m.get("versions").get(0).asText()).isEqualTo("1");
      assertThat(m.get("platform").asText()).isNotEmpty();
      assertThat(m.get("inputs")).hasSize(2);
      JsonNode in0 = m.get("inputs").get(0);
      assertThat(in0.get("name").asText()).isEqualTo("INPUT0");
      assertThat(in0.get("datatype").asText()).isEqualTo("FP32");
      assertThat(in0.get("shape").toString()).isEqualTo("[-1,16]");
      assertThat(m.get("outputs").get(1).get("name").asText()).isEqualTo("OUTPUT1");
    }
    JsonNode classifier = json(get(base + "/v2/models/simple_classifier"));
    assertThat(classifier.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,8]");
    assertThat(classifier.get("outputs").get(0).get("name").asText()).isEqualTo("PROBABILITIES");
    assertThat(classifier.get("outputs").get(0).get("shape").toString()).isEqualTo("[-1,4]");

    HttpResponse<byte[]> v2 = get(base + "/v2/models/add_sub/versions/2");
    assertThat(v2.statusCode()).isEqualTo(404);
    assertThat(Http.error(v2)).contains("'2'").contains("add_sub");
    HttpResponse<byte[]> v2ready = get(base + "/v2/models/add_sub/versions/2/ready");
    assertThat(v2ready.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> v2infer =
        post(base + "/v2/models/add_sub/versions/2/infer", addSubJson("FP32", 1, 2));
    assertThat(v2infer.statusCode()).isEqualTo(404);
  }

  @Test
  void modelReadyWithAndWithoutVersion() {
    for (String path :
        List.of("/v2/models/identity/ready", "/v2/models/identity/versions/1/ready")) {
      HttpResponse<byte[]> r = get(base + path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(json(r).get("ready").asBoolean()).isTrue();
    }
  }

  @Test
  void modelConfig() {
    JsonNode c = json(get(base + "/v2/models/add_sub/config"));
    assertThat(c.get("name").asText()).isEqualTo("add_sub");
    assertThat(c.get("max_batch_size").asInt()).isEqualTo(8);
    assertThat(c.get("input").get(0).get("data_type").asText()).isEqualTo("TYPE_FP32");
    assertThat(c.get("input").get(0).get("dims").toString()).isEqualTo("[16]");
    assertThat(c.get("output").get(0).get("dims").toString()).isEqualTo("[16]");
    assertThat(c.get("instance_group").get(0).get("count").asInt()).isEqualTo(4);
    assertThat(c.get("model_transaction_policy").get("decoupled").asBoolean()).isFalse();

    JsonNode id = json(get(base + "/v2/models/identity/versions/1/config"));
    assertThat(id.get("max_batch_size").asInt()).isZero();
    assertThat(id.get("input").get(0).get("dims").toString()).isEqualTo("[-1]");
  }

  @Test
  void statisticsOfOneModelAndOfAll() {
    // identity is used by other tests in this class too: compare before and after.
    long before =
        json(get(base + "/v2/models/identity/stats"))
            .get("model_stats")
            .get(0)
            .get("execution_count")
            .asLong();
    for (int i = 0; i < 3; i++) {
      assertThat(
              post(
                      base + "/v2/models/identity/infer",
                      "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[2],\"data\":[1,2]}]}")
                  .statusCode())
          .isEqualTo(200);
    }
    JsonNode one = json(get(base + "/v2/models/identity/stats")).get("model_stats");
    assertThat(one).hasSize(1);
    JsonNode s = one.get(0);
    assertThat(s.get("name").asText()).isEqualTo("identity");
    assertThat(s.get("version").asText()).isEqualTo("1");
    assertThat(s.get("execution_count").asLong()).isGreaterThanOrEqualTo(before + 3);
    JsonNode inf = s.get("inference_stats");
    assertThat(inf.get("success").get("count").asLong())
        .isEqualTo(s.get("execution_count").asLong());
    assertThat(inf.get("success").get("ns").asLong()).isPositive();
    assertThat(inf.get("compute_infer").get("count").asLong())
        .isEqualTo(s.get("execution_count").asLong());
    assertThat(s.get("last_inference").asLong()).isPositive();

    JsonNode versioned =
        json(get(base + "/v2/models/identity/versions/1/stats")).get("model_stats");
    assertThat(versioned).hasSize(1);

    JsonNode all = json(get(base + "/v2/models/stats")).get("model_stats");
    List<String> names = new ArrayList<>();
    all.forEach(n -> names.add(n.get("name").asText()));
    assertThat(names)
        .containsExactly(
            "add_sub", "identity", "simple_classifier", "sequence_accumulate", "tiny_llm");
  }

  @Test
  void repositoryIndex() {
    HttpResponse<byte[]> r = post(base + "/v2/repository/index", "");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode index = json(r);
    assertThat(index).hasSize(5);
    for (JsonNode m : index) {
      assertThat(m.get("version").asText()).isEqualTo("1");
      assertThat(m.get("state").asText()).isEqualTo("READY");
    }
    assertThat(json(post(base + "/v2/repository/index", "{\"ready\":true}"))).hasSize(5);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void unloadThenLoad() {
    try (InferenceServer own = InferenceServer.start(ServerConfig.onFreePorts())) {
      String url = own.restBaseUrl();
      assertThat(post(url + "/v2/repository/models/add_sub/unload", "").statusCode())
          .isEqualTo(200);

      HttpResponse<byte[]> ready = get(url + "/v2/models/add_sub/ready");
      assertThat(ready.statusCode()).isEqualTo(400);
      assertThat(json(ready).get("ready").asBoolean()).isFalse();
      HttpResponse<byte[]> infer = post(url + "/v2/models/add_sub/infer", addSubJson("FP32", 1, 2));
      assertThat(infer.statusCode()).isEqualTo(503);
      assertThat(Http.error(infer)).contains("add_sub").contains("not ready");
      // Metadata still answers; the index reports the state; ready-only index leaves it out.
      assertThat(get(url + "/v2/models/add_sub").statusCode()).isEqualTo(200);
      JsonNode index = json(post(url + "/v2/repository/index", ""));
      assertThat(index.get(0).get("name").asText()).isEqualTo("add_sub");
      assertThat(index.get(0).get("state").asText()).isEqualTo("UNAVAILABLE");
      assertThat(json(post(url + "/v2/repository/index", "{\"ready\":true}"))).hasSize(4);
      // Other models are unaffected.
      assertThat(get(url + "/v2/models/identity/ready").statusCode()).isEqualTo(200);

      assertThat(post(url + "/v2/repository/models/add_sub/load", "").statusCode()).isEqualTo(200);
      assertThat(get(url + "/v2/models/add_sub/ready").statusCode()).isEqualTo(200);
      assertThat(post(url + "/v2/models/add_sub/infer", addSubJson("FP32", 1, 2)).statusCode())
          .isEqualTo(200);

      HttpResponse<byte[]> unknown = post(url + "/v2/repository/models/nope/load", "");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(Http.error(unknown)).contains("nope");
    }
  }

  // ------------------------------------------------------------------ add_sub

  /** A [1,16] add_sub request with INPUT0[i] = a*i and INPUT1[i] = b. */
  private static String addSubJson(String datatype, int a, int b) {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      x.append(i == 0 ? "" : ",").append(a * i);
      y.append(i == 0 ? "" : ",").append(b);
    }
    return "{\"inputs\":["
        + "{\"name\":\"INPUT0\",\"datatype\":\""
        + datatype
        + "\",\"shape\":[1,16],\"data\":["
        + x
        + "]},"
        + "{\"name\":\"INPUT1\",\"datatype\":\""
        + datatype
        + "\",\"shape\":[1,16],\"data\":["
        + y
        + "]}]}";
  }

  @Test
  void addSubFp32BatchOfTwo() {
    float[] x = new float[32];
    float[] y = new float[32];
    for (int i = 0; i < 32; i++) {
      x[i] = i * 0.5f - 3.25f;
      y[i] = 1.75f - i * 0.125f;
    }
    String body =
        "{\"id\":\"req-7\",\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[2,16],\"data\":"
            + Arrays.toString(x)
            + "},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[2,16],\"data\":"
            + Arrays.toString(y)
            + "}]}";
    HttpResponse<byte[]> r = post(base + "/v2/models/add_sub/infer", body);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode res = json(r);
    assertThat(res.get("model_name").asText()).isEqualTo("add_sub");
    assertThat(res.get("model_version").asText()).isEqualTo("1");
    assertThat(res.get("id").asText()).isEqualTo("req-7");
    JsonNode outs = res.get("outputs");
    assertThat(outs).hasSize(2);
    JsonNode sum = outs.get(0);
    JsonNode diff = outs.get(1);
    assertThat(sum.get("name").asText()).isEqualTo("OUTPUT0");
    assertThat(sum.get("datatype").asText()).isEqualTo("FP32");
    assertThat(sum.get("shape").toString()).isEqualTo("[2,16]");
    assertThat(diff.get("name").asText()).isEqualTo("OUTPUT1");
    for (int i = 0; i < 32; i++) {
      // Inputs are multiples of 1/8 well inside float precision: the results are exact.
      assertThat(sum.get("data").get(i).asDouble()).isEqualTo((double) (x[i] + y[i]));
      assertThat(diff.get("data").get(i).asDouble()).isEqualTo((double) (x[i] - y[i]));
    }
  }

  @Test
  void addSubInt32WithWraparound() {
    int[] x = new int[16];
    int[] y = new int[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i * 1000 - 7;
      y[i] = 3 - i;
    }
    x[0] = Integer.MAX_VALUE;
    y[0] = 1; // sum wraps to MIN_VALUE
    x[1] = Integer.MIN_VALUE;
    y[1] = 1; // difference wraps to MAX_VALUE
    x[2] = -2_000_000_000;
    y[2] = 2_000_000_000; // difference wraps: -4e9 + 2^32 = 294967296
    String body =
        "{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
            + Arrays.toString(x)
            + "},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
            + Arrays.toString(y)
            + "}],"
            + "\"outputs\":[{\"name\":\"OUTPUT1\"},{\"name\":\"OUTPUT0\"}]}";
    HttpResponse<byte[]> r = post(base + "/v2/models/add_sub/infer", body);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode outs = json(r).get("outputs");
    // Outputs come in the order asked for.
    assertThat(outs.get(0).get("name").asText()).isEqualTo("OUTPUT1");
    assertThat(outs.get(1).get("name").asText()).isEqualTo("OUTPUT0");
    JsonNode diff = outs.get(0).get("data");
    JsonNode sum = outs.get(1).get("data");
    assertThat(outs.get(1).get("datatype").asText()).isEqualTo("INT32");
    assertThat(sum.get(0).asLong()).isEqualTo(-2147483648L);
    assertThat(diff.get(1).asLong()).isEqualTo(2147483647L);
    assertThat(diff.get(2).asLong()).isEqualTo(294967296L);
    for (int i = 3; i < 16; i++) {
      assertThat(sum.get(i).asLong()).isEqualTo((long) (i * 1000 - 7) + (3 - i));
      assertThat(diff.get(i).asLong()).isEqualTo((long) (i * 1000 - 7) - (3 - i));
    }
  }

  // ------------------------------------------------------------------ identity

  private static JsonNode echo(String datatype, String shape, String data) {
    String body =
        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\""
            + datatype
            + "\",\"shape\":"
            + shape
            + ",\"data\":"
            + data
            + "}]}";
    HttpResponse<byte[]> r = post(base + "/v2/models/identity/infer", body);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode out = json(r).get("outputs").get(0);
    assertThat(out.get("name").asText()).isEqualTo("OUTPUT0");
    assertThat(out.get("datatype").asText()).isEqualTo(datatype);
    assertThat(out.get("shape").toString()).isEqualTo(shape);
    return out.get("data");
  }

  @Test
  void identityEchoesEveryKindOfDatatype() {
    JsonNode bytes = echo("BYTES", "[3]", "[\"hello\",\"w\u00f6rld\",\"\"]");
    assertThat(bytes.get(0).asText()).isEqualTo("hello");
    assertThat(bytes.get(1).asText()).isEqualTo("w\u00f6rld");
    assertThat(bytes.get(2).asText()).isEmpty();

    JsonNode bools = echo("BOOL", "[3]", "[true,false,true]");
    assertThat(bools.toString()).isEqualTo("[true,false,true]");

    // 1.5, -2, 0.25 and 65504 (the largest finite FP16) are all exact in FP16.
    JsonNode halves = echo("FP16", "[4]", "[1.5,-2.0,0.25,65504]");
    assertThat(halves.get(0).asDouble()).isEqualTo(1.5);
    assertThat(halves.get(1).asDouble()).isEqualTo(-2.0);
    assertThat(halves.get(2).asDouble()).isEqualTo(0.25);
    assertThat(halves.get(3).asDouble()).isEqualTo(65504.0);

    JsonNode u64 = echo("UINT64", "[3]", "[0,1,18446744073709551615]");
    assertThat(u64.get(0).bigIntegerValue()).isEqualTo(BigInteger.ZERO);
    assertThat(u64.get(1).bigIntegerValue()).isEqualTo(BigInteger.ONE);
    assertThat(u64.get(2).bigIntegerValue())
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    // Four dimensions, data sent nested, answered flat and row-major.
    JsonNode int8 = echo("INT8", "[2,1,2,1]", "[[[[1],[-2]]],[[[3],[127]]]]");
    assertThat(int8.toString()).isEqualTo("[1,-2,3,127]");

    JsonNode fp64 = echo("FP64", "[2]", "[0.1,-1.0E300]");
    assertThat(fp64.get(0).asDouble()).isEqualTo(0.1);
    assertThat(fp64.get(1).asDouble()).isEqualTo(-1.0e300);
  }

  @Test
  void identityBytesAsBinaryOutputIsLengthPrefixed() {
    String body =
        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"ab\",\"c\"]}],"
            + "\"parameters\":{\"binary_data_output\":true}}";
    HttpResponse<byte[]> r = post(base + "/v2/models/identity/infer", body);
    assertThat(r.statusCode()).isEqualTo(200);
    int headerLength =
        Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    JsonNode head = json(Arrays.copyOf(r.body(), headerLength));
    JsonNode out = head.get("outputs").get(0);
    assertThat(out.has("data")).isFalse();
    assertThat(out.get("parameters").get("binary_data_size").asInt()).isEqualTo(11);
    byte[] blob = Arrays.copyOfRange(r.body(), headerLength, r.body().length);
    assertThat(blob).containsExactly(2, 0, 0, 0, 'a', 'b', 1, 0, 0, 0, 'c');
  }

  @Test
  void identityBinaryBoolInput() {
    String header =
        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"BOOL\",\"shape\":[2,2],"
            + "\"parameters\":{\"binary_data_size\":4}}]}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        postBinary(
            base + "/v2/models/identity/infer", concat(json, new byte[] {1, 0, 0, 1}), json.length);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Inference-Header-Content-Length")).isEmpty();
    JsonNode out = json(r).get("outputs").get(0);
    assertThat(out.get("shape").toString()).isEqualTo("[2,2]");
    assertThat(out.get("data").toString()).isEqualTo("[true,false,false,true]");
  }

  // ------------------------------------------------------------------ binary extension on add_sub

  @Test
  void mixedBinaryAndJsonInputsWithOneBinaryOutput() {
    float[] x = new float[16];
    float[] y = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i + 0.5f;
      y[i] = -0.25f * i;
    }
    String header =
        "{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":"
            + Arrays.toString(y)
            + "}],"
            + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}},{\"name\":\"OUTPUT1\"}]}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        postBinary(base + "/v2/models/add_sub/infer", concat(json, floatsLe(x)), json.length);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);

    int headerLength =
        Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    assertThat(r.body().length).isEqualTo(headerLength + 64);
    JsonNode head = json(Arrays.copyOf(r.body(), headerLength));
    JsonNode out0 = head.get("outputs").get(0);
    assertThat(out0.get("name").asText()).isEqualTo("OUTPUT0");
    assertThat(out0.get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
    assertThat(out0.has("data")).isFalse();
    float[] sum = floatsFromLe(r.body(), headerLength, 16);
    JsonNode out1 = head.get("outputs").get(1);
    assertThat(out1.get("name").asText()).isEqualTo("OUTPUT1");
    for (int i = 0; i < 16; i++) {
      assertThat(sum[i]).isEqualTo(x[i] + y[i]);
      assertThat(out1.get("data").get(i).asDouble()).isEqualTo((double) (x[i] - y[i]));
    }
  }

  @Test
  void allBinaryInputsAndBinaryDataOutput() {
    float[] x = new float[16];
    float[] y = new float[16];
    for (int i = 0; i < 16; i++) {
      x[i] = 100 - i;
      y[i] = i * 2;
    }
    String header =
        "{\"parameters\":{\"binary_data_output\":true},\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"FP32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}]}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        postBinary(
            base + "/v2/models/add_sub/infer", concat(json, floatsLe(x), floatsLe(y)), json.length);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .contains("application/octet-stream");
    int headerLength =
        Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    assertThat(r.body().length).isEqualTo(headerLength + 128);
    JsonNode outs = json(Arrays.copyOf(r.body(), headerLength)).get("outputs");
    assertThat(outs.get(0).get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
    assertThat(outs.get(1).get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
    float[] sum = floatsFromLe(r.body(), headerLength, 16);
    float[] diff = floatsFromLe(r.body(), headerLength + 64, 16);
    for (int i = 0; i < 16; i++) {
      assertThat(sum[i]).isEqualTo(100f + i);
      assertThat(diff[i]).isEqualTo(100f - 3 * i);
    }
  }

  // ------------------------------------------------------------------ simple_classifier

  /** softmax(W x + b) with W[c][f] = (((c+1)(f+1)) mod 7 - 3)/4 and b[c] = c/10, in double. */
  static double[] expectedProbabilities(float[] x) {
    double[] z = new double[4];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 4; c++) {
      z[c] = c / 10.0;
      for (int f = 0; f < 8; f++) {
        z[c] += ((((c + 1) * (f + 1)) % 7) - 3) / 4.0 * x[f];
      }
      max = Math.max(max, z[c]);
    }
    double total = 0;
    for (int c = 0; c < 4; c++) {
      z[c] = Math.exp(z[c] - max);
      total += z[c];
    }
    for (int c = 0; c < 4; c++) {
      z[c] /= total;
    }
    return z;
  }

  static final float[] ROW0 = {0.5f, -1f, 0.25f, 2f, 0f, 1f, -0.5f, 0.75f};
  static final float[] ROW1 = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};

  @Test
  void classifierProbabilitiesMatchOwnSoftmax() {
    String body =
        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[2,8],\"data\":["
            + Arrays.toString(ROW0)
            + ","
            + Arrays.toString(ROW1)
            + "]}]}";
    HttpResponse<byte[]> r = post(base + "/v2/models/simple_classifier/infer", body);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode out = json(r).get("outputs").get(0);
    assertThat(out.get("name").asText()).isEqualTo("PROBABILITIES");
    assertThat(out.get("datatype").asText()).isEqualTo("FP32");
    assertThat(out.get("shape").toString()).isEqualTo("[2,4]");
    double[] e0 = expectedProbabilities(ROW0);
    double[] e1 = expectedProbabilities(ROW1);
    for (int c = 0; c < 4; c++) {
      assertThat(out.get("data").get(c).asDouble()).isCloseTo(e0[c], within(1e-6));
      assertThat(out.get("data").get(4 + c).asDouble()).isCloseTo(e1[c], within(1e-6));
    }
  }

  @Test
  void classificationTopTwoLabels() {
    String body =
        "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[2,8],\"data\":"
            + "["
            + Arrays.toString(ROW0)
            + ","
            + Arrays.toString(ROW1)
            + "]}],"
            + "\"outputs\":[{\"name\":\"PROBABILITIES\",\"parameters\":{\"classification\":2}}]}";
    HttpResponse<byte[]> r = post(base + "/v2/models/simple_classifier/infer", body);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode out = json(r).get("outputs").get(0);
    assertThat(out.get("datatype").asText()).isEqualTo("BYTES");
    assertThat(out.get("shape").toString()).isEqualTo("[2,2]");
    String[] labels = {"cat", "dog", "bird", "fish"};
    float[][] rows = {ROW0, ROW1};
    for (int row = 0; row < 2; row++) {
      double[] p = expectedProbabilities(rows[row]);
      Integer[] order = {0, 1, 2, 3};
      Arrays.sort(order, Comparator.comparingDouble(i -> -p[i]));
      for (int k = 0; k < 2; k++) {
        String[] parts = out.get("data").get(row * 2 + k).asText().split(":");
        assertThat(parts).hasSize(3);
        assertThat(Double.parseDouble(parts[0])).isCloseTo(p[order[k]], within(2e-6));
        assertThat(parts[0]).matches("[0-9]\\.[0-9]{6}");
        assertThat(Integer.parseInt(parts[1])).isEqualTo(order[k]);
        assertThat(parts[2]).isEqualTo(labels[order[k]]);
      }
    }
  }

  @Test
  void headerLengthZeroSendsOneRawInputAndInfersTheBatch() {
    HttpResponse<byte[]> r =
        postBinary(
            base + "/v2/models/simple_classifier/infer", concat(floatsLe(ROW0), floatsLe(ROW1)), 0);
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    JsonNode out = json(r).get("outputs").get(0);
    assertThat(out.get("shape").toString()).isEqualTo("[2,4]");
    double[] e1 = expectedProbabilities(ROW1);
    for (int c = 0; c < 4; c++) {
      assertThat(out.get("data").get(4 + c).asDouble()).isCloseTo(e1[c], within(1e-6));
    }
  }
}
