#!/usr/bin/env bash
# Rebuilds one tenant's report figures from the timeline (docs/reports.md, "Rebuilding the figures"):
#   make rebuild-figures TENANT=<tenant id> [STACK=<stack name>] [TABLE_NAME=<table>]
# It refuses while the projections consumer can run: against AWS (no AWS_ENDPOINT_URL) every event source mapping of
# the stack's ProjectionsFunction must be Disabled. With an emulator endpoint (local mode) the script cannot see a
# running `make dev`, whose stream poller is the consumer there: stop it first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
TENANT="${TENANT:-${1:-}}"
if [ -z "$TENANT" ]; then echo "usage: make rebuild-figures TENANT=<tenant id> [STACK=<stack>]" >&2; exit 2; fi
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  use_account_region
  STACK="${STACK:?set STACK to the stack whose figures to rebuild}"
  # boto3 comes with the tools venv (scripts/tools.sh); one read of the stack and of the mappings, nothing written.
  "$VENV/bin/python" - "$STACK" <<'PY'
import sys, boto3
stack = sys.argv[1]
fn = boto3.client("cloudformation").describe_stack_resource(
    StackName=stack, LogicalResourceId="ProjectionsFunction")["StackResourceDetail"]["PhysicalResourceId"]
mappings = boto3.client("lambda").list_event_source_mappings(FunctionName=fn)["EventSourceMappings"]
live = [m["UUID"] for m in mappings if m.get("State") != "Disabled"]
if live:
    print("refusing: the projections consumer is not paused (event source mappings %s of %s); disable them with\n"
          "  aws lambda update-event-source-mapping --uuid <uuid> --no-enabled\n"
          "wait until their State is Disabled, rebuild, then enable them again" % (", ".join(live), fn), file=sys.stderr)
    sys.exit(1)
PY
  if [ -z "${TABLE_NAME:-}" ]; then
    TABLE_NAME="$("$VENV/bin/python" - "$STACK" <<'PY'
import sys, boto3
print(boto3.client("cloudformation").describe_stack_resource(
    StackName=sys.argv[1], LogicalResourceId="PortalTable")["StackResourceDetail"]["PhysicalResourceId"])
PY
)"
  fi
else
  echo "emulator endpoint $AWS_ENDPOINT_URL: make sure make dev is stopped (its stream poller would count along)" >&2
fi
JAR="$ROOT/local/target/portal-local.jar"
[ -f "$JAR" ] || { echo "error: $JAR is missing; run make build" >&2; exit 1; }
TABLE_NAME="${TABLE_NAME:-portal-local}" exec java -cp "$JAR" dev.portal.local.RebuildFigures "$TENANT"
