"""The schedule form and the API's shape: choices, prefill, form -> dict, and problems back
onto the fields they name.

``to_data`` builds exactly what ``POST /api/v1/conferences`` takes, remembering which form
field each path (``children[1].date_of_birth``) came from, so every ``SpecError`` detail is
shown on its own field and in the GOV.UK error summary with a link to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from wtforms import Field, FieldList, FormField

from reportsvc.author.fields import GovDateField
from reportsvc.coordinator import forms as f
from reportsvc.models import Agency, Conference, User
from reportsvc.queries import coordinator as q
from reportsvc.services.conference_spec import CHILD_FIELDS


def setup(form: f.ScheduleForm, session: Session, *, chair_only: int | None) -> None:
    """Choices for every select, keys for new children, the household's child boxes."""
    chairs = q.chairs(session, only=chair_only)
    form.chair_id.choices = f.choices(
        ([] if chair_only else [("", "Choose a chair")]) + [(str(u.id), u.name) for u in chairs]
    )
    if chair_only and not form.chair_id.data:
        form.chair_id.data = str(chair_only)
    form.previous_id.choices = f.choices(
        [("", "None")]
        + [(str(c.id), _conference_label(c)) for c in q.previous_candidates(session, chair_only)]
    )
    agencies = [("", "Choose an agency")] + [(str(a.id), a.name) for a in q.agencies(session)]
    agencies.append((f.NEW_AGENCY, "A new agency (name it below)"))
    authors = [("", "Nobody yet")] + [
        (str(u.id), f"{u.name} ({u.agency.name})") for u in q.authors(session)
    ]
    for entry in form.invitations.entries:
        entry.form.agency_id.choices = f.choices(agencies)
        entry.form.author_id.choices = f.choices(authors)
    used = {e.form.key.data for e in form.children.entries if e.form.key.data}
    for n, entry in enumerate(form.children.entries, start=1):
        if not entry.form.key.data:
            key = f"child-{n}"
            while key in used:
                n += 1
                key = f"child-{n}"
            entry.form.key.data = key
            used.add(key)
    boxes = [
        (e.form.key.data, (e.form["name"].data or "").strip() or f"Child {n}")
        for n, e in enumerate(form.children.entries, start=1)
    ]
    for entry in form.household.entries:
        entry.form.children.choices = f.choices(boxes)


def _conference_label(conference: Conference) -> str:
    when = f"{conference.date.day} {conference.date:%b %Y}"
    reference = f" ({conference.reference})" if conference.reference else ""
    return f"{conference.type} {when}: {conference.family_name}{reference}"


def prefill(form: f.ScheduleForm, data: dict[str, Any], previous: Conference) -> None:
    """A review after ``previous``: its children, household and agencies, ready to change."""
    form.type.data = "RCPC"
    form.kind.data = "standard"
    form.previous_id.data = str(previous.id)
    form.venue.data = data.get("venue") or ""
    form.time.data = data.get("time") or ""
    form.chair_id.data = str(previous.chair_id)
    _reset(form.children)
    for child in data.get("children") or []:
        form.children.append_entry(
            {
                "key": child["key"],
                "name": child["name"],
                "unborn": child["date_of_birth"] is None,
                "date_of_birth": _day(child["date_of_birth"]),
                "expected_date_of_delivery": _day(child["expected_date_of_delivery"]),
                "ethnicity": child["ethnicity"],
                "religion": child["religion"],
                "first_language": child["first_language"],
                "interpreter_needed": child["interpreter_needed"],
            }
        )
    if data.get("household"):
        _reset(form.household)
        for person in data["household"]:
            form.household.append_entry(
                {
                    "name": person["name"],
                    "relationship": person["relationship"],
                    "lives_with_child": person["lives_with_child"],
                    "children": person.get("children") or [],
                }
            )
    carried = [inv for inv in previous.invitations if not inv.withdrawn]
    if carried:
        _reset(form.invitations)
        for inv in carried:
            form.invitations.append_entry(
                {"agency_id": str(inv.agency_id), "author_id": str(inv.author_id or "")}
            )


def _reset(entries: FieldList) -> None:
    entries.entries = []
    entries.last_index = -1


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: Any) -> str:
    return str(value or "").strip()


