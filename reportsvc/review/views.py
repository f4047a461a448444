"""Chair pages: my conferences, a conference, a report with its findings, the pack, and the
chair's actions (return, chase, override, dissent, attendance).

Every view loads its record through ``access`` (policy check and audit). Action pages audit
the read at once and add the action's own event to the transaction that makes the change.
Flash messages name agencies and versions, never report text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from reportsvc import db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.models import Dissent
from reportsvc.queries import conference as conference_query
from reportsvc.queries import register as register_query
from reportsvc.queries import report_review
from reportsvc.queries.coverage import COLUMNS
from reportsvc.queries.quoracy import SOCIAL_CARE
from reportsvc.queries.review import conferences_for_chair, key_agency_types
from reportsvc.review import forms
from reportsvc.services import access, attendance, audit, chases, dissent, overrides, returns
from reportsvc.services import settings as settings_service
from reportsvc.services.reports import StaleVersion

bp = Blueprint("review", __name__, url_prefix="/review")
CRITERION_LABELS = dict(COLUMNS)


@bp.route("/")
@roles_required("chair")
def home() -> Any:
    session = db.session()
    today = date.today()
    upcoming, recent = conferences_for_chair(
        session, current_user.id, today, settings_service.timescales(session)
    )
    ids = [row.conference.id for row in [*upcoming, *recent]]
    open_dissents = conference_query.dissents(session, ids, today, open_only=True)
    # Overdue reviews, core groups and responses of this chair's families (queries/register).
    plans = register_query.load(session, today, chair_id=current_user.id)
    awaiting = register_query.awaiting_response(session, today, chair_id=current_user.id)
    audit.record("list", "conference", None)
    return render_template(
        "review/home.html",
        title="My conferences",
        upcoming=upcoming,
        recent=recent,
        open_dissents=open_dissents,
        register=plans,
        overdue_responses=[row for row in awaiting if row.days_left < 0],
    )


@bp.route("/conferences/<int:conference_id>")
@roles_required("chair", "qa_lead")
def conference(conference_id: int) -> Any:
    found = access.conference(conference_id, policy.read_conference)
    session = db.session()
    page = conference_query.load(session, found, date.today(), settings_service.timescales(session))
    return render_template(
        "review/conference.html",
        title=f"Conference for {found.family_name}",
        conference=found,
        page=page,
        key_types=key_agency_types(found),
        can_act=current_user.role == "chair",
    )


@bp.route("/conferences/<int:conference_id>/pack")
@roles_required("chair", "qa_lead")
def pack(conference_id: int) -> Any:
    found = access.conference(conference_id, policy.read_conference, "print")
    session = db.session()
    page = conference_query.load(session, found, date.today(), settings_service.timescales(session))
    reports = [
        (row, report_review.sections_of(row.submission.version.document, []))
        for row in page.agencies
        if row.submission is not None
    ]
    return render_template(
        "review/pack.html",
        title=f"Conference pack for {found.family_name}",
        conference=found,
        page=page,
        reports=reports,
    )


@bp.route("/conferences/<int:conference_id>/attendance", methods=["GET", "POST"])
@roles_required("chair")
def record_attendance(conference_id: int) -> Any:
    found = access.conference(
        conference_id, policy.review_conference, commit_audit=request.method == "GET"
    )
    session = db.session()
    current = conference_query.quoracy_query.attendance(session, found.id)
    labels = {SOCIAL_CARE: "Children's social care"}
    labels |= {str(inv.agency_id): inv.agency.name for inv in found.invitations}
    form = forms.attendance_form(labels, {str(k): v for k, v in current.items()})
    if form.validate_on_submit():
        statuses: dict[int | str, str] = {
            (key if key == SOCIAL_CARE else int(key)): form[f"att_{key}"].data or ""
            for key in labels
        }
        changed = attendance.record(session, found, statuses, current)
        audit.event("attendance", "conference", found.id)
        session.commit()
        flash(f"Attendance saved ({changed} {'change' if changed == 1 else 'changes'}).")
        return redirect(url_for("review.conference", conference_id=found.id, _anchor="quoracy"))
    fields = [form[f"att_{key}"] for key in labels]
    return render_template(
        "review/attendance.html",
        title="Record attendance",
        conference=found,
        form=form,
        fields=fields,
    )


@bp.route("/conferences/<int:conference_id>/dissent", methods=["GET", "POST"])
@roles_required("chair")
def record_dissent(conference_id: int) -> Any:
    found = access.conference(
        conference_id, policy.review_conference, commit_audit=request.method == "GET"
    )
    form = forms.DissentForm()
    agencies = [(0, "Not an invited agency")]
    agencies += [(inv.agency_id, inv.agency.name) for inv in found.invitations]
    form.agency_id.choices = forms.choices(agencies)
    if form.validate_on_submit():
        session = db.session()
        dissent.record(
            session,
            found,
            by=current_user,
            person=form.person.data or "",
            agency_id=form.agency_id.data or None,
            agency_name=form.agency_name.data or "",
            what=form.what.data or "",
            decision=form.decision.data or "",
            on=date.today(),
        )
        audit.event("dissent", "conference", found.id)
        session.commit()
        flash("Dissent recorded. The written response is due in 28 days.")
        return redirect(url_for("review.conference", conference_id=found.id, _anchor="dissent"))
    return render_template(
        "review/dissent.html", title="Record dissent", conference=found, form=form
    )


@bp.route("/conferences/<int:conference_id>/dissent-response", methods=["GET", "POST"])
@roles_required("chair")
def dissent_response(conference_id: int) -> Any:
    found = access.conference(
        conference_id, policy.review_conference, commit_audit=request.method == "GET"
    )
    dissent_id = request.args.get("dissent", type=int)
    if dissent_id is None:
        abort(400)
    session = db.session()
    row = session.get(Dissent, dissent_id)
    if row is None or row.conference_id != found.id:
        abort(404)
    form = forms.DissentResponseForm()
    if row.responded_on is None and form.validate_on_submit():
        dissent.respond(session, row, response=form.response.data or "", on=date.today())
        audit.event("dissent-response", "conference", found.id)
        session.commit()
        flash("Response recorded.")
        return redirect(url_for("review.conference", conference_id=found.id, _anchor="dissent"))
    return render_template(
        "review/dissent_response.html",
        title="Record the written response",
        conference=found,
        dissent=row,
        form=form,
    )


@bp.route("/reports/<int:report_id>")
@roles_required("chair", "qa_lead")
def report(report_id: int) -> Any:
    found = access.report(report_id, policy.read_report, "review")
    review = report_review.load(db.session(), found)
    return render_template(
        "review/report.html",
        title=f"{found.invitation.agency.name} report",
        report=found,
        review=review,
        criterion_labels=CRITERION_LABELS,
        can_act=current_user.role == "chair",
    )


@bp.route("/reports/<int:report_id>/return", methods=["GET", "POST"])
@roles_required("chair")
def return_report(report_id: int) -> Any:
    found = access.report(report_id, policy.review_report, commit_audit=request.method == "GET")
    form = forms.ReturnForm()
    if request.method == "GET":
        form.expected_version.data = found.version
    if found.status == "submitted" and form.validate_on_submit():
        session = db.session()
        try:
            returns.return_report(
                session,
                found,
                chair=current_user,
                comment=form.comment.data or "",
                expected_version=form.expected_version.data or 0,
            )
        except StaleVersion:
            flash("The report changed while you were writing. Check it and try again.")
            return redirect(url_for("review.report", report_id=report_id))
        audit.event("return", "report", found.id)
        session.commit()
        flash(f"Report returned to {found.invitation.agency.name}.")
        return redirect(url_for("review.report", report_id=report_id))
    return render_template("review/return.html", title="Return report", report=found, form=form)


@bp.route("/reports/<int:report_id>/chase", methods=["GET", "POST"])
@roles_required("chair")
def chase(report_id: int) -> Any:
    found = access.report(report_id, policy.review_report, commit_audit=request.method == "GET")
    form = forms.ChaseForm()
    if found.status != "submitted" and form.validate_on_submit():
        session = db.session()
        chases.chase(session, found.invitation, chair=current_user, note=form.note.data or "")
        audit.event("chase", "report", found.id)
        session.commit()
        flash(f"Chase recorded for {found.invitation.agency.name}.")
        return redirect(url_for("review.conference", conference_id=found.invitation.conference_id))
    return render_template("review/chase.html", title="Chase report", report=found, form=form)


@bp.route("/reports/<int:report_id>/grade", methods=["GET", "POST"])
@roles_required("chair")
def override(report_id: int) -> Any:
    found = access.report(report_id, policy.review_report, commit_audit=request.method == "GET")
    session = db.session()
    review = report_review.load(session, found)
    form = forms.OverrideForm()
    if review.submission is not None and form.validate_on_submit():
        overrides.override_grade(
            session,
            review.submission.version,
            chair=current_user,
            grade=form.grade.data or "",
            reason=form.reason.data or "",
        )
        audit.event("override", "report", found.id)
        session.commit()
        flash("Your grade is saved beside the automatic grade.")
        return redirect(url_for("review.report", report_id=report_id, _anchor="grade"))
    return render_template(
        "review/override.html", title="Your grade", report=found, review=review, form=form
    )
