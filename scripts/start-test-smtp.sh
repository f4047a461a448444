#!/usr/bin/env bash
# A real SMTP server on 127.0.0.1 for local runs of the worker (tests start their own through
# tests/mail/smtp.py). Received mail lands as .eml files in $REPORTSVC_SMTP_DIR.
#   bash scripts/start-test-smtp.sh      then   MAIL_URL=smtp://127.0.0.1:2525 reportsvc worker
# Stop it with: kill "$(cat /tmp/reportsvc-smtp.pid)"
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${REPORTSVC_SMTP_PORT:-2525}
DIR=${REPORTSVC_SMTP_DIR:-/tmp/reportsvc-mail}
PIDFILE=${REPORTSVC_SMTP_PIDFILE:-/tmp/reportsvc-smtp.pid}
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "SMTP server already running on 127.0.0.1:$PORT (mail in $DIR)"
  exit 0
fi
nohup .venv/bin/python scripts/test_smtp_server.py --port "$PORT" --dir "$DIR" \
  >"$DIR.log" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 50); do
  if grep -q READY "$DIR.log" 2>/dev/null; then
    echo "SMTP server started on 127.0.0.1:$PORT; received mail is in $DIR"
    exit 0
  fi
  sleep 0.1
done
echo "SMTP server did not start; see $DIR.log" >&2
exit 1
