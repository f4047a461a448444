"""Chair pages for the outcome of a conference (routes on the review blueprint): the decision
per child, the plan's actions per agency with the engine's advice on each, dissent and
appeals; the list of dissent and appeals awaiting a response, with the days left.

The page's form is turned into the API's shape and checked by the same
``services.outcomes.parse`` as ``PUT /api/v1/conferences/{id}/outcome``, so both refuse the
same things with the same messages; each problem is shown against its field. The "Check
actions" button gives the engine's advice without JavaScript; outcome.js gives the same
advice as the chair types, from ``.../outcome/check``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from reportsvc import csv_export, db, policy
from reportsvc.auth.permissions import roles_required
from reportsvc.mail.templates import MailTemplateError
from reportsvc.models import ALTERNATIVES, APPELLANTS, CATEGORIES, Appeal, Conference
from reportsvc.queries import register as register_query
from reportsvc.review.views import bp
from reportsvc.services import access, audit, outcomes
from reportsvc.services import settings as settings_service

BLANK_ACTIONS = 2
BLANK_DISSENT = 1
BLANK_APPEALS = 1


def _rows(form: MultiDict[str, str], prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Numbered rows ``prefix-N-field`` from the form, in order, blank rows left out."""
    numbers = sorted(
        {
            int(name.split("-")[1])
            for name in form
            if name.startswith(prefix + "-") and name.split("-")[1].isdigit()
        }
    )
    rows = []
    for n in numbers:
        row = {f: (form.get(f"{prefix}-{n}-{f}") or "").strip() for f in fields}
        if any(row.values()):
            rows.append(row)
    return rows


ACTION_FIELDS = ("agency", "child", "who", "what", "by_when", "how_we_will_know")
DISSENT_FIELDS = ("by", "reason")
APPEAL_FIELDS = ("by", "by_role", "received_on", "late_reason")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def data_from_form(form: MultiDict[str, str], conference: Conference) -> dict[str, Any]:
    """The page's fields in the API's shape (empty fields left out, as the API reads them)."""
    children = []
    for link in conference.child_links:
        key = link.key

        def field(name: str, key: str = key) -> str:
            return (form.get(f"c-{key}-{name}") or "").strip()

        child: dict[str, Any] = {"key": key, "decision": field("decision") or None}
        for name in ("alternative", "category", "primary_concern", "lead_social_worker"):
            if field(name):
                child[name] = field(name)
        secondary = form.getlist(f"c-{key}-secondary") + _lines(field("secondary_other"))
        if secondary:
            child["secondary_concerns"] = secondary
        core_group = [line.strip() for line in field("core_group").splitlines() if line.strip()]
        if core_group:
            child["core_group"] = core_group
        children.append(child)
    data: dict[str, Any] = {"children": children}
    data["actions"] = [
        {k: v for k, v in row.items() if v} for row in _rows(form, "a", ACTION_FIELDS)
    ]
    data["dissent"] = _rows(form, "d", DISSENT_FIELDS)
    appeals = []
    for row in _rows(form, "p", APPEAL_FIELDS):
        appeals.append({k: v for k, v in row.items() if v or k in ("by", "received_on")})
    data["appeals"] = appeals
    if (form.get("core_group_held_on") or "").strip():
        data["core_group_held_on"] = form["core_group_held_on"].strip()
    return data


def _form_from_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the page shows: the stored outcome (or what was posted) as page values."""
    children = {c.get("key"): c for c in data.get("children") or [] if isinstance(c, dict)}
    return {
        "children": children,
        "actions": list(data.get("actions") or []),
        "dissent": [d for d in data.get("dissent") or [] if d.get("with_outcome", True)],
        "appeals": list(data.get("appeals") or []),
        "core_group_held_on": data.get("core_group_held_on") or "",
    }


DATE_KEYS = ("core_group_due", "core_group_held_on", "reconvene_by", "appeal_by")
DATE_KEYS_IN = ("next_review_due", "response_due", "responded_on", "received_on")


def _dated(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored outcome with its ISO dates as dates, for the page's date filters."""
    if stored is None:
        return None

    def day(value: Any) -> Any:
        return date.fromisoformat(value) if isinstance(value, str) and value else value

    shown = {k: day(v) if k in DATE_KEYS else v for k, v in stored.items()}
    for part in ("children", "dissent", "appeals"):
        shown[part] = [
            {k: day(v) if k in DATE_KEYS_IN else v for k, v in item.items()}
            for item in stored.get(part, [])
        ]
    return shown


