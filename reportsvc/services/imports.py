"""Uploading a report JSON file (cpc-report/2 or cpc-report/1) into a draft.

Every problem names the field it concerns (``conference.date``) and never repeats the
file's text. Nothing is saved unless the whole file is acceptable, so a bad upload never
touches the draft.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

import scoring
from reportsvc.models import Report, User
from reportsvc.sanitise import clean_text
from reportsvc.services import audit, reports, settings

MAX_UPLOAD_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ImportProblem:
    path: str
    message: str

    @property
    def summary(self) -> dict[str, str]:
        where = f"{self.path}: " if self.path else ""
        return {"text": where + self.message, "href": "#file"}


@dataclass
class ImportResult:
    problems: list[ImportProblem] = field(default_factory=list)


def read(upload: FileStorage | None) -> tuple[Any, list[ImportProblem]]:
    if upload is None or not upload.filename:
        return None, [ImportProblem("", "Choose a report file to upload")]
    raw = upload.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        return None, [ImportProblem("", "The file must be smaller than 4 MB")]
    try:
        return json.loads(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        return None, [ImportProblem("", "The file must be a JSON text file (UTF-8)")]
    except json.JSONDecodeError as error:
        return None, [
            ImportProblem(
                "", f"The file is not valid JSON (line {error.lineno}, column {error.colno})"
            )
        ]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def as_stored(data: dict[str, Any]) -> tuple[dict[str, Any], list[ImportProblem]]:
    """A valid document in the form drafts are stored in: one child, as in cpc-report/1.

    A conference in the service has one child, so a cpc-report/2 file must list exactly
    one; its voice_of_child and identity sections return to the report's sections.
    """
    if data.get("format") != "cpc-report/2":
        return data, []
    children = data["children"]
    if len(children) != 1:
        return data, [
            ImportProblem(
                "children",
                f"this conference is about one child; the file lists {len(children)}",
            )
        ]
    child = {k: v for k, v in children[0].items() if k not in ("key", "sections")}
    child.pop("expected_date_of_delivery", None)  # version 1 has no such field
    if not child.get("date_of_birth"):
        return data, [
            ImportProblem(
                "children[0].date_of_birth",
                "this conference's child has a date of birth; the file is about an unborn "
                "baby or a child whose date of birth is not given",
            )
        ]
    stored = {k: v for k, v in data.items() if k != "children"}
    stored["format"] = "cpc-report/1"
    stored["child"] = child
    stored["sections"] = {**(data.get("sections") or {}), **(children[0].get("sections") or {})}
    stored["household"] = [
        {k: v for k, v in person.items() if k != "children"}
        for person in data.get("household") or []
    ]
    return stored, []


def check_fits(data: dict[str, Any], report: Report) -> list[ImportProblem]:
    """The file must be for this conference, agency and child."""
    invitation = report.invitation
    conference = invitation.conference
    problems = []
    if data["conference"]["type"] != conference.type:
        problems.append(
            ImportProblem("conference.type", f"this report is for an {conference.type}")
        )
    conference_date = date.fromisoformat(data["conference"]["date"])
    if conference_date != conference.date:
        problems.append(
            ImportProblem(
                "conference.date",
                f"this report is for the conference on {conference.date:%d %B %Y}",
            )
        )
    if report.version == 0 and conference_date < date.today():
        problems.append(
            ImportProblem(
                "conference.date",
                "the conference date is in the past; a new report must be "
                "for an upcoming conference",
            )
        )
    if data["agency"]["type"] != invitation.agency.type:
        problems.append(ImportProblem("agency.type", "the file is from a different type of agency"))
    if (data.get("child") or {}).get("date_of_birth") != conference.child.date_of_birth.isoformat():
        problems.append(
            ImportProblem(
                "child.date_of_birth",
                "the file is about a child with a different date of birth: check it is the "
                "right child",
            )
        )
    return problems


def into_draft(
    session: Session,
    report: Report,
    upload: FileStorage | None,
    user: User,
    version: str | None,
) -> ImportResult:
    data, problems = read(upload)
    if problems:
        return ImportResult(problems)
    try:
        scoring.parse_report(data)
    except scoring.DocumentError as error:
        return ImportResult([ImportProblem(d["path"], d["message"]) for d in error.details])
    data, problems = as_stored(data)
    if problems:
        return ImportResult(problems)
    problems = check_fits(data, report)
    if problems:
        return ImportResult(problems)
    if str(report.version) != (version or ""):
        return ImportResult(
            [
                ImportProblem(
                    "",
                    "The report changed since you opened this page. Go back, "
                    "reload the report and upload the file again.",
                )
            ]
        )
    document = _clean(data)
    document["submitted_on"] = None
    invitation = report.invitation
    document["agency"]["name"] = invitation.agency.name
    document["child"]["name"] = invitation.conference.child.name
    try:
        reports.save(
            session,
            report,
            document,
            expected_version=report.version,
            user=user,
            kind="import",
            timescales=settings.timescales(session),
        )
    except reports.StaleVersion:
        return ImportResult([ImportProblem("", "The report changed while uploading; try again.")])
    audit.event("import", "report", report.id)
    session.commit()
    return ImportResult()
