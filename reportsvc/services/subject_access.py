"""Subject access: everything the service holds about one child, as one ZIP file.

The ZIP has a human-readable ``index.html`` (what is in it, what was left out and why) and
JSON files a case worker or a solicitor can open:

- ``child.json``: the child's details as the coordinator recorded them;
- ``conferences/<id>/conference.json``: date, type, chair, agencies invited, the household,
  attendance, dissent and the chair's responses (appeals);
- ``conferences/<id>/reports/<report id>/version-<n>.json``: every version of every report,
  with its assessment: grade, score, criteria and findings, chair overrides and returns;
- ``audit.json``: the audit trail of the child's records: who read, exported or changed
  what and when (ids, actions, people's names and roles).

With ``leave_out_siblings`` the text other children of the same family have in the reports
(their name, their voice-of-the-child and identity sections, and findings about them) is
replaced by a note, for when the request comes from or for one child only; the family's
sections are about every child and stay.

The caller audits the export (action ``subject_access_export`` on the child).
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reportsvc.models import (
    Appeal,
    Attendance,
    AuditEvent,
    Child,
    Conference,
    ConferenceChild,
    Dissent,
    GradeOverride,
    Invitation,
    Report,
    ReportReturn,
    User,
)
from reportsvc.services import outcomes

LEFT_OUT = "(left out: about another child in the family)"


class SubjectAccessError(ValueError):
    pass


@dataclass
class Export:
    data: bytes
    files: list[str] = field(default_factory=list)
    reports: int = 0
    versions: int = 0
    left_out: int = 0  # sibling entries or findings left out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


def _redact(document: dict[str, Any], keep_key: str | None) -> tuple[dict[str, Any], int]:
    """The document with other children's own text replaced (cpc-report/2 ``children``)."""
    children = document.get("children")
    if keep_key is None or not isinstance(children, list):
        return document, 0
    out = dict(document)
    kept: list[Any] = []
    left = 0
    for entry in children:
        if isinstance(entry, dict) and entry.get("key") != keep_key:
            kept.append({"key": entry.get("key"), "name": LEFT_OUT, "sections": {}})
            left += 1
        else:
            kept.append(entry)
    out["children"] = kept
    return out, left


