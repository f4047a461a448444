"""Author pages: my invitations, my agency's reports, model reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from reportsvc import db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.queries.author import invitations_for_agency
from reportsvc.services import access, settings

bp = Blueprint("author", __name__, url_prefix="/author")


@bp.route("/")
@roles_required("author")
def home() -> Any:
    rows = invitations_for_agency(
        db.session(), current_user.agency_id, date.today(), settings.timescales(db.session())
    )
    return render_template("author/home.html", title="My reports", rows=rows)


@bp.route("/reports/<int:report_id>")
@roles_required("author")
def report(report_id: int) -> Any:
    found = access.report(report_id, policy.read_report)
    return render_template("author/report.html", title="Report", report=found)


@bp.route("/model-reports")
@roles_required("author")
def gallery() -> Any:
    return render_template("author/gallery.html", title="Model reports")
