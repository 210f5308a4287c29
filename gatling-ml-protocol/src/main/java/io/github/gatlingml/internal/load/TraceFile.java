/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatlingml.feeder.FeederException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.zip.GZIPInputStream;

/**
 * Reads a recorded request trace for replay: when each request arrived and, where the trace says,
 * its token counts, model, prompt or request body.
 *
 * <p>Two layouts, chosen by the file name ({@code .jsonl}, {@code .ndjson} and {@code .json} are
 * {@link TraceFormat#JSONL}, {@code .csv} is {@link TraceFormat#CSV}, a further {@code .gz} is
 * decompressed) or else by the content (a first character {@code {} or {@code [} is JSON):
 *
 * <ul>
 *   <li>JSONL: one JSON object per line; a file holding a single JSON array of objects is read
 *       too. Fields not recognised below are kept in {@link TraceRecord#extra()} as Jackson reads
 *       them (maps, lists, Integer/Long/Double, String, Boolean).
 *   <li>CSV: a header row naming the columns, then one row per request; fields with commas,
 *       quotes or line breaks are quoted, a quote inside one doubled ({@code "say ""hi"""}).
 *       Unrecognised columns are kept in {@link TraceRecord#extra()} as Strings (empty cells are
 *       left out).
 * </ul>
 *
 * <p>Recognised fields, the same in both layouts, names case-insensitive; a record needs exactly
 * one time field:
 *
 * <table>
 *   <caption>Trace fields</caption>
 *   <tr><th>Field</th><th>Names</th><th>Value</th></tr>
 *   <tr><td>time</td><td>{@code timestamp}, {@code time}, {@code ts}</td>
 *       <td>milliseconds (integer or decimal), or a date-time {@code yyyy-MM-dd HH:mm:ss.fffffff}
 *       ({@code T} or a space between date and time, 0 to 9 fractional digits, an optional
 *       {@code Z} or {@code +HH:MM} offset; without one it is read as UTC, so a daylight-saving
 *       change cannot distort the gaps)</td></tr>
 *   <tr><td>time</td><td>{@code offset_ms}</td><td>milliseconds</td></tr>
 *   <tr><td>time</td><td>{@code timestamp_s}, {@code offset_s}</td><td>seconds</td></tr>
 *   <tr><td>input tokens</td><td>{@code input_length}, {@code input_tokens}, {@code
 *       prompt_tokens}, {@code context_tokens}, {@code contexttokens}</td>
 *       <td>a whole number; absent or empty: unknown (-1)</td></tr>
 *   <tr><td>output tokens</td><td>{@code output_length}, {@code output_tokens}, {@code
 *       max_tokens}, {@code generated_tokens}, {@code generatedtokens}</td>
 *       <td>a whole number; absent or empty: unknown (-1)</td></tr>
 *   <tr><td>model</td><td>{@code model}</td><td>a string</td></tr>
 *   <tr><td>prompt</td><td>{@code prompt}, {@code text}</td><td>a string</td></tr>
 *   <tr><td>payload</td><td>{@code payload}</td>
 *       <td>the request body: a string, or in JSONL a JSON object or array (kept as its JSON
 *       text)</td></tr>
 * </table>
 *
 * <p>When a record has two names of the same token or text field, the one listed first wins and
 * the other stays in {@code extra}; two time fields are an error, as their units could differ.
 *
 * <p>The published traces fit these rules as they are:
 *
 * <ul>
 *   <li>Mooncake ({@code kvcache-ai/Mooncake}): {@code {"timestamp": 27482, "input_length": 6955,
 *       "output_length": 52, "hash_ids": [46, 47]}}, {@code timestamp} in milliseconds; {@code
 *       hash_ids} (the prompt's KV-cache block ids) is kept in {@code extra} as a compact {@code
 *       List<Integer>}.
 *   <li>Azure LLM inference ({@code Azure/AzurePublicDataset}): CSV {@code
 *       TIMESTAMP,ContextTokens,GeneratedTokens} with {@code 2023-11-16 18:15:46.6805900}, read to
 *       the full 100 ns resolution.
 * </ul>
 *
 * <p>A trace whose times are seconds in a column called {@code timestamp} (BurstGPT's, for one)
 * would be read as milliseconds: rename the column {@code timestamp_s}.
 *
 * <p>Records are sorted by time (stably: equal times keep the file's order), and offsets are taken
 * from the earliest one, which is at 0. Times must be numbers {@code >= 0} or date-times, one kind
 * throughout a file. Errors are {@link FeederException}s naming the file, the line and the fix.
 * The raw lines are not kept: a million-line trace needs memory for its records only.
 */
