/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.compare.Comparison;
import io.github.gatlingml.metrics.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ML report: one HTML page per run, {@code ml-report.html}, with the run's header and injector
 * verdict, a table per request name, and charts of throughput, latency, tokens/s, KO, server
 * metrics over time, latency against throughput per load step (knee and maximum sustainable rate
 * marked) and the TTFT / TPOT / latency distributions from the summary's histograms.
 *
 * <p>The page is self-contained: the charting library (uPlot, read from its webjar on the
 * classpath), the styles, the script and the data are inlined, so it opens from disk, is sent as
 * one attachment and loads nothing from the network. Time series are reduced for display to at most
 * 2,000 points each (mean, minimum and maximum per bucket), so the page of a 24-hour run stays
 * small and fast; the summary keeps the exact series.
 *
 * <pre>{@code
 * RunSummary summary = SummaryReader.read(Path.of("results/run-1/ml-summary.json"));
 * Path page = MlReport.write(summary, Path.of("results/run-1"));   // results/run-1/ml-report.html
 * }</pre>
 *
 * <p>With a baseline ({@link Overlay}) the page opens with the comparison (overall verdict, a row
 * per request name and metric with both values, the change, its confidence interval and verdict)
 * and both runs' identities, and draws the baseline's series dashed in grey on the latency,
 * throughput and TTFT charts, each run on its own time since start:
 *
 * <pre>{@code
 * Comparison c = Comparison.compare(baseline, current, Criteria.defaults());
 * MlReport.write(current, new MlReport.Overlay(baseline, c, Map.of(), Map.of()), Path.of("compare.html"));
 * }</pre>
 */
public final class MlReport {
  /** The report's file name, written next to {@code ml-summary.json}. */
  public static final String FILE_NAME = "ml-report.html";

  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MlReport() {}

  /**
   * A baseline to overlay on a run's report, and what {@code gatling-ml compare} made of the two.
   *
   * @param baseline the baseline run's summary
   * @param comparison the comparison of the run with that baseline
   * @param baselineMetadata the baseline's identity beyond its summary (e.g. {@code git_commit},
   *     {@code model_version}), shown as given; empty when the file carried none
   * @param currentMetadata the same for the current run
   */
  public record Overlay(
      RunSummary baseline,
      Comparison comparison,
      Map<String, String> baselineMetadata,
      Map<String, String> currentMetadata) {
    /** Checks and copies. */
    public Overlay {
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(comparison, "comparison");
      baselineMetadata = Map.copyOf(baselineMetadata == null ? Map.of() : baselineMetadata);
      currentMetadata = Map.copyOf(currentMetadata == null ? Map.of() : currentMetadata);
    }
  }

  /**
   * Writes the report of a run into a folder, replacing any previous one atomically where the file
   * system allows.
   *
   * @param summary the run's summary
   * @param dir the folder, created if missing
   * @return the report's path, {@code dir/ml-report.html}
   * @throws IOException if the file cannot be written
   */
  public static Path write(RunSummary summary, Path dir) throws IOException {
    Files.createDirectories(dir);
    return writeAtomically(dir.resolve(FILE_NAME), html(summary));
  }

  /**
   * Writes the report of a run with a baseline overlaid into a file, replacing any previous one
   * atomically where the file system allows.
   *
   * @param summary the current run's summary
   * @param overlay the baseline and the comparison
   * @param file the page, e.g. {@code compare.html}; its folder is created if missing
   * @return {@code file}
   * @throws IOException if the file cannot be written
   */
  public static Path write(RunSummary summary, Overlay overlay, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return writeAtomically(file, html(summary, overlay));
  }

