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
MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTO_PORT MOTO_PIDFILE="$ROOT/.data/moto-bench.pid"
"$ROOT/scripts/moto.sh" start
trap '"$ROOT/scripts/moto.sh" stop' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
java -Dportal.root="$ROOT" \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/bench.classpath")" dev.portal.bench.Bench
