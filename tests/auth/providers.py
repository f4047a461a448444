"""Real OpenID Connect provider processes on 127.0.0.1 for the single sign-on tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(command: list[str], port: int) -> Iterator[str]:
    """Start ``command`` (listening on ``port``), wait for its discovery document, stop it."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "provider did not start: " + (process.stderr.read() or b"").decode()[-2000:]
                    if process.stderr
                    else "provider did not start"
                )
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def mock_provider(*extra: str) -> tuple[list[str], int]:
    """The maintained oidc-provider-mock (PyPI), as its own process."""
    port = free_port()
    command = [sys.executable, "-W", "ignore", "-m", "oidc_provider_mock", "-p", str(port)]
    return [*command, "--require-nonce", "true", *extra], port


def bad_provider() -> tuple[list[str], int]:
    port = free_port()
    return [sys.executable, "-m", "tests.auth.bad_provider", str(port)], port
