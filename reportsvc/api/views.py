"""JSON API, version 1."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

import scoring
from reportsvc import db
from reportsvc.api.auth import api_auth
from reportsvc.services import settings

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


@bp.route("/score", methods=["POST"])
@api_auth(*ALL_ROLES)
def score() -> Any:
    """Assess a report document and return the assessment; nothing is stored."""
    data, problem = read_document()
    if problem:
        return problem
    assert data is not None
    try:
        assessment = scoring.assess(data, timescales=settings.timescales(db.session()))
    except scoring.DocumentError as error:
        return jsonify(error="The report document is not valid", details=error.details), 400
    return jsonify(assessment.to_dict())
