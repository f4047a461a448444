"""Crash test: kill -9 gunicorn's workers and then its master while autosaves arrive, and
check that every save acknowledged with a 2xx survived.

    python bench/crash.py [--saves 1000] [--seed 7]

Runs gunicorn on 127.0.0.1 over a fresh SQLite database (WAL, synchronous=FULL) with the
demo data, sends autosaves from 4 client threads (each to its own report, as a browser tab
does), kills a random worker at random moments and the master twice, restarting it each
time. At the end, every acknowledged (report, version, text) must be a stored version with
exactly that text, and PRAGMA integrity_check must say ok. With REPORTSVC_TEST_POSTGRES_URL
set, the same runs against a fresh PostgreSQL database too. Prints the figures; exits 1 on
any lost save.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from load_server import Gunicorn, add_drafts, free_port, load_demo, token_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CLIENTS = 4
AUTHOR = "author.gp@demo.test"


class Run:
    def __init__(self, saves: int) -> None:
        self.saves = saves
        self.lock = threading.Lock()
        self.next = 0
        self.acknowledged: list[tuple[int, int, str]] = []
        self.refused = 0  # 409: another tab won; not acknowledged, nothing to keep
        self.failed = 0  # connection dropped or 5xx while a process died: not acknowledged
        self.worker_kills = 0
        self.master_kills = 0

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.saves:
                return None
            self.next += 1
            return self.next


def client(run: Run, server: Gunicorn, token: str, report: int) -> None:
    version = 0
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(timeout=30) as http:
        while (n := run.take()) is not None:
            words = f"Autosave {n} of report {report}: mum said the baby slept well."
            body = {"fields": [["version", str(version)], ["section_worries", words]]}
            try:
                response = http.post(
                    f"{server.base}/api/v1/reports/{report}/draft", json=body, headers=headers
                )
            except httpx.HTTPError:
                with run.lock:
                    run.failed += 1
                time.sleep(0.2)
                version = current_version(http, server, headers, report, version)
                continue
            if 200 <= response.status_code < 300:
                version = response.json()["version"]
                with run.lock:
                    run.acknowledged.append((report, version, words))
            elif response.status_code == 409:
                version = response.json().get("current_version", version)
                with run.lock:
                    run.refused += 1
            else:
                with run.lock:
                    run.failed += 1


def current_version(
    http: httpx.Client, server: Gunicorn, headers: dict, report: int, old: int
) -> int:
    """After a dropped connection the save may or may not have landed: ask with a stale save."""
    for _ in range(50):
        try:
            response = http.post(
                f"{server.base}/api/v1/reports/{report}/draft",
                json={"fields": [["version", "-1"]]},
                headers=headers,
            )
            if response.status_code == 409:
                return int(response.json().get("current_version", old))
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return old


def chaos(run: Run, server: Gunicorn, rng: random.Random, done: threading.Event) -> None:
    """Kill a worker at 8 random points of the run and the master at 2; restart the master."""
    span = range(run.saves // 20, run.saves - run.saves // 20)
    plan = sorted([(n, "worker") for n in rng.sample(span, 8)] + [
        (n, "master") for n in rng.sample(span, 2)
    ])  # fmt: skip
    while plan and not done.is_set():
        time.sleep(rng.uniform(0.01, 0.1))  # the moment within the save is random too
        if run.next < plan[0][0]:
            continue
        _at, what = plan.pop(0)
        if what == "master":
            server.kill_master()
            run.master_kills += 1
            time.sleep(rng.uniform(0.2, 1.0))
            server.start()
        elif workers := server.worker_pids():
            server.kill(rng.choice(workers))
            run.worker_kills += 1


def verify(url: str, run: Run) -> tuple[int, str]:
    """(lost saves, integrity) for the acknowledged saves."""
    engine = create_engine(url)
    lost = 0
    with engine.connect() as conn:
        for report, version, words in run.acknowledged:
            row = conn.execute(
                text("SELECT document FROM report_versions WHERE report_id = :r AND number = :n"),
                {"r": report, "n": version},
            ).first()
            document = row[0] if row else None
            if isinstance(document, str):
                import json

                document = json.loads(document)
            if not document or document.get("sections", {}).get("worries") != words:
                lost += 1
    engine.dispose()
    if make_url(url).get_backend_name() == "sqlite":
        with sqlite3.connect(make_url(url).database or "") as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    else:
        integrity = "n/a (PostgreSQL: every acknowledged row checked)"
    return lost, integrity


def crash_run(url: str, saves: int, seed: int) -> bool:
    rng = random.Random(seed)
    load_demo(url)
    reports = add_drafts(url, AUTHOR, CLIENTS)
    token = token_for(url, AUTHOR)
    server = Gunicorn(url, free_port(), workers=2)
    server.start()
    run = Run(saves)
    done = threading.Event()
    killer = threading.Thread(target=chaos, args=(run, server, rng, done))
    threads = [threading.Thread(target=client, args=(run, server, token, r)) for r in reports]
    began = time.monotonic()
    killer.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    killer.join()
    took = time.monotonic() - began
    server.stop()
    lost, integrity = verify(url, run)
    backend = make_url(url).get_backend_name()
    print(f"{backend}: {saves} autosaves in {took:.1f} s from {CLIENTS} clients")
    print(f"  acknowledged (2xx) {len(run.acknowledged)}, refused as stale (409) {run.refused}, "
          f"failed while a process died {run.failed}")  # fmt: skip
    print(f"  kill -9: {run.worker_kills} workers, {run.master_kills} masters (each restarted)")
    print(f"  acknowledged saves missing after restart: {lost}")
    print(f"  PRAGMA integrity_check: {integrity}")
    return lost == 0 and integrity.startswith(("ok", "n/a"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        ok &= crash_run(f"sqlite:///{Path(directory) / 'crash.sqlite3'}", args.saves, args.seed)
    server_url = os.environ.get("REPORTSVC_TEST_POSTGRES_URL")
    if server_url:
        admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        name = f"reportsvc_crash_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
            ok &= crash_run(url, args.saves, args.seed)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print("PASS" if ok else "FAIL: an acknowledged save was lost or the database is damaged")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
