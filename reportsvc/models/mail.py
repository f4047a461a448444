"""The mail outbox and the workers' heartbeats.

A mail is a row written in the same transaction as the change that causes it, so a rolled
back change leaves no mail and a committed one cannot lose its mail. ``reportsvc worker``
claims due rows with a lease (``claimed_until``), sends them and marks them sent; a worker
killed mid-send leaves a lease that runs out, and the row is sent again (at most one
duplicate per kill). See docs/architecture.md, "Mail and background work".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class OutboxMail(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "failed_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A key makes queueing idempotent (a reminder is queued once per invitation and deadline).
    key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    to: Mapped[str] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(60))
    # Values for the template: dates, agency names, links. Never report text or a child's name.
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The kind of failure only (an exception class and SMTP code), never an address or text.
    last_error: Mapped[str] = mapped_column(String(200), default="")


class WorkerHeartbeat(Base):
    """Each worker writes its name and time here on every loop; /ready reads the newest."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
