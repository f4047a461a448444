"""Start the real SMTP server (scripts/test_smtp_server.py, aiosmtpd) as a process on
127.0.0.1 and read what it received. Browser tests can use it too:

    with SmtpServer(tmp_path / "mail") as smtp:
        app_config["MAIL_URL"] = smtp.url
        ...
        [message] = smtp.wait_for(1)
"""

from __future__ import annotations

import email
import email.policy
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "test_smtp_server.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SmtpServer:
    def __init__(
        self,
        folder: Path,
        *,
        port: int | None = None,
        fail_first: int = 0,
        delay: float = 0.0,
        tls: tuple[Path, Path] | None = None,
        auth: str | None = None,
    ) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.fail_first = fail_first
        self.delay = delay
        self.tls = tls  # (certificate, key): SMTP over TLS
        self.auth = auth  # "user:password" clients must log in with
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        if self.tls or self.auth:
            login = f"{quote(self.auth.partition(':')[0])}:" if self.auth else ""
            login += f"{quote(self.auth.partition(':')[2], safe='')}@" if self.auth else ""
            return f"{'smtps' if self.tls else 'smtp'}://{login}127.0.0.1:{self.port}"
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(SCRIPT), "--port", str(self.port), "--dir", str(self.folder)]
        command += ["--fail-first", str(self.fail_first), "--delay", str(self.delay)]
        if self.tls:
            command += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        if self.auth:
            command += ["--auth", self.auth]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            self.stop()
            raise RuntimeError("the test SMTP server did not start")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        self.process = None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()

    def messages(self) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found

    def count(self) -> int:
        return len(list(self.folder.glob("*.eml")))

    def wait_for(self, n: int, timeout: float = 10.0) -> list[EmailMessage]:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.count() < n:
            time.sleep(0.02)
        messages = self.messages()
        assert len(messages) >= n, f"expected {n} mails, the SMTP server has {len(messages)}"
        return messages


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (the test trusts it through SSL_CERT_FILE)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key
