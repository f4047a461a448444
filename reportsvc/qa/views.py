"""QA lead pages: the audit summary across all reports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.auth.permissions import roles_required
from reportsvc.models import Report

bp = Blueprint("qa", __name__, url_prefix="/qa")


@bp.route("/")
@roles_required("qa_lead")
def home() -> Any:
    counts = dict(
        db.session().execute(select(Report.status, func.count()).group_by(Report.status)).all()
    )
    return render_template("qa/home.html", title="Audit summary", counts=counts)
