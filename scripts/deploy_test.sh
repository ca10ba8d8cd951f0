#!/usr/bin/env bash
# make deploy's refusals, run by make test: an emulator endpoint, no region, no credentials. Each run has a fake
# HOME (no ~/.aws), no AWS variable from the caller and instance metadata disabled, so nothing reaches AWS and
# nothing waits for an EC2 metadata service. Each must exit 2 with its message, before anything is built.
# Then make deploy's portal step (scripts/deploy_portal.py) against a moto of its own on a free port: uploads, cache
# headers, config.json from the stack's outputs, the CloudFront invalidation (scripts/deploy_portal_test.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FAKE_HOME=$(mktemp -d)
trap 'rm -rf "$FAKE_HOME"' EXIT
failures=0

# expect <name> <message part> [VAR=value ...]: runs scripts/deploy.sh in a clean environment with the variables given.
expect() {
  local name=$1 wanted=$2; shift 2
  local out status=0
  out=$(cd "$FAKE_HOME" && timeout 300 env -i PATH="$PATH" HOME="$FAKE_HOME" JAVA_HOME="${JAVA_HOME:-}" \
    AWS_EC2_METADATA_DISABLED=true "$@" bash "$ROOT/scripts/deploy.sh" 2>&1) || status=$?
  if [ "$status" = 2 ] && grep -qF "$wanted" <<< "$out" && ! grep -q '==> building' <<< "$out"; then
    echo "ok   $name"
  else
    echo "FAIL $name: exit $status, wanted exit 2 and \"$wanted\"; output:"; sed 's/^/     /' <<< "$out"
    failures=$((failures + 1))
  fi
}

expect "an emulator endpoint is refused" "AWS_ENDPOINT_URL set, which points the AWS tools at an emulator" \
  AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=eu-west-1
expect "a service's emulator endpoint is refused" "AWS_ENDPOINT_URL_DYNAMODB set" \
  AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_REGION=eu-west-1
expect "no region is refused" "no AWS region is configured"
expect "no credentials are refused" "no usable AWS credentials" AWS_REGION=eu-west-1

[ "$failures" = 0 ] || { echo "$failures deploy refusal check(s) failed"; exit 1; }

VENV="$ROOT/.tools/venv"
MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTO_PORT MOTO_PIDFILE="$FAKE_HOME/moto.pid"
trap '"$ROOT/scripts/moto.sh" stop; rm -rf "$FAKE_HOME"' EXIT
"$ROOT/scripts/moto.sh" start
# Every call of the portal step goes to this moto (the SDK's standard endpoint variable), with moto's credentials.
if ! (cd "$FAKE_HOME" && env -i PATH="$PATH" HOME="$FAKE_HOME" AWS_EC2_METADATA_DISABLED=true \
    AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1 "$VENV/bin/python" "$ROOT/scripts/deploy_portal_test.py"); then
  echo "make deploy's portal step failed a check"
  exit 1
fi
