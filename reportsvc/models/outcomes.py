"""What a conference decided, per child, and what follows: the plan's actions per agency,
appeals against the decision, and the dates the service computed (docs/outcomes.md).

Dissent recorded with the outcome is a ``Dissent`` row (models/review.py) with
``in_outcome`` set, so the chair's existing dissent pages answer it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .conferences import Child, Conference
    from .people import Agency, User

DECISIONS = ("plan", "no_plan", "plan_continues", "plan_ends", "deferred")
ALTERNATIVES = ("child_in_need", "early_help", "nfa")
CATEGORIES = ("neglect", "physical", "emotional", "sexual")
APPELLANTS = ("parent", "child")


class ConferenceOutcome(Base):
    """The outcome of one conference (one row a conference; replaced as a whole)."""

    __tablename__ = "conference_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), unique=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Computed when recorded, from the partnership settings of that moment.
    core_group_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    core_group_held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reconvene_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    appeal_by: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    conference: Mapped[Conference] = relationship()
    recorded_by: Mapped[User] = relationship()
    children: Mapped[list[ChildOutcome]] = relationship(
        back_populates="outcome", order_by="ChildOutcome.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="outcome", order_by="PlanAction.position", cascade="all, delete-orphan"
    )


class ChildOutcome(Base):
    """The decision for one child of the conference."""

    __tablename__ = "child_outcomes"
    __table_args__ = (
        CheckConstraint(f"decision IN {DECISIONS!r}", name="decision_known"),
        CheckConstraint(f"category IS NULL OR category IN {CATEGORIES!r}", name="category_known"),
        CheckConstraint(
            f"alternative IS NULL OR alternative IN {ALTERNATIVES!r}", name="alternative_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("conference_outcomes.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    decision: Mapped[str] = mapped_column(String(20))
    alternative: Mapped[str | None] = mapped_column(String(20), nullable=True)
    category: Mapped[str | None] = mapped_column(String(20), nullable=True)
    primary_concern: Mapped[str] = mapped_column(String(200), default="")
    secondary_concerns: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_social_worker: Mapped[str] = mapped_column(String(200), default="")
    core_group: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The day this plan began (the ICPC that made it), carried forward while it continues.
    plan_started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_review_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)

    outcome: Mapped[ConferenceOutcome] = relationship(back_populates="children")
    child: Mapped[Child] = relationship()

    @property
    def on_plan(self) -> bool:
        return self.decision in ("plan", "plan_continues")


class PlanAction(Base):
    """One action of the plan (or of a deferred decision's interim plan), per agency."""

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("conference_outcomes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The invited agency it belongs to, when the name matched one; else only agency_name.
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id"), nullable=True, index=True
    )
    agency_name: Mapped[str] = mapped_column(String(200))
    child_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    who: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(Text)
    by_when: Mapped[date] = mapped_column(Date)
    how_we_will_know: Mapped[str] = mapped_column(Text)

    outcome: Mapped[ConferenceOutcome] = relationship(back_populates="actions")
    agency: Mapped[Agency | None] = relationship()


class Appeal(Base):
    """A parent's or child's appeal against the conference's decision (seeds/003)."""

    __tablename__ = "appeals"
    __table_args__ = (CheckConstraint(f"by_role IN {APPELLANTS!r}", name="by_role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by: Mapped[str] = mapped_column(String(200))
    by_role: Mapped[str] = mapped_column(String(10))
    received_on: Mapped[date] = mapped_column(Date)
    # Received more than 5 working days after the conference: accepted, with the reason.
    late: Mapped[bool] = mapped_column(default=False)
    late_reason: Mapped[str] = mapped_column(Text, default="")
    response_due: Mapped[date] = mapped_column(Date, index=True)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
