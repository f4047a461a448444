"""The audit log: one event per read, write, export or permission change.

Events carry ids and actions only, never report text. Reads are committed at once so the
trail survives a later error in the request; writes are added to the caller's transaction so
that the event and the change commit together.
"""

from __future__ import annotations

from flask import g
from flask_login import current_user
from sqlalchemy.orm import Session

from reportsvc import db
from reportsvc.models import AuditEvent


def event(action: str, record_type: str, record_id: int | None, outcome: str = "allowed") -> None:
    """Add an event to the current transaction (for writes)."""
    pending = g.get("audit_pending")
    if pending is not None and pending[1:] == (record_type, record_id):
        g.audit_pending = None  # this write is the one event of the checked access
    _add(db.session(), action, record_type, record_id, outcome)


def expect_write(action: str, record_type: str, record_id: int | None) -> None:
    """An allowed write access: audited by the write's own event, or by ``settle`` if the
    request ends without one (a refused or stale save), so each request has one event."""
    g.audit_pending = (action, record_type, record_id)


def settle(_error: BaseException | None = None) -> None:
    """At teardown: record an expected write that never happened, in its own transaction."""
    pending = g.pop("audit_pending", None)
    if pending is None:
        return
    db.session().rollback()  # whatever the request left uncommitted was not meant to be kept
    action, record_type, record_id = pending
    with db.writing() as session:
        _add(session, action, record_type, record_id, "allowed")
        session.commit()


def _add(
    session: Session, action: str, record_type: str, record_id: int | None, outcome: str
) -> None:
    user = current_user if current_user and current_user.is_authenticated else None
    session.add(
        AuditEvent(
            user_id=user.id if user else None,
            role=user.role if user else "",
            agency_id=user.agency_id if user else None,
            action=action,
            record_type=record_type,
            record_id=record_id,
            outcome=outcome,
        )
    )


def record(action: str, record_type: str, record_id: int | None, outcome: str = "allowed") -> None:
    """Write an event in its own commit (for reads and denials)."""
    with db.writing() as session:
        event(action, record_type, record_id, outcome)
        session.commit()
