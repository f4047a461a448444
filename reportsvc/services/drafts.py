"""Saving and submitting a report from the author's form, one call per user action.

Used by the plain form (no JavaScript) and by the autosave endpoint, so both follow the same
rules: the form is validated, the document built, impossible dates refused, a stale version
refused with the current one, and a submit checked against the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

import forms
import scoring
from reportsvc import db
from reportsvc.models import Report, ReportVersion, User
from reportsvc.services import audit, authoring, reports, settings
from reportsvc.services.authoring import Problem


@dataclass
class Outcome:
    """What happened to a save or submit; ``problems`` empty means it was stored."""

    document: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    version: ReportVersion | None = None
    stale: bool = False
    saved_draft: bool = False  # a submit that was refused, but whose text was saved
    message: str = ""


def form_problems(form: Any) -> list[Problem]:
    problems = []
    for name, errors in _flatten(form.errors):
        for error in errors:
            problems.append(Problem(name, error))
    return problems


def _flatten(errors: Any, prefix: str = "") -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            out += _flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}-{key}")
    elif isinstance(errors, list) and errors and isinstance(errors[0], (dict, list)):
        for n, value in enumerate(errors):
            if value:
                out += _flatten(value, f"{prefix}-{n}")
    elif isinstance(errors, list) and errors:
        out.append((prefix, [str(e) for e in errors]))
    return out


def apply(
    session: Session,
    report: Report,
    form: Any,
    user: User,
    *,
    submit: bool = False,
    kind: str = "save",
    structured_actions: bool = True,
) -> Outcome:
    invitation = report.invitation
    template: forms.Template = authoring.template_for(invitation)
    base = authoring.current_document(report, user)
    valid = form.validate()
    conference = invitation.conference
    document = authoring.document_from_form(
        form, template, base, structured_actions=structured_actions, conference=conference
    )
    problems = [] if valid else form_problems(form)
    problems += authoring.unticked_with_text(form, conference)
    problems += authoring.date_problems(form, document, invitation.conference.date)
    if problems:
        return Outcome(document, problems)
    try:
        expected = int(form.version.data or "-1")
    except ValueError:
        expected = -1
    if expected != report.version:
        return Outcome(document, stale=True)
    try:
        return _store(session, report, document, user, template, expected, submit, kind)
    except reports.StaleVersion:
        return Outcome(document, stale=True)


def _store(
    session: Session,
    report: Report,
    document: dict[str, Any],
    user: User,
    template: forms.Template,
    expected: int,
    submit: bool,
    kind: str,
) -> Outcome:
    invitation = report.invitation
    timescales = settings.timescales(session)

    def store(doc: dict[str, Any], as_kind: str, status: str | None = None) -> ReportVersion:
        # Assess first: in a request that reads until it writes (the autosave), the write
        # lock is then held only for the inserts, not while the engine runs.
        assessed = scoring.assess(doc, timescales=timescales)
        with db.writing():
            version = reports.save(
                session,
                report,
                doc,
                expected_version=expected,
                user=user,
                kind=as_kind,
                status=status,
                assessment=assessed,
            )
            audit.event(as_kind, "report", report.id)
            session.commit()
        return version

    if not submit:
        return Outcome(document, version=store(document, kind))
    missing = authoring.submit_problems(document, template, invitation.conference)
    if missing:  # keep the text safe, but do not submit
        return Outcome(document, missing, version=store(document, kind), saved_draft=True)
    today = date.today()
    document = {**document, "submitted_on": today.isoformat()}
    version = store(document, "submit", status="submitted")
    message = authoring.timeliness_message(today, invitation.due_date, timescales)
    return Outcome(document, version=version, message=message)
