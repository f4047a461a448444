"""Reports, their immutable versions, and the assessments stored with each version."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .conferences import Invitation
    from .people import User

REPORT_STATUSES = ("draft", "submitted", "returned")


class Report(Base):
    """One per invitation. ``version`` is the optimistic lock: every save bumps it."""

    __tablename__ = "reports"
    __table_args__ = (CheckConstraint(f"status IN {REPORT_STATUSES!r}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="report")
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number"
    )


class ReportVersion(Base):
    """An immutable snapshot of the report document; nothing is ever overwritten."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # save, autosave, import, submit, reopen
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[Report] = relationship(back_populates="versions")
    created_by: Mapped[User] = relationship()
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="version", order_by="Assessment.id"
    )


class Assessment(Base):
    """The engine's verdict on one report version under one ruleset version."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("report_version_id", "ruleset_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    ruleset_version: Mapped[str] = mapped_column(String(40))
    grade: Mapped[str] = mapped_column(String(30))
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[ReportVersion] = relationship(back_populates="assessments")
    criteria: Mapped[list[CriterionResult]] = relationship(
        back_populates="assessment", order_by="CriterionResult.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="assessment", order_by="Finding.id"
    )


class CriterionResult(Base):
    __tablename__ = "criterion_results"
    __table_args__ = (Index("ix_criterion_results_criterion_met", "criterion", "met"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    met: Mapped[bool] = mapped_column(Boolean)
    weight: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship(back_populates="criteria")


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    check: Mapped[str] = mapped_column(String(40))
    section: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The child key for a per-child finding (voice, identity); null for the family.
    child: Mapped[str | None] = mapped_column(String(40), nullable=True)
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship(back_populates="findings")
