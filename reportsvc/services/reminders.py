"""Reminders: a mail to the author N working days before a report's deadline (N is the
partnership setting ``reminder_days``, 2 by default), if the report is not submitted.

``queue_due`` is run by ``reportsvc worker`` (once a minute, and by ``--once``). It is
idempotent: each reminder is queued under the key ``reminder:<invitation>:<deadline>:<user>``,
so running it again, or on several workers at once, queues nothing twice; a deadline that
moves (the conference is rescheduled) earns a new reminder for the new date. Withdrawn
invitations, cancelled conferences, submitted reports and deadlines already passed are
skipped. Working days come from ``scoring.calendar`` with the partnership's region.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reportsvc.mail import messages
from reportsvc.models import Conference, Invitation
from reportsvc.services import outbox, settings
from scoring.calendar import add_working_days


def reminder_date(deadline: date, days: int, region: str) -> date:
    """The working day ``days`` working days before ``deadline``."""
    return add_working_days(deadline, -days, region)


def queue_due(session: Session, today: date) -> int:
    """Queue every reminder due on or before ``today``; returns how many were new. Caller
    commits."""
    values = settings.load(session)
    days = int(values["reminder_days"])
    region = values["bank_holiday_region"]
    # A reminder is due from its reminder date to the deadline itself. N working days span
    # at most N x 7/5 calendar days plus a run of holidays; 3N + 14 is a safe outer bound,
    # and the exact test is made below.
    horizon = today + timedelta(days=3 * days + 14)
    candidates = session.scalars(
        select(Invitation)
        .join(Conference, Invitation.conference_id == Conference.id)
        .where(
            Invitation.withdrawn_at.is_(None),
            Conference.status == "scheduled",
            Conference.date >= today,
            Invitation.due_date >= today,
            Invitation.due_date <= horizon,
        )
        .options(
            selectinload(Invitation.report),
            selectinload(Invitation.author),
            selectinload(Invitation.agency),
            selectinload(Invitation.conference),
        )
        .order_by(Invitation.id)
    ).all()
    queued = 0
    for invitation in candidates:
        if invitation.report is not None and invitation.report.status == "submitted":
            continue
        if reminder_date(invitation.due_date, days, region) > today:
            continue
        base = messages.invitation_values(invitation)
        for user in messages.recipients(session, invitation):
            key = f"reminder:{invitation.id}:{invitation.due_date.isoformat()}:{user.id}"
            if outbox.queue(session, to=user.email, template="reminder", values=base, key=key):
                queued += 1
    return queued
