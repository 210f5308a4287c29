#!/usr/bin/env bash
# The regression suite, as CI runs it (GitHub Actions: .github/workflows/regression.yml; GitLab CI:
# ci/gitlab-regression.yml; the container: deploy/regression/Dockerfile):
#   ci/regression.sh          run the suite, compare it with the committed baseline
#   ci/regression.sh save     run the suite, save it as the new baseline (commit the file by hand)
# Exit codes are compare's: 0 pass, 1 regression, 2 no verdict (unusable input, or the simulation
# itself failed). Outputs (compare.md, compare-junit.xml, compare.json, the run's ml-summary.json
# and ml-report.html) go to $GATLING_ML_OUT (default target/regression).
# docs/regression.md explains the suite; PipelineFilesTest checks that this script, the pipelines
# and the repository agree (simulation class, flags, files).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mode="${1:-compare}"
baseline="${GATLING_ML_BASELINE:-baselines/regression-suite.json}"
criteria="${GATLING_ML_CRITERIA:-baselines/regression-criteria.json}"
out="${GATLING_ML_OUT:-target/regression}"
mkdir -p "$out"

# The suite: the README's baseline latency profile against the embedded server (4 slots of 2 ms),
# 4 closed-loop users per transport, REST JSON and gRPC, 2 s ramp and 40 s hold.
if ! ./mvnw -B -ntp -pl simulations -am test-compile gatling:test \
    -Dgatling.simulationClass=io.github.gatlingml.simulations.BaselineLatencySimulation \
    -Dml.users=4 -Dml.ramp=2 -Dml.duration=40 -Dml.transports=rest-json,grpc \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true; then
  echo "gatling-ml: unusable input: the regression suite's simulation failed (build error or a" \
    "Gatling assertion): no comparison" >&2
  exit 2
fi
run="$(ls -dt simulations/target/gatling/baselinelatencysimulation-* | head -n 1)"
cp "$run/ml-summary.json" "$run/ml-report.html" "$out/"

if [[ "$mode" == "save" ]]; then
  exec bin/gatling-ml baseline save "$run" -o "$baseline" \
    --note "regression suite, saved by ci/regression.sh on $(hostname)"
fi
exec bin/gatling-ml compare "$baseline" "$run" --criteria "$criteria" \
  --markdown "$out/compare.md" --junit "$out/compare-junit.xml" --json "$out/compare.json"
