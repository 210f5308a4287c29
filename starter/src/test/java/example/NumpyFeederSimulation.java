package example;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.github.gatlingml.javaapi.MlDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.github.gatlingml.feeder.ModelSignature;
import io.github.gatlingml.javaapi.MlFeeders;
import io.github.gatlingml.javaapi.MlProtocolBuilder;
import java.time.Duration;

/**
 * Real payloads from NumPy files: each row of {@code data/input0.npy} and {@code data/input1.npy}
 * (src/test/resources, 32 rows of 16 float32 values) is one request, checked against the model's
 * metadata when the simulation starts, so a wrong dtype or shape stops it before any load.
 *
 * <p>{@code ./mvnw gatling:test -Dgatling.simulationClass=example.NumpyFeederSimulation
 * -Dml.grpc.target=localhost:8001 -Drate=20 -Dduration=20}
 */
public class NumpyFeederSimulation extends Simulation {
  private final String restUrl = System.getProperty("ml.rest.url", "http://localhost:8000");
  private final String grpcTarget = System.getProperty("ml.grpc.target", "localhost:8001");
  private final double rate = Double.parseDouble(System.getProperty("rate", "20")); // users/s
  private final Duration duration = Duration.ofSeconds(Integer.getInteger("duration", 20));

  private final MlProtocolBuilder kserve =
      ml.restBaseUrl(restUrl).grpcTarget(grpcTarget).model("add_sub");

  // Fetched now, at simulation start, over the protocol's own endpoint.
  private final ModelSignature addSub = MlFeeders.modelFrom(kserve, "add_sub");

  private final ScenarioBuilder predict =
      scenario("numpy rows")
          .feed(
              MlFeeders.npy("data/input0.npy", "INPUT0")
                  .andNpy("data/input1.npy", "INPUT1") // rows paired by index
                  .tensors()
                  .checkedAgainst(addSub)
                  .feeder()
                  .circular())
          .exec(
              infer("add_sub rows")
                  .inputsFromFeeder() // every input of the record
                  .output("OUTPUT0")
                  .check(output("OUTPUT0").shape().is(1, 16)));

  {
    setUp(predict.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(kserve)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
