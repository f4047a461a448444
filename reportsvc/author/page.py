"""Rendering the author's report page in its states: editing, read-only, conflict, print.

Views call these so they stay short; every function here only reads and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request
from flask_login import current_user

import exemplars
import scoring
from reportsvc import db, feedback, policy
from reportsvc.author.report_form import ReportFormBase, report_form_class, section_field_name
from reportsvc.models import Report
from reportsvc.queries import challenges
from reportsvc.queries.common import deadline_text, latest_assessments, latest_version
from reportsvc.services import authoring, settings
from reportsvc.services.authoring import Problem

EDITABLE = ("draft", "returned")


def editable(report: Report) -> bool:
    return report.status in EDITABLE and not policy.closed(report.invitation)


def form_class(report: Report) -> type[ReportFormBase]:
    invitation = report.invitation
    return report_form_class(invitation.agency.type, invitation.conference.type)


def structured_actions(report: Report) -> bool:
    return authoring.actions_editable_as_entries(authoring.current_document(report, current_user))


def bound_form(report: Report) -> ReportFormBase:
    """The form filled from the request (a POST from the page)."""
    return form_class(report)()


def fresh_form(report: Report) -> ReportFormBase:
    document = authoring.current_document(report, current_user)
    template = authoring.template_for(report.invitation)
    cls = form_class(report)
    return cls(
        formdata=None,
        data=authoring.form_data(document, template, report.version, report.invitation.conference),
    )


def attach(form: ReportFormBase, problems: list[Problem]) -> list[dict[str, str]]:
    """Show problems beside their fields and return the error summary's entries."""
    summary = []
    for problem in problems:
        field = _field(form, problem.field)
        href = problem.field + (
            "-day" if field is not None and field.type == "GovDateField" else ""
        )
        if field is None and problem.field == section_field_name("previous_actions"):
            # Actions kept as entries: no single box, so point at the first entry.
            field = _field(form, "actions-0-action")
            href = "actions-0-action" if field is not None else href
        if field is not None and problem.message not in field.errors:
            field.errors = [*field.errors, problem.message]
        summary.append({"text": problem.message, "href": f"#{href}"})
    return summary


def _field(form: Any, path: str) -> Any:
    """The field at an id like 'household-0-name', 'sharing-date' or 'section_worries'."""
    node = form
    for part in path.split("-"):
        if hasattr(node, "form"):  # a FormField: step into its sub-form
            node = node.form
        try:
            node = node.entries[int(part)] if part.isdigit() else node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
    return node


def _assessment(report: Report) -> Any:
    assessed = latest_assessments(db.session(), [report.id])
    return assessed.get(report.id)


def context(report: Report) -> dict[str, Any]:
    invitation = report.invitation
    timescales = settings.timescales(db.session())
    returns, chases = challenges.for_report(db.session(), report.id)
    latest = latest_version(report)
    return {
        "returns": returns,
        "chases": chases,
        "report": report,
        "invitation": invitation,
        "conference": invitation.conference,
        "template": authoring.template_for(invitation),
        "deadline": deadline_text(invitation.due_date, date.today(), timescales),
        "last_saved": latest.created_at if latest else None,
        "section_field_name": section_field_name,
    }


def render(
    report: Report,
    *,
    form: ReportFormBase | None = None,
    problems: list[Problem] | None = None,
    saved: bool = False,
) -> Any:
    ctx = context(report)
    if not editable(report):
        return _render_read_only(report, ctx)
    status = 200
    if form is None:
        form = fresh_form(report)
        document = authoring.current_document(report, current_user)
        assessment = _assessment(report)
    else:
        status = 400
        document = authoring.document_from_form(
            form,
            ctx["template"],
            authoring.current_document(report, current_user),
            structured_actions=structured_actions(report),
            conference=ctx["conference"],
        )
        assessment = _live_assessment(document)
    summary = attach(form, problems or [])
    if saved:  # the draft was stored just now: later saves from this page build on it
        form.version.data = str(report.version)
    return render_template(
        "author/report_edit.html",
        title=f"Report for {ctx['conference'].family_name}",
        form=form,
        errors=summary,
        saved_despite_errors=saved,
        structured_actions=structured_actions(report),
        feedback=feedback.by_section(document, assessment.findings) if assessment else {},
        checklist=feedback.checklist(assessment.criteria) if assessment else [],
        assessment=assessment,
        **ctx,
    ), status


def _live_assessment(document: dict[str, Any]) -> Any:
    try:
        return scoring.assess(document, timescales=settings.timescales(db.session()))
    except scoring.DocumentError:
        return None


def _render_read_only(report: Report, ctx: dict[str, Any]) -> Any:
    document = authoring.current_document(report, current_user)
    assessment = _assessment(report)
    return render_template(
        "author/report_view.html",
        title=f"Report for {ctx['conference'].family_name}",
        document=document,
        assessment=assessment,
        feedback=feedback.by_section(document, assessment.findings) if assessment else {},
        checklist=feedback.checklist(assessment.criteria) if assessment else [],
        **ctx,
    )


def render_conflict(report: Report, form: ReportFormBase, mine: dict[str, Any]) -> Any:
    """Both versions side by side; the author's is kept in the form to save again."""
    ctx = context(report)
    theirs = authoring.current_document(report, current_user)
    form.version.data = str(report.version)
    return render_template(
        "author/conflict.html",
        title="This report has changed since you opened it",
        form=form,
        mine=mine,
        theirs=theirs,
        saved_by=latest.created_by if (latest := latest_version(report)) else None,
        posted=request.form,
        **ctx,
    ), 409


def render_print(report: Report) -> Any:
    ctx = context(report)
    return render_template(
        "author/print.html",
        title=f"Report for {ctx['conference'].family_name}",
        document=authoring.current_document(report, current_user),
        **ctx,
    )


def render_model(exemplar: exemplars.Exemplar) -> Any:
    document = exemplar.document
    template = authoring.forms.load_template(
        document["agency"]["type"], document["conference"]["type"]
    )
    return render_template(
        "author/model_report.html",
        title="Model report",
        exemplar=exemplar,
        document=document,
        template=template,
    )
