"""The CSV upload of many conferences, with a dry run.

1. GET  /coordinator/upload            the form, the columns and the example file link
2. POST /coordinator/upload            the dry run: every conference is checked and scheduled
                                       in a transaction that is rolled back, and the page
                                       shows what would be created or changed
3. POST /coordinator/upload/apply      the same file (carried in the form) stored in ONE
                                       transaction, or nothing stored
   GET  /coordinator/upload/example.csv  an example file that can be uploaded as it is

The file is read by services/conference_csv.py; any problem refuses the whole file and names
the line and column, never the cell's value. Uploaded text never reaches a flash message or
a log.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Response, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportsvc import db
from reportsvc.auth.permissions import roles_required
from reportsvc.coordinator import bp
from reportsvc.models import User
from reportsvc.services import audit, conference_csv, scheduling
from reportsvc.services.conference_csv import CsvError, CsvProblem, Source
from reportsvc.services.conference_spec import SpecError, parse
from reportsvc.services.invitations import InvitationError

ROLES = ("coordinator", "admin")
TITLE = "Upload conferences from a CSV file"


@dataclass
class Planned:
    reference: str
    lines: list[int]
    created: bool
    conference_id: int | None
    changes: list[str]


@dataclass
class Outcome:
    planned: list[Planned] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)


def _run(session: Session, sources: list[Source], actor: User, *, keep: bool) -> Outcome:
    """Check and schedule every conference of the file in one transaction; commit it when
    ``keep`` and nothing is wrong, roll it back otherwise (the dry run always rolls back)."""
    outcome = Outcome()
    specs = []
    for source in sources:
        try:
            specs.append((source, parse(source.data)))
        except SpecError as error:
            outcome.problems += [source.locate(d["path"], d["message"]) for d in error.details]
    if outcome.problems:
        return outcome
    for source, spec in specs:
        try:
            with session.begin_nested():
                result = scheduling.schedule(session, spec, actor=actor)
                session.flush()
        except SpecError as error:
            outcome.problems += [source.locate(d["path"], d["message"]) for d in error.details]
            continue
        except InvitationError as error:
            outcome.problems.append(source.locate("invitations", str(error)))
            continue
        outcome.planned.append(
            Planned(
                source.reference,
                source.lines,
                result.created,
                None if result.created else result.conference.id,
                result.changes or ["No change"],
            )
        )
        if keep:
            audit.event(
                "create" if result.created else "update", "conference", result.conference.id
            )
    if keep and not outcome.problems:
        session.commit()
    else:
        session.rollback()
    return outcome


def _attempt(sources: list[Source], *, keep: bool) -> Outcome:
    session = db.session()
    try:
        return _run(session, sources, current_user, keep=keep)
    except IntegrityError:
        # Another request stored one of these references (or authors) at the same time.
        session.rollback()
        return Outcome(
            problems=[
                CsvProblem(
                    None,
                    None,
                    "Someone else changed these conferences at the same time; nothing was "
                    "stored. Upload the file again.",
                )
            ]
        )


def _sources(raw: bytes) -> tuple[list[Source], list[CsvProblem]]:
    try:
        return conference_csv.read(conference_csv.decode(raw)), []
    except CsvError as error:
        return [], error.problems


def _page(status: int = 200, **values: Any) -> tuple[str, int]:
    values.setdefault("problems", [])
    values["error_list"] = [{"text": p, "href": "#file"} for p in values["problems"]]
    values.setdefault("columns", conference_csv.COLUMNS)
    values.setdefault("max_kb", conference_csv.MAX_BYTES // 1024)
    return render_template("coordinator/upload.html", title=TITLE, **values), status


def _refused(problems: list[CsvProblem]) -> tuple[str, int]:
    return _page(400, problems=[str(p) for p in problems])


@bp.route("/upload", methods=["GET"])
@roles_required(*ROLES)
def upload() -> Any:
    return _page()


@bp.route("/upload", methods=["POST"])
@roles_required(*ROLES)
def upload_check() -> Any:
    """The dry run: what the file would create or change; nothing is stored."""
    file = request.files.get("file")
    if file is None or not file.filename:
        return _refused([CsvProblem(None, None, "Choose a CSV file to upload")])
    try:
        raw = file.stream.read(conference_csv.MAX_BYTES + 1)
    finally:
        file.close()
    sources, problems = _sources(raw)
    if problems:
        return _refused(problems)
    outcome = _attempt(sources, keep=False)
    if outcome.problems:
        return _refused(outcome.problems)
    # The file travels with the confirmation form, compressed: a form field is limited
    # (MAX_FORM_MEMORY_SIZE, 500 kB by default), and the file is checked again when stored.
    data = base64.b64encode(zlib.compress(raw, 9)).decode("ascii")
    if len(data) > (current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000) - 1000:
        return _refused(
            [CsvProblem(None, None, "The file is too large to store in one go: split it in two")]
        )
    return render_template(
        "coordinator/upload_check.html",
        title="Check the conferences before you store them",
        planned=outcome.planned,
        data=data,
    )


@bp.route("/upload/apply", methods=["POST"])
@roles_required(*ROLES)
def upload_apply() -> Any:
    """Store the checked file: every conference in one transaction, or nothing."""
    try:
        raw = zlib.decompressobj().decompress(
            base64.b64decode(request.form.get("data", ""), validate=True),
            conference_csv.MAX_BYTES + 1,
        )
    except (binascii.Error, ValueError, zlib.error):
        raw = b""
    if not raw:
        return _refused([CsvProblem(None, None, "Upload the file again: the form was incomplete")])
    sources, problems = _sources(raw)
    if problems:
        return _refused(problems)
    outcome = _attempt(sources, keep=True)
    if outcome.problems:
        return _refused(outcome.problems)
    return render_template(
        "coordinator/upload_done.html",
        title="The conferences are stored",
        planned=outcome.planned,
    )


@bp.route("/upload/example.csv", methods=["GET"])
@roles_required(*ROLES)
def upload_example() -> Any:
    """An example file that can be uploaded as it is (dated from today, with a real chair)."""
    chair = db.session().scalar(
        select(User.email).where(User.role == "chair", User.active.is_(True)).order_by(User.id)
    )
    text = conference_csv.write(
        conference_csv.example_rows(chair or "chair@demo.test", date.today())
    )
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="conferences-example.csv"'},
    )
