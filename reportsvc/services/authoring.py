"""Turning the report form into a report document and back, and the submit rules.

The document is the contract (cpc-report/2, docs/report-format.md): drafts are stored as
version 2, with one entry per child the agency writes about. Conference, agency and the
children's names and dates come from the database; everything else is the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import forms
from forms import previous_actions
from reportsvc.formkit import section_field_name
from reportsvc.models import ConferenceChild, Invitation, Report, User
from reportsvc.queries.common import latest_version
from reportsvc.sanitise import clean_text
from reportsvc.services import outcomes
from scoring.calendar import Timescales, working_days_between
from scoring.document import upgrade

KEY = re.compile(r"[a-z0-9_-]{1,40}")

FORMAT = "cpc-report/2"
PERSON_KEYS = ("name", "relationship", "lives_with_child", "seen", "views_sought", "report_shared")
SHARING_KEYS = ("date", "method", "with_whom", "feedback", "reason_not_shared")
CHILD_EXTRA = ("ethnicity", "religion", "first_language", "interpreter_needed", "seen_alone")


@dataclass(frozen=True)
class Problem:
    """A problem to show in the error summary: the field's id and a message."""

    field: str
    message: str


def template_for(invitation: Invitation) -> forms.Template:
    return forms.load_template(invitation.agency.type, invitation.conference.type)


def child_facts(link: ConferenceChild) -> dict[str, Any]:
    """What the service knows of a conference's child, in the report format's words."""
    child = link.child
    facts: dict[str, Any] = {
        "key": link.key,
        "name": child.name,
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
    }
    if child.date_of_birth is None and child.expected_date_of_delivery is not None:
        facts["expected_date_of_delivery"] = child.expected_date_of_delivery.isoformat()
    return facts


def base_document(invitation: Invitation, user: User) -> dict[str, Any]:
    """A new report: the conference's children and the household the coordinator recorded."""
    conference = invitation.conference
    return {
        "format": FORMAT,
        "conference": {"type": conference.type, "date": conference.date.isoformat()},
        "agency": {"type": invitation.agency.type, "name": invitation.agency.name},
        "author": {"name": user.name if user.name != user.email else "", "role": ""},
        "submitted_on": None,
        "shared_with_family": None,
        "children": [{**child_facts(link), "sections": {}} for link in conference.child_links],
        "household": [person.as_document() for person in conference.household],
        "sections": outcomes.previous_actions_for(invitation),  # RCPC: the last plan's actions
    }


def as_family(document: dict[str, Any], conference: Any) -> dict[str, Any]:
    """A stored document as cpc-report/2, its children keyed as the conference keys them.

    Drafts saved before families were supported are version 1 with one child; that child is
    the conference's first child.
    """
    doc = upgrade(document)
    children = doc.get("children") or []
    links = conference.child_links
    lone = len(children) == 1 and children[0].get("key") == "child"
    if lone and links and all(link.key != "child" for link in links):
        children[0] = {**children[0], "key": links[0].key}
    return doc


def current_document(report: Report, user: User) -> dict[str, Any]:
    """The latest saved document (as cpc-report/2), or a fresh one from the invitation."""
    latest = latest_version(report)
    if latest is not None:
        return as_family(dict(latest.document), report.invitation.conference)
    return base_document(report.invitation, user)


def form_data(
    document: dict[str, Any], template: forms.Template, version: int, conference: Any
) -> dict[str, Any]:
    """Values to fill the report form from a (version 2) document."""
    sections = document.get("sections", {})
    written = {c.get("key"): c for c in document.get("children") or []}
    data: dict[str, Any] = {
        "version": str(version),
        "author_name": document.get("author", {}).get("name", ""),
        "author_role": document.get("author", {}).get("role", ""),
        "household": [
            {**dict(p), "children": ",".join(p.get("children") or [])}
            for p in document.get("household", [])
        ]
        + [{}],
    }
    entries = []
    for link in conference.child_links:
        child = written.get(link.key)
        entry: dict[str, Any] = {"key": link.key, "included": child is not None}
        child = child or child_facts(link)
        entry.update({k: child.get(k) for k in CHILD_EXTRA})
        for key in forms.CHILD_SECTION_KEYS:
            entry[key] = (child.get("sections") or {}).get(key, "")
        entries.append(entry)
    data["children"] = entries
    shared = document.get("shared_with_family") or {}
    data["sharing"] = {k: shared.get(k) for k in SHARING_KEYS}
    if shared.get("date"):
        data["sharing"]["date"] = date.fromisoformat(shared["date"])
    for section in template.sections:
        if section.key not in forms.CHILD_SECTION_KEYS:
            data[section_field_name(section.key)] = sections.get(section.key, "")
    if template.has_section("previous_actions"):
        text = sections.get("previous_actions", "")
        entries_ = previous_actions.parse(text) if previous_actions.is_structured(text) else []
        data["actions"] = [
            {"action": e.action, "status": e.status, "barrier": e.barrier, "next_step": e.next_step}
            for e in entries_
        ] + [{}]
    return data


