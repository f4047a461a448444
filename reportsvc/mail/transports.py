"""How mail leaves, chosen by ``MAIL_URL``:

- ``smtp://host:port`` (plain SMTP, as to a relay on the same network),
  ``smtps://user:password@host:port`` (SMTP over TLS, with a login);
- ``notify://API_KEY``: GOV.UK Notify through its official client
  (``notifications-python-client``), one generic email template whose ``((subject))`` and
  ``((body))`` are filled from our own templates (``NOTIFY_TEMPLATE_ID``);
- ``file:///path/outbox``: one ``.eml`` file a message in that folder (the demo's default).

Errors are reported as :class:`SendError` with a ``kind`` (the exception class and an SMTP
or HTTP status code) and whether trying again may help; never the address or the text.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

DEFAULT_NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"


class MailConfigError(ValueError):
    """MAIL_URL (or a setting it needs) is wrong; the message never repeats its value."""


class SendError(Exception):
    def __init__(self, kind: str, *, permanent: bool = False) -> None:
        super().__init__(kind)
        self.kind = kind[:200]
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    """One rendered mail."""

    outbox_id: int
    message_id: str
    to: str
    sender: str
    subject: str
    body: str
    template: str

    def as_email(self) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = self.message_id
        message["X-Reportsvc-Template"] = self.template
        message.set_content(self.body)
        return message


class Transport(Protocol):
    def send(self, mail: Outgoing) -> None: ...

    def close(self) -> None: ...


class SmtpTransport:
    """Keeps one connection open across sends; reconnects after an error."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        tls: bool,
        username: str | None,
        password: str | None,
        timeout: float,
    ) -> None:
        self.host, self.port, self.tls = host, port, tls
        self.username, self.password = username, password
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            connection: smtplib.SMTP
            if self.tls:
                connection = smtplib.SMTP_SSL(
                    self.host,
                    self.port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            self._connection = connection  # stored first, so a failed login still closes it
            if self.username:
                connection.login(self.username, self.password or "")
        return self._connection

    def send(self, mail: Outgoing) -> None:
        try:
            self._connect().send_message(mail.as_email())
        except smtplib.SMTPResponseException as error:
            self._drop()
            # 5xx: the server will never take it (bad address, refused); 4xx: try again.
            raise SendError(
                f"{type(error).__name__} {error.smtp_code}", permanent=error.smtp_code >= 500
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            self._drop()
            codes = sorted({code for code, _msg in error.recipients.values()})
            code = codes[0] if codes else 0
            raise SendError(f"SMTPRecipientsRefused {code}", permanent=code >= 500) from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise SendError(type(error).__name__) from None

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()


class NotifyTransport:
    """GOV.UK Notify: one generic template with ``((subject))`` and ``((body))``."""

    def __init__(self, api_key: str, *, base_url: str, template_id: str, timeout: float) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.template_id = template_id
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    def send(self, mail: Outgoing) -> None:
        from notifications_python_client.errors import HTTPError

        try:
            self.client.send_email_notification(
                email_address=mail.to,
                template_id=self.template_id,
                personalisation={"subject": mail.subject, "body": mail.body},
                reference=mail.message_id.strip("<>"),
            )
        except HTTPError as error:
            status = int(error.status_code or 0)
            # 400 and 403 are our mistake (bad address, key or template): trying again will
            # not help. 429 (rate limit) and 5xx may pass later.
            permanent = status in (400, 401, 403)
            raise SendError(f"NotifyHTTPError {status}", permanent=permanent) from None
        except Exception as error:  # the client's own errors (invalid response, token)
            raise SendError(type(error).__name__) from None

    def close(self) -> None:
        self.client.request_session.close()


class FileTransport:
    """One ``.eml`` file a message, written atomically; sending the same outbox row again
    overwrites its own file, so the folder never shows a duplicate."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, mail: Outgoing) -> Path:
        return self.directory / f"{mail.outbox_id:08d}-{mail.template}.eml"

    def send(self, mail: Outgoing) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(mail.as_email().as_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path_for(mail))
        except OSError as error:
            raise SendError(type(error).__name__) from None

    def close(self) -> None:
        pass


def default_outbox(instance_path: str) -> str:
    return "file://" + str(Path(instance_path) / "outbox")


def describe(mail_url: str) -> str:
    """Where mail goes, without any password or key (for logs and the command line)."""
    parts = urlsplit(mail_url)
    if parts.scheme == "file":
        return f"the folder {unquote(parts.path)}"
    if parts.scheme == "notify":
        return "GOV.UK Notify"
    return f"{parts.scheme}://{parts.hostname}:{parts.port}"


def check(mail_url: str) -> None:
    """Refuse a MAIL_URL that cannot work, with a message that never repeats a secret."""
    parts = urlsplit(mail_url)
    if parts.scheme not in ("smtp", "smtps", "notify", "file"):
        raise MailConfigError(
            "MAIL_URL must start with smtp://, smtps://, notify:// or file:// "
            "(for example smtp://127.0.0.1:25 or file:///var/lib/reportsvc/outbox)"
        )
    if parts.scheme in ("smtp", "smtps"):
        try:
            port = parts.port
        except ValueError:
            raise MailConfigError("MAIL_URL: the SMTP port must be a number") from None
        if not parts.hostname or port is None:
            raise MailConfigError("MAIL_URL: an SMTP address needs a host and a port")
    elif parts.scheme == "notify":
        key = _notify_key(mail_url)
        if len(key) < 74:
            raise MailConfigError(
                "MAIL_URL: notify:// needs a GOV.UK Notify API key (name-serviceid-secret)"
            )
    elif not parts.path or parts.netloc:
        raise MailConfigError("MAIL_URL: a file outbox is file:///absolute/path")


def _notify_key(mail_url: str) -> str:
    return unquote(mail_url[len("notify://") :]).strip("/")


def from_config(config: dict[str, Any], instance_path: str) -> Transport:
    mail_url = config.get("MAIL_URL") or default_outbox(instance_path)
    check(mail_url)
    parts = urlsplit(mail_url)
    timeout = float(config.get("MAIL_SEND_TIMEOUT_SECONDS", 30))
    if parts.scheme in ("smtp", "smtps"):
        assert parts.hostname is not None and parts.port is not None
        return SmtpTransport(
            parts.hostname,
            parts.port,
            tls=parts.scheme == "smtps",
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
        )
    if parts.scheme == "notify":
        template_id = config.get("NOTIFY_TEMPLATE_ID") or ""
        if not template_id:
            raise MailConfigError(
                "NOTIFY_TEMPLATE_ID must name the Notify email template whose subject is "
                "((subject)) and whose body is ((body)) (see README, Mail and the worker)"
            )
        return NotifyTransport(
            _notify_key(mail_url),
            base_url=config.get("NOTIFY_BASE_URL") or DEFAULT_NOTIFY_BASE_URL,
            template_id=template_id,
            timeout=timeout,
        )
    return FileTransport(Path(unquote(parts.path)))
