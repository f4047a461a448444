"""``reportsvc worker``: send queued mail and queue reminders, outside any request.

One pass (``run_once``) writes this worker's heartbeat, queues the reminders that are due
and then, one row at a time, claims a due mail with a lease, sends it and marks it sent:

    claim:  UPDATE mail_outbox SET claimed_by = me, claimed_until = now + lease,
                                   attempts = attempts + 1
            WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL
              AND (claimed_until IS NULL OR claimed_until < now)        -- commit
    send:   SMTP / Notify / file, outside any transaction
    done:   UPDATE mail_outbox SET sent_at = now ... WHERE id = ?          -- commit

The claim is a compare-and-set, so two workers (threads, processes or machines) never hold
the same row at once: on SQLite the write lock serialises claims; on PostgreSQL the
candidate is picked with ``FOR UPDATE SKIP LOCKED`` (so workers do not queue behind each
other) and the ``WHERE`` is re-checked after any lock wait. A worker killed between "send"
and "done" leaves a lease that runs out; the row is then sent again: at most one duplicate
per kill, and no mail is ever lost. A failed send pushes ``due_at`` back exponentially and
gives up (``failed_at``) after ``MAIL_MAX_ATTEMPTS`` or at once when the server says the mail
can never be delivered. Why a table and a lease rather than a queue library: see
docs/architecture.md, "Mail and background work".
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import Engine, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from reportsvc.mail import templates, transports
from reportsvc.models import OutboxMail, WorkerHeartbeat, utcnow

log = logging.getLogger("reportsvc.mail")

REMINDER_INTERVAL = timedelta(minutes=1)
HEARTBEAT_KEEP = timedelta(days=7)
HEARTBEAT_EVERY = 30.0  # seconds, during a long run of sends (/ready wants one within 120 s)


@dataclass
class Stats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reminders: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, other: Stats) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.reminders += other.reminders
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count


@dataclass(frozen=True)
class Claimed:
    id: int
    to: str
    template: str
    values: dict[str, Any]
    created_at: datetime
    attempts: int


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def backoff(attempts: int, base_seconds: float, cap_seconds: float) -> timedelta:
    """The wait before the next try after ``attempts`` failed tries: base, 2 x base, ..."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def _due(now: datetime) -> Any:
    return and_(
        OutboxMail.sent_at.is_(None),
        OutboxMail.failed_at.is_(None),
        OutboxMail.due_at <= now,
        or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
    )


