#!/usr/bin/env bash
# make dev: build, start the emulators, seed the demo tenant, serve the API on 127.0.0.1:$PORT and the browser portal
# on 127.0.0.1:$PORTAL_PORT (default 8081; PORTAL_ORIGINS, the API's CORS origins, defaults to it) until Ctrl-C.
# With AWS_ENDPOINT_URL set to an emulator that already runs (LocalStack, Floci, a moto of your own), that one is used
# and no moto is started or stopped.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
OWN_MOTO=1
if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
  # Any HTTP answer (even a 404) shows something listens there; a refused connection or a timeout does not.
  if ! curl -s -o /dev/null --max-time 5 "$AWS_ENDPOINT_URL"; then
    echo "error: AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL does not answer; start that emulator first, or unset" \
      "AWS_ENDPOINT_URL to let make dev start its own moto" >&2
    exit 1
  fi
  OWN_MOTO=0
  echo "==> using the emulator at AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL (no moto started)"
fi
echo "==> building"
$MVN -q install -DskipTests
# The browser portal, served by local mode on http://127.0.0.1:${PORTAL_PORT:-8081}/ (its own origin, so CORS is real).
bash "$ROOT/scripts/portal.sh"
export MOTO_PORT="${MOTO_PORT:-4566}"
if [ "$OWN_MOTO" = 1 ]; then "$ROOT/scripts/moto.sh" start; fi
cleanup() {
  # Each step may fail (the server already gone, its exit status non-zero): none of them may skip stopping moto.
  if [ -n "${APP_PID:-}" ]; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [ "$OWN_MOTO" = 1 ]; then "$ROOT/scripts/moto.sh" stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# DynamoDB, S3, SQS and SES all go to the emulator, through the SDK's standard endpoint variable.
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:$MOTO_PORT}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
java -jar "$ROOT/local/target/portal-local.jar" &
APP_PID=$!
wait "$APP_PID"
