#!/usr/bin/env bash
# Install everything and run the whole suite: lint, format, types, tests.
# PostgreSQL tests run when REPORTSVC_TEST_POSTGRES_URL is set; browser tests when Chromium
# is installed. REPORTSVC_REQUIRE_SERVICES=1 (CI) makes both fail instead of skip.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