class Worker:
    def __init__(
        self,
        app: Flask,
        *,
        name: str | None = None,
        today: date | None = None,
    ) -> None:
        self.app = app
        self.name = name or default_name()
        self._today = today
        config = app.config
        self.lease = timedelta(seconds=float(config["MAIL_LEASE_SECONDS"]))
        self.max_attempts = int(config["MAIL_MAX_ATTEMPTS"])
        self.retry_base = float(config["MAIL_RETRY_SECONDS"])
        self.retry_cap = float(config["MAIL_RETRY_MAX_SECONDS"])
        self.poll = float(config["WORKER_POLL_SECONDS"])
        self.public_url = str(config["PUBLIC_URL"])
        self.sender = str(config["MAIL_FROM"])
        self.domain = (
            parseaddr(self.sender)[1].rpartition("@")[2]
            or urlsplit(self.public_url).hostname
            or "reportsvc.invalid"
        )
        self.stop = threading.Event()
        self._last_reminders: datetime | None = None
        self._last_heartbeat = 0.0
        with app.app_context():
            from reportsvc import db

            self.engine: Engine = db.engine()
        self._postgres = self.engine.dialect.name == "postgresql"

    # -- one pass ---------------------------------------------------------------------

    def run_once(self, *, reminders: bool = True) -> Stats:
        """Heartbeat, reminders, then every mail that is due now. Returns what it did."""
        stats = Stats()
        self.heartbeat()
        if reminders:
            stats.reminders = self.queue_reminders()
        stats.add(self.send_due())
        return stats

    def run_forever(self) -> Stats:
        """Until ``stop`` is set (SIGTERM/SIGINT): a pass, then wait ``WORKER_POLL_SECONDS``.
        Reminders are looked for once a minute; a database error is logged and retried."""
        total = Stats()
        while not self.stop.is_set():
            now = utcnow()
            due_reminders = (
                self._last_reminders is None or now - self._last_reminders >= REMINDER_INTERVAL
            )
            try:
                done = self.run_once(reminders=due_reminders)
                total.add(done)
                if due_reminders:
                    self._last_reminders = now
                if done.sent or done.retried or done.failed or done.reminders:
                    log.info(
                        "sent %s, retrying %s, gave up on %s, queued %s reminder(s)",
                        done.sent, done.retried, done.failed, done.reminders,
                    )  # fmt: skip
            except SQLAlchemyError as error:  # the database restarting, a lock timeout
                log.warning("worker pass failed: %s; trying again", type(error).__name__)
            self.stop.wait(self.poll)
        return total

    # -- pieces ---------------------------------------------------------------------------

    def heartbeat(self) -> None:
        self._last_heartbeat = time.monotonic()
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            row = session.get(WorkerHeartbeat, self.name)
            if row is None:
                session.add(WorkerHeartbeat(name=self.name, seen_at=now))
            else:
                row.seen_at = now
            session.execute(
                delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at < now - HEARTBEAT_KEEP)
            )

    def today(self) -> date:
        return self._today or date.today()

    def queue_reminders(self) -> int:
        from reportsvc.services import reminders

        for attempt in (1, 2):
            try:
                with Session(self.engine) as session, session.begin():
                    return reminders.queue_due(session, self.today())
            except IntegrityError:
                # Another worker queued the same reminder keys at the same moment; the
                # second try sees its rows and queues nothing twice.
                if attempt == 2:
                    raise
        return 0

    def send_due(self) -> Stats:
        stats = Stats()
        transport: transports.Transport | None = None
        try:
            while not self.stop.is_set():
                if time.monotonic() - self._last_heartbeat > HEARTBEAT_EVERY:
                    self.heartbeat()  # a long run of sends still shows the worker alive
                claimed = self.claim()
                if claimed is None:
                    break
                if transport is None:
                    with self.app.app_context():
                        transport = transports.from_config(self.app.config, self.app.instance_path)
                self._send_one(transport, claimed, stats)
        finally:
            if transport is not None:
                transport.close()
        return stats

    def claim(self) -> Claimed | None:
        """Take the lease on one due mail, or None when nothing is due."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            candidates = (
                select(OutboxMail.id)
                .where(_due(now))
                .order_by(OutboxMail.due_at, OutboxMail.id)
                .limit(1)
            )
            if self._postgres:
                candidates = candidates.with_for_update(skip_locked=True)
            for mail_id in session.scalars(candidates).all():
                result = session.execute(
                    update(OutboxMail)
                    .where(OutboxMail.id == mail_id, _due(now))
                    .values(
                        claimed_by=self.name,
                        claimed_until=now + self.lease,
                        attempts=OutboxMail.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    row = session.execute(
                        select(
                            OutboxMail.to,
                            OutboxMail.template,
                            OutboxMail.values,
                            OutboxMail.created_at,
                            OutboxMail.attempts,
                        ).where(OutboxMail.id == mail_id)
                    ).one()
                    return Claimed(mail_id, row[0], row[1], dict(row[2] or {}), row[3], row[4])
        return None

    def _send_one(self, transport: transports.Transport, mail: Claimed, stats: Stats) -> None:
        try:
            subject, body = templates.render(mail.template, mail.values, public_url=self.public_url)
            transport.send(
                transports.Outgoing(
                    outbox_id=mail.id,
                    message_id=self.message_id(mail),
                    to=mail.to,
                    sender=self.sender,
                    subject=subject,
                    body=body,
                    template=mail.template,
                )
            )
        except templates.MailTemplateError:
            self._failed(mail, "MailTemplateError", permanent=True, stats=stats)
            return
        except transports.SendError as error:
            self._failed(mail, error.kind, permanent=error.permanent, stats=stats)
            return
        self._sent(mail)
        stats.sent += 1

    def message_id(self, mail: Claimed) -> str:
        """The same for every try of one row, so a receiving system can spot a duplicate."""
        return f"<outbox-{mail.id}-{mail.created_at:%Y%m%d%H%M%S}@{self.domain}>"

    def _sent(self, mail: Claimed) -> None:
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(OutboxMail)
                .where(OutboxMail.id == mail.id, OutboxMail.sent_at.is_(None))
                .values(sent_at=now, claimed_until=None, last_error="")
                .execution_options(synchronize_session=False)
            )

    def _failed(self, mail: Claimed, kind: str, *, permanent: bool, stats: Stats) -> None:
        now = utcnow()
        give_up = permanent or mail.attempts >= self.max_attempts
        values: dict[str, Any] = {"claimed_until": None, "last_error": kind[:200]}
        if give_up:
            values["failed_at"] = now
            stats.failed += 1
        else:
            values["due_at"] = now + backoff(mail.attempts, self.retry_base, self.retry_cap)
            stats.retried += 1
        stats.errors[kind] = stats.errors.get(kind, 0) + 1
        log.warning(
            "mail %s (%s) not sent: %s, attempt %s%s",
            mail.id,
            mail.template,
            kind,
            mail.attempts,
            ", giving up" if give_up else "",
        )
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(OutboxMail)
                .where(OutboxMail.id == mail.id, OutboxMail.sent_at.is_(None))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