def actions_editable_as_entries(document: dict[str, Any]) -> bool:
    text = document.get("sections", {}).get("previous_actions", "")
    return not text.strip() or previous_actions.is_structured(text)


def document_from_form(
    form: Any,
    template: forms.Template,
    base: dict[str, Any],
    *,
    structured_actions: bool,
    conference: Any,
) -> dict[str, Any]:
    doc = {k: v for k, v in base.items() if k in ("format", "conference", "agency")}
    doc["format"] = FORMAT
    doc["author"] = {
        "name": clean_text(form.author_name.data or ""),
        "role": clean_text(form.author_role.data or ""),
    }
    doc["submitted_on"] = None
    doc["children"] = _children(form, conference)
    written = {c["key"] for c in doc["children"]}
    doc["household"] = [
        _person(entry.form, written) for entry in form.household if _has_text(entry.form)
    ]
    doc["shared_with_family"] = _sharing(form.sharing.form)
    sections: dict[str, str] = {}
    for section in template.sections:
        if section.key in forms.CHILD_SECTION_KEYS:
            continue
        text = clean_text(form[section_field_name(section.key)].data or "")
        if section.key == "previous_actions" and structured_actions and "actions" in form:
            text = previous_actions.format(
                [_action(entry.form) for entry in form.actions if _has_text(entry.form)]
            )
        if text.strip():
            sections[section.key] = text
    doc["sections"] = sections
    return doc


def _children(form: Any, conference: Any) -> list[dict[str, Any]]:
    """The children the agency writes about, in the conference's order.

    Facts the service holds (name, dates) come from the conference, never the form. A
    single-child conference always includes its child.
    """
    posted = {(e.form.key.data or ""): e.form for e in form.children}
    single = len(conference.child_links) == 1
    out = []
    for link in conference.child_links:
        sub = posted.get(link.key)
        if sub is None and single and len(form.children) == 1:
            sub = form.children[0].form
        facts = child_facts(link)
        if sub is None:
            continue
        if not single and not sub.included.data:
            continue
        for key in CHILD_EXTRA:
            if key in sub._fields:
                field = sub[key]
                facts[key] = (
                    field.boolean if hasattr(field, "boolean") else clean_text(field.data or "")
                )
        texts = {}
        for key in forms.CHILD_SECTION_KEYS:
            if key in sub._fields:
                text = clean_text(sub[key].data or "")
                if text.strip():
                    texts[key] = text
        facts["sections"] = texts
        out.append(facts)
    return out


def unticked_with_text(form: Any, conference: Any) -> list[Problem]:
    """An unticked child whose boxes still hold text: refuse rather than drop the text."""
    problems: list[Problem] = []
    if len(conference.child_links) < 2:
        return problems
    names = {link.key: link.child.name for link in conference.child_links}
    ticked = 0
    for n, entry in enumerate(form.children):
        sub = entry.form
        if sub.included.data:
            ticked += 1
            continue
        if any((sub[k].data or "").strip() for k in forms.CHILD_SECTION_KEYS if k in sub._fields):
            problems.append(
                Problem(
                    f"children-{n}-included",
                    f"You have written about {names.get(sub.key.data or '', 'a child')} but "
                    "said your agency does not know them: tick the child, or clear what you "
                    "wrote about them",
                )
            )
    if ticked == 0:
        problems.append(Problem("children-0-included", "Tick at least one child your agency knows"))
    return problems


def _has_text(subform: Any) -> bool:
    return any(
        field.type in ("StringField", "TextAreaField") and (field.data or "").strip()
        for field in subform
    )


