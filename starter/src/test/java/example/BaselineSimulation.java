package example;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.javaapi.InferTransport;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;

/**
 * Baseline latency of a KServe v2 / Triton model: ramp up to {@code users} concurrent users, hold,
 * and check p95 latency and the error rate. The target is Triton's {@code add_sub} example model
 * (two FP32 [1,16] inputs).
 *
 * <p>{@code ./mvnw gatling:test -Dml.rest.url=http://localhost:8000 -Dml.grpc.target=localhost:8001
 * -Dml.transport=grpc -Dusers=10 -Dramp=5 -Dduration=20}
 */
public class BaselineSimulation extends Simulation {
  private final String restUrl = System.getProperty("ml.rest.url", "http://localhost:8000");
  private final String grpcTarget = System.getProperty("ml.grpc.target", "localhost:8001");
  // grpc, grpc-typed, rest-json or rest-binary; an unknown label lists the valid ones.
  private final InferTransport transport =
      InferTransport.fromLabel(System.getProperty("ml.transport", "grpc"));
  private final int users = Integer.getInteger("users", 10);
  private final Duration ramp = Duration.ofSeconds(Integer.getInteger("ramp", 5));
  private final Duration hold = Duration.ofSeconds(Integer.getInteger("duration", 20));

  private final MlProtocolBuilder kserve =
      ml.restBaseUrl(restUrl).grpcTarget(grpcTarget).model("add_sub");

  private final ScenarioBuilder baseline =
      scenario("baseline")
          // Each user loops for ramp + hold from its own start, so the last ones to start end
          // `ramp` after the hold: the run ramps up, holds, then ramps down.
          .during(ramp.plus(hold))
          .on(
              exec(
                  infer("add_sub")
                      .transport(transport)
                      .inputValues("INPUT0", FP32, shape(1, 16), new double[16])
                      .inputValues("INPUT1", FP32, shape(1, 16), ones())
                      .output("OUTPUT0")
                      .check(output("OUTPUT0").shape().is(1, 16))));

  {
    setUp(
            baseline.injectClosed(
                rampConcurrentUsers(0).to(users).during(ramp),
                constantConcurrentUsers(users).during(hold)))
        .protocols(kserve)
        .assertions(
            global().responseTime().percentile(95.0).lt(500), // milliseconds
            global().failedRequests().percent().lt(1.0));
  }

  private static double[] ones() {
    double[] v = new double[16];
    java.util.Arrays.fill(v, 1.0);
    return v;
  }
}
