"""The front door: send each signed-in user to their home page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from reportsvc.auth.login import home_for
from reportsvc.auth.permissions import public

bp = Blueprint("main", __name__)

NAV = {
    "author": [("author.home", "My reports"), ("author.gallery", "Model reports")],
    "chair": [
        ("review.home", "My conferences"),
        ("review.register", "Register"),
        ("review.responses", "Dissent and appeals"),
        ("admin.data_protection", "Data protection"),
    ],
    "coordinator": [
        ("coordinator.home", "Conferences by week"),
        ("coordinator.schedule", "Schedule a conference"),
        ("coordinator.upload", "Upload conferences"),
        ("review.register", "Register"),
        ("review.responses", "Dissent and appeals"),
    ],
    "qa_lead": [
        ("qa.home", "Audit summary"),
        ("qa.trends", "Trends"),
        ("qa.by_agency", "By agency"),
        ("qa.samples", "Audit samples"),
        ("qa.calibration", "Calibration"),
        ("review.register", "Register"),
    ],
    "admin": [
        ("admin.home", "Users"),
        ("admin.agencies", "Agencies"),
        ("admin.settings_page", "Settings"),
        ("admin.audit_log", "Audit log"),
    ],
}


@bp.app_context_processor
def _nav() -> dict[str, Any]:
    def nav_items() -> list[dict[str, Any]]:
        from flask import request

        if not current_user.is_authenticated:
            return []
        items = NAV.get(current_user.role, [])
        if current_user.role == "chair":
            from reportsvc import db
            from reportsvc.services import settings

            if settings.chairs_schedule_own(db.session()):  # the partnership allows it
                items = [*items, *(i for i in NAV["coordinator"] if i not in items)]
        return [
            {"href": url_for(endpoint), "text": text, "active": request.endpoint == endpoint}
            for endpoint, text in items
        ]

    return {"nav_items": nav_items}


@bp.route("/")
@public
def index() -> Any:
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/about")
@public
def about() -> Any:
    return render_template("about.html", title="About this service")
