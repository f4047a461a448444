"""Two (or more) gunicorn instances of reportsvc on one PostgreSQL behind HAProxy on
127.0.0.1, plus ``reportsvc worker`` processes: the production shape, on one machine.

    .venv/bin/python scripts/multi_instance.py serve --url postgresql+psycopg://...  [--demo]

starts everything, prints the addresses and waits; Ctrl-C (or SIGTERM) stops it all.
``scripts/multi-instance.sh`` wraps it. The tests (tests/ops/test_multi_instance.py) and the
failure bench (bench/failure.py) use :class:`Cluster` directly.

Every process is started here and only ever signalled here, by its own process id.
Instance i listens on 127.0.0.1:(base+i), the proxy on 127.0.0.1:base. Each instance has
its own PROMETHEUS_MULTIPROC_DIR and log file under the run directory.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything else


def _get(url: str, timeout: float = 2.0) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own 127.0.0.1 URL
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )


class Cluster:
    def __init__(
        self,
        url: str,
        *,
        base_port: int = 8100,
        instances: int = 2,
        workers: int = 2,
        secret: str = "multi-instance-secret-" + "x" * 32,
        env_name: str = "development",
        run_dir: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.base_port = base_port
        self.count = instances
        self.workers = workers
        self.secret = secret
        self.env_name = env_name
        self.run_dir = run_dir or Path(tempfile.mkdtemp(prefix="reportsvc-multi-"))
        self.extra_env = extra_env or {}
        self.instances: dict[int, subprocess.Popen[bytes]] = {}
        self.mail_workers: list[subprocess.Popen[bytes]] = []
        self.proxy: subprocess.Popen[bytes] | None = None

    # -- addresses -------------------------------------------------------------------------
    @property
    def proxy_base(self) -> str:
        return f"http://{HOST}:{self.base_port}"

    @property
    def stats_port(self) -> int:
        return self.base_port + 99

    def server_states(self) -> dict[str, str]:
        """The proxy's view of each instance ("UP", "DOWN", ...), from its stats CSV."""
        import urllib.request

        url = f"http://{HOST}:{self.stats_port}/stats;csv"
        with urllib.request.urlopen(url, timeout=2) as response:
            rows = response.read().decode().splitlines()
        header = rows[0].lstrip("# ").split(",")
        states = {}
        for row in rows[1:]:
            values = dict(zip(header, row.split(","), strict=False))
            if values.get("pxname") == "app" and values.get("svname", "").startswith("app"):
                states[values["svname"]] = values.get("status", "?")
        return states

    def port(self, index: int) -> int:
        return self.base_port + 1 + index

    def base(self, index: int) -> str:
        return f"http://{HOST}:{self.port(index)}"

    def environment(self, **more: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.url,
                "REPORTSVC_ENV": self.env_name,
                "REPORTSVC_SECRET_KEY": self.secret,
                "REPORTSVC_LOG_FORMAT": "json",
                "PYTHONPATH": str(ROOT),
            }
        )
        env.update(self.extra_env)
        env.update(more)
        return env

    def log_path(self, name: str) -> Path:
        return self.run_dir / f"{name}.log"

    # -- processes -------------------------------------------------------------------------
    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "reportsvc"), *args],
            env=self.environment(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"reportsvc {args[0]} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def start_instance(self, index: int, wait: float = 90) -> None:
        metrics_dir = self.run_dir / f"metrics-{index}"
        env = self.environment(
            REPORTSVC_BIND=f"{HOST}:{self.port(index)}",
            REPORTSVC_WORKERS=str(self.workers),
            PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        )
        with self.log_path(f"app{index + 1}").open("ab") as log:
            self.instances[index] = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "wsgi:app"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        self.wait_for(self.base(index) + "/health", wait)

    def wait_for(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _get(url) == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")

    def instance_pids(self, index: int) -> list[int]:
        process = self.instances.get(index)
        if process is None or process.poll() is not None:
            return []
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        try:
            workers = [int(p) for p in children.read_text().split()]
        except OSError:
            workers = []
        return [process.pid, *workers]

    def kill_instance(self, index: int) -> None:
        """kill -9 the instance's master and every worker at once, as a crash would."""
        pids = self.instance_pids(index)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process = self.instances.pop(index)
        process.wait()
        for pid in pids[1:]:
            deadline = time.monotonic() + 5
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    def stop_instance(self, index: int) -> None:
        process = self.instances.pop(index, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def start_proxy(self, wait: float = 15) -> None:
        binary = haproxy_binary()
        if binary is None:
            raise RuntimeError("haproxy is not installed (apt-get install haproxy)")
        env = self.environment(
            REPORTSVC_PROXY_BIND=f"{HOST}:{self.base_port}",
            REPORTSVC_APP1=f"{HOST}:{self.port(0)}",
            REPORTSVC_APP2=f"{HOST}:{self.port(1)}",
            REPORTSVC_PROXY_STATS=f"{HOST}:{self.stats_port}",
        )
        with self.log_path("haproxy").open("ab") as log:
            self.proxy = subprocess.Popen(
                [binary, "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        self.wait_for(self.proxy_base + "/health", wait)

    def start_worker(self, name: str = "") -> subprocess.Popen[bytes]:
        name = name or f"worker{len(self.mail_workers) + 1}"
        with self.log_path(name).open("ab") as log:
            process = subprocess.Popen(
                [str(BIN / "reportsvc"), "worker"],
                env=self.environment(REPORTSVC_WORKER_NAME=name),
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        self.mail_workers.append(process)
        return process

    def kill_worker(self, process: subprocess.Popen[bytes]) -> None:
        assert process in self.mail_workers
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        self.mail_workers.remove(process)

    def start(self, *, proxy: bool = True, worker: bool = False) -> None:
        for index in range(self.count):
            self.start_instance(index)
        if proxy:
            self.start_proxy()
        if worker:
            self.start_worker()

    def stop(self) -> None:
        for process in list(self.mail_workers):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.mail_workers.clear()
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(timeout=10)
        self.proxy = None
        for index in list(self.instances):
            self.stop_instance(index)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start everything and wait for Ctrl-C")
    serve.add_argument("--url", default=os.environ.get("DATABASE_URL", ""), required=False)
    serve.add_argument("--port", type=int, default=8100, help="proxy port; instances follow")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    serve.add_argument("--demo", action="store_true", help="load the demo partnership first")
    serve.add_argument("--no-worker", action="store_true", help="start no reportsvc worker")
    args = parser.parse_args()
    if not args.url.startswith("postgresql"):
        parser.error("--url (or DATABASE_URL) must name a PostgreSQL database")
    secret = os.environ.get("REPORTSVC_SECRET_KEY") or ("multi-" + os.urandom(24).hex())
    cluster = Cluster(args.url, base_port=args.port, workers=args.workers, secret=secret)
    cluster.cli("init-db")
    if args.demo:
        print(cluster.cli("demo"))
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        cluster.start(worker=not args.no_worker)
        print(f"proxy      {cluster.proxy_base}  (HAProxy, deploy/haproxy.cfg)")
        print(f"proxy stats http://{HOST}:{cluster.stats_port}/stats  (and /metrics)")
        for index in range(cluster.count):
            print(f"instance {index + 1} {cluster.base(index)}  (/health /ready /metrics)")
        print(f"logs       {cluster.run_dir}/*.log   Ctrl-C stops everything")
        while not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
