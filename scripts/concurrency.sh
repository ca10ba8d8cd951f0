#!/usr/bin/env bash
# Runs the concurrency tests N times in a row against one fresh moto, through our launcher (default) or, with
# --plain, against moto without the DynamoDB lock, to show what the lock prevents. Usage: concurrency.sh [N] [--plain]
# Needs the build (make build). Prints one line per run and a closing 'N passed, N failed' line.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
RUNS="${1:-20}"
TESTS='ConcurrencyIT,ContractsIT#fortyConcurrentEntriesOfFifteenMinutesAddUpToSixHundred,EmailIT#theSameMessageDeliveredTwiceAtTheSameMomentMakesOneTicketAndOneDuplicate'
MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTO_PORT MOTO_PIDFILE="$ROOT/.data/moto-concurrency.pid"
if [ "${2:-}" = "--plain" ]; then export MOTO_PLAIN=1; fi
"$ROOT/scripts/moto.sh" start || exit 1
trap '"$ROOT/scripts/moto.sh" stop' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
passed=0; failed=0
for i in $(seq 1 "$RUNS"); do
  log="$ROOT/.data/concurrency-$i.log"
  if $MVN -q -pl integration-tests surefire:test -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1; then
    passed=$((passed + 1)); echo "run $i: passed"
  else
    failed=$((failed + 1)); echo "run $i: FAILED ($(grep -m3 -E '\[ERROR\] +[A-Za-z]+IT\.|expected' "$log" | tr '\n' ' ' | cut -c1-300))"
  fi
done
echo "concurrency: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