public final class TraceFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String TIME_NAMES =
      "timestamp, time, ts (milliseconds or a date-time), offset_ms (milliseconds), timestamp_s,"
          + " offset_s (seconds)";

  private static final String JSONL_EXAMPLE =
      "{\"timestamp\": 27482, \"input_length\": 6955, \"output_length\": 52}";

  /** Beyond this many distinct model names, stop sharing their String instances. */
  private static final int MAX_SHARED_MODELS = 10_000;

  private TraceFile() {}

  /**
   * Reads a trace, its layout chosen by the file name or else by its content.
   *
   * @throws FeederException naming the file and line of the first problem
   */
  public static Trace read(Path file) {
    return read(file, null);
  }

  /**
   * Reads a trace in the given layout.
   *
   * @param format the layout, or {@code null} to choose it from the file name or content
   * @throws FeederException naming the file and line of the first problem
   */
  public static Trace read(Path file, TraceFormat format) {
    String name = display(file);
    String inner = name.toLowerCase(Locale.ROOT);
    boolean gzip = inner.endsWith(".gz");
    if (gzip) {
      inner = inner.substring(0, inner.length() - 3);
    }
    try (InputStream raw = open(file);
        InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(raw) : raw, 1 << 16)) {
      TraceFormat chosen = format != null ? format : byName(inner);
      if (chosen == null) {
        chosen = sniff(in);
      }
      Builder builder = new Builder(file.toString(), name);
      if (chosen == TraceFormat.JSONL) {
        readJsonl(in, builder);
      } else {
        readCsv(in, builder);
      }
      return builder.build(chosen);
    } catch (IOException e) {
      throw new FeederException(name + ": cannot be read: " + e, e);
    }
  }

  private static TraceFormat byName(String lowerName) {
    if (lowerName.endsWith(".jsonl")
        || lowerName.endsWith(".ndjson")
        || lowerName.endsWith(".json")) {
      return TraceFormat.JSONL;
    }
    if (lowerName.endsWith(".csv")) {
      return TraceFormat.CSV;
    }
    return null;
  }

  /** JSON when the first character after a BOM and white space opens an object or array. */
  private static TraceFormat sniff(InputStream in) throws IOException {
    in.mark(1 << 15);
    try {
      int b = in.read();
      if (b == 0xEF && in.read() == 0xBB && in.read() == 0xBF) {
        b = in.read();
      }
      for (int n = 0; b >= 0 && Character.isWhitespace(b) && n < 1 << 14; n++) {
        b = in.read();
      }
      return b == '{' || b == '[' ? TraceFormat.JSONL : TraceFormat.CSV;
    } finally {
      in.reset();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JSONL

  private static void readJsonl(InputStream in, Builder out) throws IOException {
    // One parser over the whole stream: Jackson reads a sequence of root-level values (JSON Lines)
    // natively, skips a UTF-8 BOM, and counts lines for messages.
    try (JsonParser p = MAPPER.createParser(in)) {
      JsonToken token = p.nextToken();
      boolean array = token == JsonToken.START_ARRAY;
      if (array) {
        token = p.nextToken();
      }
      while (token != null) {
        int line = p.currentTokenLocation().getLineNr();
        if (array && token == JsonToken.END_ARRAY) {
          if (p.nextToken() != null) {
            throw new FeederException(
                out.at(p.currentTokenLocation().getLineNr())
                    + ": more JSON after the closing ]; write one array of objects, or one object"
                    + " per line without the [ ]");
          }
          break;
        }
        if (token != JsonToken.START_OBJECT) {
          throw new FeederException(
              out.at(line)
                  + ": not a JSON object; write one object per line, e.g. "
                  + JSONL_EXAMPLE);
        }
        readObject(p, out, line);
        token = p.nextToken();
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new FeederException(
          out.at(line)
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + "); write one JSON object per line, e.g. "
              + JSONL_EXAMPLE,
          e);
    }
  }

  private static void readObject(JsonParser p, Builder out, int line) throws IOException {
    Row row = out.row(line);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      Alias alias = Alias.find(name);
      if (alias == null) {
        row.extra(name, p.readValueAs(Object.class));
        continue;
      }
      switch (alias.field) {
        case TIME -> row.time(name, jsonTime(p, value, name, row));
        case INPUT, OUTPUT -> row.set(name, alias, jsonTokens(p, value, name, row));
        case MODEL, PROMPT -> row.set(name, alias, jsonText(p, value, name, row));
        case PAYLOAD -> row.set(name, alias, jsonPayload(p, value, name, row));
        case HASH_IDS -> row.extra(name, blockIds(p, value, out));
      }
    }
    row.finish();
  }

  private static long jsonTime(JsonParser p, JsonToken value, String name, Row row)
      throws IOException {
    return switch (value) {
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw row.error(name + " " + p.getText() + " is too large; times fit in 292 years of ns");
        }
        yield row.numericTime(name, p.getLongValue(), p.getText());
      }
      case VALUE_NUMBER_FLOAT -> row.numericTime(name, p.getDecimalValue(), p.getText());
      case VALUE_STRING -> row.timeText(name, p.getText());
      default -> throw row.error(name + " is " + describe(p, value) + "; " + row.timeHint(name));
    };
  }

  private static int jsonTokens(JsonParser p, JsonToken value, String name, Row row)
      throws IOException {
    return switch (value) {
      case VALUE_NULL -> -1;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> row.tokenText(name, p.getText());
      default -> throw row.error(name + " is " + describe(p, value) + "; " + TOKEN_HINT);
    };
  }

  private static String jsonText(JsonParser p, JsonToken value, String name, Row row)
      throws IOException {
    return switch (value) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default ->
          throw row.error(
              name
                  + " is "
                  + describe(p, value)
                  + "; write a string, e.g. \""
                  + name
                  + "\": \"...\"");
    };
  }

  private static String jsonPayload(JsonParser p, JsonToken value, String name, Row row)
      throws IOException {
    return switch (value) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case START_OBJECT, START_ARRAY -> MAPPER.writeValueAsString(p.readValueAsTree());
      default ->
          throw row.error(
              name + " is " + describe(p, value) + "; write the request body as a JSON object");
    };
  }

  private static String describe(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_STRING -> "the string \"" + clip(p.getText()) + "\"";
      default -> p.getText();
    };
  }

  /**
   * Mooncake's block ids, read straight into an int array behind a List: a quarter of the memory of
   * boxed Integers, and no per-element allocation while reading. Anything but a list of ints is
   * kept as Jackson reads it.
   */
  private static Object blockIds(JsonParser p, JsonToken value, Builder out) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      return p.readValueAs(Object.class);
    }
    int[] ints = out.intBuffer;
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() == JsonParser.NumberType.INT) {
      if (n == ints.length) {
        ints = out.intBuffer = Arrays.copyOf(ints, n * 2);
      }
      ints[n++] = p.getIntValue();
    }
    if (t == JsonToken.END_ARRAY) {
      return new IntList(Arrays.copyOf(ints, n));
    }
    // A list of something else: what was read so far as Integers, then the rest as it comes.
    List<Object> list = new ArrayList<>(n + 8);
    for (int i = 0; i < n; i++) {
      list.add(ints[i]);
    }
    for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
      list.add(p.readValueAs(Object.class));
    }
    return list;
  }

  // ---------------------------------------------------------------------------------------------
  // CSV

  private static void readCsv(InputStream in, Builder out) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    CsvLineReader lines = new CsvLineReader(reader, out);
    List<String> fields = new ArrayList<>();
    if (!lines.next(fields)) {
      throw new FeederException(
          out.display
              + ": empty; write a header row naming the columns, e.g."
              + " TIMESTAMP,ContextTokens,GeneratedTokens, then one row per request");
    }
    int headerLine = lines.startLine;
    int columns = fields.size();
    Alias[] aliases = new Alias[columns];
    String[] names = new String[columns];
    // The best-ranked column for each field; the others become extras.
    Map<Field, Integer> chosen = new HashMap<>();
    for (int c = 0; c < columns; c++) {
      names[c] = fields.get(c);
      aliases[c] = Alias.find(names[c]);
      Alias a = aliases[c];
      if (a == null || a.field == Field.HASH_IDS) {
        // Block ids in a CSV are one text cell: kept as it is, in extra.
        aliases[c] = null;
        continue;
      }
      Integer previous = chosen.get(a.field);
      if (previous == null) {
        chosen.put(a.field, c);
      } else if (a.field == Field.TIME) {
        throw new FeederException(
            out.at(headerLine)
                + ": columns "
                + names[previous]
                + " and "
                + names[c]
                + " both give the time; keep one");
      } else if (a.rank < aliases[previous].rank) {
        chosen.put(a.field, c);
      }
    }
    if (!chosen.containsKey(Field.TIME)) {
      throw new FeederException(
          out.at(headerLine)
              + ": no timestamp column (expected one of "
              + TIME_NAMES
              + "); the first row must be a header naming the columns, e.g."
              + " TIMESTAMP,ContextTokens,GeneratedTokens");
    }
    Field[] use = new Field[columns];
    for (Map.Entry<Field, Integer> e : chosen.entrySet()) {
      use[e.getValue()] = e.getKey();
    }
    while (lines.next(fields)) {
      int line = lines.startLine;
      if (fields.size() != columns) {
        throw new FeederException(
            out.at(line)
                + ": "
                + fields.size()
                + " fields but the header has "
                + columns
                + "; quote fields that contain commas (\"a,b\")");
      }
      Row row = out.row(line);
      for (int c = 0; c < columns; c++) {
        String cell = fields.get(c);
        Field f = use[c];
        if (f == null) {
          if (!cell.isEmpty()) {
            row.extra(names[c], cell);
          }
          continue;
        }
        switch (f) {
          case TIME -> {
            if (cell.isEmpty()) {
              throw row.error("the " + names[c] + " cell is empty; every row needs a time");
            }
            row.time(names[c], row.timeText(names[c], cell));
          }
          case INPUT, OUTPUT -> row.set(names[c], aliases[c], row.tokenText(names[c], cell));
          default -> row.set(names[c], aliases[c], cell.isEmpty() ? null : cell);
        }
      }
      row.finish();
    }
  }

  /**
   * Splits CSV rows into fields: quoted fields may hold commas, doubled quotes and line breaks (a
   * row then spans lines); unquoted fields are trimmed; blank lines are skipped.
   */
  private static final class CsvLineReader {
    private final BufferedReader reader;
    private final Builder out;
    private final StringBuilder cell = new StringBuilder();
    private int lineNumber;

    /** The line the last row returned by {@link #next} starts on. */
    int startLine;

    CsvLineReader(BufferedReader reader, Builder out) {
      this.reader = reader;
      this.out = out;
    }

    /** The next non-blank row into {@code fields}; false at the end of the file. */
    boolean next(List<String> fields) throws IOException {
      String line;
      do {
        line = reader.readLine();
        lineNumber++;
        if (line == null) {
          return false;
        }
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
      } while (line.isBlank());
      startLine = lineNumber;
      fields.clear();
      int i = 0;
      while (true) {
        int n = line.length();
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < n && line.charAt(i) == '"') {
          cell.setLength(0);
          i++;
          while (true) {
            int quote = line.indexOf('"', i);
            if (quote < 0) {
              // The quoted field goes on on the next line; BufferedReader ate the line break.
              cell.append(line, i, line.length()).append('\n');
              line = reader.readLine();
              lineNumber++;
              if (line == null) {
                throw new FeederException(
                    out.at(startLine)
                        + ": a quoted field is not closed before the end of the file; close it"
                        + " with \"");
              }
              i = 0;
              n = line.length();
              continue;
            }
            cell.append(line, i, quote);
            if (quote + 1 < n && line.charAt(quote + 1) == '"') {
              cell.append('"');
              i = quote + 2;
              continue;
            }
            i = quote + 1;
            break;
          }
          while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
          }
          fields.add(cell.toString());
          if (i == n) {
            return true;
          }
          if (line.charAt(i) != ',') {
            throw new FeederException(
                out.at(lineNumber)
                    + ": text after the closing quote of field "
                    + fields.size()
                    + "; inside a quoted field write a quote twice (\"say \"\"hi\"\"\")");
          }
          i++;
        } else {
          int comma = line.indexOf(',', i);
          int end = comma < 0 ? n : comma;
          fields.add(line.substring(i, end).trim());
          if (comma < 0) {
            return true;
          }
          i = comma + 1;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fields, rows and the result

  private enum Field {
    TIME,
    INPUT,
    OUTPUT,
    MODEL,
    PROMPT,
    PAYLOAD,
    HASH_IDS
  }

  /** A recognised field name: its field, its unit (times) and its rank among synonyms. */
  private record Alias(Field field, int rank, long nanosPerUnit, boolean dateTime) {
    private static final Map<String, Alias> BY_NAME = new HashMap<>();

    static {
      time(1_000_000L, true, "timestamp", "time", "ts");
      time(1_000_000L, false, "offset_ms");
      time(1_000_000_000L, false, "timestamp_s", "offset_s");
      of(
          Field.INPUT,
          "input_length",
          "input_tokens",
          "prompt_tokens",
          "context_tokens",
          "contexttokens");
      of(
          Field.OUTPUT,
          "output_length",
          "output_tokens",
          "max_tokens",
          "generated_tokens",
          "generatedtokens");
      of(Field.MODEL, "model");
      of(Field.PROMPT, "prompt", "text");
      of(Field.PAYLOAD, "payload");
      of(Field.HASH_IDS, "hash_ids");
    }

    private static void time(long nanosPerUnit, boolean dateTime, String... names) {
      for (String n : names) {
        BY_NAME.put(n, new Alias(Field.TIME, 0, nanosPerUnit, dateTime));
      }
    }

    private static void of(Field field, String... names) {
      for (int i = 0; i < names.length; i++) {
        BY_NAME.put(names[i], new Alias(field, i, 0, false));
      }
    }

    static Alias find(String name) {
      Alias a = BY_NAME.get(name);
      return a != null ? a : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    }
  }

  private static final String TOKEN_HINT =
      "write a whole number of tokens >= 0, or leave it out when unknown";

  /** Collects records as they are read, then sorts them and makes offsets relative. */
  private static final class Builder {
    final String source;
    final String display;
    final List<TraceRecord> records = new ArrayList<>();
    final Map<String, String> models = new HashMap<>();
    final Row row = new Row(this);

    /** Reused while reading block ids. */
    int[] intBuffer = new int[64];

    boolean sorted = true;
    long previous = Long.MIN_VALUE;

    /** Whether times are date-times, once the first record has decided; null before. */
    Boolean dateTimes;

    Builder(String source, String display) {
      this.source = source;
      this.display = display;
    }

    String at(int line) {
      return display + " line " + line;
    }

    Row row(int line) {
      row.reset(line);
      return row;
    }

    void add(
        long time,
        int in,
        int outTokens,
        String model,
        String prompt,
        String payload,
        Map<String, Object> extra) {
      if (model != null && models.size() < MAX_SHARED_MODELS) {
        model = models.computeIfAbsent(model, m -> m);
      } else if (model != null) {
        model = models.getOrDefault(model, model);
      }
      if (time < previous) {
        sorted = false;
      }
      previous = time;
      records.add(new TraceRecord(time, in, outTokens, model, prompt, payload, extra));
    }

    Trace build(TraceFormat format) {
      if (records.isEmpty()) {
        throw new FeederException(
            display
                + ": holds no requests; "
                + (format == TraceFormat.JSONL
                    ? "write one JSON object per line, e.g. " + JSONL_EXAMPLE
                    : "write a header row, then one row per request, e.g."
                        + " TIMESTAMP,ContextTokens,GeneratedTokens then"
                        + " 2023-11-16 18:15:46.6805900,4808,10"));
      }
      if (!sorted) {
        // List.sort is a stable merge sort: requests at the same time keep the file's order.
        records.sort(Comparator.comparingLong(TraceRecord::offsetNanos));
      }
      long origin = records.get(0).offsetNanos();
      if (origin != 0) {
        for (int i = 0; i < records.size(); i++) {
          TraceRecord r = records.get(i);
          long offset = r.offsetNanos() - origin;
          if (offset < 0) {
            // Only when the span overflows a long: date-times 292 years apart.
            throw new FeederException(display + ": spans more than 292 years; check the times");
          }
          records.set(i, r.withOffset(offset));
        }
      }
      return new Trace(source, records);
    }
  }

  /** The record being read; one instance, reset per line. */
  private static final class Row {
    private final Builder out;
    private int line;
    private String timeName;
    private long time;

    /** Per field: the name it was read from, its rank among synonyms and its value. */
    private final String[] names = new String[Field.values().length];

    private final int[] ranks = new int[Field.values().length];
    private final Object[] values = new Object[Field.values().length];
    private Map<String, Object> extra;

    Row(Builder out) {
      this.out = out;
    }

    void reset(int line) {
      this.line = line;
      timeName = null;
      Arrays.fill(names, null);
      Arrays.fill(values, null);
      extra = null;
    }

    FeederException error(String problem) {
      return new FeederException(out.at(line) + ": " + problem);
    }

    void extra(String name, Object value) {
      if (extra == null) {
        extra = new LinkedHashMap<>(4);
      }
      extra.put(name, value);
    }

    void time(String name, long nanos) {
      if (timeName != null) {
        throw error("has both " + timeName + " and " + name + "; keep one time field");
      }
      timeName = name;
      time = nanos;
    }

    /** Keeps the best-ranked synonym of a field; the other one goes to extra. */
    void set(String name, Alias alias, Object value) {
      int f = alias.field.ordinal();
      if (names[f] != null && alias.rank >= ranks[f]) {
        extra(name, value);
        return;
      }
      if (names[f] != null) {
        extra(names[f], values[f]);
      }
      names[f] = name;
      ranks[f] = alias.rank;
      values[f] = value;
    }

    private int tokens(Field f) {
      Object v = values[f.ordinal()];
      return v == null ? -1 : (Integer) v;
    }

    private String text(Field f) {
      return (String) values[f.ordinal()];
    }

    void finish() {
      if (timeName == null) {
        throw error("no timestamp field (expected one of " + TIME_NAMES + ")");
      }
      Map<String, Object> x;
      if (extra == null) {
        x = Map.of();
      } else if (extra.size() == 1) {
        Map.Entry<String, Object> e = extra.entrySet().iterator().next();
        x = Collections.singletonMap(e.getKey(), e.getValue());
      } else {
        x = extra;
      }
      out.add(
          time,
          tokens(Field.INPUT),
          tokens(Field.OUTPUT),
          text(Field.MODEL),
          text(Field.PROMPT),
          text(Field.PAYLOAD),
          x);
    }

    String timeHint(String name) {
      Alias alias = Alias.find(name);
      if (alias.nanosPerUnit == 1_000_000_000L) {
        return "write seconds, e.g. \"" + name + "\": 12.5";
      }
      return alias.dateTime
          ? "write milliseconds, e.g. 27482, or a date-time like 2023-11-16 18:15:46.6805900"
          : "write milliseconds, e.g. \"" + name + "\": 27482";
    }

    long numericTime(String name, long value, String text) {
      kind(name, false);
      if (value < 0) {
        throw error(name + " is negative (" + text + "); " + NON_NEGATIVE);
      }
      long unit = Alias.find(name).nanosPerUnit;
      if (value > Long.MAX_VALUE / unit) {
        throw error(name + " " + text + " is too large; " + timeHint(name));
      }
      return value * unit;
    }

    long numericTime(String name, BigDecimal value, String text) {
      kind(name, false);
      if (value.signum() < 0) {
        throw error(name + " is negative (" + text + "); " + NON_NEGATIVE);
      }
      long unit = Alias.find(name).nanosPerUnit;
      try {
        return value
            .multiply(BigDecimal.valueOf(unit))
            .setScale(0, RoundingMode.HALF_UP)
            .longValueExact();
      } catch (ArithmeticException e) {
        throw error(name + " " + text + " is too large; " + timeHint(name));
      }
    }

    /** A time written as text: a number in the field's unit, or a date-time where allowed. */
    long timeText(String name, String raw) {
      String text = raw.trim();
      if (isDigits(text) && text.length() <= 18) {
        return numericTime(name, Long.parseLong(text), text);
      }
      Alias alias = Alias.find(name);
      if (alias.dateTime && looksLikeDate(text)) {
        kind(name, true);
        long nanos = dateTimeNanos(text);
        if (nanos == Long.MIN_VALUE) {
          throw error(
              name
                  + " \""
                  + clip(text)
                  + "\" is not a date-time; write yyyy-MM-dd HH:mm:ss[.fffffffff] with an"
                  + " optional Z or +HH:MM, e.g. 2023-11-16 18:15:46.6805900");
        }
        return nanos;
      }
      BigDecimal number;
      try {
        number = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw error(name + " \"" + clip(text) + "\" is not a number; " + timeHint(name));
      }
      return numericTime(name, number, text);
    }

    private void kind(String name, boolean dateTime) {
      if (out.dateTimes == null) {
        out.dateTimes = dateTime;
      } else if (out.dateTimes != dateTime) {
        throw error(
            name
                + " is "
                + (dateTime ? "a date-time" : "a number")
                + " but earlier records have "
                + (dateTime ? "numbers" : "date-times")
                + "; use one kind of time throughout the file");
      }
    }

    int tokenText(String name, String raw) {
      String text = raw.trim();
      if (text.isEmpty()) {
        return -1;
      }
      long value;
      if (isDigits(text) && text.length() <= 10) {
        value = Long.parseLong(text);
      } else {
        try {
          // Accepts 52.0 and 5.2e1 from tools that write every number as a float.
          value = new BigDecimal(text).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
          throw error(name + " \"" + clip(text) + "\" is not a whole number; " + TOKEN_HINT);
        }
      }
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw error(name + " is " + text + "; " + TOKEN_HINT);
      }
      return (int) value;
    }
  }

  private static final String NON_NEGATIVE =
      "times must be >= 0 (their origin does not matter: offsets start at the first request)";

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean looksLikeDate(String s) {
    return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-';
  }

  /**
   * Nanoseconds since the epoch of {@code yyyy-MM-dd[T ]HH:mm[:ss[.f...]][Z|±HH[:MM]]}, read by
   * hand (a formatter is several times slower on a million rows); {@code Long.MIN_VALUE} when the
   * text is not one.
   */
  static long dateTimeNanos(String s) {
    try {
      int n = s.length();
      if (n < 16 || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || s.charAt(13) != ':') {
        return Long.MIN_VALUE;
      }
      long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = 0;
      long fraction = 0;
      int i = 16;
      if (i < n && s.charAt(i) == ':') {
        second = digits(s, 17, 19);
        i = 19;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
          int start = ++i;
          while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
          }
          int count = i - start;
          if (count == 0 || count > 9) {
            return Long.MIN_VALUE;
          }
          fraction = digits(s, start, i);
          for (int k = count; k < 9; k++) {
            fraction *= 10;
          }
        }
      }
      int offsetSeconds = 0;
      if (i < n) {
        char c = s.charAt(i);
        if (c == 'Z' && i + 1 == n) {
          offsetSeconds = 0;
        } else if ((c == '+' || c == '-') && (n - i == 3 || n - i == 5 || n - i == 6)) {
          int oh = digits(s, i + 1, i + 3);
          int om = n - i == 3 ? 0 : digits(s, n - 2, n);
          if (n - i == 6 && s.charAt(i + 3) != ':') {
            return Long.MIN_VALUE;
          }
          offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
          return Long.MIN_VALUE;
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        return Long.MIN_VALUE;
      }
      long seconds = day * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), fraction);
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  /** The non-negative decimal number in {@code s[from, to)}. */
  private static int digits(String s, int from, int to) {
    if (to > s.length()) {
      throw new NumberFormatException(s);
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new FeederException(
          file
              + ": no such file; check the path (relative paths are resolved against "
              + Path.of("").toAbsolutePath()
              + ")",
          e);
    } catch (IOException e) {
      throw new FeederException(file + ": cannot be read: " + e, e);
    }
  }

  private static String display(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  /** An unmodifiable {@code List<Integer>} over an {@code int[]}. */
  private static final class IntList extends AbstractList<Integer> implements RandomAccess {
    private final int[] values;

    IntList(int[] values) {
      this.values = values;
    }

    @Override
    public Integer get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