  private static Path writeAtomically(Path file, String html) throws IOException {
    Path tmp = temporaryFile(file.toAbsolutePath());
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * A new hidden file beside the report, with the permissions of any file the process creates (the
   * umask's, like Gatling's report and {@code ml-summary.json}), where {@link Files#createTempFile}
   * would make it readable by its owner only.
   */
  private static Path temporaryFile(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          file.resolveSibling(
              "."
                  + file.getFileName()
                  + "."
                  + ThreadLocalRandom.current().nextLong(1L << 48)
                  + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /**
   * The report of a run as one HTML document.
   *
   * @param summary the run's summary
   * @return the page
   * @throws IllegalStateException if the charting library is not on the classpath
   */
  public static String html(RunSummary summary) {
    return html(summary.simulation() + " — ML report", ReportData.page(summary));
  }

  /**
   * The report of a run with a baseline overlaid, as one HTML document.
   *
   * @param summary the current run's summary
   * @param overlay the baseline and the comparison
   * @return the page
   * @throws IllegalStateException if the charting library is not on the classpath
   */
  public static String html(RunSummary summary, Overlay overlay) {
    Objects.requireNonNull(overlay, "overlay");
    return html(
        summary.simulation() + " — compared with its baseline", ReportData.page(summary, overlay));
  }

  private static String html(String title, Object tree) {
    String data = embeddableJson(tree);
    Assets assets = Assets.load();
    StringBuilder out = new StringBuilder(data.length() + 200_000);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"gatling-ml\">\n")
        .append("<title>")
        .append(escapeHtml(title))
        .append("</title>\n<style>\n")
        .append(assets.uplotCss)
        .append("\n")
        .append(assets.reportCss)
        .append("\n</style>\n</head>\n<body>\n")
        .append("<noscript>This report draws its tables and charts with JavaScript.</noscript>\n")
        .append("<main id=\"report\"></main>\n")
        .append("<script type=\"application/json\" id=\"ml-data\">")
        .append(data)
        .append("</script>\n<script>\n")
        .append(assets.uplotJs)
        .append("\n</script>\n<script>\n")
        .append(assets.reportJs)
        .append("\n</script>\n</body>\n</html>\n");
    return out.toString();
  }

  /**
   * JSON that can sit inside a {@code <script>} element: every {@code <}, {@code >} and {@code &}
   * is written as a {@code \}{@code u} escape, so neither {@code </script>} nor {@code <!--} can
   * end or change the element. Outside strings JSON has none of these characters, so the text still
   * parses to the same value.
   */
  static String embeddableJson(Object tree) {
    String json;
    try {
      json = MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The inlined files, read once. */
  private static final class Assets {
    private static volatile Assets loaded;

    final String uplotJs;
    final String uplotCss;
    final String reportJs;
    final String reportCss;

    private Assets(String uplotJs, String uplotCss, String reportJs, String reportCss) {
      this.uplotJs = uplotJs;
      this.uplotCss = uplotCss;
      this.reportJs = reportJs;
      this.reportCss = reportCss;
    }

    static Assets load() {
      Assets a = loaded;
      if (a == null) {
        String version = uplotVersion();
        String base = WEBJAR + version + "/";
        String license = resource(base + "LICENSE");
        // The library's own banner is a link to its repository; the page carries its licence
        // instead, and no address at all, so nothing in it can be mistaken for a download.
        String js = stripBanner(resource(base + "dist/uPlot.iife.min.js"));
        a =
            new Assets(
                "/*! uPlot " + version + ", inlined from its webjar.\n" + license + "\n*/\n" + js,
                resource(base + "dist/uPlot.min.css"),
                resource("io/github/gatlingml/report/report.js"),
                resource("io/github/gatlingml/report/report.css"));
        loaded = a;
      }
      return a;
    }

    private static String stripBanner(String js) {
      if (js.startsWith("/*!")) {
        int end = js.indexOf("*/");
        if (end > 0) {
          return js.substring(end + 2).stripLeading();
        }
      }
      return js;
    }

    private static String uplotVersion() {
      Properties p = new Properties();
      try (InputStream in = open(WEBJAR_POM)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
      }
      return p.getProperty("version");
    }

    private static String resource(String path) {
      try (InputStream in = open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
      }
    }

    private static InputStream open(String path) {
      InputStream in = MlReport.class.getClassLoader().getResourceAsStream(path);
      if (in == null) {
        throw new IllegalStateException(
            path
                + " is not on the classpath: the ML report needs org.webjars.npm:uplot and"
                + " gatling-ml-protocol's own resources");
      }
      return in;
    }
  }
}
