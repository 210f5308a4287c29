package example;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.MlFeeders;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;

/**
 * LLM streaming over an OpenAI-compatible {@code /v1/chat/completions} endpoint (vLLM, TGI, SGLang,
 * Triton's frontend, or gatling-ml's server with {@code tiny_llm}): time to first token (TTFT),
 * time per output token (TPOT) and goodput under SLOs, with TTFT assertions.
 *
 * <p>{@code ./mvnw gatling:test -Dgatling.simulationClass=example.LlmStreamingSimulation
 * -Dml.rest.url=http://localhost:8000 -Dml.model=tiny_llm -Drate=2 -Dduration=20}
 */
public class LlmStreamingSimulation extends Simulation {
  private final String restUrl = System.getProperty("ml.rest.url", "http://localhost:8000");
  private final String model = System.getProperty("ml.model", "tiny_llm");
  private final double rate = Double.parseDouble(System.getProperty("rate", "2")); // users/s
  private final Duration duration = Duration.ofSeconds(Integer.getInteger("duration", 20));

  private final MlProtocolBuilder llm = ml.restBaseUrl(restUrl).model(model);

  private final ScenarioBuilder chat =
      scenario("chat")
          // src/test/resources/prompts.jsonl, found on the classpath like Gatling's csv(...)
          .feed(MlFeeders.promptsJsonl("prompts.jsonl").circular())
          .exec(
              generate("chat")
                  .openAiChat()
                  .maxTokens(32)
                  // goodput: streams whose TTFT <= 500 ms and TPOT <= 50 ms
                  .slo(Duration.ofMillis(500), Duration.ofMillis(50))
                  .check(
                      ttft().lt(Duration.ofSeconds(2)), // one stream's TTFT, a KO if slower
                      outputTokens().gte(1)));

  {
    setUp(chat.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(llm)
        .assertions(
            // Gatling's report has "chat", "chat [ttft]" and "chat [tpot]"; times in milliseconds
            details("chat [ttft]").responseTime().percentile(95.0).lt(1000),
            global().failedRequests().percent().lt(1.0));
  }
}
