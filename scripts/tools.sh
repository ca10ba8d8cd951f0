#!/usr/bin/env bash
# Installs the Python tools into .tools/venv (idempotent): AWS SAM CLI, cfn-lint, moto server (the AWS emulator),
# Schemathesis (make fuzz: property-based requests generated from openapi.yaml).
set -euo pipefail
source "$(dirname "$0")/env.sh"
PINS="aws-sam-cli==1.170.0 cfn-lint==1.58.0 moto[server]==5.2.5 schemathesis==4.32.5"
STAMP="$VENV/.pins"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PINS" ]; then exit 0; fi
echo "==> installing $PINS into .tools/venv"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check $PINS
echo "$PINS" > "$STAMP"
