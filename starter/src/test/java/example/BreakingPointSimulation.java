package example;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.LoadPlan;
import io.github.gatlingml.javaapi.MlLoad;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;

/**
 * The breaking point of {@code add_sub}: an arrival rate that steps up from {@code start}/s by
 * {@code step}/s every {@code stepSeconds}, after a warm-up, with Triton's metrics endpoint
 * scraped alongside. At the end of the run the plugin prints each step's numbers, the knee, the
 * maximum sustainable rate and what the server metrics say about them; all of it is in {@code
 * ml-summary.json} ({@code load}) and {@code ml-report.html}. With {@code -Drequire=N} the run's
 * assertions fail when the maximum sustainable rate is below N/s.
 *
 * <p>{@code ./mvnw gatling:test -Dgatling.simulationClass=example.BreakingPointSimulation
 * -Dml.rest.url=http://localhost:8000 -Dml.metrics.url=http://localhost:8002/metrics -Dstart=100
 * -Dstep=100 -Dsteps=10 -DstepSeconds=30}
 */
public class BreakingPointSimulation extends Simulation {
  private final String restUrl = System.getProperty("ml.rest.url", "http://localhost:8000");
  // Triton's metrics port; the stand-in server prints its own at start-up.
  private final String metricsUrl =
      System.getProperty("ml.metrics.url", "http://localhost:8002/metrics");

  {
    MlProtocolBuilder kserve = ml.restBaseUrl(restUrl).model("add_sub").scrape(metricsUrl);
    LoadPlan plan =
        MlLoad.rateSteps(
                Double.parseDouble(System.getProperty("start", "100")),
                Double.parseDouble(System.getProperty("step", "100")),
                Integer.getInteger("steps", 10),
                Duration.ofSeconds(Integer.getInteger("stepSeconds", 30)))
            .warmUp(Duration.ofSeconds(Integer.getInteger("warmUpSeconds", 10)))
            // Sustainable: at most 1% errors and p99 within 200 ms (from the intended start).
            .sustainable(1.0, 99, Duration.ofMillis(Integer.getInteger("p99Ms", 200)));
    String require = System.getProperty("require");
    if (require != null) {
      plan = plan.requireMaxSustainable(Double.parseDouble(require));
    }
    setUp(
            plan.population(
                "breaking point",
                exec(
                    infer("add_sub")
                        .transport(InferTransport.REST_JSON)
                        .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                        .inputValues("INPUT1", FP32, shape(1, 16), new double[16]))))
        .protocols(kserve)
        .assertions(require != null ? java.util.List.of(plan.assertion()) : java.util.List.of());
  }
}
