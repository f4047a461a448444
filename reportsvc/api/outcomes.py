"""PUT /api/v1/conferences/{id}/outcome: the chair of that conference (or a coordinator)
records what the conference decided, per child (DESIGN.md "Conference outcome").

The body is checked whole (services/outcomes.parse) and stored by services/outcomes.record in
one transaction: a 400 names every problem's path and stores nothing. The answer is the
outcome as stored, with the dates the service computed. Messages name paths, never values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from reportsvc import db
from reportsvc.api.auth import api_auth
from reportsvc.api.views import bp, read_document
from reportsvc.mail.templates import MailTemplateError
from reportsvc.models import Conference
from reportsvc.services import audit, outcomes
from reportsvc.services import settings as settings_service

ROLES = ("chair", "coordinator")


@bp.route("/conferences/<int:conference_id>/outcome", methods=["PUT"])
@api_auth(*ROLES)
def put_outcome(conference_id: int) -> Any:
    """Record (or replace) the outcome of a conference."""
    data, problem = read_document()
    if problem:
        return problem
    with db.writing() as session:
        for attempt in (1, 2):
            conference = session.get(Conference, conference_id)
            if conference is None or (
                current_user.role == "chair" and conference.chair_id != current_user.id
            ):
                session.rollback()
                return jsonify(error="No conference has this id"), 404
            region = settings_service.timescales(session).region
            try:
                spec = outcomes.parse(data, conference, region=region, today=date.today())
                outcomes.record(session, conference, spec, actor=current_user, region=region)
                audit.event("outcome", "conference", conference.id)
                session.flush()
                body = outcomes.as_data(session, conference)
                session.commit()
                break
            except outcomes.OutcomeError as error:
                session.rollback()
                return jsonify(error="The outcome was not stored", details=error.details), 400
            except MailTemplateError:
                session.rollback()
                return jsonify(
                    error="The outcome was not stored: a mail it causes cannot be written yet"
                ), 503
            except IntegrityError:
                # Another request stored this conference's first outcome between our read
                # and our insert: start again, and this time it replaces that one.
                session.rollback()
                if attempt == 2:
                    return jsonify(
                        error="Another change to this outcome was being stored at the same "
                        "time; send it again"
                    ), 409
    return jsonify(body), 200
