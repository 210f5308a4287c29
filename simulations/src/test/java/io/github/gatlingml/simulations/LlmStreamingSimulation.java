/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.GenerationApi;
import io.github.gatlingml.javaapi.MlFeeders;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import io.github.gatlingml.server.InferenceServer;
import io.github.gatlingml.server.ServerConfig;
import io.github.gatlingml.server.engine.Capacity;
import io.github.gatlingml.server.engine.ServiceTime;
import io.github.gatlingml.server.model.LlmSettings;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * LLM streaming: prompts from a shipped JSONL set, an open-model arrival rate ramp, time to first
 * token and time per output token measured per request, goodput under SLOs, and assertions on
 * {@code [ttft]} p95. Gatling's report shows {@code chat}, {@code chat [ttft]} and {@code chat
 * [tpot]}; ml-summary.json has them in microseconds with chunk gaps, tokens/s and goodput.
 *
 * <p>System properties (all optional): {@code ml.rest.url}, {@code ml.grpc.target} (default: an
 * embedded server whose tiny_llm answers after ~80 ms and then every 20 ms), {@code ml.model}
 * (tiny_llm), {@code ml.transport} (openai-chat; also openai-completions, triton-generate-stream,
 * grpc-stream), {@code ml.rate} (start, users/s, 2), {@code ml.rate.max} (8), {@code ml.ramp} (5
 * s), {@code ml.duration} (hold, 15 s), {@code ml.maxTokens} (16), {@code ml.slo.ttft.ms} (200),
 * {@code ml.slo.tpot.ms} (30), {@code ml.p95.ttft.ms} (1000).
 */
public class LlmStreamingSimulation extends Simulation {
  private final InferenceServer embedded;

  {
    String rest = SimulationTarget.blankToNull(System.getProperty("ml.rest.url"));
    String grpc = SimulationTarget.blankToNull(System.getProperty("ml.grpc.target"));
    if (rest == null && grpc == null) {
      embedded =
          InferenceServer.start(
              ServerConfig.onFreePorts()
                  .withCapacity("tiny_llm", Capacity.of(16, Duration.ofMillis(1)))
                  .withLlm(
                      LlmSettings.defaults()
                          .withTtft(ServiceTime.parse("normal(80ms,5ms)"))
                          .withTokenGap(ServiceTime.parse("20ms"))));
      rest = embedded.restBaseUrl();
      grpc = embedded.grpcTarget();
    } else {
      embedded = null;
    }
    String model = System.getProperty("ml.model", "tiny_llm");
    GenerationApi transport = transport(System.getProperty("ml.transport", "openai-chat"));
    double rate = Double.parseDouble(System.getProperty("ml.rate", "2"));
    double maxRate = Double.parseDouble(System.getProperty("ml.rate.max", "8"));
    int ramp = Integer.getInteger("ml.ramp", 5);
    int hold = Integer.getInteger("ml.duration", 15);
    int maxTokens = Integer.getInteger("ml.maxTokens", 16);
    long sloTtft = Long.getLong("ml.slo.ttft.ms", 200);
    long sloTpot = Long.getLong("ml.slo.tpot.ms", 30);
    int p95Ttft = Integer.getInteger("ml.p95.ttft.ms", 1000);

    MlProtocolBuilder protocol = ml.model(model);
    if (rest != null) {
      protocol = protocol.restBaseUrl(rest);
    }
    if (grpc != null) {
      protocol = protocol.grpcTarget(grpc);
    }

    setUp(
            scenario("llm " + transport.label())
                .feed(MlFeeders.promptsJsonl(prompts()).circular())
                .exec(
                    generate("chat")
                        .api(transport)
                        .maxTokens(maxTokens)
                        .slo(Duration.ofMillis(sloTtft), Duration.ofMillis(sloTpot))
                        .check(outputTokens().gte(1)))
                .injectOpen(
                    rampUsersPerSec(rate).to(maxRate).during(Duration.ofSeconds(ramp)),
                    constantUsersPerSec(maxRate).during(Duration.ofSeconds(hold))))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(ramp + hold + 60L))
        .assertions(
            details("chat [ttft]").responseTime().percentile(95.0).lt(p95Ttft),
            global().failedRequests().percent().lt(1.0));
  }

  private static String prompts() {
    try {
      return Path.of(LlmStreamingSimulation.class.getResource("/prompts.jsonl").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GenerationApi transport(String label) {
    return GenerationApi.fromLabel(label);
  }

  @Override
  public void after() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
