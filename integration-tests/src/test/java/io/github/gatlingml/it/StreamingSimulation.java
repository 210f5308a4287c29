/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.GenerateActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Token streams on every transport against the embedded tiny_llm (TTFT 80 ms, then a token every 20
 * ms, 8 tokens), with exact counts asserted by Gatling. Run from {@link StreamingTest}.
 */
public class StreamingSimulation extends Simulation {
  static final int PER_TRANSPORT = 6;
  static final int TOKENS = 8;
  static final String[] NAMES = {
    "openai chat",
    "openai completions",
    "triton stream",
    "grpc stream",
    "triton generate",
    "tgi stream",
    "tgi generate"
  };

  {
    String rest = GatlingRun.property("it.rest.url");
    String grpc = GatlingRun.property("it.grpc.target");
    List<GenerateActionBuilder> requests =
        List.of(
            generate(NAMES[0]).openAiChat(),
            generate(NAMES[1]).openAiCompletions(),
            generate(NAMES[2]).tritonStream(),
            generate(NAMES[3]).grpcStream(),
            generate(NAMES[4]).tritonGenerate(),
            generate(NAMES[5]).tgiStream(),
            generate(NAMES[6]).tgiGenerate());
    List<io.gatling.javaapi.core.PopulationBuilder> populations = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      GenerateActionBuilder r = requests.get(i);
      boolean streamed = !NAMES[i].endsWith(" generate");
      // Not streamed, Triton's generate gives no token count: one chunk is all it can count. TGI
      // gives its own (details.generated_tokens).
      int tokens = streamed || NAMES[i].startsWith("tgi") ? TOKENS : 1;
      ScenarioBuilder s =
          scenario(NAMES[i])
              .repeat(PER_TRANSPORT)
              .on(
                  exec(session ->
                          session.set(
                              "prompt", "tell me about load test number " + session.userId()))
                      // Streams meet a roomy SLO; no answer can meet a TTFT under the server's
                      // fixed 80 ms.
                      .exec(
                          r.model("tiny_llm")
                              .maxTokens(TOKENS)
                              .slo(
                                  streamed ? Duration.ofSeconds(1) : Duration.ofMillis(50),
                                  streamed ? Duration.ofMillis(100) : null)
                              .check(
                                  ttft().lt(Duration.ofSeconds(2)),
                                  text().matches("\\w+"),
                                  text().saveAs("reply"))
                              .check(outputTokens().is(tokens))));
      populations.add(s.injectOpen(atOnceUsers(2)));
    }
    // A conversation: the history grows by a user turn and a reply per request.
    populations.add(
        scenario("conversation")
            .repeat(3)
            .on(
                exec(
                    generate("conversation turn")
                        .model("tiny_llm")
                        .openAiChat()
                        .prompt("and then?")
                        .maxTokens(4)
                        .conversation("history")))
            .injectOpen(atOnceUsers(1)));
    // A client-side tokenizer (here: words, which is what tiny_llm's tokens are) when the server
    // gives no count (Triton's generate_stream does not): the count must be the server's length.
    populations.add(
        scenario("tokenized")
            .repeat(2)
            .on(
                exec(
                    generate("triton stream tokenized")
                        .model("tiny_llm")
                        .tritonStream()
                        .prompt("count my words")
                        .maxTokens(TOKENS)
                        .tokenizer(text -> text.split(" ").length)
                        .check(outputTokens().is(TOKENS))))
            .injectOpen(atOnceUsers(1)));
    // A chat-form record (messages, no prompt) sent to APIs that take a prompt: its contents are
    // joined into one.
    populations.add(
        scenario("messages only")
            .exec(
                exec(
                    session ->
                        session.set(
                            "messages",
                            List.of(
                                java.util.Map.of("role", "system", "content", "be brief"),
                                java.util.Map.of("role", "user", "content", "count to three")))),
                generate("grpc stream from messages")
                    .model("tiny_llm")
                    .grpcStream()
                    .maxTokens(TOKENS)
                    .check(outputTokens().is(TOKENS)),
                generate("triton stream from messages")
                    .model("tiny_llm")
                    .tritonStream()
                    .maxTokens(TOKENS)
                    .check(outputTokens().is(TOKENS)))
            .injectOpen(atOnceUsers(1)));
    // Failures: an unknown model over SSE and over gRPC.
    populations.add(
        scenario("unknown model")
            .exec(
                generate("unknown model sse").model("no_such_llm").openAiChat().prompt("hi"),
                generate("unknown model grpc").model("no_such_llm").grpcStream().prompt("hi"))
            .injectOpen(atOnceUsers(1)));

    List<io.gatling.javaapi.core.Assertion> assertions = new ArrayList<>();
    for (String name : NAMES) {
      assertions.add(details(name).successfulRequests().count().is((long) 2 * PER_TRANSPORT));
      assertions.add(details(name + " [ttft]").allRequests().count().is((long) 2 * PER_TRANSPORT));
    }
    assertions.add(details("conversation turn").successfulRequests().count().is(3L));
    assertions.add(details("triton stream tokenized").successfulRequests().count().is(2L));
    assertions.add(details("grpc stream from messages").successfulRequests().count().is(1L));
    assertions.add(details("triton stream from messages").successfulRequests().count().is(1L));
    assertions.add(details("unknown model sse").failedRequests().count().is(1L));
    assertions.add(details("unknown model grpc").failedRequests().count().is(1L));
    // Gatling's global figures are those of the requests sent: [ttft] and [tpot] are groups, not
    // requests. Sent: every API's streams, 3 turns, 2 tokenized, 2 from messages, 2 unknown.
    long sent = (long) NAMES.length * 2 * PER_TRANSPORT + 3 + 2 + 2 + 2;
    assertions.add(global().allRequests().count().is(sent));
    assertions.add(global().failedRequests().count().is(2L));
    setUp(populations)
        .protocols(
            ml.restBaseUrl(rest)
                .grpcTarget(grpc)
                .summaryPath(GatlingRun.property(GatlingRun.SUMMARY)))
        .maxDuration(Duration.ofSeconds(60))
        .assertions(assertions);
  }
}