def _field_id(path: str) -> str:
    """The id of the page field a problem path belongs to (for the error summary's links)."""
    parts = path.replace("[", ".").replace("]", "").split(".")
    if parts[0] == "children" and len(parts) >= 3:
        return f"c-{parts[1]}-{parts[2]}"
    if parts[0] in ("actions", "dissent", "appeals") and len(parts) >= 3:
        prefix = {"actions": "a", "dissent": "d", "appeals": "p"}[parts[0]]
        return f"{prefix}-{parts[1]}-{parts[2]}"
    return parts[0] or "outcome"


def _advice(conference: Conference, actions: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        outcomes.check_action(
            conference.type,
            str(a.get("who", "")),
            str(a.get("what", "")),
            str(a.get("by_when", "")),
            str(a.get("how_we_will_know", "")),
        )
        for a in actions
    ]


def _anchored(details: list[dict[str, str]], conference: Conference) -> list[tuple[str, str, str]]:
    """(field id, path, message) for each problem; a child's path is by position in the
    body, the page's ids are by key (the page sends the children in the conference's order)."""
    keys = [link.key for link in conference.child_links]
    found = []
    for d in details:
        field_id = _field_id(d["path"])
        if field_id.startswith("c-"):
            _, index, name = field_id.split("-", 2)
            if index.isdigit() and int(index) < len(keys):
                field_id = f"c-{keys[int(index)]}-{name}"
        found.append((field_id, _label(d["path"], conference), d["message"]))
    return found


def _label(path: str, conference: Conference) -> str:
    """A problem's path as the page names it: "Leah: category", "Action 2: who"."""
    parts = path.replace("[", ".").replace("]", "").split(".")
    names = [link.child.name for link in conference.child_links]
    words = [p.replace("_", " ") for p in parts[2:]]
    if parts[0] == "children" and len(parts) >= 2 and parts[1].isdigit():
        index = int(parts[1])
        who = names[index] if index < len(names) else f"Child {index + 1}"
        return ": ".join([who, *words[:1]])
    singular = {"actions": "Action", "dissent": "Dissent", "appeals": "Appeal"}
    if parts[0] in singular and len(parts) >= 2 and parts[1].isdigit():
        return ": ".join([f"{singular[parts[0]]} {int(parts[1]) + 1}", *words[:1]])
    return (parts[0] or "Outcome").replace("_", " ").capitalize()


@bp.route("/conferences/<int:conference_id>/outcome", methods=["GET", "POST"])
@roles_required("chair")
def outcome(conference_id: int) -> Any:
    """Record (or change) the conference's outcome."""
    found = access.conference(
        conference_id, policy.review_conference, commit_audit=request.method == "GET"
    )
    session = db.session()
    region = settings_service.timescales(session).region
    stored = outcomes.as_data(session, found)
    problems: list[dict[str, str]] = []
    advice: list[list[Any]] = []
    if request.method == "POST":
        data = data_from_form(request.form, found)
        actions = data["actions"]
        if "check" in request.form or "add_action" in request.form:
            advice = _advice(found, actions)
            if "add_action" in request.form:
                actions.append({})
            values = _form_from_data(data)
            values["actions"] = actions
        else:
            try:
                spec = outcomes.parse(data, found, region=region, today=date.today())
            except outcomes.OutcomeError as error:
                problems = error.details
                values = _form_from_data(data)
                advice = _advice(found, actions)
            else:
                try:
                    outcomes.record(session, found, spec, actor=current_user, region=region)
                except MailTemplateError:
                    session.rollback()
                    problems = [
                        {
                            "path": "",
                            "message": "a mail this outcome causes cannot be written yet; "
                            "nothing was saved (tell the service's administrator)",
                        }
                    ]
                    values = _form_from_data(data)
                else:
                    audit.event("outcome", "conference", found.id)
                    session.commit()
                    flash("Outcome saved. The dates that follow are shown below.")
                    return redirect(url_for("review.outcome", conference_id=found.id))
    else:
        values = _form_from_data(stored or {})
    for _ in range(BLANK_ACTIONS if not values["actions"] else 1):
        values["actions"].append({})
    if not values["dissent"]:
        values["dissent"].extend({} for _ in range(BLANK_DISSENT))
    if not values["appeals"]:
        values["appeals"].extend({} for _ in range(BLANK_APPEALS))
    agencies = [inv.agency.name for inv in found.invitations if not inv.withdrawn]
    anchored = _anchored(problems, found)
    by_field: dict[str, list[str]] = {}
    for field_id, _path, message in anchored:
        by_field.setdefault(field_id, []).append(message)
    return render_template(
        "review/outcome.html",
        title="Conference outcome",
        conference=found,
        values=values,
        stored=_dated(stored),
        problems=anchored,
        by_field=by_field,
        child_options=[(link.key, link.child.name) for link in found.child_links],
        advice=advice,
        decisions=outcomes.DECISIONS_BY_TYPE[found.type],
        decision_labels=outcomes.DECISION_LABELS,
        alternatives=[(a, outcomes.ALTERNATIVE_LABELS[a]) for a in ALTERNATIVES],
        categories=[(c, outcomes.CATEGORY_LABELS[c]) for c in CATEGORIES],
        appellants=APPELLANTS,
        agencies=[*agencies, "Children's social care"],
        appeal_by=outcomes.appeal_by(found.date, region),
    ), (400 if problems else 200)


