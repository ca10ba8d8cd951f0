#!/usr/bin/env bash
# make fuzz (and make test): Schemathesis generates requests from openapi.yaml and sends them to a local-mode server of
# its own (own moto, free ports, fresh data; never a running make dev), once per role with that role's token. Needs
# local/target/portal-local.jar (make fuzz and make test build it first). Fails on any failed check.
# FUZZ_EXAMPLES (default 5): generated test cases per operation in the fuzzing phase; raise it locally for a wider run
# (docs/testing.md). The examples and coverage phases add the document's examples and boundary values on top.
# FUZZ_SEED: unset (make test), the generation is deterministic (Hypothesis derandomized): the same tree sends the same
# requests, so the run cannot flake. Set, the cases are random from that seed (a wider search; the seed replays it).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/tools.sh"
EXAMPLES="${FUZZ_EXAMPLES:-5}"
if [ -n "${FUZZ_SEED:-}" ]; then GENERATION=(--seed "$FUZZ_SEED"); else GENERATION=(--generation-deterministic); fi
JAR="$ROOT/local/target/portal-local.jar"
[ -f "$JAR" ] || { echo "error: $JAR is missing; run make build first" >&2; exit 1; }

DATA="$ROOT/.data/fuzz"
rm -rf "$DATA" && mkdir -p "$DATA"
read -r MOTO_PORT PORT SMTP_PORT <<< "$("$VENV/bin/python" "$ROOT/scripts/fuzz_helper.py" ports 3)"
export MOTO_PORT MOTO_PIDFILE="$ROOT/.data/moto-fuzz.pid"
cleanup() {
  # Each step may fail (the server already gone): none of them may skip stopping moto.
  if [ -n "${APP_PID:-}" ]; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  "$ROOT/scripts/moto.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A moto left by an interrupted run would be reused by moto.sh start: stop it, so the data is fresh.
"$ROOT/scripts/moto.sh" stop
echo "==> fuzz: moto on 127.0.0.1:$MOTO_PORT, local mode on 127.0.0.1:$PORT (logs in .data/fuzz)"
"$ROOT/scripts/moto.sh" start

# A secret of this run only: no token printed by a make dev (or left in a shell) works here, nor the other way round.
PORTAL_JWT_SECRET="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')"
export PORTAL_JWT_SECRET
AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  PORT="$PORT" SMTP_PORT="$SMTP_PORT" TABLE_NAME=portal-fuzz DATA_DIR="$DATA" PORTAL_DIR=off \
  java -jar "$JAR" > "$DATA/server.log" 2>&1 &
APP_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  if curl -sf "$BASE/health" > /dev/null; then break; fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then tail -20 "$DATA/server.log" >&2; echo "error: local mode exited" >&2; exit 1; fi
  sleep 0.5
done
curl -sf "$BASE/health" > /dev/null || { tail -20 "$DATA/server.log" >&2; echo "error: no /health in 60 s" >&2; exit 1; }

# Which checks, and why the others are left out: docs/testing.md ("The fuzz run").
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
CHECKS=$CHECKS,response_headers_conformance,negative_data_rejection,ignored_auth,missing_required_header
START=$SECONDS
STATUS=0
REPORTS=()
for ROLE in none client client_admin agent admin; do
  OPS=()
  while read -r id; do OPS+=(--include-operation-id "$id"); done \
    < <("$VENV/bin/python" "$ROOT/scripts/fuzz_helper.py" operations "$ROLE")
  AUTH=()
  if [ "$ROLE" != none ]; then
    TOKEN="$("$VENV/bin/python" "$ROOT/scripts/fuzz_helper.py" token "$ROLE")"
    # The token must be one the server takes, else every case would be a 401 and prove nothing.
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/v1/contracts" \
      || { echo "error: the $ROLE token is refused" >&2; exit 1; }
    AUTH=(-H "Authorization: Bearer $TOKEN")
  fi
  # The coverage phase's boundary values are the same requests whoever sends them, and most of the run's time: it runs
  # for admin (every staff operation) and client (the narrowest view) and the local-only routes. client_admin and
  # agent get the document's examples, generated cases and the stateful chains.
  case "$ROLE" in
    client_admin|agent) PHASES=examples,fuzzing,stateful ;;
    *) PHASES=examples,coverage,fuzzing,stateful ;;
  esac
  echo "==> fuzz as $ROLE: $(( ${#OPS[@]} / 2 )) operations, phases $PHASES, $EXAMPLES generated cases per operation"
  # One worker: the cases of a role run in one order, so a run on the same tree sends the same requests.
  SCHEMATHESIS_HOOKS="$ROOT/scripts/fuzz_hooks.py" "$VENV/bin/st" --config-file "$ROOT/scripts/fuzz.toml" \
    run openapi.yaml --url "$BASE" "${AUTH[@]}" "${OPS[@]}" \
    --phases "$PHASES" --checks "$CHECKS" --max-examples "$EXAMPLES" "${GENERATION[@]}" \
    --workers 1 --request-timeout 30 --no-color \
    --report ndjson --report-ndjson-path "$DATA/$ROLE.ndjson" || STATUS=1
  REPORTS+=("$DATA/$ROLE.ndjson")
done
"$VENV/bin/python" "$ROOT/scripts/fuzz_helper.py" summary "${REPORTS[@]}" || STATUS=1
echo "fuzz took $(( SECONDS - START )) s; server log: .data/fuzz/server.log"
exit "$STATUS"
