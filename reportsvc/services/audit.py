"""The audit log: one event per read, write, export or permission change.

Events carry ids and actions only, never report text. Reads are committed at once so the
trail survives a later error in the request; writes are added to the caller's transaction so
that the event and the change commit together.
"""

from __future__ import annotations

from flask_login import current_user

from reportsvc import db
from reportsvc.models import AuditEvent


def event(action: str, record_type: str, record_id: int | None, outcome: str = "allowed") -> None:
    """Add an event to the current transaction (for writes)."""
    user = current_user if current_user and current_user.is_authenticated else None
    db.session().add(
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
    event(action, record_type, record_id, outcome)
    db.session().commit()
