"""Author pages: my invitations, writing a report, import and export, model reports."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

import exemplars
from reportsvc import db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.author import page
from reportsvc.queries import challenges
from reportsvc.queries.author import invitations_for_agency
from reportsvc.services import access, audit, authoring, drafts, imports, settings
from scoring.document import upgrade

bp = Blueprint("author", __name__, url_prefix="/author")


@bp.route("/")
@roles_required("author")
def home() -> Any:
    session = db.session()
    rows = invitations_for_agency(
        session, current_user.agency_id, date.today(), settings.timescales(session)
    )
    open_challenges = challenges.open_for_agency(session, current_user.agency_id)
    return render_template(
        "author/home.html", title="My reports", rows=rows, challenges=open_challenges
    )


@bp.route("/reports/<int:report_id>", methods=["GET", "POST"])
@roles_required("author")
def report(report_id: int) -> Any:
    if request.method == "GET":
        # The audited read is also how the coordinator sees that the author opened it.
        found = access.report(report_id, policy.read_report)
        return page.render(found)
    found = access.report(report_id, policy.write_report, "write", commit_audit=False)
    if not page.editable(found):
        flash("This report has been submitted. It can only be changed if the chair returns it.")
        return redirect(url_for("author.report", report_id=report_id))
    form = page.bound_form(found)
    submit = request.form.get("action") == "submit"
    outcome = drafts.apply(
        db.session(),
        found,
        form,
        current_user,
        submit=submit,
        structured_actions=page.structured_actions(found),
    )
    if outcome.stale:
        return page.render_conflict(found, form, outcome.document)
    if outcome.problems:
        return page.render(found, form=form, problems=outcome.problems, saved=outcome.saved_draft)
    if submit:
        flash(outcome.message)
    else:
        flash("Your report has been saved.")
    return redirect(url_for("author.report", report_id=report_id))


@bp.route("/reports/<int:report_id>/report.json")
@roles_required("author")
def export_json(report_id: int) -> Any:
    found = access.report(report_id, policy.read_report, "export")
    document = upgrade(authoring.current_document(found, current_user))
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="report-{found.id}.json"'},
    )


@bp.route("/reports/<int:report_id>/import", methods=["GET", "POST"])
@roles_required("author")
def import_json(report_id: int) -> Any:
    if request.method == "GET":
        found = access.report(report_id, policy.write_report, "read")
        return render_template(
            "author/import.html", title="Upload a report file", report=found, problems=[]
        )
    found = access.report(report_id, policy.write_report, "import", commit_audit=False)
    if not page.editable(found):
        abort(
            409, "This report has been submitted; it can only be changed if the chair returns it."
        )
    upload = request.files.get("file")
    result = imports.into_draft(
        db.session(), found, upload, current_user, request.form.get("version")
    )
    if result.problems:
        db.session().rollback()
        return render_template(
            "author/import.html",
            title="Upload a report file",
            report=found,
            problems=result.problems,
        ), 400
    flash("The file was uploaded into your draft. Check it, then save or submit.")
    return redirect(url_for("author.report", report_id=report_id))


@bp.route("/reports/<int:report_id>/print")
@roles_required("author")
def print_view(report_id: int) -> Any:
    found = access.report(report_id, policy.read_report, "print")
    return page.render_print(found)


@bp.route("/model-reports")
@roles_required("author")
def gallery() -> Any:
    models = [e for e in exemplars.load_all() if e.gold.get("grade") == "good"]
    mine = [e for e in models if e.document["agency"]["type"] == current_user.agency.type]
    others = [e for e in models if e not in mine]
    return render_template("author/gallery.html", title="Model reports", mine=mine, others=others)


@bp.route("/model-reports/<exemplar_id>")
@roles_required("author")
def model_report(exemplar_id: str) -> Any:
    try:
        exemplar = exemplars.load(exemplar_id)
    except KeyError:
        abort(404)
    if exemplar.gold.get("grade") != "good":
        abort(404)
    audit.record("read", "model_report", None)
    return page.render_model(exemplar)
