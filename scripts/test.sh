#!/usr/bin/env bash
# make test: tools, template checks, build, sam build, then every unit and integration test (Surefire summary last).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
echo "==> sam validate --lint"
"$VENV/bin/sam" validate --lint
echo "==> building the function artifacts"
$MVN -q install -DskipTests
echo "==> sam build"
"$VENV/bin/sam" build --parallel
echo "==> unit and integration tests"
$MVN verify
