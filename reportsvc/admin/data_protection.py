"""Coordinators' data-protection pages: legal holds and subject access exports.

Joined to the admin blueprint (``/admin/data-protection``) but open to coordinators only:
administrators never see report text, and an export is full of it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput
from sqlalchemy import select
from wtforms import BooleanField, SubmitField

from reportsvc import db
from reportsvc.admin.views import bp
from reportsvc.auth.permissions import roles_required
from reportsvc.models import Child, Conference
from reportsvc.services import audit, retention, subject_access

LIST_LIMIT = 200


class ExportForm(FlaskForm):
    leave_out_siblings = BooleanField(
        "Leave out what the reports say about other children in the family",
        widget=GovCheckboxInput(),
        description="Their names, their own sections and findings about them. Sections about "
        "the whole family stay.",
    )
    submit = SubmitField("Download the ZIP file", widget=GovSubmitInput())


@bp.route("/data-protection", methods=["GET"])
@roles_required("coordinator")
def data_protection() -> Any:
    session = db.session()
    conferences = session.scalars(
        select(Conference).order_by(Conference.date.desc(), Conference.id).limit(LIST_LIMIT)
    ).all()
    audit.record("read", "data_protection", None)
    return render_template(
        "admin/data_protection.html",
        title="Legal holds and subject access",
        conferences=conferences,
    )


@bp.route("/data-protection/conferences/<int:conference_id>/legal-hold", methods=["POST"])
@roles_required("coordinator")
def legal_hold(conference_id: int) -> Any:
    session = db.session()
    conference = session.get(Conference, conference_id)
    if conference is None:
        abort(404)
    held = not conference.legal_hold
    retention.set_legal_hold(session, conference, held)
    audit.event("legal_hold_on" if held else "legal_hold_off", "conference", conference.id)
    session.commit()
    flash(
        "Legal hold set: retention will not delete this family's records."
        if held
        else "Legal hold lifted: retention applies again."
    )
    return redirect(url_for("admin.data_protection"))


@bp.route("/data-protection/children/<int:child_id>/export", methods=["GET", "POST"])
@roles_required("coordinator")
def subject_access_export(child_id: int) -> Any:
    session = db.session()
    child = session.get(Child, child_id)
    if child is None:
        abort(404)
    form = ExportForm()
    if form.validate_on_submit():
        export = subject_access.build(
            session, child_id, leave_out_siblings=bool(form.leave_out_siblings.data)
        )
        audit.event("subject_access_export", "child", child_id)
        session.commit()
        return Response(
            export.data,
            mimetype="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="subject-access-child-{child_id}.zip"'
            },
        )
    return render_template(
        "admin/subject_access.html", title="Subject access export", child=child, form=form
    )