@dataclass
class ScheduleData:
    """The form in the API's shape, where each path came from, and form-only problems."""

    data: dict[str, Any]
    previous: Conference | None = None
    problems: list[dict[str, str]] = field(default_factory=list)
    where: dict[str, tuple[Field, str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)

    def attach(self, problems: list[dict[str, str]]) -> None:
        for problem in problems:
            path, message = problem["path"], problem["message"]
            found = self._field(path)
            if found is None:
                self.unplaced.append(friendly(path, "", message))
                continue
            target, context = found
            text = context + friendly(path, target.label.text, message)
            if text not in target.errors:
                target.errors = [*target.errors, text]

    def _field(self, path: str) -> tuple[Field, str] | None:
        while path:
            if path in self.where:
                return self.where[path]
            path = re.sub(r"(\.[a-z_]+|\[\d+\])$", "", path)
        return None


def friendly(path: str, label: str, message: str) -> str:
    """The service's message, said on the page (the API's words for an empty field differ)."""
    leaf = re.sub(r"\[\d+\]", "", path)
    special = {
        ("type", "must be ICPC"): "Choose the type of conference",
        ("chair", "is required"): "Choose a chair",
        ("chair", "must be an email"): "Choose a chair",
        ("date", "is required"): "Enter the date of the conference",
        ("notified_on", "is required"): "Enter the date the area was notified (transfer-in) "
        "or the date of the deferred conference (reconvened)",
        ("children", "is required"): "Add at least one child, or an unborn baby",
        ("children", "name at least"): "Add at least one child, or an unborn baby",
        ("children.date_of_birth", "is required; for an unborn"): "Enter the date of birth, "
        "or tick Unborn baby",
        ("children.expected_date_of_delivery", "give a date"): "Give a date of birth, or tick "
        "Unborn baby and give the expected date of delivery",
        ("invitations.agency.type", "must be one of"): "Choose the type of the new agency",
        ("invitations.agency", "is required"): "Choose an agency, or choose a new agency "
        "and name it",
        ("invitations.agency.name", "is required"): "Choose an agency, or choose a new "
        "agency and name it",
        ("previous_reference", "no conference"): "Choose the previous conference from the list",
        ("previous_reference", "a reconvened ICPC"): "Choose the deferred conference as the "
        "previous conference",
    }
    for (where, start), text in special.items():
        if leaf == where and message.startswith(start):
            return text
    if not label:
        return message[:1].upper() + message[1:]
    if message.startswith(("is ", "must ")):
        return f"{label} {message}"
    return f"{label}: {message}"


def to_data(form: f.ScheduleForm, session: Session) -> ScheduleData:
    """The API's shape of what was typed (blank entries left out)."""
    out = ScheduleData(data={})
    data = out.data
    where = out.where
    reference = _text(form.reference.data)
    if reference:
        data["reference"] = reference
    data["type"] = form.type.data or None
    data["kind"] = form.kind.data or "standard"
    data["date"] = _iso(form.date.data)
    data["time"] = _text(form.time.data) or None
    data["venue"] = _text(form.venue.data)
    chair = session.get(User, int(form.chair_id.data)) if _digits(form.chair_id.data) else None
    data["chair"] = chair.email if chair is not None else ""
    if data["kind"] != "standard":
        data["notified_on"] = _iso(form.notified_on.data)
    top = {
        "reference": form.reference,
        "type": form.type,
        "kind": form.kind,
        "date": form.date,
        "time": form.time,
        "venue": form.venue,
        "chair": form.chair_id,
        "notified_on": form.notified_on,
        "previous_reference": form.previous_id,
    }
    where.update({path: (fld, "") for path, fld in top.items()})
    if _digits(form.previous_id.data):
        out.previous = session.get(Conference, int(form.previous_id.data))
        if out.previous is None:
            out.problems.append(
                {"path": "previous_reference", "message": "no conference has this reference"}
            )
        else:
            data["previous_reference"] = out.previous.reference or f"reportsvc-{out.previous.id}"
    children = _children(form, out)
    if children or out.previous is None:
        data["children"] = children
    keys = {c["key"] for c in children}
    people = _household(form, out, keys)
    if people or "children" in data:
        data["household"] = people
    invitations = _invitations(form, out, session)
    if invitations or out.previous is None:
        data["invitations"] = invitations
    where.setdefault("children", (form.children.entries[0].form["name"], "Child 1: "))
    if form.invitations.entries:
        where.setdefault("invitations", (form.invitations.entries[0].form.agency_id, ""))
    return out


def _digits(value: Any) -> bool:
    return isinstance(value, str) and value.isdigit()


def _children(form: f.ScheduleForm, out: ScheduleData) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, entry in enumerate(form.children.entries, start=1):
        child = entry.form
        if child.blank():
            continue
        path, context = f"children[{len(items)}]", f"Child {number}: "
        item: dict[str, Any] = {
            "key": child.key.data,
            "name": _text(child["name"].data),
            "ethnicity": _text(child.ethnicity.data),
            "religion": _text(child.religion.data),
            "first_language": _text(child.first_language.data),
            "interpreter_needed": bool(child.interpreter_needed.data),
        }
        if child.unborn.data:
            if child.date_of_birth.data:
                out.problems.append(
                    {
                        "path": f"{path}.date_of_birth",
                        "message": "An unborn baby has no date of birth: clear it, or untick "
                        "Unborn baby",
                    }
                )
            item["date_of_birth"] = None
            item["expected_date_of_delivery"] = _iso(child.expected_date_of_delivery.data)
        else:
            if child.date_of_birth.data:
                item["date_of_birth"] = _iso(child.date_of_birth.data)
            if child.expected_date_of_delivery.data:
                item["expected_date_of_delivery"] = _iso(child.expected_date_of_delivery.data)
        for name in CHILD_FIELDS[1:]:  # each field but the key, which the page does not show
            out.where[f"{path}.{name}"] = (child[name], context)
        out.where[f"{path}.key"] = (child["name"], context)
        out.where[path] = (child["name"], context)
        items.append(item)
    return items


def _household(form: f.ScheduleForm, out: ScheduleData, keys: set[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, entry in enumerate(form.household.entries, start=1):
        person = entry.form
        if person.blank():
            continue
        path, context = f"household[{len(items)}]", f"Person {number}: "
        items.append(
            {
                "name": _text(person["name"].data),
                "relationship": _text(person.relationship.data),
                "lives_with_child": bool(person.lives_with_child.data),
                # Boxes for a child removed since are dropped, not refused.
                "children": [k for k in (person.children.data or []) if k in keys],
            }
        )
        for name in ("name", "relationship", "lives_with_child", "children"):
            out.where[f"{path}.{name}"] = (person[name], context)
        out.where[path] = (person["name"], context)
    return items


def _invitations(form: f.ScheduleForm, out: ScheduleData, session: Session) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    authors = {str(u.id): u for u in q.authors(session)}
    for number, entry in enumerate(form.invitations.entries, start=1):
        inv = entry.form
        if inv.blank():
            continue
        path, context = f"invitations[{len(items)}]", f"Agency {number}: "
        new = inv.agency_id.data == f.NEW_AGENCY
        agency: dict[str, Any]
        if new:
            agency = {
                "type": inv.new_agency_type.data or None,
                "name": _text(inv.new_agency_name.data),
            }
        else:
            chosen_id = inv.agency_id.data
            known = session.get(Agency, int(chosen_id)) if _digits(chosen_id) else None
            agency = {"type": known.type, "name": known.name} if known else {}
        item: dict[str, Any] = {"agency": agency or None}
        typed = _text(inv.author_email.data)
        chosen = authors.get(inv.author_id.data or "")
        if typed:
            item["author_email"] = typed
        elif chosen is not None:
            item["author_email"] = chosen.email
        author_field = inv.author_email if typed or chosen is None else inv.author_id
        out.where[f"{path}.author_email"] = (author_field, context)
        out.where[f"{path}.agency.type"] = (inv.new_agency_type if new else inv.agency_id, context)
        out.where[f"{path}.agency.name"] = (inv.new_agency_name if new else inv.agency_id, context)
        out.where[f"{path}.agency"] = (inv.agency_id, context)
        out.where[path] = (inv.agency_id, context)
        items.append(item)
    return items


def error_list(form: f.ScheduleForm, extra: list[str]) -> list[dict[str, str]]:
    """Every error on the page, in page order, each linking to its field."""
    out = [{"text": text, "href": "#main-content"} for text in extra]
    for fld in _fields(form):
        for message in fld.errors:
            if isinstance(message, str):
                out.append({"text": message, "href": "#" + _anchor(fld)})
    return out


def _fields(form: Any) -> list[Field]:
    found: list[Field] = []
    for fld in form:
        if isinstance(fld, FieldList):
            for entry in fld.entries:
                found.extend(_fields(entry.form) if isinstance(entry, FormField) else [entry])
        elif isinstance(fld, FormField):
            found.extend(_fields(fld.form))
        else:
            found.append(fld)
    return found


def _anchor(fld: Field) -> str:
    if isinstance(fld, GovDateField):
        return f"{fld.name}-day"
    if fld.type in ("RadioField", "SelectMultipleField", "BooleanField"):
        return fld.name
    if fld.type == "CSRFTokenField":
        return "main-content"
    return fld.id
