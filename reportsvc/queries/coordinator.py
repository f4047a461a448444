"""What the coordinator's pages show: conferences by week with what is missing, and one
conference with each invitation's progress.

Read-only. The views pass in today, the bank-holiday region and, for transfer-in and
reconvened conferences, the date each had to be held by (services/scheduling.py works that
out), so nothing here imports a service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from reportsvc.models import (
    Agency,
    AuditEvent,
    Conference,
    ConferenceChild,
    Invitation,
    SignInLink,
    User,
)
from scoring.calendar import working_days_between

STATUS_LABELS = {
    "no_author": "No author named",
    "invited": "Invited",
    "opened": "Opened",
    "started": "Started",
    "submitted": "Submitted",
    "withdrawn": "Withdrawn",
}
STATUS_TAGS = {
    "no_author": "govuk-tag--red",
    "invited": "govuk-tag--grey",
    "opened": "govuk-tag--blue",
    "started": "govuk-tag--yellow",
    "submitted": "govuk-tag--green",
    "withdrawn": "govuk-tag--grey",
}


def opened(session: Session, conferences: list[Conference]) -> set[int]:
    """Ids of the invitations whose named author has opened the report.

    Opening is read from the audit log (every read of a report is audited, with the reader),
    so showing a report page changes nothing but the log."""
    authors = {
        inv.report.id: (inv.id, inv.author_id)
        for c in conferences
        for inv in c.invitations
        if inv.report is not None and inv.author_id is not None
    }
    if not authors:
        return set()
    reads = session.execute(
        select(AuditEvent.record_id, AuditEvent.user_id)
        .where(
            AuditEvent.record_type == "report",
            AuditEvent.record_id.in_(list(authors)),
            AuditEvent.action == "read",
            AuditEvent.outcome == "allowed",
        )
        .distinct()
    ).all()
    return {
        authors[report_id][0]
        for report_id, user_id in reads
        if report_id in authors and authors[report_id][1] == user_id
    }


def invitation_status(invitation: Invitation, opened_ids: set[int]) -> str:
    """no_author, invited, opened, started, submitted or withdrawn."""
    if invitation.withdrawn:
        return "withdrawn"
    report = invitation.report
    if report is not None and report.status == "submitted":
        return "submitted"
    if report is not None and report.version > 0:
        return "started"
    if invitation.author_id is None:
        return "no_author"
    if invitation.id in opened_ids:
        return "opened"
    return "invited"


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    status: str
    days_left: int  # working days from today to the deadline; negative once it has passed

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def overdue(self) -> bool:
        return self.status not in ("submitted", "withdrawn") and self.days_left < 0


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    invitations: list[InvitationRow]
    due_by: date | None  # transfer-in / reconvened: the latest date it may be held
    missing: list[str] = field(default_factory=list)

    @property
    def late_held(self) -> bool:
        return self.due_by is not None and self.conference.date > self.due_by


def invitation_rows(
    conference: Conference, today: date, region: str, opened_ids: set[int]
) -> list[InvitationRow]:
    return [
        InvitationRow(
            inv,
            invitation_status(inv, opened_ids),
            working_days_between(today, inv.due_date, region),
        )
        for inv in conference.invitations
    ]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def missing(conference: Conference, rows: list[InvitationRow], due_by: date | None) -> list[str]:
    """What still needs the coordinator, in words (no names)."""
    if conference.cancelled:
        return []
    active = [r for r in rows if r.status != "withdrawn"]
    counts = {s: sum(1 for r in active if r.status == s) for s in STATUS_LABELS}
    out = []
    if not active:
        out.append("No agencies invited")
    if counts["no_author"]:
        out.append(
            _plural(counts["no_author"], "invitation has no author", "invitations have no author")
        )
    if counts["invited"]:
        out.append(
            _plural(counts["invited"], "author has not opened it", "authors have not opened it")
        )
    if counts["opened"]:
        out.append(_plural(counts["opened"], "author has not started", "authors have not started"))
    if counts["started"]:
        out.append(_plural(counts["started"], "report not submitted", "reports not submitted"))
    overdue = sum(1 for r in active if r.overdue)
    if overdue:
        out.append(_plural(overdue, "report past its deadline", "reports past their deadline"))
    if due_by is not None and conference.date > due_by:
        out.append(f"Held after its due-by date ({due_by.day} {due_by:%b %Y})")
    return out


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _loaded() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Conference.child_links).selectinload(ConferenceChild.child),
        selectinload(Conference.chair),
        selectinload(Conference.invitations).selectinload(Invitation.agency),
        selectinload(Conference.invitations).selectinload(Invitation.report),
        selectinload(Conference.invitations).selectinload(Invitation.author),
    )


def week(
    session: Session,
    monday: date,
    today: date,
    region: str,
    due_by: Callable[[Conference], date | None],
    *,
    chair_id: int | None = None,
) -> list[ConferenceRow]:
    """The conferences from ``monday`` to the Sunday after, soonest first."""
    query = (
        select(Conference)
        .where(Conference.date >= monday, Conference.date < monday + timedelta(days=7))
        .order_by(Conference.date, Conference.time, Conference.id)
        .options(*_loaded())
    )
    if chair_id is not None:
        query = query.where(Conference.chair_id == chair_id)
    out = []
    conferences = list(session.scalars(query))
    opened_ids = opened(session, conferences)
    for conference in conferences:
        rows = invitation_rows(conference, today, region, opened_ids)
        until = due_by(conference)
        out.append(ConferenceRow(conference, rows, until, missing(conference, rows, until)))
    return out


def conference_row(
    session: Session, conference: Conference, today: date, region: str, due_by: date | None
) -> ConferenceRow:
    rows = invitation_rows(conference, today, region, opened(session, [conference]))
    return ConferenceRow(conference, rows, due_by, missing(conference, rows, due_by))


def chairs(session: Session, only: int | None = None) -> list[User]:
    query = select(User).where(User.role == "chair", User.active.is_(True)).order_by(User.name)
    if only is not None:
        query = query.where(User.id == only)
    return list(session.scalars(query))


def agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.name)))


def authors(session: Session, agency_id: int | None = None) -> list[User]:
    query = (
        select(User)
        .where(User.role == "author", User.active.is_(True))
        .options(selectinload(User.agency))
        .order_by(User.name, User.email)
    )
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    return list(session.scalars(query))


def previous_candidates(session: Session, chair_id: int | None = None) -> list[Conference]:
    """Conferences a review or a reconvened ICPC can follow: not cancelled, newest first."""
    query = (
        select(Conference)
        .where(Conference.status == "scheduled")
        .order_by(Conference.date.desc(), Conference.id.desc())
        .limit(300)
        .options(selectinload(Conference.child_links).selectinload(ConferenceChild.child))
    )
    if chair_id is not None:
        query = query.where(Conference.chair_id == chair_id)
    return list(session.scalars(query))


def reference_taken(session: Session, reference: str) -> bool:
    found = session.scalar(
        select(func.count()).select_from(Conference).where(Conference.reference == reference)
    )
    return bool(found)


def agency_by_name(session: Session, name: str) -> Agency | None:
    return session.scalar(select(Agency).where(func.lower(Agency.name) == name.strip().lower()))


def sign_in_links_since(session: Session, user_id: int, since: datetime) -> int:
    """How many sign-in links were made for the user since ``since`` (the resend limit)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(SignInLink)
            .where(SignInLink.user_id == user_id, SignInLink.created_at >= since)
        )
        or 0
    )


def latest_invitation_for(session: Session, user_id: int) -> Invitation | None:
    """The newest invitation still open for this author (its mail carries a new link)."""
    return session.scalar(
        select(Invitation)
        .join(Conference, Invitation.conference_id == Conference.id)
        .where(
            Invitation.author_id == user_id,
            Invitation.withdrawn_at.is_(None),
            Conference.status == "scheduled",
        )
        .order_by(Invitation.invited_at.desc(), Invitation.id.desc())
        .limit(1)
    )
