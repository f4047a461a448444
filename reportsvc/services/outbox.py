"""Queue a mail in the caller's transaction (the worker sends it; see reportsvc/mail/).

Call ``queue`` inside the same transaction as the change that causes the mail, before the
commit: a rolled-back change then leaves no mail, and a committed change cannot lose it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.mail import templates
from reportsvc.models import OutboxMail, utcnow


def queue(
    session: Session,
    *,
    to: str,
    template: str,
    values: dict[str, Any],
    key: str | None = None,
    due_at: datetime | None = None,
) -> OutboxMail | None:
    """Add one mail to the outbox; with ``key``, a mail already queued under it is kept.

    ``values`` fill the template: dates, agency names, deadlines and links only, never
    report text or a child's name. A template that does not exist, or a value it needs
    that is missing or one it does not take, raises ``MailTemplateError`` here, in the
    caller's transaction, rather than failing later in the worker.
    """
    clean = templates.validate(template, values)
    if key is not None:
        session.flush()
        existing = session.scalar(select(OutboxMail).where(OutboxMail.key == key))
        if existing is not None:
            return None
    mail = OutboxMail(key=key, to=to, template=template, values=clean, due_at=due_at or utcnow())
    session.add(mail)
    return mail
