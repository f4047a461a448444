"""bench/failure.py's own PostgreSQL cluster on 127.0.0.1:55433, with durable settings
(fsync and synchronous_commit on), so that stopping it for the outage scenario disturbs no
one else's database. initdb refuses to run as root, so the cluster belongs to postgres."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

PORT = int(os.environ.get("REPORTSVC_BENCH_PGPORT", "55433"))
DATA = Path(os.environ.get("REPORTSVC_BENCH_PGDATA", "/tmp/reportsvc-bench-pgdata"))  # noqa: S108
SERVER = f"postgresql+psycopg://postgres@127.0.0.1:{PORT}"


def _bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: float(p.parent.name))
    if not found:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    return found[-1]


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    line = " ".join(shlex.quote(c) for c in command)
    if os.geteuid() == 0:
        return subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", line],
                              capture_output=True, text=True, check=False)  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


def running() -> bool:
    done = subprocess.run([str(_bin() / "pg_isready"), "-h", "127.0.0.1", "-p", str(PORT), "-q"],
                          check=False)  # fmt: skip
    return done.returncode == 0


def init_and_start() -> None:
    if running():
        return
    if not (DATA / "PG_VERSION").exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(["chown", "postgres:postgres", str(DATA)], check=False)
        done = _as_postgres(str(_bin() / "initdb"), "-D", str(DATA), "-U", "postgres",
                            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        if done.returncode:
            raise SystemExit(done.stderr)
    start()


def start() -> None:
    done = _as_postgres(str(_bin() / "pg_ctl"), "-D", str(DATA), "-l", str(DATA / "server.log"),
                        "-w", "-o", f"-h 127.0.0.1 -p {PORT} -k /tmp -c max_connections=200",
                        "start")  # fmt: skip
    if done.returncode:
        raise SystemExit(done.stderr)


def stop() -> None:
    done = _as_postgres(str(_bin() / "pg_ctl"), "-D", str(DATA), "-m", "fast", "-w", "stop")
    if done.returncode:
        raise SystemExit(done.stderr)


def pids() -> list[int]:
    try:
        master = int((DATA / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [master, *(int(p) for p in children.read_text().split())]
    except OSError:
        return [master]


def create_database(name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(SERVER + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{SERVER}/{name}"
