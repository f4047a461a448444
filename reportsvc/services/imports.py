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
from reportsvc.models import Conference, ConferenceChild, Report, User
from reportsvc.sanitise import clean_text
from reportsvc.services import audit, reports, settings
from scoring.document import upgrade

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


def as_stored(
    data: dict[str, Any], conference: Conference
) -> tuple[dict[str, Any], list[ImportProblem]]:
    """A valid document as drafts are stored: cpc-report/2, keyed as the conference keys
    its children.

    A version 1 file is about one child: the conference's only child, or the one with the
    file's date of birth. A version 2 file lists some or all of the conference's children by
    their keys; a child the conference does not have refuses the file.
    """
    links = conference.child_links
    doc = upgrade(data)
    children = doc["children"]
    problems: list[ImportProblem] = []
    if data.get("format") != "cpc-report/2":
        born = (data.get("child") or {}).get("date_of_birth") or None
        match: ConferenceChild | None
        if len(links) == 1:
            match = links[0]
        else:
            same = [link for link in links if _iso(link.child.date_of_birth) == born]
            match = same[0] if len(same) == 1 else None
            if match is None:
                return doc, [
                    ImportProblem(
                        "child.date_of_birth",
                        "this conference is about several children and the file's date of "
                        "birth does not pick out one of them: export the file in version 2 "
                        "(cpc-report/2) with each child's key",
                    )
                ]
        children[0]["key"] = match.key
    by_key = {link.key: link for link in links}
    seen = set()
    for n, child in enumerate(children):
        link = by_key.get(child["key"])
        path = "child" if data.get("format") != "cpc-report/2" else f"children[{n}]"
        if link is None:
            keys = ", ".join(sorted(by_key))
            problems.append(
                ImportProblem(
                    f"{path}.key",
                    f"this conference has no child with this key; its children's keys are: {keys}",
                )
            )
            continue
        seen.add(link.key)
        if (child.get("date_of_birth") or None) != _iso(link.child.date_of_birth):
            problems.append(
                ImportProblem(
                    f"{path}.date_of_birth",
                    "the file is about a child with a different date of birth: check it is "
                    "the right child"
                    if link.child.date_of_birth
                    else "this conference's child is unborn (no date of birth yet)",
                )
            )
        child["name"] = link.child.name
        if link.child.date_of_birth is None and link.child.expected_date_of_delivery:
            child["expected_date_of_delivery"] = link.child.expected_date_of_delivery.isoformat()
    return doc, problems


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def check_fits(data: dict[str, Any], report: Report) -> list[ImportProblem]:
    """The file must be for this conference and agency."""
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
    problems = check_fits(data, report)
    data, more = as_stored(data, report.invitation.conference)
    problems += more
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
