"""What chairs record: returns with a challenge, chases, grade overrides, dissent,
and attendance at the conference (for quoracy)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .people import User

ATTENDANCE = ("attending", "attended", "apologies", "did_not_attend")


class ReportReturn(Base):
    """A chair sends a submitted report back to its author with a challenge."""

    __tablename__ = "report_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text)
    returned_version: Mapped[int] = mapped_column(Integer)  # the version sent back
    resubmitted_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chair: Mapped[User] = relationship()


class Chase(Base):
    """A chair chases a missing or late report; the author's agency sees it."""

    __tablename__ = "chases"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chair: Mapped[User] = relationship()


class GradeOverride(Base):
    """A chair's grade beside the engine's, with the reason; never replaces it."""

    __tablename__ = "grade_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    grade: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chair: Mapped[User] = relationship()


class Dissent(Base):
    """Professional dissent or an alternative view, answered in writing within 28 days."""

    __tablename__ = "dissents"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    person: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    agency_name: Mapped[str] = mapped_column(String(200), default="")  # e.g. a parent
    what: Mapped[str] = mapped_column(Text)
    chair_decision: Mapped[str] = mapped_column(Text, default="")
    recorded_on: Mapped[date] = mapped_column(Date)
    response_due: Mapped[date] = mapped_column(Date, index=True)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Recorded as part of the conference outcome (services/outcomes.py replaces these).
    in_outcome: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(Base):
    """Who attended (or sent apologies to) a conference, for the quoracy indicator.

    ``agency_id`` is null for children's social care when it is not a listed agency;
    ``is_social_care`` marks children's social care either way.
    """

    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    is_social_care: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
