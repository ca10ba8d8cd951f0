#!/usr/bin/env bash
# make dev: build, start the emulators, seed the demo tenant, serve the API on 127.0.0.1:$PORT until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
echo "==> building"
$MVN -q install -DskipTests
export MOTO_PORT="${MOTO_PORT:-4566}"
"$ROOT/scripts/moto.sh" start
cleanup() {
  # Each step may fail (the server already gone, its exit status non-zero): none of them may skip stopping moto.
  if [ -n "${APP_PID:-}" ]; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  "$ROOT/scripts/moto.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# DynamoDB, S3, SQS and SES all go to moto, through the SDK's standard endpoint variable.
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:$MOTO_PORT}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
java -jar "$ROOT/local/target/portal-local.jar" &
APP_PID=$!
wait "$APP_PID"
