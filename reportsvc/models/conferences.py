"""Children, conferences (a family of one or more children), households and invitations."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .people import Agency, User

if TYPE_CHECKING:
    from .reports import Report

CONFERENCE_TYPES = ("ICPC", "RCPC")
# How a conference came to be scheduled; each has its own timescale (docs/coordinator.md).
SCHEDULING_KINDS = ("standard", "transfer_in", "reconvened")
CONFERENCE_STATUSES = ("scheduled", "cancelled")


class Child(Base):
    """A child known to the service, or an unborn baby (no date of birth yet)."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    expected_date_of_delivery: Mapped[date | None] = mapped_column(Date, nullable=True)
    ethnicity: Mapped[str] = mapped_column(String(200), default="")
    religion: Mapped[str] = mapped_column(String(200), default="")
    first_language: Mapped[str] = mapped_column(String(200), default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def unborn(self) -> bool:
        return self.date_of_birth is None


class ConferenceChild(Base):
    """One child of a conference, with the key reports use for that child."""

    __tablename__ = "conference_children"
    __table_args__ = (
        UniqueConstraint("conference_id", "key", name="uq_conference_children_key"),
        UniqueConstraint("conference_id", "child_id", name="uq_conference_children_child"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)

    conference: Mapped[Conference] = relationship(back_populates="child_links")
    child: Mapped[Child] = relationship()


class HouseholdMember(Base):
    """A person in the family's household as the coordinator recorded them."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    relationship_: Mapped[str] = mapped_column("relationship", String(200))
    lives_with_child: Mapped[bool] = mapped_column(Boolean, default=False)
    # Keys of the children this person is a parent or carer of (empty: not said).
    children: Mapped[list[str]] = mapped_column(JSON, default=list)

    conference: Mapped[Conference] = relationship(back_populates="household")

    def as_document(self) -> dict[str, Any]:
        person: dict[str, Any] = {
            "name": self.name,
            "relationship": self.relationship_,
            "lives_with_child": self.lives_with_child,
        }
        if self.children:
            person["children"] = list(self.children)
        return person


class Conference(Base):
    __tablename__ = "conferences"
    __table_args__ = (
        CheckConstraint("type IN ('ICPC', 'RCPC')", name="type_known"),
        CheckConstraint(f"kind IN {SCHEDULING_KINDS!r}", name="kind_known"),
        CheckConstraint(f"status IN {CONFERENCE_STATUSES!r}", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The case-management system's reference: the same reference updates, never duplicates.
    reference: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    # Kept (first child) so an instance of the previous release still reads the schema.
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("children.id"), index=True, nullable=True
    )
    type: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(20), default="standard")
    date: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[time | None] = mapped_column(Time, nullable=True)
    venue: Mapped[str] = mapped_column(String(300), default="")
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    previous_conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id"), nullable=True
    )
    # Transfer-in: the day the area was notified; reconvened: the deferred conference's date.
    notified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # Set by a coordinator: retention never deletes this conference's records while set.
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chair: Mapped[User] = relationship()
    previous: Mapped[Conference | None] = relationship(remote_side="Conference.id")
    child_links: Mapped[list[ConferenceChild]] = relationship(
        back_populates="conference",
        order_by="ConferenceChild.position",
        cascade="all, delete-orphan",
    )
    household: Mapped[list[HouseholdMember]] = relationship(
        back_populates="conference",
        order_by="HouseholdMember.position",
        cascade="all, delete-orphan",
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="conference", order_by="Invitation.id"
    )

    @property
    def children(self) -> list[Child]:
        return [link.child for link in self.child_links]

    @property
    def child(self) -> Child:
        """The first child (pages that name the conference by one child use this)."""
        return self.child_links[0].child

    @property
    def family_name(self) -> str:
        """How pages name the conference: the children's names, joined."""
        names = [c.name for c in self.children]
        if len(names) <= 1:
            return names[0] if names else ""
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("conference_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The named author (null for invitations made before authors were named).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    conference: Mapped[Conference] = relationship(back_populates="invitations")
    agency: Mapped[Agency] = relationship()
    author: Mapped[User | None] = relationship()
    report: Mapped[Report | None] = relationship(back_populates="invitation")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
