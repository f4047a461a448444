#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1:55432 for the tests (trust auth, no fsync).
# initdb refuses to run as root, so the cluster belongs to the postgres user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=${REPORTSVC_PGDATA:-/tmp/reportsvc-pgdata}
PORT=${REPORTSVC_PGPORT:-55432}
if "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
  echo "PostgreSQL already running on 127.0.0.1:$PORT"
  exit 0
fi
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }
rm -rf "$DATA"
mkdir -p "$DATA"
chown postgres:postgres "$DATA"
as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-h 127.0.0.1 -p $PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start
echo "PostgreSQL started on 127.0.0.1:$PORT"