@bp.route("/conferences/<int:conference_id>/outcome/check", methods=["POST"])
@roles_required("chair")
def outcome_check(conference_id: int) -> Any:
    """The engine's advice on one action as the chair types (outcome.js); stores nothing."""
    found = access.conference(conference_id, policy.review_conference, "check")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="Send the action as a JSON object"), 400
    fields = {
        k: str(payload.get(k) or "")[:2000] for k in ("who", "what", "by_when", "how_we_will_know")
    }
    advice = outcomes.check_action(
        found.type, fields["who"], fields["what"], fields["by_when"], fields["how_we_will_know"]
    )
    return jsonify(
        advice=[
            {
                "field": a.field,
                "check": a.check,
                "text": a.text,
                "message": a.message,
                "suggestion": a.suggestion,
            }
            for a in advice
        ]
    )


@bp.route("/responses")
@roles_required("chair", "coordinator")
def responses() -> Any:
    """Dissent and appeals awaiting a written response, with the days left (the chair's own
    conferences; a coordinator sees every conference)."""
    session = db.session()
    chair_id = current_user.id if current_user.role == "chair" else None
    rows = register_query.awaiting_response(session, date.today(), chair_id=chair_id)
    audit.record("list", "conference", None)
    return render_template(
        "review/outcome_responses.html", title="Dissent and appeals awaiting a response", rows=rows
    )


@bp.route("/conferences/<int:conference_id>/appeal-response", methods=["GET", "POST"])
@roles_required("chair")
def appeal_response(conference_id: int) -> Any:
    """Record the written response to an appeal (``?appeal=<id>``)."""
    found = access.conference(
        conference_id, policy.review_conference, commit_audit=request.method == "GET"
    )
    appeal_id = request.args.get("appeal", type=int)
    if appeal_id is None:
        abort(400)
    session = db.session()
    appeal = session.get(Appeal, appeal_id)
    if appeal is None or appeal.conference_id != found.id:
        abort(404)
    error = ""
    if request.method == "POST" and appeal.responded_on is None:
        try:
            outcomes.respond_to_appeal(
                session, appeal, response=request.form.get("response", ""), on=date.today()
            )
        except ValueError as problem:
            error = str(problem).capitalize()
        else:
            audit.event("appeal-response", "conference", found.id)
            session.commit()
            flash("Response to the appeal recorded.")
            return redirect(url_for("review.outcome", conference_id=found.id))
    return render_template(
        "review/outcome_appeal.html",
        title="Record the response to the appeal",
        conference=found,
        appeal=appeal,
        error=error,
    ), (400 if error else 200)


def _register(session: Any) -> register_query.Register:
    chair_id = current_user.id if current_user.role == "chair" else None
    return register_query.load(session, date.today(), chair_id=chair_id)


@bp.route("/register")
@roles_required("coordinator", "chair", "qa_lead")
def register() -> Any:
    """Children on plans by category and length, what is due and overdue, long and repeat
    plans, reviews held late (a chair sees the children of the conferences they chaired)."""
    session = db.session()
    found = _register(session)
    audit.record("list", "register", None)
    return render_template(
        "review/outcome_register.html",
        title="Register of child protection plans",
        register=found,
        category_labels=outcomes.CATEGORY_LABELS,
        decision_labels=outcomes.DECISION_LABELS,
    )


REGISTER_COLUMNS = [
    "child_id",
    "conference_id",
    "conference_type",
    "conference_date",
    "decision",
    "category",
    "plan_started_on",
    "months_on_plan",
    "plan_number",
    "next_review_due",
    "review_status",
    "over_18_months",
    "second_or_subsequent_plan",
]


@bp.route("/register.csv")
@roles_required("coordinator", "chair", "qa_lead")
def register_csv() -> Any:
    """The plans on the register as CSV: ids, dates and categories only (no names, no text)."""
    session = db.session()
    found = _register(session)
    audit.record("export", "register", None)
    body = csv_export.render(
        REGISTER_COLUMNS,
        (
            [
                r.child_id,
                r.conference_id,
                r.conference_type,
                r.conference_date,
                r.decision,
                r.category,
                r.plan_started_on,
                r.months_on_plan,
                r.plan_number,
                r.next_review_due,
                r.review_status,
                "yes" if r.over_18_months else "no",
                "yes" if r.repeat_plan else "no",
            ]
            for r in found.plans
        ),
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="register-{found.today.isoformat()}.csv"'
        },
    )
