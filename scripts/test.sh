#!/usr/bin/env bash
# make test: tools, template checks, the portal's build, build, sam build, the bounded fuzz run, then every unit,
# integration and browser test (Surefire summary last).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
echo "==> make deploy refuses without credentials or with an emulator endpoint (nothing sent to AWS)"
bash "$ROOT/scripts/deploy_test.sh"
echo "==> sam validate --lint"
"$VENV/bin/sam" validate --lint
echo "==> function versions follow the parameters they read (samtranslator)"
"$VENV/bin/python" "$ROOT/scripts/check_versions.py" "$ROOT/template.yaml"
echo "==> the browser portal (npm ci, esbuild) and headless Chromium for its tests"
bash "$ROOT/scripts/portal.sh" --browser
echo "==> building the function artifacts"
$MVN -q install -DskipTests
echo "==> sam build"
"$VENV/bin/sam" build --parallel
# Before the Maven tests, so Surefire's summary stays the last lines; it starts and stops its own moto and server.
echo "==> make fuzz: Schemathesis against local mode, every role (scripts/fuzz.sh)"
"$ROOT/scripts/fuzz.sh"
echo "==> starting moto server (DynamoDB, S3, SQS, SES) for the integration tests"
# A free port and its own pid file, so the tests never collide with a running `make dev`.
MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTO_PORT MOTO_PIDFILE="$ROOT/.data/moto-test.pid"
"$ROOT/scripts/moto.sh" start
trap '"$ROOT/scripts/moto.sh" stop' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
echo "==> unit and integration tests"
$MVN verify
