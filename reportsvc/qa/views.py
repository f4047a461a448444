"""QA lead pages: the audit summary, trends, agency types, drill-down, CSV export, audit
samples and calibration of hand grades against the engine.

Every page reads what was stored (``report_facts``, assessments); none runs the engine.
Each read or export writes exactly one audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from forms import AGENCY_TYPES
from reportsvc import charts, csv_export, db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.filters import CHECK_LABELS, GRADE_LABELS, LONDON
from reportsvc.formkit import choices
from reportsvc.models import AuditSample, AuditSampleItem, ManualGrade, ReportVersion
from reportsvc.models.qa import ReportFacts
from reportsvc.qa.forms import FilterForm, SampleForm, criterion_field, grade_form
from reportsvc.queries import qa as queries
from reportsvc.services import access, audit, calibration, sampling

bp = Blueprint("qa", __name__, url_prefix="/qa")


def _filters() -> tuple[queries.Filters, FilterForm]:
    """Filters from the query string; the default period when absent or invalid."""
    default = queries.Filters.default()
    args = MultiDict(request.args)
    args.setdefault("start", default.start.isoformat())
    args.setdefault("end", default.end.isoformat())
    form = FilterForm(formdata=args)
    options = queries.choices(db.session())
    form.agency_id.choices = choices([("", "All"), *((str(i), n) for i, n in options["agencies"])])
    form.chair_id.choices = choices([("", "All"), *((str(i), n) for i, n in options["chairs"])])
    if not form.validate():
        return default, form
    return (
        queries.Filters(
            start=form.start.data,
            end=form.end.data,
            agency_type=form.agency_type.data or None,
            agency_id=_int(form.agency_id.data),
            conference_type=form.conference_type.data or None,
            chair_id=_int(form.chair_id.data),
        ),
        form,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _page(template: str, title: str, filters: queries.Filters, form: FilterForm, **kw: Any) -> str:
    return render_template(
        template, title=title, filters=filters, filter_form=form, args=filters.args(), **kw
    )


@bp.route("/")
@roles_required("qa_lead")
def home() -> Any:
    filters, form = _filters()
    counts = queries.summary(db.session(), filters)
    grades = [c for c in counts if c.figure.key.startswith("grade_")]
    chart = charts.bar_chart(
        "grades",
        "Grade distribution",
        "Number of reports graded good, requires improvement and inadequate in the period; "
        "the numbers are in the table beside the chart.",
        [GRADE_LABELS[c.figure.key[6:]] for c in grades],
        [c.numerator for c in grades],
        colours=charts.grade_colours([c.figure.key[6:] for c in grades]),
    )
    audit.record("read", "qa_summary", None)
    return _page(
        "qa/home.html",
        "Audit summary",
        filters,
        form,
        counts=[c for c in counts if not c.figure.key.startswith("grade_")],
        grades=grades,
        chart=chart,
        outcome_counts=queries.outcome_summary(db.session(), filters),
    )


@bp.route("/trends")
@roles_required("qa_lead")
def trends() -> Any:
    filters, form = _filters()
    months = queries.trends(db.session(), filters)
    labels = [m.label for m in months]
    figures = []
    for figure in queries.FIGURES:
        if figure.key.startswith("grade_"):
            continue
        values = [m.get(figure.key).percent for m in months]
        figures.append(
            {
                "figure": figure,
                "chart": charts.line_chart(
                    f"trend-{figure.key}",
                    f"{figure.label}, by month",
                    f"Percentage of {figure.of} each month by conference date; months with "
                    "none are left blank. The numbers are in the table beside the chart.",
                    labels,
                    [charts.Series(figure.label, values)],
                ),
                "rows": [(m, m.get(figure.key)) for m in months],
            }
        )
    outcome_months = queries.outcome_trends(db.session(), filters)
    outcome_figures = []
    for outcome in queries.OUTCOME_FIGURES:
        values = [m.get(outcome.key).percent for m in outcome_months]
        outcome_figures.append(
            {
                "figure": outcome,
                "chart": charts.line_chart(
                    f"trend-{outcome.key}",
                    f"{outcome.label}, by month",
                    f"Percentage of {outcome.of} each month by {outcome.dated_by}; months "
                    "with none are left blank. The numbers are in the table beside the chart.",
                    [m.label for m in outcome_months],
                    [charts.Series(outcome.label, values)],
                ),
                "rows": [(m, m.get(outcome.key)) for m in outcome_months],
            }
        )
    grade_chart = charts.line_chart(
        "trend-grades",
        "Grades, by month",
        "Percentage of graded reports that were good, requires improvement or inadequate "
        "each month. The numbers are in the table beside the chart.",
        labels,
        [
            charts.grade_series(g, [m.get(f"grade_{g}").percent for m in months])
            for g in queries.GRADES
        ],
    )
    audit.record("read", "qa_trends", None)
    return _page(
        "qa/trends.html",
        "Trends",
        filters,
        form,
        figures=figures,
        outcome_figures=outcome_figures,
        months=months,
        grade_chart=grade_chart,
        grades=queries.GRADES,
    )


@bp.route("/by-agency")
@roles_required("qa_lead")
def by_agency() -> Any:
    filters, form = _filters()
    table = queries.by_agency_type(db.session(), filters)
    audit.record("read", "qa_by_agency", None)
    return _page(
        "qa/by_agency.html",
        "By agency type",
        filters,
        form,
        table=sorted(table.items(), key=lambda kv: AGENCY_TYPES.get(kv[0], kv[0])),
        figures=queries.FIGURES,
    )


@bp.route("/reports")
@roles_required("qa_lead")
def reports() -> Any:
    filters, form = _filters()
    figure = request.args.get("figure") if request.args.get("figure") in queries.BY_KEY else None
    answer = request.args.get("answer") if request.args.get("answer") in ("yes", "no") else None
    page = max(_int(request.args.get("page")) or 1, 1)
    rows, total = queries.reports(db.session(), filters, figure=figure, answer=answer, page=page)
    audit.record("read", "qa_reports", None)
    return _page(
        "qa/reports.html",
        "Reports behind the figure" if figure else "Reports",
        filters,
        form,
        rows=rows,
        total=total,
        figure=queries.BY_KEY.get(figure or ""),
        answer=answer,
        page=page,
        pages=max(1, -(-total // queries.PAGE_SIZE)),
        review_link="review.report" in _endpoints(),
    )


@bp.route("/outcomes")
@roles_required("qa_lead")
def outcomes() -> Any:
    """Drill-down for the figures after the conference: the reviews, core groups, plans,
    dissent or appeals behind a count (ids and dates only)."""
    filters, form = _filters()
    key = request.args.get("figure")
    figure = queries.OUTCOME_BY_KEY.get(key or "") or queries.OUTCOME_FIGURES[0]
    answer = request.args.get("answer") if request.args.get("answer") in ("yes", "no") else None
    rows = queries.outcome_drill(db.session(), filters, figure.key, answer)
    audit.record("read", "qa_outcomes", None)
    return _page(
        "qa/outcomes.html",
        f"Behind the figure: {figure.label}",
        filters,
        form,
        rows=rows,
        figure=figure,
        answer=answer,
        figures=queries.OUTCOME_FIGURES,
        category_labels=queries.OUTCOME_CATEGORY_LABELS,
    )


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)


def _csv(name: str, body: bytes) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/export/summary.csv")
@roles_required("qa_lead")
def export_summary() -> Any:
    filters, _form = _filters()
    counts: list[Any] = [
        *queries.summary(db.session(), filters),
        *queries.outcome_summary(db.session(), filters),
    ]
    audit.record("export", "qa_summary", None)
    header = ["figure", "question", "numerator", "denominator", "denominator_counts", "percent"]
    rows = [
        (
            c.figure.key,
            c.figure.label,
            c.numerator,
            c.denominator,
            c.figure.of,
            "" if c.percent is None else f"{c.percent:.1f}",
        )
        for c in counts
    ]
    period = [("period_start", filters.start), ("period_end", filters.end)]
    return _csv(
        f"qa-summary-{filters.start.isoformat()}-{filters.end.isoformat()}.csv",
        csv_export.render(header, [*rows, *([k, v, "", "", "", ""] for k, v in period)]),
    )


@bp.route("/export/reports.csv")
@roles_required("qa_lead")
def export_reports() -> Any:
    filters, _form = _filters()
    rows, _total = queries.reports(db.session(), filters, page_size=None)
    audit.record("export", "qa_reports", None)
    keys = queries.CRITERIA_KEYS
    header = [
        "report_id",
        "conference_id",
        "conference_type",
        "conference_date",
        "agency",
        "agency_type",
        "due_date",
        "submitted_on",
        *keys,
        "score",
        "grade",
        "ruleset_version",
    ]
    body = csv_export.render(
        header,
        (
            [
                r.report_id,
                r.conference_id,
                r.conference_type,
                r.conference_date,
                r.agency_name,
                r.agency_type,
                r.due_date,
                r.submitted_at.astimezone(LONDON).date() if r.submitted_at else None,
                *(r.answers[k] for k in keys),
                r.score,
                r.grade,
                r.ruleset_version,
            ]
            for r in rows
        ),
    )
    return _csv(f"qa-reports-{filters.start.isoformat()}-{filters.end.isoformat()}.csv", body)


@bp.route("/export/outcomes.csv")
@roles_required("qa_lead")
def export_outcomes() -> Any:
    """One row per item behind each figure after the conference: ids, dates, category and
    the answer; no names and no text."""
    filters, _form = _filters()
    items = queries.outcome_items(db.session(), filters)
    audit.record("export", "qa_outcomes", None)
    header = [
        "figure",
        "item",
        "item_id",
        "conference_id",
        "conference_type",
        "conference_date",
        "child_id",
        "due",
        "done_on",
        "category",
        "plan_number",
        "answer",
    ]
    body = csv_export.render(
        header,
        (
            [
                figure.key,
                i.kind,
                i.id,
                i.conference_id,
                i.conference_type,
                i.conference_date,
                i.child_id,
                i.due,
                i.done_on,
                i.category,
                i.plan_number,
                i.answer,
            ]
            for figure in queries.OUTCOME_FIGURES
            for i in items[figure.key]
        ),
    )
    return _csv(f"qa-outcomes-{filters.start.isoformat()}-{filters.end.isoformat()}.csv", body)


@bp.route("/samples", methods=["GET", "POST"])
@roles_required("qa_lead")
def samples() -> Any:
    session = db.session()
    form = SampleForm()
    if request.method == "GET":
        default = queries.Filters.default()
        form.start.data = form.start.data or default.start
        form.end.data = form.end.data or default.end
    if form.validate_on_submit():
        filters = queries.Filters(
            start=form.start.data,
            end=form.end.data,
            agency_type=form.agency_type.data or None,
            conference_type=form.conference_type.data or None,
        )
        try:
            sample = sampling.draw(
                session,
                name=form.name.data,
                user=current_user,
                filters=filters,
                unit=form.unit.data,
                size=form.size.data,
                percent=form.size_kind.data == "percent",
                seed=form.seed.data or sampling.new_seed(),
            )
        except sampling.EmptyPopulation:
            form.start.errors = [
                "No submitted reports match that period and filters; choose another period"
            ]
        else:
            audit.event("create", "audit_sample", sample.id)
            session.commit()
            return redirect(url_for("qa.sample", sample_id=sample.id))
    status = 400 if form.errors else 200
    listed = sampling.samples(session)
    audit.record("read", "qa_samples", None)
    return render_template(
        "qa/samples.html", title="Audit samples", form=form, samples=listed
    ), status


@bp.route("/samples/<int:sample_id>")
@bp.route("/samples/latest", defaults={"sample_id": 0})
@roles_required("qa_lead")
def sample(sample_id: int) -> Any:
    session = db.session()
    if sample_id == 0:
        found = session.scalar(select(AuditSample).order_by(AuditSample.id.desc()).limit(1))
    else:
        found = session.get(AuditSample, sample_id)
        if found is None:
            abort(404)
    if found is None:
        audit.record("read", "audit_sample", None)
        return render_template("qa/sample.html", title="Audit sample", sample=None)
    items = _sample_rows(found)
    audit.record("read", "audit_sample", found.id)
    return render_template(
        "qa/sample.html",
        title=f"Audit sample: {found.name}",
        sample=found,
        rows=items,
        unit_label=sampling.UNITS.get(found.unit, found.unit),
    )


def _sample_rows(sample: AuditSample) -> list[dict[str, Any]]:
    session = db.session()
    report_ids = [i.report_id for i in sample.items]
    found, _total = queries.reports(
        session,
        queries.Filters(start=date.min, end=date.max),
        page_size=None,
        ids=report_ids,
    )
    by_id = {r.report_id: r for r in found}
    graded = set(
        session.scalars(
            select(ManualGrade.report_version_id).where(
                ManualGrade.graded_by_id == current_user.id,
                ManualGrade.report_version_id.in_([i.report_version_id for i in sample.items]),
            )
        )
    )
    return [
        {
            "item": item,
            "report": by_id.get(item.report_id),
            "graded": item.report_version_id in graded,
        }
        for item in sample.items
    ]


@bp.route("/reports/<int:report_id>/grade", methods=["GET", "POST"])
@roles_required("qa_lead")
def grade(report_id: int) -> Any:
    session = db.session()
    posting = request.method == "POST"
    report = access.report(
        report_id, policy.read_report, "grade" if posting else "read", commit_audit=not posting
    )
    sample_id = _int(request.args.get("sample"))
    item = None
    if sample_id:
        item = session.scalar(
            select(AuditSampleItem).where(
                AuditSampleItem.sample_id == sample_id, AuditSampleItem.report_id == report.id
            )
        )
    facts = session.get(ReportFacts, report.id)
    version_id = item.report_version_id if item else (facts.version_id if facts else None)
    if version_id is None:
        if posting:
            session.rollback()
            abort(400)
        return render_template("qa/grade.html", title="Grade a report", report=report, version=None)
    version = session.get(ReportVersion, version_id)
    if version is None or version.report_id != report.id:
        abort(404)
    form = grade_form(request.form if posting else None)
    criteria = calibration.graded_criteria()
    if not posting:
        existing = session.scalar(
            select(ManualGrade).where(
                ManualGrade.report_version_id == version_id,
                ManualGrade.graded_by_id == current_user.id,
            )
        )
        if existing is not None:
            form.grade.data = existing.grade
            form.notes.data = existing.notes
            for c in existing.criteria:
                getattr(form, criterion_field(c.criterion)).data = "yes" if c.met else "no"
    if posting and form.validate():
        calibration.save_grade(
            session,
            user=current_user,
            version_id=version_id,
            sample_id=sample_id if item else None,
            grade=form.grade.data,
            met={c: getattr(form, criterion_field(c)).data == "yes" for c, _check in criteria},
            notes=form.notes.data or "",
        )
        audit.event("grade", "report", report.id)
        session.commit()
        if item is not None:
            return redirect(url_for("qa.sample", sample_id=item.sample_id))
        return redirect(url_for("qa.calibration"))
    return render_template(
        "qa/grade.html",
        title="Grade a report",
        report=report,
        version=version,
        form=form,
        fields=[(criterion_field(c), c, check) for c, check in criteria],
        check_labels=CHECK_LABELS,
        sample_id=sample_id if item else None,
    ), (400 if form.errors else 200)


@bp.route("/calibration", endpoint="calibration")
@roles_required("qa_lead")
def calibration_page() -> Any:
    session = db.session()
    sample_id = _int(request.args.get("sample"))
    grade_agreement, per_criterion = calibration.agreement(session, sample_id)
    audit.record("read", "qa_calibration", sample_id)
    return render_template(
        "qa/calibration.html",
        title="Calibration: hand grades and the engine",
        grade=grade_agreement,
        per_criterion=per_criterion,
        grade_labels=GRADE_LABELS,
        check_label=lambda c: CHECK_LABELS.get(_check_of(c), c),
    )


def _check_of(criterion: str) -> str:
    return dict(calibration.graded_criteria()).get(criterion, criterion)
