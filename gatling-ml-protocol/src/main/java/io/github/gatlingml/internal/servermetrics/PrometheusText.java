/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics text 1.0, the
 * two formats DCGM's exporter, Triton and vLLM serve. Maven Central has writers of these formats
 * (Prometheus' client_java) but no maintained Java parser, hence this one.
 *
 * <p>Strict where it matters to tell a metrics page from garbage (an HTML error page, a JSON
 * document, a truncated body): every sample line must be {@code name[{labels}] value [timestamp]},
 * names and label names must be well formed, values must be numbers (or {@code NaN}, {@code ±Inf}),
 * and an OpenMetrics page must end with {@code # EOF}. Lenient where real exporters differ from the
 * letter of the format: blank lines and unknown comments are skipped, a trailing comma in a label
 * set is accepted, and exemplars ({@code # {...} value}) are ignored.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /** The metric types of both formats ({@code untyped} is 0.0.4's name of {@code unknown}). */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    GAUGEHISTOGRAM,
    SUMMARY,
    INFO,
    STATESET,
    UNKNOWN;

    static Type parse(String word) {
      switch (word) {
        case "counter":
          return COUNTER;
        case "gauge":
          return GAUGE;
        case "histogram":
          return HISTOGRAM;
        case "gaugehistogram":
          return GAUGEHISTOGRAM;
        case "summary":
          return SUMMARY;
        case "info":
          return INFO;
        case "stateset":
          return STATESET;
        case "untyped":
        case "unknown":
          return UNKNOWN;
        default:
          return null;
      }
    }
  }

  /**
   * One sample line.
   *
   * @param name the sample's own name, e.g. {@code foo_bucket} of family {@code foo}
   * @param labels its labels, sorted by name
   * @param value its value (may be NaN or infinite)
   * @param timestampMs its timestamp in ms since the epoch, or null when it has none
   */
  public record Sample(String name, Map<String, String> labels, double value, Double timestampMs) {}

  /**
   * The samples of one metric family.
   *
   * @param name the family's name (as declared by {@code # TYPE}, else the sample's name)
   * @param type its type ({@link Type#UNKNOWN} without a {@code # TYPE} line)
   * @param help its {@code # HELP} text, or null
   * @param unit its OpenMetrics {@code # UNIT}, or null
   * @param samples its samples in page order
   */
  public record Family(String name, Type type, String help, String unit, List<Sample> samples) {}

  /** A page that is not in the format, naming the line. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    ParseException(int line, String message) {
      super("parse error at line " + line + ": " + message);
      this.line = line;
    }

    /** The 1-based line number of the error. */
    public int line() {
      return line;
    }
  }

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

  /** Suffixes a sample name may add to its family's name, by family type. */
  private static final String[] SUFFIXES = {
    "_bucket", "_sum", "_count", "_total", "_created", "_gcount", "_gsum", "_info"
  };

  /**
   * Parses a page.
   *
   * @param text the body
   * @param openMetrics true for OpenMetrics text (from the Content-Type {@code
   *     application/openmetrics-text}): {@code # EOF} required, timestamps in seconds
   * @return the families in page order
   * @throws ParseException at the first line that is not in the format
   */
  public static List<Family> parse(String text, boolean openMetrics) throws ParseException {
    Map<String, Type> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    Map<String, String> units = new HashMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    boolean eof = false;
    int lineNo = 0;
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      lineNo++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (eof) {
        if (!line.isBlank()) {
          throw new ParseException(lineNo, "content after '# EOF'");
        }
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      if (line.charAt(0) == '#') {
        String[] parts = line.split("[ \t]+", 4);
        if (parts.length >= 2 && parts[0].equals("#") && parts[1].equals("EOF")) {
          if (parts.length > 2) {
            throw new ParseException(lineNo, "'# EOF' followed by text");
          }
          eof = true;
          continue;
        }
        if (parts.length < 3 || !parts[0].equals("#")) {
          continue; // a plain comment
        }
        String keyword = parts[1];
        if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
          continue;
        }
        String family = parts[2];
        if (!METRIC_NAME.matcher(family).matches()) {
          throw new ParseException(lineNo, "bad metric name '" + family + "' in # " + keyword);
        }
        String rest = parts.length > 3 ? parts[3] : "";
        switch (keyword) {
          case "TYPE":
            Type type = Type.parse(rest.trim());
            if (type == null) {
              throw new ParseException(
                  lineNo, "unknown metric type '" + rest.trim() + "' for " + family);
            }
            if (types.containsKey(family)) {
              throw new ParseException(lineNo, "second # TYPE line for " + family);
            }
            types.put(family, type);
            break;
          case "HELP":
            helps.put(family, unescapeHelp(rest));
            break;
          default:
            units.put(family, rest.trim());
            break;
        }
        continue;
      }
      Sample s = sample(line, lineNo, openMetrics);
      samples.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
    }
    if (openMetrics && !eof) {
      throw new ParseException(lineNo + 1, "OpenMetrics page without '# EOF' (truncated?)");
    }
    // Group the samples by family: a sample named like a declared family plus a suffix belongs
    // to it (foo_bucket to histogram foo, foo_total to counter foo).
    Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      byFamily
          .computeIfAbsent(familyOf(e.getKey(), types), n -> new ArrayList<>())
          .addAll(e.getValue());
    }
    List<Family> out = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : byFamily.entrySet()) {
      String name = e.getKey();
      out.add(
          new Family(
              name,
              types.getOrDefault(name, Type.UNKNOWN),
              helps.get(name),
              units.get(name),
              Collections.unmodifiableList(e.getValue())));
    }
    return out;
  }

  private static String familyOf(String sampleName, Map<String, Type> types) {
    if (types.containsKey(sampleName)) {
      return sampleName;
    }
    for (String suffix : SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return sampleName;
  }

  private static Sample sample(String line, int lineNo, boolean openMetrics) throws ParseException {
    int i = 0;
    int n = line.length();
    while (i < n && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new ParseException(lineNo, "expected a metric name, got " + excerpt(line));
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i = labels(line, i + 1, lineNo, labels);
    }
    if (i >= n || (line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
      throw new ParseException(
          lineNo, "expected a space and a value after " + excerpt(line.substring(0, i)));
    }
    String rest = line.substring(i).trim();
    // An OpenMetrics exemplar follows " # "; it is not part of the sample.
    int hash = rest.indexOf(" # ");
    if (hash >= 0) {
      rest = rest.substring(0, hash).trim();
    }
    String[] fields = rest.split("[ \t]+");
    if (fields.length > 2 || fields[0].isEmpty()) {
      throw new ParseException(
          lineNo, "expected 'value [timestamp]' after " + name + ", got " + excerpt(rest));
    }
    double value = number(fields[0], lineNo, "value of " + name);
    Double timestamp = null;
    if (fields.length == 2) {
      double ts = number(fields[1], lineNo, "timestamp of " + name);
      if (Double.isNaN(ts) || Double.isInfinite(ts)) {
        throw new ParseException(lineNo, "timestamp of " + name + " is not finite");
      }
      if (!openMetrics && ts != Math.rint(ts)) {
        throw new ParseException(
            lineNo, "timestamp of " + name + " must be whole milliseconds, got " + fields[1]);
      }
      timestamp = openMetrics ? ts * 1000 : ts;
    }
    return new Sample(name, Collections.unmodifiableMap(labels), value, timestamp);
  }

  /** Reads labels from just after '{' to just after '}'; returns the index after '}'. */
  private static int labels(String line, int i, int lineNo, Map<String, String> labels)
      throws ParseException {
    int n = line.length();
    while (true) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && line.charAt(i) == '}') {
        return i + 1;
      }
      int nameStart = i;
      while (i < n && isLabelChar(line.charAt(i), i == nameStart)) {
        i++;
      }
      if (i == nameStart) {
        throw new ParseException(
            lineNo, "expected a label name or '}' at column " + (i + 1) + " of " + excerpt(line));
      }
      String label = line.substring(nameStart, i);
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || line.charAt(i) != '=') {
        throw new ParseException(lineNo, "expected '=' after label " + label);
      }
      i++;
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || line.charAt(i) != '"') {
        throw new ParseException(lineNo, "expected '\"' to open the value of label " + label);
      }
      i++;
      StringBuilder value = new StringBuilder();
      boolean closed = false;
      while (i < n) {
        char c = line.charAt(i++);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i >= n) {
            break;
          }
          char e = line.charAt(i++);
          switch (e) {
            case '\\':
              value.append('\\');
              break;
            case '"':
              value.append('"');
              break;
            case 'n':
              value.append('\n');
              break;
            default:
              throw new ParseException(
                  lineNo, "bad escape '\\" + e + "' in the value of label " + label);
          }
        } else {
          value.append(c);
        }
      }
      if (!closed) {
        throw new ParseException(lineNo, "unterminated value of label " + label);
      }
      if (labels.put(label, value.toString()) != null) {
        throw new ParseException(lineNo, "label " + label + " given twice");
      }
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && line.charAt(i) == ',') {
        i++;
        continue;
      }
      if (i < n && line.charAt(i) == '}') {
        return i + 1;
      }
      throw new ParseException(lineNo, "expected ',' or '}' after the value of label " + label);
    }
  }

  private static double number(String text, int lineNo, String what) throws ParseException {
    String lower = text.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan":
        return Double.NaN;
      case "+inf":
      case "inf":
      case "+infinity":
      case "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!NUMBER.matcher(text).matches()) {
      throw new ParseException(lineNo, what + " is not a number: " + excerpt(text));
    }
    return Double.parseDouble(text);
  }

  private static String unescapeHelp(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char e = text.charAt(++i);
        out.append(e == 'n' ? '\n' : e);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isNameChar(char c, boolean first) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c == '_'
        || c == ':'
        || !first && c >= '0' && c <= '9';
  }

  private static boolean isLabelChar(char c, boolean first) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c == '_'
        || !first && c >= '0' && c <= '9';
  }

  /** At most 40 characters of a bad line, quoted, so an error message stays one short line. */
  static String excerpt(String text) {
    String t = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return "'" + t.replace("\n", "\\n") + "'";
  }
}
