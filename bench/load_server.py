"""Shared by bench/load.py and bench/crash.py: a throwaway database with the demo data, a
gunicorn serving it on 127.0.0.1, and extra draft reports so each simulated author has one.

Only processes started here are ever signalled, by their own process id.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything else
SECRET = "bench-secret-" + "x" * 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "REPORTSVC_ENV": "development",
            "REPORTSVC_SECRET_KEY": SECRET,
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def cli(url: str, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "reportsvc"), *args],
        env=environment(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"reportsvc {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def load_demo(url: str) -> None:
    cli(url, "demo")


def add_drafts(url: str, email: str, count: int) -> list[int]:
    """``count`` new conferences inviting the agency of ``email``; their draft report ids."""
    from reportsvc import create_app, db
    from reportsvc.models import Child, User
    from reportsvc.services import conferences

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    with app.app_context():
        session = db.session()
        author = session.query(User).filter_by(email=email).one()
        chair = session.query(User).filter_by(role="chair").first()
        assert chair is not None
        ids = []
        for n in range(count):
            conference = conferences.create_conference(
                session,
                child=Child(name=f"Bench child {n}", date_of_birth=date(2019, 3, 1)),
                type="ICPC",
                on=date.today() + timedelta(days=20 + n % 10),
                chair=chair,
                agencies=[author.agency],
            )
            session.flush()
            ids += [inv.report.id for inv in conference.invitations if inv.report]
        session.commit()
        db.engine().dispose()
    return ids


def token_for(url: str, email: str) -> str:
    return cli(url, "token", "create", email).strip()


class Gunicorn:
    """gunicorn on 127.0.0.1:port serving wsgi:app with ``workers`` processes."""

    def __init__(self, url: str, port: int, workers: int = 2, threads: int = 1) -> None:
        self.url, self.port, self.workers, self.threads = url, port, workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self.base = f"http://{HOST}:{port}"

    def start(self, timeout: float = 60) -> None:
        command = [
            str(BIN / "gunicorn"),
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--timeout", "60",
            "--graceful-timeout", "5",
            "wsgi:app",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            env=environment(self.url),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    @property
    def master(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.master}/task/{self.master}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []

    def kill(self, pid: int) -> None:
        """SIGKILL one of our own processes (the master or one of its workers)."""
        assert pid == self.master or pid in self.worker_pids()
        os.kill(pid, signal.SIGKILL)

    def kill_master(self) -> None:
        workers = self.worker_pids()
        self.kill(self.master)
        assert self.process is not None
        self.process.wait()
        # Orphaned workers notice their parent has gone and exit; make sure, by their ids.
        deadline = time.monotonic() + 10
        for pid in workers:
            while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                time.sleep(0.1)
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
