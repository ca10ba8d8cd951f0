#!/usr/bin/env bash
# make bench: cold start, warm overhead and cost per request of every function's deployable jar (bench/functions.conf),
# against one moto server (DynamoDB, S3, SQS, SES v2). A benchmark, not a test: it never fails
# on a timing. Knobs: see bench/README.md (BENCH_ROUNDS, BENCH_WARMUP, BENCH_ITERATIONS, BENCH_AOT, BENCH_EMAIL_*).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
echo "==> building the function jars and the bench"
$MVN -q install -DskipTests
echo "==> starting moto server (DynamoDB, S3, SQS, SES) for the bench"
# A free port and its own pid file, so the bench never collides with a running `make dev` or `make test`.
# BENCH_MOTO_PORT picks it instead (a machine where each user has a port range).
MOTO_PORT=${BENCH_MOTO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export MOTO_PORT MOTO_PIDFILE="$ROOT/.data/moto-bench.pid"
"$ROOT/scripts/moto.sh" start
trap '"$ROOT/scripts/moto.sh" stop' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
# The run takes minutes and executes these jars all along; a `make test` or `make build` in this tree meanwhile
# rewrites them in place (a child would read a half-written jar). So the bench runs copies, taken right after its build:
# the function jars, the bench's own jars and classes, and the project jars on the orchestrator's class path.
SNAP="$ROOT/bench/target/snapshot"
rm -rf "$SNAP"
mkdir -p "$SNAP/bench/target" "$SNAP/lib"
for jar in "$ROOT"/functions/*/target/*.jar; do
  module=$(basename "$(dirname "$(dirname "$jar")")")
  [ "$(basename "$jar")" = "$module.jar" ] || continue
  mkdir -p "$SNAP/functions/$module/target"
  cp "$jar" "$SNAP/functions/$module/target/"
done
cp "$ROOT"/bench/target/floor.jar "$ROOT"/bench/target/*-runner.jar "$ROOT"/bench/target/*-probe.jar \
  "$ROOT/bench/target/runtime.classpath" "$SNAP/bench/target/"
cp -r "$ROOT/bench/target/classes" "$SNAP/classes"
CLASSPATH_SNAP="$SNAP/classes"
IFS=: read -ra ENTRIES < "$ROOT/bench/target/bench.classpath" || true
for entry in "${ENTRIES[@]}"; do
  case "$entry" in
    "$ROOT"/functions/*) entry="$SNAP/${entry#"$ROOT"/}" ;;
    "$ROOT"/*) cp "$entry" "$SNAP/lib/" && entry="$SNAP/lib/$(basename "$entry")" ;;
  esac
  CLASSPATH_SNAP="$CLASSPATH_SNAP:$entry"
done
java -Dportal.root="$ROOT" -Dportal.artifacts="$SNAP" -cp "$CLASSPATH_SNAP" dev.portal.bench.Bench