def build(session: Session, child_id: int, *, leave_out_siblings: bool) -> Export:
    child = session.get(Child, child_id)
    if child is None:
        raise SubjectAccessError("There is no child with that number")
    links = session.scalars(
        select(ConferenceChild).where(ConferenceChild.child_id == child_id)
    ).all()
    people: dict[int, User] = {}

    def person(user_id: int | None) -> str:
        if user_id is None:
            return "the service"
        if user_id not in people:
            found = session.get(User, user_id)
            if found is None:
                return f"user {user_id}"
            people[user_id] = found
        user = people[user_id]
        return f"{user.name} ({user.role.replace('_', ' ')}, {user.agency.name})"

    buffer = io.BytesIO()
    export = Export(b"")
    report_ids: list[int] = []
    conference_ids: list[int] = []
    toc: list[tuple[str, str]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, payload: Any, label: str) -> None:
            archive.writestr(name, json.dumps(payload, indent=2, ensure_ascii=False, default=str))
            export.files.append(name)
            toc.append((name, label))

        put(
            "child.json",
            _row(
                child,
                (
                    "id",
                    "name",
                    "date_of_birth",
                    "expected_date_of_delivery",
                    "ethnicity",
                    "religion",
                    "first_language",
                    "interpreter_needed",
                ),
            ),
            "The child's details",
        )
        for link in sorted(links, key=lambda item: item.conference.date):
            conference: Conference = link.conference
            conference_ids.append(conference.id)
            keep_key = link.key if leave_out_siblings else None
            siblings = [
                {"key": other.key, "name": other.child.name}
                if not leave_out_siblings or other.child_id == child_id
                else {"key": other.key, "name": LEFT_OUT}
                for other in conference.child_links
            ]
            base = f"conferences/{conference.id}"
            put(
                f"{base}/conference.json",
                {
                    **_row(conference, ("id", "type", "kind", "date", "status", "venue")),
                    "chair": person(conference.chair_id),
                    "children": siblings,
                    "household": [m.as_document() for m in conference.household],
                    "agencies_invited": [inv.agency.name for inv in conference.invitations],
                    "attendance": [
                        _row(a, ("agency_id", "is_social_care", "status", "recorded_at"))
                        for a in session.scalars(
                            select(Attendance).where(Attendance.conference_id == conference.id)
                        )
                    ],
                    "dissent_and_appeals": [
                        _row(
                            d,
                            (
                                "person",
                                "agency_name",
                                "what",
                                "chair_decision",
                                "recorded_on",
                                "response_due",
                                "response",
                                "responded_on",
                            ),
                        )
                        for d in session.scalars(
                            select(Dissent).where(Dissent.conference_id == conference.id)
                        )
                    ],
                    "appeals": [
                        _row(
                            a,
                            (
                                "by",
                                "by_role",
                                "received_on",
                                "late",
                                "late_reason",
                                "response_due",
                                "response",
                                "responded_on",
                            ),
                        )
                        for a in session.scalars(
                            select(Appeal).where(Appeal.conference_id == conference.id)
                        )
                    ],
                    "outcome": {
                        key: value
                        for key, value in outcomes.outcome_data(conference).items()
                        if not leave_out_siblings or key == link.key
                    },
                },
                f"Conference on {conference.date.isoformat()} ({conference.type}): details, "
                "household, attendance, the decision for each child, dissent and appeals",
            )
            invitations = session.scalars(
                select(Invitation).where(Invitation.conference_id == conference.id)
            ).all()
            for invitation in invitations:
                report = session.scalar(select(Report).where(Report.invitation_id == invitation.id))
                if report is None:
                    continue
                report_ids.append(report.id)
                export.reports += 1
                returns = [
                    {
                        **_row(
                            r, ("returned_version", "resubmitted_version", "created_at", "comment")
                        ),
                        "chair": person(r.chair_id),
                    }
                    for r in session.scalars(
                        select(ReportReturn).where(ReportReturn.report_id == report.id)
                    )
                ]
                for version in report.versions:
                    document, left = _redact(version.document, keep_key)
                    export.left_out += left
                    assessments = []
                    for assessment in version.assessments:
                        findings = []
                        for finding in assessment.findings:
                            if keep_key is not None and finding.child not in (None, keep_key):
                                export.left_out += 1
                                continue
                            findings.append(
                                _row(
                                    finding,
                                    (
                                        "check",
                                        "section",
                                        "child",
                                        "severity",
                                        "text",
                                        "message",
                                        "suggestion",
                                    ),
                                )
                            )
                        assessments.append(
                            {
                                **_row(
                                    assessment, ("ruleset_version", "grade", "score", "created_at")
                                ),
                                "criteria": [
                                    _row(c, ("criterion", "met", "weight", "explanation"))
                                    for c in assessment.criteria
                                ],
                                "findings": findings,
                            }
                        )
                    overrides = [
                        {**_row(o, ("grade", "reason", "created_at")), "chair": person(o.chair_id)}
                        for o in session.scalars(
                            select(GradeOverride).where(
                                GradeOverride.report_version_id == version.id
                            )
                        )
                    ]
                    export.versions += 1
                    put(
                        f"{base}/reports/{report.id}/version-{version.number}.json",
                        {
                            "report": report.id,
                            "agency": invitation.agency.name,
                            "status": report.status,
                            "version": version.number,
                            "kind": version.kind,
                            "saved_by": person(version.created_by_id),
                            "saved_at": _plain(version.created_at),
                            "document": document,
                            "assessments": assessments,
                            "chair_grade_overrides": overrides,
                            "returned_by_chair": returns
                            if version.number == report.version
                            else [],
                        },
                        f"Report {report.id} from {invitation.agency.name}, version "
                        f"{version.number} ({version.kind}), with findings",
                    )
        clauses = [(AuditEvent.record_type == "child") & (AuditEvent.record_id == child_id)]
        if report_ids:
            clauses.append(
                (AuditEvent.record_type == "report") & AuditEvent.record_id.in_(report_ids)
            )
        if conference_ids:
            clauses.append(
                (AuditEvent.record_type == "conference") & AuditEvent.record_id.in_(conference_ids)
            )
        events = session.scalars(
            select(AuditEvent).where(or_(*clauses)).order_by(AuditEvent.at, AuditEvent.id)
        ).all()
        put(
            "audit.json",
            [
                {
                    "at": _plain(e.at),
                    "who": person(e.user_id),
                    "action": e.action,
                    "record": f"{e.record_type} {e.record_id}",
                    "outcome": e.outcome,
                }
                for e in events
            ],
            f"Audit trail: who read, exported or changed these records ({len(events)} events)",
        )
        archive.writestr("index.html", _index(child, toc, export, leave_out_siblings))
    export.data = buffer.getvalue()
    return export


def _index(child: Child, toc: list[tuple[str, str]], export: Export, left_out: bool) -> str:
    rows = "\n".join(
        f"<li><code>{html.escape(name)}</code>: {html.escape(label)}</li>" for name, label in toc
    )
    note = (
        f"<p>Text about other children in the same family was left out on request "
        f"({export.left_out} passages). Sections about the whole family are included.</p>"
        if left_out
        else "<p>Nothing was left out.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Subject access export: child {child.id}</title></head>
<body>
<h1>Everything this service holds about {html.escape(child.name)}</h1>
<p>Child number {child.id}. Made on {date.today().isoformat()}.
{export.reports} reports, {export.versions} report versions.</p>
{note}
<h2>Files</h2>
<ul>
{rows}
</ul>
<p>The files are JSON: they open in any text editor. Report versions are the report as it
was saved each time, with the service's assessment of that version.</p>
</body></html>
"""