def _person(subform: Any, written: set[str]) -> dict[str, Any]:
    """A household person; whose parent or carer they are keeps only the children the
    report is about (the format refuses a key the report does not list)."""
    person: dict[str, Any] = {
        "name": clean_text(subform.name.data or ""),
        "relationship": clean_text(subform.relationship.data or ""),
        "lives_with_child": bool(subform.lives_with_child.boolean),
    }
    for key in ("seen", "views_sought", "report_shared"):
        if key in subform._fields:
            person[key] = subform[key].boolean
    if "children" in subform._fields:
        keys = [
            k for k in (subform.children.data or "").split(",") if KEY.fullmatch(k) and k in written
        ]
        if keys:
            person["children"] = keys
    return person


def _action(subform: Any) -> previous_actions.ActionEntry:
    return previous_actions.ActionEntry(
        action=clean_text(subform.action.data or ""),
        status=subform.status.data or None,
        barrier=clean_text(subform.barrier.data or ""),
        next_step=clean_text(subform.next_step.data or ""),
    )


def _sharing(subform: Any) -> dict[str, Any] | None:
    values = {
        k: clean_text(subform[k].data or "") for k in SHARING_KEYS if k != "date" and k in subform
    }
    shared_on = subform.date.data
    if shared_on is None and not any(v.strip() for v in values.values()):
        return None
    return {"date": shared_on.isoformat() if shared_on else None, **values}


def date_problems(form: Any, document: dict[str, Any], conference_date: date) -> list[Problem]:
    """Dates that are real but impossible for this report."""
    problems = []
    shared = document.get("shared_with_family") or {}
    births = [
        date.fromisoformat(c["date_of_birth"])
        for c in document.get("children") or []
        if c.get("date_of_birth")
    ]
    if shared.get("date"):
        shared_on = date.fromisoformat(shared["date"])
        born = min(births) if births else None
        if born is not None and shared_on < born:
            problems.append(
                Problem(
                    "sharing-date",
                    "Date shared must be on or after the child's date of birth"
                    if len(births) == 1
                    else "Date shared must be on or after the eldest child's date of birth",
                )
            )
        if shared_on > date.today():
            problems.append(Problem("sharing-date", "Date shared must be today or in the past"))
        if shared_on > conference_date:
            problems.append(
                Problem("sharing-date", "Date shared must be before the conference date")
            )
    return problems


def _child_section_missing(
    section: forms.Section, children: list[dict[str, Any]], conference: Any
) -> list[Problem]:
    if not section.required:
        return []
    order = [link.key for link in conference.child_links] if conference is not None else []
    problems = []
    for child in children:
        if (child.get("sections") or {}).get(section.key, "").strip():
            continue
        n = order.index(child["key"]) if child["key"] in order else 0
        whom = f" for {child.get('name') or 'each child'}" if len(order) > 1 else ""
        problems.append(
            Problem(
                f"children-{n}-{section.key}",
                f"Answer '{section.title.strip()}'{whom} before you submit",
            )
        )
    return problems


def submit_problems(
    document: dict[str, Any], template: forms.Template, conference: Any = None
) -> list[Problem]:
    """What must be in a report before it can be submitted."""
    problems = []
    sections = document.get("sections", {})
    children = document.get("children") or []
    for section in template.sections:
        if section.key in forms.CHILD_SECTION_KEYS:
            problems += _child_section_missing(section, children, conference)
            continue
        if section.required and not sections.get(section.key, "").strip():
            problems.append(
                Problem(
                    section_field_name(section.key),
                    f"Answer '{section.title.strip()}' before you submit",
                )
            )
    for n, person in enumerate(document.get("household", [])):
        if not person["name"].strip() or not person["relationship"].strip():
            problems.append(
                Problem(
                    f"household-{n}-name",
                    f"Give a name and a relationship for person {n + 1} in the household",
                )
            )
    if not document.get("household"):
        problems.append(
            Problem(
                "household-0-name",
                "Add the people in the child's household, including the father",
            )
        )
    shared = document.get("shared_with_family")
    if shared and not shared.get("date") and not shared.get("reason_not_shared", "").strip():
        problems.append(
            Problem("sharing-date", "Give the date you shared the report, or why you did not")
        )
    return problems


def timeliness_message(submitted: date, due: date, timescales: Timescales) -> str:
    if submitted <= due:
        return "Your report was submitted on time."
    late = working_days_between(due, submitted, timescales.region)
    days = "working day" if late == 1 else "working days"
    return f"Your report was submitted {late} {days} after the deadline."
