"""Chair pages: my conferences, a conference, a report with its findings."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from reportsvc import db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.queries.common import latest_assessments
from reportsvc.queries.review import conferences_for_chair
from reportsvc.services import access

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.route("/")
@roles_required("chair")
def home() -> Any:
    rows = conferences_for_chair(db.session(), current_user.id, date.today())
    return render_template("review/home.html", title="My conferences", rows=rows)


@bp.route("/conferences/<int:conference_id>")
@roles_required("chair", "qa_lead")
def conference(conference_id: int) -> Any:
    found = access.conference(conference_id, policy.read_conference)
    reports = [inv.report for inv in found.invitations if inv.report is not None]
    assessed = latest_assessments(db.session(), [r.id for r in reports])
    return render_template(
        "review/conference.html", title="Conference", conference=found, assessed=assessed
    )
