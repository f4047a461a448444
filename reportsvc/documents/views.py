"""PDF and family-version routes. Each loads its record through ``access`` (policy check and
audit), like the pages it sits beside: an author's own report, a chair's (or QA lead's)
conference pack.

File names carry ids only; the child's name is inside the document, never in the file name
or on the cover. Without WeasyPrint (or Pango) the PDF links fall back to the printable
page with a message saying why, rather than failing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user

from reportsvc import db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.documents import family, pdf
from reportsvc.queries import conference as conference_query
from reportsvc.services import access, authoring
from reportsvc.services import settings as settings_service

bp = Blueprint("documents", __name__)

UNAVAILABLE = (
    "A PDF cannot be made on this server at the moment. Use your browser's print command "
    "on this page to print or save it as a PDF."
)


def _pdf_response(html: str, filename: str, fallback: str) -> Any:
    try:
        body = pdf.render(html)
    except pdf.PdfUnavailable:
        flash(UNAVAILABLE)
        return redirect(fallback)
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _report_context(report_id: int, action: str) -> dict[str, Any]:
    found = access.report(report_id, policy.read_report, action)
    invitation = found.invitation
    return {
        "report": found,
        "conference": invitation.conference,
        "template": authoring.template_for(invitation),
        "document": authoring.current_document(found, current_user),
    }


@bp.route("/author/reports/<int:report_id>/report.pdf")
@roles_required("author")
def report_pdf(report_id: int) -> Any:
    ctx = _report_context(report_id, "print")
    html = render_template("documents/report_pdf.html", glossary=None, family=False, **ctx)
    return _pdf_response(
        html, f"report-{report_id}.pdf", url_for("author.print_view", report_id=report_id)
    )


@bp.route("/author/reports/<int:report_id>/family")
@roles_required("author")
def family_page(report_id: int) -> Any:
    ctx = _report_context(report_id, "print")
    document, glossary = family.family_version(ctx.pop("document"))
    return render_template(
        "documents/family.html",
        title="Family version of the report",
        document=document,
        glossary=glossary,
        **ctx,
    )


@bp.route("/author/reports/<int:report_id>/family.pdf")
@roles_required("author")
def family_pdf(report_id: int) -> Any:
    ctx = _report_context(report_id, "print")
    document, glossary = family.family_version(ctx.pop("document"))
    html = render_template(
        "documents/report_pdf.html", document=document, glossary=glossary, family=True, **ctx
    )
    return _pdf_response(
        html,
        f"report-{report_id}-family.pdf",
        url_for("documents.family_page", report_id=report_id),
    )


@bp.route("/review/conferences/<int:conference_id>/pack.pdf")
@roles_required("chair", "qa_lead")
def pack_pdf(conference_id: int) -> Any:
    found = access.conference(conference_id, policy.read_conference, "print")
    session = db.session()
    page = conference_query.load(session, found, date.today(), settings_service.timescales(session))
    reports = [
        (row, row.submission.version.document, authoring.template_for(row.invitation))
        for row in page.agencies
        if row.submission is not None
    ]
    html = render_template("documents/pack_pdf.html", conference=found, page=page, reports=reports)
    return _pdf_response(
        html,
        f"conference-pack-{conference_id}.pdf",
        url_for("review.pack", conference_id=conference_id),
    )
