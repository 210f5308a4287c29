/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.internal.servermetrics.PrometheusText.Family;
import io.github.gatlingml.internal.servermetrics.PrometheusText.ParseException;
import io.github.gatlingml.internal.servermetrics.PrometheusText.Sample;
import io.github.gatlingml.internal.servermetrics.PrometheusText.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text formats as DCGM, Triton and vLLM serve them, and the garbage a target may answer. */
class PrometheusTextTest {

  private static Family family(List<Family> families, String name) {
    return families.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no family " + name + " in " + families));
  }

  @Test
  void prometheusPageWithHelpTypeLabelsAndTimestamps() throws Exception {
    String page =
        "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n"
            + "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",modelName=\"NVIDIA A100\"} 87\n"
            + "DCGM_FI_DEV_GPU_UTIL{gpu=\"1\",UUID=\"GPU-2\"} 12 1700000000123\n"
            + "\n"
            + "# a plain comment\n"
            + "# TYPE nv_inference_request_success counter\n"
            + "nv_inference_request_success{model=\"add_sub\",version=\"1\"} 1.5e3\n";
    List<Family> families = PrometheusText.parse(page, false);
    assertThat(families)
        .extracting(Family::name)
        .containsExactly("DCGM_FI_DEV_GPU_UTIL", "nv_inference_request_success");
    Family util = family(families, "DCGM_FI_DEV_GPU_UTIL");
    assertThat(util.type()).isEqualTo(Type.GAUGE);
    assertThat(util.help()).isEqualTo("GPU utilization (in %).");
    assertThat(util.samples()).hasSize(2);
    Sample first = util.samples().get(0);
    assertThat(first.labels())
        .containsExactly(
            Map.entry("UUID", "GPU-1"),
            Map.entry("gpu", "0"),
            Map.entry("modelName", "NVIDIA A100"));
    assertThat(first.value()).isEqualTo(87.0);
    assertThat(first.timestampMs()).isNull();
    assertThat(util.samples().get(1).timestampMs()).isEqualTo(1700000000123.0);
    assertThat(family(families, "nv_inference_request_success").samples().get(0).value())
        .isEqualTo(1500.0);
  }

  @Test
  void labelValuesUnescapeBackslashQuoteAndNewline() throws Exception {
    String page = "m{path=\"C:\\\\dir\",msg=\"say \\\"hi\\\"\",multi=\"a\\nb\",empty=\"\",} 1\n";
    Sample s = PrometheusText.parse(page, false).get(0).samples().get(0);
    assertThat(s.labels().get("path")).isEqualTo("C:\\dir");
    assertThat(s.labels().get("msg")).isEqualTo("say \"hi\"");
    assertThat(s.labels().get("multi")).isEqualTo("a\nb");
    assertThat(s.labels().get("empty")).isEmpty();
    assertThat(s.labels()).hasSize(4);
  }

