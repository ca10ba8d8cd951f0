#!/usr/bin/env bash
# moto server (DynamoDB with Streams, S3, SQS, SES, SNS, Cognito emulator from PyPI) on 127.0.0.1:$MOTO_PORT, through
# our launcher, which serialises DynamoDB requests so conditional writes are atomic as in AWS. Usage: moto.sh start|stop
# MOTO_PLAIN=1 starts it without that lock, as plain moto_server runs (only to show what the lock prevents).
set -euo pipefail
source "$(dirname "$0")/env.sh"
PORT="${MOTO_PORT:-4566}"
PIDFILE="${MOTO_PIDFILE:-$ROOT/.data/moto.pid}"
mkdir -p "$ROOT/.data"
case "${1:-start}" in
  start)
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then exit 0; fi
    "$VENV/bin/python" "$ROOT/scripts/moto_launcher.py" "$PORT" ${MOTO_PLAIN:+--plain} > "${PIDFILE%.pid}.log" 2>&1 &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 60); do
      if curl -sf "http://127.0.0.1:$PORT/moto-api/" > /dev/null; then exit 0; fi
      sleep 0.5
    done
    echo "error: moto server did not start; see ${PIDFILE%.pid}.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
    ;;
esac
