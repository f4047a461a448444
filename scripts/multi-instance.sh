#!/usr/bin/env bash
# Two gunicorn instances on one PostgreSQL behind HAProxy (127.0.0.1:8100), plus one
# `reportsvc worker`. Ctrl-C stops everything. Needs: haproxy (apt-get install haproxy) and
# a PostgreSQL database it may use, for example the throwaway test cluster:
#   bash scripts/start-test-postgres.sh
#   psql -h 127.0.0.1 -p 55432 -U postgres -c 'CREATE DATABASE reportsvc_multi'
#   bash scripts/multi-instance.sh --url postgresql+psycopg://postgres@127.0.0.1:55432/reportsvc_multi --demo
set -euo pipefail
cd "$(dirname "$0")/.."
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || {
  echo "haproxy is not installed: apt-get install -y haproxy" >&2; exit 1; }
exec .venv/bin/python scripts/multi_instance.py serve "$@"
