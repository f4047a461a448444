"""Children, conferences and the invitations sent to agencies."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .people import Agency, User


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(200), default="")
    religion: Mapped[str] = mapped_column(String(200), default="")
    first_language: Mapped[str] = mapped_column(String(200), default="")


class Conference(Base):
    __tablename__ = "conferences"
    __table_args__ = (CheckConstraint("type IN ('ICPC', 'RCPC')", name="type_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    type: Mapped[str] = mapped_column(String(4))
    date: Mapped[date] = mapped_column(Date, index=True)
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    previous_conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship()
    chair: Mapped[User] = relationship()
    previous: Mapped[Conference | None] = relationship(remote_side="Conference.id")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="conference", order_by="Invitation.id"
    )


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("conference_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    conference: Mapped[Conference] = relationship(back_populates="invitations")
    agency: Mapped[Agency] = relationship()
    report: Mapped[Report | None] = relationship(back_populates="invitation")


from .reports import Report  # noqa: E402  (mutual relationship; import at the end)
