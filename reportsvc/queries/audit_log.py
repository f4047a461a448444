"""The audit log as the admin page lists it: by record or by user, newest first.

Events hold ids, roles and actions only; nothing here joins to report text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import AuditEvent, User

PAGE_SIZE = 200


@dataclass(frozen=True)
class Filter:
    record_type: str | None = None
    record_id: int | None = None
    user_id: int | None = None


def events(session: Session, where: Filter, limit: int = PAGE_SIZE) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if where.record_type:
        query = query.where(AuditEvent.record_type == where.record_type)
    if where.record_id is not None:
        query = query.where(AuditEvent.record_id == where.record_id)
    if where.user_id is not None:
        query = query.where(AuditEvent.user_id == where.user_id)
    return list(session.scalars(query))


def record_types(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.record_type).distinct().order_by("record_type")))


def emails(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(user_ids)))
    return {user_id: email for user_id, email in rows}
