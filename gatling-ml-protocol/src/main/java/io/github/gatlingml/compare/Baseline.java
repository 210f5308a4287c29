/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatlingml.internal.metrics.SummaryWriter;
import io.github.gatlingml.metrics.RunSummary;
import io.github.gatlingml.metrics.SummaryReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run kept as the reference of later runs, in a file meant for version control: the part of its
 * {@code ml-summary.json} a {@link Comparison} needs (request totals, time series, histograms, the
 * injector's verdict, the load report; not the scraped server metrics) and where it came from
 * (commit, branch, date, injector, models, a note).
 *
 * <p>{@link #read(Path)} reads a baseline file or a plain {@code ml-summary.json} (then {@link
 * #fromSummary()} is true and the metadata is what the summary itself says), so every place that
 * takes a baseline takes either. The file is indented JSON whose maps are sorted by name, so two
 * baselines of similar runs differ line by line where the runs differ.
 *
 * <pre>{@code
 * Baseline b = Baseline.read(Path.of("baselines/regression-suite.json"));
 * Comparison c = Comparison.compare(b.summary(), current, Criteria.defaults());
 * }</pre>
 *
 * @param metadata where the run came from
 * @param summary the run's numbers
 * @param fromSummary true when read from a plain {@code ml-summary.json}, not a baseline file
 */
public record Baseline(Metadata metadata, RunSummary summary, boolean fromSummary) {
  /** The value of a baseline file's {@code "schema"} field. */
  public static final String SCHEMA = "gatling-ml/baseline/1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks that both parts are given. */
  public Baseline {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(summary, "summary");
  }

  /**
   * The model (and its version, when known) that a request name called.
   *
   * @param name the model's name, or {@code null} when the summary does not say
   * @param version the model's version, or {@code null} when unknown (the summary does not record
   *     it: it is given when the baseline is saved)
   */
  public record Model(String name, String version) {}

  /**
   * Where a baseline's run came from. Every field but {@code simulation} and {@code runId} may be
   * {@code null} when unknown.
   *
   * @param createdAt when the baseline was saved (for a plain summary: when its run started)
   * @param gitCommit the commit the run was made from
   * @param gitBranch its branch
   * @param simulation the simulation's name
   * @param runId the run's identifier
   * @param injectorHost the load generator's host
   * @param injectorCpus its processors (0 when unknown)
   * @param gatlingMlVersion the gatling-ml version that saved the baseline
   * @param note free text given when saving
   * @param models the model of each request name, sorted by name
   */
  public record Metadata(
      Instant createdAt,
      String gitCommit,
      String gitBranch,
      String simulation,
      String runId,
      String injectorHost,
      int injectorCpus,
      String gatlingMlVersion,
      String note,
      Map<String, Model> models) {
    /** Checks the names and sorts the models. */
    public Metadata {
      Objects.requireNonNull(simulation, "simulation");
      Objects.requireNonNull(runId, "runId");
      models = java.util.Collections.unmodifiableMap(new TreeMap<>(models));
    }

    /**
     * One line for a terminal or a CI log, e.g. {@code commit 3f2a9c1 on main, 2026-11-29,
     * simulation BaselineLatencySimulation, run 1764450000000}.
     *
     * @return what is known, comma-separated
     */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (gitCommit != null) {
        String shortCommit = gitCommit.length() > 12 ? gitCommit.substring(0, 12) : gitCommit;
        parts.add("commit " + shortCommit + (gitBranch != null ? " on " + gitBranch : ""));
      } else if (gitBranch != null) {
        parts.add("branch " + gitBranch);
      }
      if (createdAt != null) {
        parts.add(createdAt.toString().substring(0, 10));
      }
      parts.add("simulation " + simulation);
      parts.add("run " + runId);
      if (note != null) {
        parts.add("note: " + note);
      }
      return String.join(", ", parts);
    }
  }

  /**
   * The metadata a plain summary carries about itself: no git, no versions, the run's start as the
   * date.
   *
   * @param summary the run
   * @return its metadata
   */
  public static Metadata metadataOf(RunSummary summary) {
    return metadataOf(
        summary, null, null, null, null, Map.of(), Instant.ofEpochMilli(summary.startEpochMs()));
  }

  /**
   * The metadata of a baseline saved now from a run.
   *
   * @param summary the run
   * @param gitCommit the commit, or {@code null}
   * @param gitBranch the branch, or {@code null}
   * @param gatlingMlVersion the version saving it, or {@code null}
   * @param note free text, or {@code null}
   * @param versions the model version of some request names (others get none)
   * @param createdAt when it is saved
   * @return the metadata, with each request name's model from the summary
   */
  public static Metadata metadataOf(
      RunSummary summary,
      String gitCommit,
      String gitBranch,
      String gatlingMlVersion,
      String note,
      Map<String, String> versions,
      Instant createdAt) {
    Map<String, Model> models = new TreeMap<>();
    summary
        .requests()
        .forEach((name, r) -> models.put(name, new Model(r.model(), versions.get(name))));
    return new Metadata(
        createdAt,
        gitCommit,
        gitBranch,
        summary.simulation(),
        summary.runId(),
        summary.injector().host(),
        summary.injector().cpus(),
        gatlingMlVersion,
        note,
        models);
  }

  /**
   * The baseline of a run: its summary without the scraped server metrics, which no comparison
   * reads and which would make the file large.
   *
   * @param summary the run
   * @param metadata where it came from
   * @return the baseline
   */
  public static Baseline of(RunSummary summary, Metadata metadata) {
    return new Baseline(metadata, summary.withServerMetrics(null), false);
  }

  /**
   * Reads a baseline file, or a plain {@code ml-summary.json}.
   *
   * @param file the file
   * @return the baseline
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is neither, naming the file and the first bad field
   */
  public static Baseline read(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a baseline file's text, or a plain summary's.
   *
   * @param json the document
   * @return the baseline
   * @throws IllegalArgumentException if it is neither, naming the first bad field
   */
  public static Baseline fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String schema = root.path("schema").asText(null);
    if (RunSummary.SCHEMA.equals(schema)) {
      RunSummary s = SummaryReader.fromJson(json);
      return new Baseline(metadataOf(s), s, true);
    }
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "schema is '"
              + schema
              + "': neither a baseline ('"
              + SCHEMA
              + "') nor a run summary ('"
              + RunSummary.SCHEMA
              + "')");
    }
    JsonNode summaryNode = root.get("summary");
    if (summaryNode == null || !summaryNode.isObject()) {
      throw new IllegalArgumentException(
          "summary is missing: a baseline file holds the run's summary under \"summary\"");
    }
    RunSummary summary;
    try {
      summary = SummaryReader.fromJson(summaryNode.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("summary: " + e.getMessage(), e);
    }
    JsonNode m = root.get("metadata");
    if (m == null || !m.isObject()) {
      throw new IllegalArgumentException("metadata is missing or not an object");
    }
    Instant created = null;
    String createdText = optionalText(m, "created_at");
    if (createdText != null) {
      try {
        created = Instant.parse(createdText);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "metadata.created_at '" + createdText + "' is not an ISO-8601 instant", e);
      }
    }
    JsonNode git = m.path("git");
    JsonNode injector = m.path("injector");
    Map<String, Model> models = new TreeMap<>();
    m.path("models")
        .fields()
        .forEachRemaining(
            e ->
                models.put(
                    e.getKey(),
                    new Model(
                        optionalText(e.getValue(), "model"),
                        optionalText(e.getValue(), "version"))));
    Metadata metadata =
        new Metadata(
            created,
            optionalText(git, "commit"),
            optionalText(git, "branch"),
            summary.simulation(),
            summary.runId(),
            optionalText(injector, "host"),
            injector.path("cpus").asInt(0),
            optionalText(m, "gatling_ml_version"),
            optionalText(m, "note"),
            models);
    return new Baseline(metadata, summary, false);
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * The baseline file's text: indented, fields in a fixed order, maps sorted by name.
   *
   * @return the JSON document, ending with a newline
   */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    ObjectNode m = root.putObject("metadata");
    if (metadata.createdAt() != null) {
      m.put("created_at", metadata.createdAt().toString());
    }
    if (metadata.gitCommit() != null || metadata.gitBranch() != null) {
      ObjectNode git = m.putObject("git");
      if (metadata.gitCommit() != null) {
        git.put("commit", metadata.gitCommit());
      }
      if (metadata.gitBranch() != null) {
        git.put("branch", metadata.gitBranch());
      }
    }
    m.put("simulation", metadata.simulation());
    m.put("run_id", metadata.runId());
    ObjectNode injector = m.putObject("injector");
    if (metadata.injectorHost() != null) {
      injector.put("host", metadata.injectorHost());
    }
    injector.put("cpus", metadata.injectorCpus());
    if (metadata.gatlingMlVersion() != null) {
      m.put("gatling_ml_version", metadata.gatlingMlVersion());
    }
    if (metadata.note() != null) {
      m.put("note", metadata.note());
    }
    ObjectNode models = m.putObject("models");
    metadata
        .models()
        .forEach(
            (name, model) -> {
              ObjectNode n = models.putObject(name);
              n.put("model", model.name());
              n.put("version", model.version());
            });
    root.set("summary", SummaryWriter.toTree(summary));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the baseline file, creating its folder.
   *
   * @param file e.g. {@code baselines/regression-suite.json}
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }
}
