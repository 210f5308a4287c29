/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gatlingml.feeder.FeederException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static long[] offsets(Trace trace) {
    return trace.records().stream().mapToLong(TraceRecord::offsetNanos).toArray();
  }

  @Test
  void mooncake() throws IOException {
    Path file =
        write(
            "mooncake_trace.jsonl",
            """
            {"timestamp": 1000, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, 48]}
            {"timestamp": 27482, "input_length": 6472, "output_length": 26, "hash_ids": [46, 47, 49]}
            {"timestamp": 30535, "input_length": 8338, "output_length": 12, "hash_ids": [50]}
            """);
    Trace trace = TraceFile.read(file);
    assertThat(trace.source()).isEqualTo(file.toString());
    assertThat(offsets(trace)).containsExactly(0L, 26_482_000_000L, 29_535_000_000L);
    TraceRecord first = trace.records().get(0);
    assertThat(first.inputTokens()).isEqualTo(6955);
    assertThat(first.outputTokens()).isEqualTo(52);
    assertThat(first.model()).isNull();
    assertThat(first.prompt()).isNull();
    assertThat(first.payload()).isNull();
    assertThat(first.extra()).containsOnlyKeys("hash_ids");
    assertThat(first.extra().get("hash_ids")).isEqualTo(List.of(46, 47, 48));
    assertThat(trace.records().get(2).extra().get("hash_ids")).isEqualTo(List.of(50));
    assertThat(trace.durationNanos()).isEqualTo(29_535_000_000L);
    assertThat(trace.offsets(2.0)).containsExactly(0L, 13_241_000_000L, 14_767_500_000L);
    assertThat(trace.offsets(0.5)).containsExactly(0L, 52_964_000_000L, 59_070_000_000L);
  }

  @Test
  void blockIdsThatAreNotAllIntsAreKeptAsTheyAre() throws IOException {
    Path file =
        write(
            "ids.jsonl",
            """
            {"timestamp": 0, "hash_ids": [1, 2, "x", {"y": 3}]}
            {"timestamp": 1, "hash_ids": []}
            {"timestamp": 2, "hash_ids": "abc"}
            """);
    List<TraceRecord> records = TraceFile.read(file).records();
    assertThat(records.get(0).extra().get("hash_ids"))
        .isEqualTo(List.of(1, 2, "x", Map.of("y", 3)));
    assertThat(records.get(1).extra().get("hash_ids")).isEqualTo(List.of());
    assertThat(records.get(2).extra().get("hash_ids")).isEqualTo("abc");
  }

  @Test
  void azureCsvKeepsTheFull100NanosecondResolution() throws IOException {
    // CRLF line ends, unsorted rows, a row past midnight.
    Path file =
        write(
            "AzureLLMInferenceTrace_conv.csv",
            "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                + "2023-11-16 18:15:46.6805900,374,44\r\n"
                + "2023-11-16 18:15:50.9951690,396,109\r\n"
                + "2023-11-16 18:15:47.0000000,879,20\r\n"
                + "2023-11-16 23:59:59.9999999,100,5\r\n"
                + "2023-11-17 00:00:00.0000000,101,6\r\n");
    Trace trace = TraceFile.read(file);
    assertThat(offsets(trace))
        .containsExactly(
            0L,
            319_410_000L, // 47.0000000 - 46.6805900
            4_314_579_000L, // 50.9951690 - 46.6805900
            20_653_319_410_000L - 100L, // 23:59:59.9999999, 5 h 44 min 13.3194099 s later
            20_653_319_410_000L); // midnight, 100 ns after
    TraceRecord r = trace.records().get(1);
    assertThat(r.inputTokens()).isEqualTo(879);
    assertThat(r.outputTokens()).isEqualTo(20);
    assertThat(r.extra()).isEmpty();
  }

  @Test
  void dateTimesWithOffsetsAndIsoSeparator() throws IOException {
    // The 2024 Azure trace writes a +00:00 offset; 02:00:01 at +02:00 is 00:00:01 UTC.
    Path file =
        write(
            "azure2024.csv",
            "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                + "2024-05-10 00:00:00.009930+00:00,10,1\n"
                + "2024-05-10T02:00:01.009930+02:00,10,1\n"
                + "2024-05-10T00:00:02Z,10,1\n"
                + "2024-05-10 00:00:03.5,10,1\n");
    assertThat(offsets(TraceFile.read(file)))
        .containsExactly(0L, 1_000_000_000L, 1_990_070_000L, 3_490_070_000L);
  }

  @Test
  void genericJsonl() throws IOException {
    Path file =
        write(
            "requests.jsonl",
            """
            {"offset_s": 0.5, "prompt_tokens": 10, "max_tokens": 20, "model": "llama", \
            "text": "hi", "payload": {"a": [1, 2]}, "user": "u1"}

            {"OFFSET_S": 1.25, "input_tokens": null, "prompt": "yo", "meta": {"k": true}}
            {"offset_s": "2", "output_length": "7", "payload": "{\\"raw\\": 1}"}
            """);
    Trace trace = TraceFile.read(file);
    assertThat(offsets(trace)).containsExactly(0L, 750_000_000L, 1_500_000_000L);
    TraceRecord a = trace.records().get(0);
    assertThat(a.inputTokens()).isEqualTo(10);
    assertThat(a.outputTokens()).isEqualTo(20);
    assertThat(a.model()).isEqualTo("llama");
    assertThat(a.prompt()).isEqualTo("hi");
    assertThat(a.payload()).isEqualTo("{\"a\":[1,2]}");
    assertThat(a.extra()).containsExactly(Map.entry("user", "u1"));
    TraceRecord b = trace.records().get(1);
    assertThat(b.inputTokens()).isEqualTo(-1);
    assertThat(b.outputTokens()).isEqualTo(-1);
    assertThat(b.prompt()).isEqualTo("yo");
    assertThat(b.extra()).containsExactly(Map.entry("meta", Map.of("k", true)));
    TraceRecord c = trace.records().get(2);
    assertThat(c.outputTokens()).isEqualTo(7);
    assertThat(c.payload()).isEqualTo("{\"raw\": 1}");
  }

  @Test
  void timeFieldsAndUnits() throws IOException {
    Path file =
        write(
            "t.jsonl",
            """
            {"ts": 1.5}
            {"time": 3}
            {"offset_ms": 4.0000005}
            {"timestamp_s": 0.01}
            {"timestamp": "1e1"}
            """);
    // 1.5 ms, 3 ms, 4.0000005 ms (rounded half up to the ns), 10 ms, 10 ms; origin 1.5 ms.
    assertThat(offsets(TraceFile.read(file)))
        .containsExactly(0L, 1_500_000L, 2_500_001L, 8_500_000L, 8_500_000L);
  }

  @Test
  void synonymsFirstListedWinsTheOtherStaysInExtra() throws IOException {
    Path file =
        write(
            "s.jsonl",
            """
            {"timestamp": 0, "output_tokens": 7, "max_tokens": 100}
            {"timestamp": 1, "max_tokens": 100, "output_tokens": 7, "text": "b", "prompt": "a"}
            """);
    for (TraceRecord r : TraceFile.read(file).records()) {
      assertThat(r.outputTokens()).isEqualTo(7);
      assertThat(r.extra()).containsEntry("max_tokens", 100);
    }
    TraceRecord second = TraceFile.read(file).records().get(1);
    assertThat(second.prompt()).isEqualTo("a");
    assertThat(second.extra()).containsEntry("text", "b");
  }

  @Test
  void unsortedInputIsSortedStably() throws IOException {
    Path file =
        write(
            "u.jsonl",
            """
            {"timestamp": 20, "prompt": "c"}
            {"timestamp": 10, "prompt": "a"}
            {"timestamp": 20, "prompt": "d"}
            {"timestamp": 10, "prompt": "b"}
            {"timestamp": 15, "prompt": "x"}
            """);
    Trace trace = TraceFile.read(file);
    assertThat(trace.records())
        .extracting(TraceRecord::prompt)
        .containsExactly("a", "b", "x", "c", "d");
    assertThat(offsets(trace)).containsExactly(0L, 0L, 5_000_000L, 10_000_000L, 10_000_000L);
  }

  @Test
  void genericCsvWithQuotesBomAndBlankLines() throws IOException {
    Path file =
        write(
            "g.csv",
            "\uFEFFTime, Model ,Prompt,Input_Tokens,note\n"
                + "\n"
                + "0,llama,\"Hello, \"\"world\"\"\",5,\n"
                + "1500, llama , \"multi\r\nline\" ,,x\n"
                + "   \n"
                + "2000,,\"\",3,\"y,z\"\n");
    Trace trace = TraceFile.read(file);
    assertThat(offsets(trace)).containsExactly(0L, 1_500_000_000L, 2_000_000_000L);
    TraceRecord a = trace.records().get(0);
    assertThat(a.model()).isEqualTo("llama");
    assertThat(a.prompt()).isEqualTo("Hello, \"world\"");
    assertThat(a.inputTokens()).isEqualTo(5);
    assertThat(a.outputTokens()).isEqualTo(-1);
    assertThat(a.extra()).isEmpty();
    TraceRecord b = trace.records().get(1);
    assertThat(b.model()).isEqualTo("llama");
    assertThat(b.prompt()).isEqualTo("multi\nline");
    assertThat(b.inputTokens()).isEqualTo(-1);
    assertThat(b.extra()).containsExactly(Map.entry("note", "x"));
    TraceRecord c = trace.records().get(2);
    assertThat(c.model()).isNull();
    assertThat(c.prompt()).isNull();
    assertThat(c.extra()).containsExactly(Map.entry("note", "y,z"));
    // Both records of the same model share one String.
    assertThat(b.model()).isSameAs(a.model());
  }

  @Test
  void formatFromContentJsonArrayAndGzip() throws IOException {
    assertThat(
            TraceFile.read(write("t.txt", "\n  {\"timestamp\": 5}\n{\"timestamp\": 6}\n")).size())
        .isEqualTo(2);
    assertThat(TraceFile.read(write("t.log", "ts,model\n5,m\n")).records().get(0).model())
        .isEqualTo("m");
    assertThat(offsets(TraceFile.read(write("a.json", "[{\"ts\": 5},\n {\"ts\": 7}]\n"))))
        .containsExactly(0L, 2_000_000L);
    // A BOM before JSON lines.
    assertThat(TraceFile.read(write("b.jsonl", "\uFEFF{\"ts\": 1}\n")).size()).isEqualTo(1);
    // The format given wins over the name.
    assertThat(TraceFile.read(write("c.jsonl", "ts\n3\n"), TraceFormat.CSV).size()).isEqualTo(1);

    Path gz = dir.resolve("trace.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("{\"timestamp\": 1}\n{\"timestamp\": 3}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(offsets(TraceFile.read(gz))).containsExactly(0L, 2_000_000L);
  }

  @Test
  void traceChecksOrderAndSpeed() {
    TraceRecord r0 = new TraceRecord(0, -1, -1, null, null, null, null);
    TraceRecord r1 = new TraceRecord(3, 1, 2, "m", null, null, Map.of());
    Trace trace = new Trace("mem", List.of(r0, r1));
    assertThat(r0.extra()).isEmpty();
    assertThat(trace.offsets()).containsExactly(0, 3);
    assertThat(trace.offsets(3.0)).containsExactly(0, 1);
    assertThatThrownBy(() -> trace.offsets(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mem: replay speed 0.0; give a speed > 0 (2.0 replays twice as fast)");
    assertThatThrownBy(() -> trace.offsets(Double.NaN)).hasMessageContaining("replay speed NaN");
    assertThatThrownBy(() -> new Trace("mem", List.of(r1, r0)))
        .hasMessageContaining("mem: record 1 is at 0 ns, before the previous one (3 ns)");
    assertThatThrownBy(() -> new TraceRecord(0, -2, 0, null, null, null, null))
        .hasMessageContaining("token counts are >= 0, or -1 when unknown");
  }

  @Test
  void jsonlErrorsNameTheLineAndTheFix() throws IOException {
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1}\n\n{\"input_length\": 5}\n",
        "trace.jsonl line 3: no timestamp field (expected one of timestamp, time, ts (milliseconds"
            + " or a date-time), offset_ms (milliseconds), timestamp_s, offset_s (seconds))");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": \"abc\"}\n",
        "trace.jsonl line 1: timestamp \"abc\" is not a number; write milliseconds, e.g. 27482,"
            + " or a date-time like 2023-11-16 18:15:46.6805900");
    assertError(
        "trace.jsonl",
        "{\"offset_s\": \"2023-11-16 18:15:46\"}\n",
        "trace.jsonl line 1: offset_s \"2023-11-16 18:15:46\" is not a number; write seconds,"
            + " e.g. \"offset_s\": 12.5");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1}\n{\"timestamp\": -5}\n",
        "trace.jsonl line 2: timestamp is negative (-5); times must be >= 0");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": null}\n",
        "trace.jsonl line 1: timestamp is null; write milliseconds");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1}\n{\"timestamp\": 5 \"input_length\": 3}\n",
        "trace.jsonl line 2: not valid JSON (Unexpected character ('\"'");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1}\n42\n",
        "trace.jsonl line 2: not a JSON object; write one object per line, e.g. {\"timestamp\":"
            + " 27482, \"input_length\": 6955, \"output_length\": 52}");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1, \"offset_s\": 2}\n",
        "trace.jsonl line 1: has both timestamp and offset_s; keep one time field");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1, \"input_length\": \"lots\"}\n",
        "trace.jsonl line 1: input_length \"lots\" is not a whole number; write a whole number of"
            + " tokens >= 0, or leave it out when unknown");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1, \"output_length\": -3}\n",
        "trace.jsonl line 1: output_length is -3; write a whole number of tokens >= 0");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1, \"model\": 3}\n",
        "trace.jsonl line 1: model is 3; write a string, e.g. \"model\": \"...\"");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 1}\n{\"timestamp\": \"2023-11-16 18:15:46\"}\n",
        "trace.jsonl line 2: timestamp is a date-time but earlier records have numbers; use one"
            + " kind of time throughout the file");
    assertError(
        "trace.jsonl",
        "{\"timestamp\": 99999999999999999999}\n",
        "trace.jsonl line 1: timestamp 99999999999999999999 is too large");
    assertError(
        "trace.jsonl",
        "\n\n",
        "trace.jsonl: holds no requests; write one JSON object per line, e.g. {\"timestamp\"");
    assertError("trace.json", "[{\"ts\": 1},", "trace.json line 1: not valid JSON");
  }

  @Test
  void csvErrorsNameTheLineAndTheFix() throws IOException {
    assertError(
        "trace.csv", "", "trace.csv: empty; write a header row naming the columns, e.g. TIMESTAMP");
    assertError(
        "trace.csv",
        "TIMESTAMP,ContextTokens\n\n",
        "trace.csv: holds no requests; write a header row, then one row per request");
    assertError(
        "trace.csv",
        "\nwhen,ContextTokens\n1,2\n",
        "trace.csv line 2: no timestamp column (expected one of timestamp, time, ts");
    assertError(
        "trace.csv",
        "TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.68,1\n2023-13-16 18:15:46.68,1\n",
        "trace.csv line 3: TIMESTAMP \"2023-13-16 18:15:46.68\" is not a date-time; write"
            + " yyyy-MM-dd HH:mm:ss[.fffffffff] with an optional Z or +HH:MM");
    assertError(
        "trace.csv",
        "ts,input_tokens\n12abc,1\n",
        "trace.csv line 2: ts \"12abc\" is not a number; write milliseconds");
    assertError(
        "trace.csv", "ts,input_tokens\n,1\n", "trace.csv line 2: the ts cell is empty; every row");
    assertError(
        "trace.csv",
        "ts,input_tokens\n1,2,3\n",
        "trace.csv line 2: 3 fields but the header has 2; quote fields that contain commas");
    assertError(
        "trace.csv",
        "ts,prompt\n1,\"open\n2,x\n",
        "trace.csv line 2: a quoted field is not closed before the end of the file");
    assertError(
        "trace.csv",
        "ts,prompt\n1,\"a\"b\n",
        "trace.csv line 2: text after the closing quote of field 2; inside a quoted field write a"
            + " quote twice");
    assertError(
        "trace.csv",
        "timestamp,offset_ms\n1,2\n",
        "trace.csv line 1: columns timestamp and offset_ms both give the time; keep one");
    assertError(
        "trace.csv", "ts,input_tokens\n1,2.5\n", "trace.csv line 2: input_tokens \"2.5\" is not a");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> TraceFile.read(dir.resolve("nope.jsonl")))
        .isInstanceOf(FeederException.class)
        .hasMessageContaining("nope.jsonl: no such file; check the path");
  }

  @Test
  void largeTraceLoadsQuickly() throws IOException {
    Path file = dir.resolve("big.jsonl");
    StringBuilder sb = new StringBuilder();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      sb.append("{\"timestamp\": ")
          .append(i * 3L)
          .append(", \"input_length\": ")
          .append(100 + i % 900)
          .append(", \"output_length\": 52, \"hash_ids\": [")
          .append(i)
          .append(", ")
          .append(i + 1)
          .append("]}\n");
    }
    Files.writeString(file, sb);
    long start = System.nanoTime();
    Trace trace = TraceFile.read(file);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(trace.size()).isEqualTo(n);
    assertThat(trace.durationNanos()).isEqualTo((n - 1) * 3_000_000L);
    assertThat(trace.records().get(n - 1).extra().get("hash_ids")).isEqualTo(List.of(n - 1, n));
    // Generous against slow CI machines; a tenth of a second is typical once warm.
    assertThat(millis).isLessThan(5_000);
  }

  private void assertError(String name, String content, String messageStart) throws IOException {
    Path file = write(name, content);
    assertThatThrownBy(() -> TraceFile.read(file))
        .isInstanceOf(FeederException.class)
        .hasMessageStartingWith(messageStart);
  }
}
