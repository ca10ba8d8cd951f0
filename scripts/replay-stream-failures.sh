#!/usr/bin/env bash
# Replays the stream batches the outbox and projections gave up on (OutboxFailureQueue), from the stream itself,
# through the same function code run here (docs/operations.md, "Stream batches given up on"):
#   make replay-stream-failures STACK=<stack name>
# Each message Lambda wrote there names a batch (shard, first and last sequence number) and the function; the batch is
# read again and the message deleted once the function took every record. The stream keeps records 24 hours: older
# batches are reported and their messages left. Both consumers are idempotent per change, so replaying is safe while
# they run. With an emulator endpoint (AWS_ENDPOINT_URL) set FAILURE_QUEUE_URL, OUTBOX_FUNCTION, PROJECTIONS_FUNCTION,
# TABLE_NAME, OUTBOUND_QUEUE_URL and WEBHOOK_QUEUE_URL yourself.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -n "${AWS_ENDPOINT_URL:-}" ] || use_account_region
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  STACK="${STACK:?set STACK to the stack whose stream failures to replay}"
  # boto3 comes with the tools venv (scripts/tools.sh); reads the stack's resources, writes nothing.
  eval "$("$VENV/bin/python" - "$STACK" <<'PY'
import shlex, sys, boto3
stack = sys.argv[1]
cfn = boto3.client("cloudformation")
def physical(logical):
    return cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical)["StackResourceDetail"]["PhysicalResourceId"]
# An SQS queue's physical id is its URL.
for name, logical in [("FAILURE_QUEUE_URL", "OutboxFailureQueue"), ("OUTBOUND_QUEUE_URL", "OutboundMailQueue"),
                      ("WEBHOOK_QUEUE_URL", "WebhookQueue"), ("TABLE_NAME", "PortalTable"),
                      ("OUTBOX_FUNCTION", "OutboxFunction"), ("PROJECTIONS_FUNCTION", "ProjectionsFunction")]:
    print("export %s=%s" % (name, shlex.quote(physical(logical))))
PY
)"
fi
: "${FAILURE_QUEUE_URL:?}" "${OUTBOX_FUNCTION:?}" "${PROJECTIONS_FUNCTION:?}" "${TABLE_NAME:?}"
JAR="$ROOT/local/target/portal-local.jar"
[ -f "$JAR" ] || { echo "error: $JAR is missing; run make build" >&2; exit 1; }
exec java -cp "$JAR" dev.portal.local.ReplayStreamFailures
