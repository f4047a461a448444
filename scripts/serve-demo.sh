#!/usr/bin/env bash
# Install everything, load the demo partnership into SQLite and serve http://127.0.0.1:5000,
# with a mail worker beside it (mail lands in instance/outbox/ as .eml files unless MAIL_URL
# says otherwise). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export FLASK_APP=wsgi
.venv/bin/reportsvc demo
.venv/bin/reportsvc worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/flask --app wsgi run --host 127.0.0.1 --port "${PORT:-5000}"
