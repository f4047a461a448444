"""JSON API, version 1."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

import scoring
from reportsvc import db, feedback, policy
from reportsvc.api.auth import api_auth
from reportsvc.auth.permissions import public
from reportsvc.author import page
from reportsvc.filters import local_time
from reportsvc.services import access, authoring, drafts, settings

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ALL_ROLES = ("author", "chair", "qa_lead", "admin")


def read_document() -> tuple[dict[str, Any] | None, tuple[Response, int] | None]:
    """The JSON object in the request body, or an error response that says what is wrong."""
    limit = current_app.config["API_MAX_DOCUMENT_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        return None, (jsonify(error=f"The document is larger than {limit} bytes"), 413)
    if not request.is_json:
        return None, (
            jsonify(error="Send the document as JSON (Content-Type: application/json)"),
            415,
        )
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        return None, (jsonify(error=f"The document is larger than {limit} bytes"), 413)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        position = getattr(error, "pos", None)
        where = f" at character {position}" if position is not None else ""
        return None, (jsonify(error=f"The body is not valid JSON{where}", details=[]), 400)
    if not isinstance(data, dict):
        return None, (
            jsonify(
                error="The document must be a JSON object",
                details=[{"path": "", "message": "expected an object"}],
            ),
            400,
        )
    return data, None


def _assess_body(with_feedback: bool) -> Any:
    data, problem = read_document()
    if problem:
        return problem
    assert data is not None
    try:
        assessment = scoring.assess(data, timescales=settings.timescales(db.session()))
    except scoring.DocumentError as error:
        return jsonify(error="The report document is not valid", details=error.details), 400
    body = assessment.to_dict()
    if with_feedback:
        body["feedback"] = feedback.to_json(data, assessment)
    return jsonify(body)


@bp.route("/openapi.json", methods=["GET"])
@public
def openapi() -> Any:
    """The OpenAPI description of this API (public: it describes, it holds no data)."""
    from reportsvc.api.openapi import spec

    return jsonify(spec())


@bp.route("/score", methods=["POST"])
@api_auth(*ALL_ROLES)
def score() -> Any:
    """Assess a report document and return the assessment; nothing is stored."""
    return _assess_body(with_feedback=False)


@bp.route("/check", methods=["POST"])
@api_auth(*ALL_ROLES)
def check() -> Any:
    """Assess a report document for live feedback: the assessment plus, per section, the
    flagged words in context and the checklist of what is missing. Nothing is stored."""
    return _assess_body(with_feedback=True)


def _form_fields() -> tuple[MultiDict[str, str] | None, tuple[Response, int] | None]:
    data, problem = read_document()
    if problem:
        return None, problem
    assert data is not None
    pairs = data.get("fields")
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) for v in p) for p in pairs
    ):
        return None, (
            jsonify(
                error='Send the form as {"fields": [[name, value], ...]}',
                details=[{"path": "fields", "message": "expected a list of [name, value] pairs"}],
            ),
            400,
        )
    return MultiDict([(k, v) for k, v in pairs if k != "csrf_token"]), None


@bp.route("/reports/<int:report_id>/check", methods=["POST"])
@api_auth("author")
def check_report(report_id: int) -> Any:
    """Live feedback on the report form as typed (the author's page calls this)."""
    report = access.report(report_id, policy.write_report, "check")
    fields, problem = _form_fields()
    if problem:
        return problem
    form = page.form_class(report)(formdata=fields, meta={"csrf": False})
    form.validate()
    template = authoring.template_for(report.invitation)
    document = authoring.document_from_form(
        form,
        template,
        authoring.current_document(report, current_user),
        structured_actions=page.structured_actions(report),
        conference=report.invitation.conference,
    )
    assessment = scoring.assess(document, timescales=settings.timescales(db.session()))
    return jsonify(feedback.to_json(document, assessment))


@bp.route("/reports/<int:report_id>/draft", methods=["POST"])
@api_auth("author")
def autosave(report_id: int) -> Any:
    """Autosave the report form; 409 with the current version when another save won."""
    report = access.report(report_id, policy.write_report, "autosave", commit_audit=False)
    if not page.editable(report):
        return jsonify(error="This report has been submitted and cannot be changed"), 409
    fields, problem = _form_fields()
    if problem:
        return problem
    form = page.form_class(report)(formdata=fields, meta={"csrf": False})
    outcome = drafts.apply(
        db.session(),
        report,
        form,
        current_user,
        kind="autosave",
        structured_actions=page.structured_actions(report),
    )
    if outcome.stale:
        return jsonify(
            error="This report was saved somewhere else after you opened it",
            current_version=report.version,
        ), 409
    if outcome.problems:
        return jsonify(
            error="Not saved: fix the problems marked on the page",
            details=[{"path": p.field, "message": p.message} for p in outcome.problems],
        ), 400
    assert outcome.version is not None
    return jsonify(
        version=outcome.version.number,
        saved_at=outcome.version.created_at.isoformat(),
        saved_at_label=local_time(outcome.version.created_at),
    )