  @Test
  void specialValues() throws Exception {
    List<Family> f =
        PrometheusText.parse("a NaN\nb +Inf\nc -Inf\nd Inf\ne -0.5\nf .5\ng 1E-3\nh 7\n", false);
    assertThat(f.get(0).samples().get(0).value()).isNaN();
    assertThat(f.get(1).samples().get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.get(2).samples().get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(f.get(3).samples().get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.get(4).samples().get(0).value()).isEqualTo(-0.5);
    assertThat(f.get(5).samples().get(0).value()).isEqualTo(0.5);
    assertThat(f.get(6).samples().get(0).value()).isEqualTo(0.001);
    assertThat(f.get(7).type()).isEqualTo(Type.UNKNOWN);
  }

  @Test
  void histogramSamplesBelongToTheirFamily() throws Exception {
    String page =
        "# TYPE lat histogram\n"
            + "lat_bucket{le=\"0.1\"} 1\n"
            + "lat_bucket{le=\"+Inf\"} 3\n"
            + "lat_sum 0.7\n"
            + "lat_count 3\n"
            + "# TYPE rpc summary\n"
            + "rpc{quantile=\"0.5\"} 4\n"
            + "rpc_sum 10\n"
            + "rpc_count 2\n";
    List<Family> f = PrometheusText.parse(page, false);
    assertThat(f).extracting(Family::name).containsExactly("lat", "rpc");
    assertThat(family(f, "lat").type()).isEqualTo(Type.HISTOGRAM);
    assertThat(family(f, "lat").samples())
        .extracting(Sample::name)
        .containsExactly("lat_bucket", "lat_bucket", "lat_sum", "lat_count");
    assertThat(family(f, "rpc").type()).isEqualTo(Type.SUMMARY);
    assertThat(family(f, "rpc").samples()).hasSize(3);
  }

  @Test
  void openMetricsCountersUnitsTimestampsInSecondsExemplarsAndEof() throws Exception {
    String page =
        "# TYPE process_cpu_seconds counter\n"
            + "# UNIT process_cpu_seconds seconds\n"
            + "# HELP process_cpu_seconds CPU time.\n"
            + "process_cpu_seconds_total 4.5 1700000000.250\n"
            + "process_cpu_seconds_created 1699999999.0\n"
            + "# TYPE req histogram\n"
            + "req_bucket{le=\"1.0\"} 2 # {trace_id=\"abc\"} 0.6 1700000000.1\n"
            + "req_bucket{le=\"+Inf\"} 2\n"
            + "req_count 2\n"
            + "req_sum 1.1\n"
            + "# EOF\n";
    List<Family> f = PrometheusText.parse(page, true);
    Family cpu = family(f, "process_cpu_seconds");
    assertThat(cpu.type()).isEqualTo(Type.COUNTER);
    assertThat(cpu.unit()).isEqualTo("seconds");
    assertThat(cpu.samples())
        .extracting(Sample::name)
        .containsExactly("process_cpu_seconds_total", "process_cpu_seconds_created");
    assertThat(cpu.samples().get(0).timestampMs()).isEqualTo(1700000000250.0);
    assertThat(family(f, "req").samples().get(0).value()).isEqualTo(2.0);
  }

  @Test
  void openMetricsWithoutEofIsTruncated() {
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na 1\n", true))
        .isInstanceOf(ParseException.class)
        .hasMessage("parse error at line 3: OpenMetrics page without '# EOF' (truncated?)");
  }

  @Test
  void contentAfterEofIsAnError() {
    assertThatThrownBy(() -> PrometheusText.parse("a 1\n# EOF\nb 2\n", true))
        .isInstanceOf(ParseException.class)
        .hasMessage("parse error at line 3: content after '# EOF'");
  }

  @Test
  void htmlErrorPageIsGarbageAtLineOne() {
    assertThatThrownBy(
            () -> PrometheusText.parse("<html><body>502 Bad Gateway</body></html>", false))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("parse error at line 1: expected a metric name, got '<html>");
  }

  @Test
  void jsonIsGarbage() {
    assertThatThrownBy(() -> PrometheusText.parse("{\"error\": \"nope\"}\n", false))
        .hasMessageStartingWith("parse error at line 1: expected a metric name");
  }

  @Test
  void errorsNameTheLineAndTheProblem() {
    assertThat(error("a 1\nb{x=\"1\" 2\n"))
        .isEqualTo("parse error at line 2: expected ',' or '}' after the value of label x");
    assertThat(error("a 1\n\nc one\n"))
        .isEqualTo("parse error at line 3: value of c is not a number: 'one'");
    assertThat(error("a{x=\"1} 2\n"))
        .isEqualTo("parse error at line 1: unterminated value of label x");
    assertThat(error("a{x=\"\\t\"} 2\n"))
        .isEqualTo("parse error at line 1: bad escape '\\t' in the value of label x");
    assertThat(error("a{x=1} 2\n"))
        .isEqualTo("parse error at line 1: expected '\"' to open the value of label x");
    assertThat(error("a{x=\"1\",x=\"2\"} 2\n"))
        .isEqualTo("parse error at line 1: label x given twice");
    assertThat(error("a\n"))
        .isEqualTo("parse error at line 1: expected a space and a value after 'a'");
    assertThat(error("a 1 2 3\n"))
        .isEqualTo("parse error at line 1: expected 'value [timestamp]' after a, got '1 2 3'");
    assertThat(error("a 1 12.5\n"))
        .isEqualTo("parse error at line 1: timestamp of a must be whole milliseconds, got 12.5");
    assertThat(error("# TYPE a tachometer\na 1\n"))
        .isEqualTo("parse error at line 1: unknown metric type 'tachometer' for a");
    assertThat(error("# TYPE a gauge\n# TYPE a counter\n"))
        .isEqualTo("parse error at line 2: second # TYPE line for a");
    assertThat(error("a 1d\n"))
        .isEqualTo("parse error at line 1: value of a is not a number: '1d'");
    assertThat(error("a 0x10\n"))
        .isEqualTo("parse error at line 1: value of a is not a number: '0x10'");
  }

  @Test
  void crlfLineEndsAndTabsAreAccepted() throws Exception {
    List<Family> f = PrometheusText.parse("# TYPE a gauge\r\na{x=\"1\"}\t3\r\n", false);
    assertThat(f.get(0).samples().get(0).value()).isEqualTo(3.0);
  }

  @Test
  void anEmptyPageHasNoFamilies() throws Exception {
    assertThat(PrometheusText.parse("", false)).isEmpty();
    assertThat(PrometheusText.parse("# EOF\n", true)).isEmpty();
  }

  private static String error(String page) {
    try {
      PrometheusText.parse(page, false);
    } catch (ParseException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for: " + page);
  }
}
