#!/usr/bin/env sh
# Runs one distributed gatling-ml run: injectors, then the merge. Usage: deploy/k8s/run.sh [namespace]
set -eu
cd "$(dirname "$0")"
NS="${1:-default}"
kubectl -n "$NS" delete job gatling-ml-injectors gatling-ml-merge --ignore-not-found
kubectl -n "$NS" apply -f 00-run.yaml
kubectl -n "$NS" apply -f 10-injectors.yaml
# Long enough for the simulation's whole injection profile plus start-up.
kubectl -n "$NS" wait --for=condition=complete --timeout=2h job/gatling-ml-injectors
kubectl -n "$NS" apply -f 20-merge.yaml
kubectl -n "$NS" wait --for=condition=complete --timeout=10m job/gatling-ml-merge
kubectl -n "$NS" logs job/gatling-ml-merge
