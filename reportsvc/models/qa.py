"""What QA leads record: audit samples and hand grades for calibration."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class AuditSample(Base):
    """A reproducible random sample of reports or conferences for a manual audit."""

    __tablename__ = "audit_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seed: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))  # reports | conferences
    size: Mapped[int] = mapped_column(Integer)
    size_is_percent: Mapped[bool] = mapped_column(Boolean, default=False)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    items: Mapped[list[AuditSampleItem]] = relationship(
        back_populates="sample", order_by="AuditSampleItem.position"
    )


class AuditSampleItem(Base):
    __tablename__ = "audit_sample_items"
    __table_args__ = (UniqueConstraint("sample_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("audit_samples.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    report_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"))
    position: Mapped[int] = mapped_column(Integer)

    sample: Mapped[AuditSample] = relationship(back_populates="items")


class ManualGrade(Base):
    """A QA lead's own grade of one report version, compared with the engine's."""

    __tablename__ = "manual_grades"
    __table_args__ = (UniqueConstraint("report_version_id", "graded_by_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    graded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("audit_samples.id"), nullable=True)
    grade: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criteria: Mapped[list[ManualCriterion]] = relationship(
        back_populates="manual_grade", order_by="ManualCriterion.id"
    )


class ManualCriterion(Base):
    __tablename__ = "manual_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    manual_grade_id: Mapped[int] = mapped_column(ForeignKey("manual_grades.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    met: Mapped[bool] = mapped_column(Boolean)

    manual_grade: Mapped[ManualGrade] = relationship(back_populates="criteria")


class ReportFacts(Base):
    """The audit answers for one report, flattened from its latest submitted version's
    stored assessment so the QA dashboards aggregate with plain SUM(CASE ...) in SQL.

    Kept in step by ``reportsvc.services.facts``; never edited by hand. A report with no
    submitted version has a row with ``version_id`` null (or no row at all).
    """

    __tablename__ = "report_facts"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"), nullable=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    ruleset_version: Mapped[str] = mapped_column(String(40), default="")
    grade: Mapped[str | None] = mapped_column(String(30), nullable=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The end of the due date in London, in UTC: in time means submitted_at < due_by.
    due_by: Mapped[datetime] = mapped_column(UTCDateTime)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_in_time: Mapped[bool] = mapped_column(Boolean, default=False)
    voice: Mapped[bool] = mapped_column(Boolean, default=False)
    identity: Mapped[bool] = mapped_column(Boolean, default=False)
    threshold: Mapped[bool] = mapped_column(Boolean, default=False)
    smart: Mapped[bool] = mapped_column(Boolean, default=False)
    father: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_actions: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # RCPC only
    alternative_views: Mapped[bool] = mapped_column(Boolean, default=False)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
