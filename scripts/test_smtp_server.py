"""A real SMTP server for tests and local runs: aiosmtpd on 127.0.0.1, one .eml file a
received message in a folder.

    python scripts/test_smtp_server.py --port 2525 --dir /tmp/reportsvc-mail

Prints "READY <port>" once it accepts connections and runs until SIGTERM or SIGINT.
Options for the failure tests: --fail-first N answers the first N messages with
"451 try again later", --delay S waits S seconds before accepting each message, and any
recipient whose address starts with "reject" is refused with 550. --tls-cert/--tls-key
serve SMTP over TLS (as smtps:// expects) and --auth user:password requires that login.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import ssl
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SaveToFolder:
    def __init__(self, folder: Path, fail_first: int, delay: float) -> None:
        self.folder = folder
        self.fail_first = fail_first
        self.delay = delay
        self.count = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.lower().startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            number = next(self.count)
        if number <= self.fail_first:
            return "451 4.3.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        temporary = self.folder / f".{name}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, self.folder / f"{name}.eml")
        return "250 OK"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--auth", help="user:password that clients must log in with")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    handler = SaveToFolder(args.dir, args.fail_first, args.delay)
    options: dict[str, Any] = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options["ssl_context"] = context
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(
            _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
        ) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
                user.encode(),
                password.encode(),
            )
            return AuthResult(success=ok, handled=False)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    controller = Controller(handler, hostname=args.host, port=args.port, **options)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"READY {args.port}", flush=True)
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
