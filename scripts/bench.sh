#!/usr/bin/env bash
# make bench: cold start, warm overhead and cost per request of every function's deployable jar (bench/functions.conf),
# against one DynamoDB Local. A benchmark, not a test: it never fails on a timing. Knobs: BENCH_ROUNDS (7),
# BENCH_WARMUP (500), BENCH_ITERATIONS (2000), BENCH_AOT (1: also cold starts with a JDK AOT cache; 0: skip).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
echo "==> building the function jars and the bench"
$MVN -q install -DskipTests
java -Dsqlite4java.library.path="$ROOT/bench/target/native-libs" -Dportal.root="$ROOT" \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/bench.classpath")" dev.portal.bench.Bench
