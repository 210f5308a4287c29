/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.compare.Criteria;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.report.MlReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The ML report in a real browser: Debian's headless Chromium opens the page from disk. It must
 * draw every chart (a canvas per chart with coloured pixels on it), log no error, request nothing
 * from the network, and render a 24-hour soak of 20 request names in under 3 s from a file under 20
 * MB. Screenshots go to {@code target/}.
 *
 * <p>Skipped, saying why, when {@code /usr/bin/chromium} is missing on a developer's machine; in CI
 * ({@code CI=true}) a missing browser fails the test instead ({@code .ci/run} installs it).
 */
class MlReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path OUT = Path.of("target", "browser-test");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ChromeDriver driver;

  @BeforeAll
  static void startBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing: install them with `apt-get install -y chromium chromium-driver`";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("the ML report's browser test must run in CI, but " + why);
      }
      Assumptions.abort("browser test skipped: " + why);
    }
    Files.createDirectories(OUT);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("ml-report-chromium"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void aBreakingPointRunDrawsEveryChartWithoutErrorsOrNetwork() throws Exception {
    RunSummary summary = SyntheticSummaries.breakingPoint();
    Path page = MlReport.write(summary, OUT.resolve("breaking-point"));
    String html = Files.readString(page);
    assertThat(html).doesNotContain("http://").doesNotContain("https://");

    Map<String, Object> state = open(page);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) state.get("chartKeys");
    assertThat(keys)
        .contains(
            "throughput",
            "latency",
            "ko-time",
            "tokens",
            "ttft-time",
            "server-gpu_util_pct",
            "server-gpu_memory_used_mib",
            "server-triton_queue_us_per_request",
            "capacity",
            "dist-latency",
            "dist-ttft",
            "hist-ttft",
            "dist-tpot",
            "hist-tpot");
    assertEveryChartDrawn(keys.size());
    assertThat(text("#verdict")).contains("doubtful").contains("event-loop lag p99 14.2 ms");
    assertThat(text("#analysis"))
        .contains("Knee at 120 req/s")
        .contains("Maximum sustainable: step 4")
        .contains("GPU was saturated");
    assertThat(count("table.requests tbody tr")).isEqualTo(2);
    assertThat(count("table.streams tbody tr")).isEqualTo(1);
    assertThat(text("table.streams")).contains("usage").contains("TTFT ≤ 500.0 ms");
    assertThat(count("table.steps tbody tr")).isEqualTo(8);
    assertThat(count("table.probes tbody tr")).isEqualTo(4);
    assertThat(count("table.ko tbody tr")).isEqualTo(2);
    assertThat(text("table.requests")).contains("chat").contains("classify grpc");
    screenshot("ml-report.png");
    fullPageScreenshot("ml-report-full.png");

    // another request in the picker: the per-name charts are drawn again, still without error
    js(
        "var s = document.getElementById('request-select'); s.value = 'classify grpc';"
            + " s.dispatchEvent(new Event('change'));");
    assertEveryChartDrawn(keys.size());
    assertNoErrorsAndNoNetwork();
  }

  @Test
  void aDayLongSoakOfTwentyRequestNamesRendersInUnderThreeSeconds() throws Exception {
    long built = System.nanoTime();
    RunSummary summary = SyntheticSummaries.soak(20, 86_400);
    Path page = MlReport.write(summary, OUT.resolve("soak"));
    long generatedMs = (System.nanoTime() - built) / 1_000_000;
    long bytes = Files.size(page);

    Map<String, Object> state = open(page);
    double renderMs = ((Number) state.get("renderMs")).doubleValue();
    double sinceNavigationMs = ((Number) state.get("sinceNavigationMs")).doubleValue();
    System.out.printf(
        "soak report: %d names x %d s, %.2f MB, built and written in %d ms, rendered in %.0f ms"
            + " (%.0f ms from navigation start), %d charts%n",
        summary.requests().size(),
        86_400,
        bytes / 1e6,
        generatedMs,
        renderMs,
        sinceNavigationMs,
        ((Number) state.get("charts")).intValue());
    assertThat(bytes).as("soak report size").isLessThan(20_000_000L);
    assertThat(renderMs).as("render time, ms").isLessThan(3_000);
    assertThat(sinceNavigationMs).as("navigation start to drawn, ms").isLessThan(3_000);
    assertEveryChartDrawn(((Number) state.get("charts")).intValue());
    assertNoErrorsAndNoNetwork();
    screenshot("ml-report-soak.png");
  }

  @Test
  void aComparedReportDrawsTheBaselineDashedInGreyWithTheComparisonOnTop() throws Exception {
    RunSummary baseline = SyntheticSummaries.steady(1, 1.0);
    RunSummary current = SyntheticSummaries.steady(2, 1.10);
    Comparison comparison = Comparison.compare(baseline, current, Criteria.defaults());
    assertThat(comparison.regressions()).as("the synthetic current run is 10% slower").isNotEmpty();
    Path page =
        MlReport.write(
            current,
            new MlReport.Overlay(baseline, comparison, Map.of("git_commit", "abc1234"), Map.of()),
            OUT.resolve("compared").resolve("compare.html"));
    assertThat(Files.readString(page)).doesNotContain("http://").doesNotContain("https://");

    Map<String, Object> state = open(page);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) state.get("chartKeys");
    assertThat(keys).contains("throughput", "latency", "ttft-time");
    assertEveryChartDrawn(keys.size());
    @SuppressWarnings("unchecked")
    Map<String, List<String>> labels =
        (Map<String, List<String>>) js("return window.mlReport.seriesLabels;");
    assertThat(labels.get("latency")).contains("baseline p50 (ms)", "baseline p99 (ms)");
    assertThat(labels.get("throughput")).contains("baseline OK/s");
    assertThat(labels.get("ttft-time")).contains("baseline chat TTFT p99 (ms)");
    assertThat(labels.get("tokens")).isNotEmpty().noneMatch(l -> l.startsWith("baseline"));

    assertThat(text("#compare-verdict")).contains("FAIL").contains("regression");
    assertThat(count("table.comparison tbody tr")).isEqualTo(comparison.results().size());
    assertThat(count("table.comparison tbody tr.verdict-regression"))
        .isEqualTo(comparison.regressions().size());
    assertThat(text("table.runs"))
        .contains(baseline.runId())
        .contains(current.runId())
        .contains("git_commit abc1234")
        .contains("none in the file");
    // the first section after the header is the comparison
    assertThat(js("return document.querySelector('section').id;")).isEqualTo("comparison");

    long overlaid = greyPixels("latency");
    screenshot("ml-report-compared.png");
    fullPageScreenshot("ml-report-compared-full.png");
    assertNoErrorsAndNoNetwork();

    // the same run's report without a baseline has (almost) none of the baseline's grey
    open(MlReport.write(current, OUT.resolve("compared-plain")));
    long plain = greyPixels("latency");
    assertThat(overlaid).as("baseline-grey pixels, overlaid vs plain " + plain).isGreaterThan(200);
    assertThat(plain).as("baseline-grey pixels without a baseline").isLessThan(overlaid / 10);
    assertNoErrorsAndNoNetwork();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Script: {@code d}, the RGBA bytes of canvas {@code c}, read from a copy made for reading so the
   * page's canvases are left alone.
   */
  private static final String PIXELS_OF_C =
      " var copy = document.createElement('canvas');"
          + " copy.width = c.width; copy.height = c.height;"
          + " var g = copy.getContext('2d', {willReadFrequently: true});"
          + " g.drawImage(c, 0, 0);"
          + " var d = g.getImageData(0, 0, c.width, c.height).data;";

  /** Opaque pixels of the baseline's grey (#808080, give or take antialiasing) on a chart. */
  private static long greyPixels(String chart) {
    return ((Number)
            js(
                "var c = document.querySelector('.chart[data-chart=\""
                    + chart
                    + "\"] canvas');"
                    + PIXELS_OF_C
                    + " var n = 0;"
                    + " for (var i = 0; i < d.length; i += 4) {"
                    + "   if (d[i + 3] > 200 && Math.abs(d[i] - 128) < 14"
                    + "       && Math.abs(d[i] - d[i + 1]) < 6 && Math.abs(d[i + 1] - d[i + 2]) < 6) { n++; } }"
                    + " return n;"))
        .longValue();
  }

  /** Opens the page and waits until its script says it is drawn. */
  private static Map<String, Object> open(Path page) throws InterruptedException {
    driver.manage().logs().get(LogType.BROWSER); // drop earlier pages' entries
    driver.manage().logs().get(LogType.PERFORMANCE);
    driver.get(page.toAbsolutePath().toUri().toString());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Object ready = js("return window.mlReport && window.mlReport.ready === true;");
      if (Boolean.TRUE.equals(ready)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> state =
            (Map<String, Object>)
                js(
                    "return {renderMs: window.mlReport.renderMs, charts: window.mlReport.charts,"
                        + " chartKeys: window.mlReport.chartKeys,"
                        + " sinceNavigationMs: window.mlReport.doneAt};");
        assertNoErrorsAndNoNetwork();
        return state;
      }
      Thread.sleep(50);
    }
    assertNoErrorsAndNoNetwork();
    throw new AssertionError("the report did not finish drawing within 30 s");
  }

  /** One canvas per chart, each with coloured (not grey) pixels: a series was drawn on it. */
  private static void assertEveryChartDrawn(int charts) {
    @SuppressWarnings("unchecked")
    List<Object> colored =
        (List<Object>)
            js(
                "return Array.from(document.querySelectorAll('.chart canvas')).map(function (c) {"
                    + PIXELS_OF_C
                    + " var n = 0;"
                    + " for (var i = 0; i < d.length; i += 4) {"
                    + "   if (d[i + 3] > 0 && (Math.abs(d[i] - d[i + 1]) > 24"
                    + "       || Math.abs(d[i + 1] - d[i + 2]) > 24)) { n++; } }"
                    + " return n; });");
    assertThat(colored).as("canvases, one per chart").hasSize(charts);
    List<String> key = new ArrayList<>();
    for (int i = 0; i < colored.size(); i++) {
      if (((Number) colored.get(i)).longValue() < 30) {
        key.add(i + ": " + colored.get(i));
      }
    }
    assertThat(key).as("charts with (almost) no coloured pixel").isEmpty();
  }

  /** No console error, no uncaught exception, no request but the page's own file. */
  private static void assertNoErrorsAndNoNetwork() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
        errors.add(e.getLevel() + " " + e.getMessage());
      }
    }
    assertThat(errors).as("browser console warnings and errors").isEmpty();

    List<String> requests = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode m = MAPPER.readTree(e.getMessage()).get("message");
        if ("Network.requestWillBeSent".equals(m.path("method").asText())) {
          String url = m.at("/params/request/url").asText();
          if (!url.startsWith("file:") && !url.startsWith("data:") && !url.equals("about:blank")) {
            requests.add(url);
          }
        }
      } catch (Exception ex) {
        throw new AssertionError("unreadable performance log entry: " + e.getMessage(), ex);
      }
    }
    assertThat(requests).as("network requests").isEmpty();
    Object resources = js("return performance.getEntriesByType('resource').length;");
    assertThat(((Number) resources).intValue()).as("resources loaded by the page").isZero();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static String text(String selector) {
    return (String)
        js("var e = document.querySelector('" + selector + "'); return e ? e.innerText : '';");
  }

  private static int count(String selector) {
    return ((Number) js("return document.querySelectorAll('" + selector + "').length;")).intValue();
  }

  private static void screenshot(String name) throws Exception {
    File shot = driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE);
    Files.copy(shot.toPath(), OUT.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void fullPageScreenshot(String name) throws Exception {
    Map<String, Object> result =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
    Files.write(OUT.resolve(name), Base64.getDecoder().decode((String) result.get("data")));
  }
}
