"""Load a record for the current user, apply the policy, and audit the attempt.

Views call these instead of querying directly, so no read of a report escapes the policy
or the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from flask_login import current_user

from reportsvc import db
from reportsvc.models import Conference, Invitation, Report
from reportsvc.policy import Decision

T = TypeVar("T")


def _checked(
    record: T | None,
    record_type: str,
    record_id: int,
    decide: Callable[[T], Decision],
    action: str,
    *,
    commit_audit: bool,
) -> T:
    if record is None:
        audit_event(action, record_type, record_id, "denied", commit=True)
        abort(404)
    decision = decide(record)
    if decision is not Decision.ALLOW:
        audit_event(action, record_type, record_id, "denied", commit=True)
        abort(decision.value)
    if commit_audit:
        audit_event(action, record_type, record_id, "allowed", commit=True)
    else:
        # A write is audited once: by the service's event, in the transaction that makes the
        # change, or, when nothing was written (invalid, stale), by this one at teardown.
        from reportsvc.services import audit

        audit.expect_write(action, record_type, record_id)
    return record


def audit_event(
    action: str, record_type: str, record_id: int, outcome: str, *, commit: bool
) -> None:
    from reportsvc.services import audit

    if commit:
        audit.record(action, record_type, record_id, outcome)
    else:
        audit.event(action, record_type, record_id, outcome)


def report(
    report_id: int,
    decide: Callable[..., Decision],
    action: str = "read",
    *,
    commit_audit: bool = True,
) -> Report:
    """The report if ``decide(user, invitation)`` allows; 403/404 otherwise (audited).

    For a write, pass ``commit_audit=False``: a denial is still audited here, and the write
    itself records its one event in the transaction that makes the change.
    """
    found = db.session().get(Report, report_id)
    return _checked(
        found,
        "report",
        report_id,
        lambda r: decide(current_user, r.invitation),
        action,
        commit_audit=commit_audit,
    )


def conference(
    conference_id: int,
    decide: Callable[..., Decision],
    action: str = "read",
    *,
    commit_audit: bool = True,
) -> Conference:
    """The conference if ``decide(user, conference)`` allows; for a write pass
    ``commit_audit=False`` so the action's own event is the request's one event."""
    found = db.session().get(Conference, conference_id)
    return _checked(
        found,
        "conference",
        conference_id,
        lambda c: decide(current_user, c),
        action,
        commit_audit=commit_audit,
    )


def invitation(invitation_id: int, decide: Callable[..., Decision], action: str) -> Invitation:
    found = db.session().get(Invitation, invitation_id)
    return _checked(
        found,
        "invitation",
        invitation_id,
        lambda i: decide(current_user, i),
        action,
        commit_audit=True,
    )
