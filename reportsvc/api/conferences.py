"""Conferences from the case-management system: POST /api/v1/conferences (create, or update
the conference with the same reference) and GET /api/v1/conferences/{id}.

The body is checked whole (services/conference_spec.parse) and stored by
services/scheduling.schedule inside one transaction: a 400 names every problem's path and
stores nothing. Messages name paths, never values, so no child's name reaches a log.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from reportsvc import db
from reportsvc.api.auth import api_auth
from reportsvc.api.views import bp, read_document
from reportsvc.models import Conference
from reportsvc.services import audit, outcomes, scheduling
from reportsvc.services.conference_spec import SpecError, parse
from reportsvc.services.invitations import InvitationError

ROLES = ("coordinator", "admin")


def _refused(details: list[dict[str, str]]) -> tuple[Response, int]:
    return jsonify(error="The conference was not stored", details=details), 400


def invitations_data(conference: Conference) -> list[dict[str, Any]]:
    """The conference's current (not withdrawn) invitations, as the API answers them."""
    return [
        {
            "id": inv.id,
            "agency": {"type": inv.agency.type, "name": inv.agency.name},
            "author_email": inv.author.email if inv.author else None,
            "due_date": inv.due_date.isoformat(),
        }
        for inv in conference.invitations
        if not inv.withdrawn
    ]


@bp.route("/conferences", methods=["POST"])
@api_auth(*ROLES)
def create_conference() -> Any:
    """Create a conference, or update the one with the same reference (never a duplicate)."""
    data, problem = read_document()
    if problem:
        return problem
    try:
        spec = parse(data)
    except SpecError as error:
        return _refused(error.details)
    with db.writing() as session:
        for attempt in (1, 2):
            try:
                result = scheduling.schedule(session, spec, actor=current_user)
                session.flush()
                audit.event(
                    "create" if result.created else "update", "conference", result.conference.id
                )
                session.commit()
                break
            except SpecError as error:
                session.rollback()
                return _refused(error.details)
            except InvitationError as error:
                session.rollback()
                return _refused([{"path": "invitations", "message": str(error)}])
            except IntegrityError:
                # Another request stored the same reference (or the same new author) between
                # our read and our insert: start again, and this time it is an update.
                session.rollback()
                if attempt == 2 or spec.reference is None:
                    return jsonify(
                        error="Another change to this conference was being stored at the "
                        "same time; send it again"
                    ), 409
    conference = result.conference
    body: dict[str, Any] = {
        "id": conference.id,
        "reference": conference.reference,
        "created": result.created,
        "changes": result.changes,
        "invitations": invitations_data(conference),
    }
    return jsonify(body), 201 if result.created else 200


@bp.route("/conferences/<int:conference_id>", methods=["GET"])
@api_auth(*ROLES)
def get_conference(conference_id: int) -> Any:
    """The conference as stored, in the shape POST takes, with ids and due dates."""
    conference = db.session().get(Conference, conference_id)
    if conference is None:
        return jsonify(error="No conference has this id"), 404
    audit.record("read", "conference", conference.id)
    body = scheduling.as_data(conference)
    body["reference"] = conference.reference
    body["invitations"] = invitations_data(conference)
    recorded = outcomes.outcome_data(conference)  # PUT /api/v1/conferences/{id}/outcome
    for child in body["children"]:
        child["outcome"] = recorded.get(child["key"])
    return jsonify(body)
