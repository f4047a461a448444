"""Fixtures for the mail tests: the app (SQLite and PostgreSQL, from tests/conftest.py) set
to a folder outbox, a real SMTP server process, and helpers to queue and read mail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import OutboxMail
from reportsvc.services import outbox
from tests.mail.smtp import SmtpServer

PUBLIC_URL = "https://reports.council.example"


@pytest.fixture
def mail_app(app: Flask, tmp_path: Path) -> Flask:
    app.config.update(
        MAIL_URL=f"file://{tmp_path / 'outbox'}",
        PUBLIC_URL=PUBLIC_URL,
        MAIL_FROM="CPC reports <no-reply@reports.council.example>",
        MAIL_RETRY_SECONDS="60",
        MAIL_RETRY_MAX_SECONDS="3600",
        MAIL_MAX_ATTEMPTS="5",
        MAIL_LEASE_SECONDS="30",
        MAIL_SEND_TIMEOUT_SECONDS="5",
    )
    return app


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path / "smtp") as server:
        yield server


WITHDRAWN = {"agency": "Test Surgery", "conference_date": "2027-01-11"}


def queue_mails(app: Flask, n: int, *, to: str = "author{i}@test.example") -> list[int]:
    """Queue n "withdrawn" mails in one committed transaction; their ids."""
    with app.app_context():
        session = db.session()
        mails = [
            outbox.queue(session, to=to.format(i=i), template="withdrawn", values=WITHDRAWN)
            for i in range(n)
        ]
        session.commit()
        return [m.id for m in mails if m is not None]


def outbox_rows(app: Flask) -> list[OutboxMail]:
    with app.app_context():
        session = db.session()
        rows = list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        session.expunge_all()
        return rows


def set_rows(app: Flask, **values: Any) -> None:
    """Change every outbox row (to move time on: due_at, claimed_until)."""
    from sqlalchemy import update

    with app.app_context():
        session = db.session()
        session.execute(update(OutboxMail).values(**values))
        session.commit()
