/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No cluster is reachable here, so the manifests under {@code deploy/k8s} are parsed and held to
 * what the runner relies on: an Indexed Job whose completions and parallelism equal the injector
 * count it announces, the index left to Kubernetes ({@code JOB_COMPLETION_INDEX}), one run id for
 * every pod, each injector's results in its own folder of a shared volume, and a merge Job that
 * mounts the same volume and merges exactly the files the injectors write.
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of("../deploy/k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Map<String, JsonNode> byName() throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    List<Path> files;
    try (var s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(f.toFile())) {
        for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
          out.put(
              doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(), doc);
        }
      }
    }
    return out;
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> out = new HashMap<>();
    container.path("env").forEach(e -> out.put(e.path("name").asText(), e));
    return out;
  }

  private static String script(JsonNode container) {
    List<String> words = new ArrayList<>();
    container.path("command").forEach(w -> words.add(w.asText()));
    container.path("args").forEach(w -> words.add(w.asText()));
    return String.join(" ", words);
  }

  @Test
  void theInjectorsAreAnIndexedJobOfTheAnnouncedSize() throws Exception {
    Map<String, JsonNode> docs = byName();
    JsonNode job = docs.get("Job/gatling-ml-injectors");
    assertThat(job).as("the injectors' Job").isNotNull();
    JsonNode spec = job.path("spec");
    assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
    int n = spec.path("completions").asInt();
    assertThat(n).isGreaterThan(1);
    assertThat(spec.path("parallelism").asInt()).as("all injectors at once").isEqualTo(n);
    assertThat(spec.path("template").path("spec").path("restartPolicy").asText())
        .isEqualTo("Never");

    JsonNode pod = spec.path("template").path("spec");
    assertThat(pod.path("containers")).hasSize(1);
    JsonNode c = pod.path("containers").get(0);
    Map<String, JsonNode> env = env(c);
    assertThat(env.get("GATLING_ML_INJECTOR_COUNT").path("value").asText())
        .as("the count the summaries announce")
        .isEqualTo(Integer.toString(n));
    assertThat(env)
        .as("the index must come from Kubernetes' JOB_COMPLETION_INDEX, not be overridden")
        .doesNotContainKeys("GATLING_ML_INJECTOR_INDEX", "JOB_COMPLETION_INDEX");
    JsonNode runId = env.get("GATLING_ML_RUN_ID").path("valueFrom").path("configMapKeyRef");
    assertThat(runId.path("name").asText()).isEqualTo("gatling-ml-run");
    assertThat(
            docs.get("ConfigMap/gatling-ml-run")
                .path("data")
                .path(runId.path("key").asText())
                .asText())
        .isNotBlank();
    String command = script(c);
    assertThat(command)
        .contains("io.gatling.app.Gatling")
        .contains("--add-opens java.base/java.lang=ALL-UNNAMED")
        .contains("-rf \"/results/$GATLING_ML_RUN_ID/injector-$JOB_COMPLETION_INDEX\"");
    assertThat(c.path("resources").path("requests").path("cpu").asText()).isNotBlank();
  }

  @Test
  void theMergeReadsWhatTheInjectorsWriteOnTheSameVolume() throws Exception {
    Map<String, JsonNode> docs = byName();
    JsonNode injectors =
        docs.get("Job/gatling-ml-injectors").path("spec").path("template").path("spec");
    JsonNode merge = docs.get("Job/gatling-ml-merge").path("spec").path("template").path("spec");
    assertThat(merge.isMissingNode()).as("the merge Job").isFalse();

    String claim = claim(injectors);
    assertThat(claim).isEqualTo(claim(merge));
    assertThat(docs).containsKey("PersistentVolumeClaim/" + claim);
    assertThat(
            docs.get("PersistentVolumeClaim/" + claim).path("spec").path("accessModes").toString())
        .contains("ReadWriteMany");
    String mountIn = mountPath(injectors);
    assertThat(mountPath(merge)).isEqualTo(mountIn).isEqualTo("/results");

    JsonNode c = merge.path("containers").get(0);
    String command = script(c);
    // Each injector's Gatling run folder sits under its -rf folder: one level of glob below it.
    assertThat(command)
        .contains("gatling-ml.jar merge")
        .contains(mountIn + "/$GATLING_ML_RUN_ID/injector-*/*/ml-summary.json")
        .contains("-o " + mountIn + "/$GATLING_ML_RUN_ID/merged/ml-summary.json");
    assertThat(env(c).get("GATLING_ML_RUN_ID").toString())
        .isEqualTo(env(injectors.path("containers").get(0)).get("GATLING_ML_RUN_ID").toString());
    assertThat(Files.readString(DIR.resolve("run.sh")))
        .as("the merge starts once every injector has completed")
        .containsSubsequence(
            "apply -f 10-injectors.yaml",
            "wait --for=condition=complete",
            "job/gatling-ml-injectors",
            "apply -f 20-merge.yaml");
  }

  private static String claim(JsonNode pod) {
    String volume = pod.path("containers").get(0).path("volumeMounts").get(0).path("name").asText();
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(volume)) {
        return v.path("persistentVolumeClaim").path("claimName").asText();
      }
    }
    throw new AssertionError("no volume " + volume);
  }

  private static String mountPath(JsonNode pod) {
    return pod.path("containers").get(0).path("volumeMounts").get(0).path("mountPath").asText();
  }
}
