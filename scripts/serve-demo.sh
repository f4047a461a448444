#!/usr/bin/env bash
# Install everything, load the demo partnership into SQLite and serve http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export FLASK_APP=wsgi
.venv/bin/reportsvc demo
exec .venv/bin/flask --app wsgi run --host 127.0.0.1 --port "${PORT:-5000}"
