"""Read and check a conference as the case-management system, the CSV upload and the
coordinator's pages describe it (docs/coordinator.md, DESIGN.md "Conferences from the
case-management system").

``parse`` turns a JSON-like dict into a ``Spec`` or raises ``SpecError`` with every problem,
each naming its path (``children[1].date_of_birth``). Nothing here writes: the scheduling
service stores a spec only when it has no problems, so a bad request stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

import forms
from reportsvc.models import CONFERENCE_TYPES, SCHEDULING_KINDS

KEY_PATTERN = re.compile(r"^[a-z0-9_-]{1,40}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LINE = 200

# The fields of a conference, a child and a household person, in the order the CSV upload's
# columns follow (services/conference_csv.py builds its columns from these).
CONFERENCE_FIELDS = (
    "reference",
    "type",
    "kind",
    "notified_on",
    "date",
    "time",
    "venue",
    "chair",
    "previous_reference",
)
CHILD_FIELDS = (
    "key",
    "name",
    "date_of_birth",
    "expected_date_of_delivery",
    "ethnicity",
    "religion",
    "first_language",
    "interpreter_needed",
)
PERSON_FIELDS = ("name", "relationship", "lives_with_child", "children")
TOP_KEYS = {*CONFERENCE_FIELDS, "children", "household", "invitations"}
CHILD_KEYS = set(CHILD_FIELDS)
PERSON_KEYS = set(PERSON_FIELDS)
INVITATION_KEYS = {"agency", "author_email"}
AGENCY_KEYS = {"type", "name"}


class SpecError(ValueError):
    """The conference cannot be stored; ``details`` lists ``{"path", "message"}``."""

    def __init__(self, details: list[dict[str, str]]) -> None:
        super().__init__(f"{len(details)} problem(s) in the conference")
        self.details = details


@dataclass(frozen=True)
class ChildSpec:
    key: str
    name: str
    date_of_birth: date | None
    expected_date_of_delivery: date | None
    ethnicity: str = ""
    religion: str = ""
    first_language: str = ""
    interpreter_needed: bool = False


@dataclass(frozen=True)
class PersonSpec:
    name: str
    relationship: str
    lives_with_child: bool
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class InvitationSpec:
    agency_type: str
    agency_name: str
    author_email: str | None


@dataclass(frozen=True)
class Spec:
    reference: str | None
    type: str
    kind: str
    date: date
    time: time | None
    venue: str
    chair: str
    previous_reference: str | None
    notified_on: dt.date | None
    # None: not given (an RCPC then carries the previous conference's forward).
    children: tuple[ChildSpec, ...] | None
    household: tuple[PersonSpec, ...] | None
    invitations: tuple[InvitationSpec, ...] | None
    given: frozenset[str] = field(default_factory=frozenset)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[dict[str, str]] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append({"path": path, "message": message})

    def unknown(self, data: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in sorted(set(data) - allowed):
            where = f"{path}.{key}" if path else str(key)
            self.problem(where, "is not a field this service knows; remove it")

    def text(
        self, data: dict[str, Any], key: str, path: str, *, required: bool, limit: int = MAX_LINE
    ) -> str:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(where, "is required")
            return ""
        if not isinstance(value, str):
            self.problem(where, "must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(where, "is required")
        if len(value) > limit:
            self.problem(where, f"must be {limit} characters or fewer")
        if any(ord(c) < 32 and c not in "\t" for c in value):
            self.problem(where, "must be one line of text")
        return value

    def day(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> date | None:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(where, "is required (a date like 2026-03-12)")
            return None
        if not isinstance(value, str):
            self.problem(where, "must be a date like 2026-03-12")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problem(where, "must be a real date like 2026-03-12")
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not 1900 <= parsed.year <= 2200:
            self.problem(where, "must be a real date like 2026-03-12")
            return None
        return parsed

    def flag(self, data: dict[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(f"{path}.{key}", "must be true or false")
            return False
        return value

    def objects(self, data: dict[str, Any], key: str, *, required: bool) -> list[Any] | None:
        if key not in data or data[key] is None:
            if required:
                self.problem(key, "is required (a list)")
            return None
        value = data[key]
        if not isinstance(value, list):
            self.problem(key, "must be a list")
            return None
        good = []
        for n, item in enumerate(value):
            if isinstance(item, dict):
                good.append((n, item))
            else:
                self.problem(f"{key}[{n}]", "must be an object")
        return good


def parse(data: Any) -> Spec:
    """The conference in ``data``, or ``SpecError`` naming every problem by its path."""
    r = _Reader()
    if not isinstance(data, dict):
        raise SpecError([{"path": "", "message": "The conference must be a JSON object"}])
    r.unknown(data, TOP_KEYS, "")
    reference = r.text(data, "reference", "", required=False, limit=80) or None
    kind_value = data.get("kind") or "standard"
    if kind_value not in SCHEDULING_KINDS:
        r.problem("kind", f"must be one of: {', '.join(SCHEDULING_KINDS)}")
    type_value = data.get("type")
    if type_value not in CONFERENCE_TYPES:
        r.problem("type", "must be ICPC or RCPC")
    on = r.day(data, "date", "", required=True)
    notified_on = r.day(data, "notified_on", "", required=kind_value != "standard")
    if kind_value == "reconvened" and type_value == "RCPC":
        r.problem("kind", "a reconvened conference follows a deferred ICPC: its type is ICPC")
    at = _time(r, data.get("time"))
    venue = r.text(data, "venue", "", required=False, limit=300)
    chair = r.text(data, "chair", "", required=True, limit=254).lower()
    if chair and not EMAIL_PATTERN.match(chair):
        r.problem("chair", "must be an email address, like chair@council.gov.uk")
    previous = r.text(data, "previous_reference", "", required=False, limit=80) or None
    if type_value == "RCPC" and previous is None and "children" not in data:
        r.problem("children", "is required unless previous_reference names the last conference")
    if kind_value == "reconvened" and previous is None:
        r.problem("previous_reference", "a reconvened ICPC names the deferred conference")
    if on and notified_on and notified_on > on:
        r.problem("notified_on", "must be on or before the conference date")
    children = _children(r, data, required=previous is None)
    keys = {c.key for c in children or ()}
    household = _household(r, data, keys if children is not None else None)
    invitations = _invitations(r, data)
    if r.problems:
        raise SpecError(r.problems)
    assert on is not None and type_value is not None
    return Spec(
        reference=reference,
        type=str(type_value),
        kind=str(kind_value),
        date=on,
        time=at,
        venue=venue,
        chair=chair,
        previous_reference=previous,
        notified_on=notified_on,
        children=children,
        household=household,
        invitations=invitations,
        given=frozenset(data),
    )


def _time(r: _Reader, value: Any) -> time | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        r.problem("time", "must be a time like 10:00 (24-hour clock)")
        return None
    hours, minutes = (int(p) for p in value.strip().split(":"))
    if hours > 23 or minutes > 59:
        r.problem("time", "must be a real time like 10:00 (24-hour clock)")
        return None
    return time(hours, minutes)


def _children(r: _Reader, data: dict[str, Any], *, required: bool) -> tuple[ChildSpec, ...] | None:
    items = r.objects(data, "children", required=required)
    if items is None:
        return None
    if not items and required:
        r.problem("children", "name at least one child (or an unborn baby)")
    out, seen = [], set()
    for n, item in items:
        path = f"children[{n}]"
        r.unknown(item, CHILD_KEYS, path)
        key = item.get("key")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            r.problem(f"{path}.key", "must be 1 to 40 lower-case letters, digits, - or _")
            key = f"?{n}"
        elif key in seen:
            r.problem(f"{path}.key", f"'{key}' is used for another child; keys must be unique")
        seen.add(key)
        name = r.text(item, "name", path, required=True)
        born = r.day(item, "date_of_birth", path, required=False)
        due = r.day(item, "expected_date_of_delivery", path, required=False)
        if born and due:
            r.problem(
                f"{path}.expected_date_of_delivery",
                "give a date of birth or, for an unborn baby, an expected date of delivery",
            )
        if born and born > date.today():
            r.problem(f"{path}.date_of_birth", "must be today or in the past")
        if born is None and due is None and "date_of_birth" not in item:
            r.problem(
                f"{path}.date_of_birth",
                "is required; for an unborn baby set it to null and give "
                "expected_date_of_delivery if known",
            )
        out.append(
            ChildSpec(
                key=key,
                name=name,
                date_of_birth=born,
                expected_date_of_delivery=due,
                ethnicity=r.text(item, "ethnicity", path, required=False),
                religion=r.text(item, "religion", path, required=False),
                first_language=r.text(item, "first_language", path, required=False),
                interpreter_needed=r.flag(item, "interpreter_needed", path),
            )
        )
    return tuple(out)


def _household(
    r: _Reader, data: dict[str, Any], keys: set[str] | None
) -> tuple[PersonSpec, ...] | None:
    items = r.objects(data, "household", required=False)
    if items is None:
        return None
    out = []
    for n, item in items:
        path = f"household[{n}]"
        r.unknown(item, PERSON_KEYS, path)
        children = item.get("children") or []
        if not isinstance(children, list) or not all(isinstance(k, str) for k in children):
            r.problem(f"{path}.children", "must be a list of child keys")
            children = []
        for k in children:
            if keys is not None and k not in keys:
                r.problem(f"{path}.children", f"'{k}' is not the key of a child in children")
        out.append(
            PersonSpec(
                name=r.text(item, "name", path, required=True),
                relationship=r.text(item, "relationship", path, required=True),
                lives_with_child=r.flag(item, "lives_with_child", path),
                children=tuple(children),
            )
        )
    return tuple(out)


def _invitations(r: _Reader, data: dict[str, Any]) -> tuple[InvitationSpec, ...] | None:
    items = r.objects(data, "invitations", required=False)
    if items is None:
        return None
    out, seen = [], set()
    for n, item in items:
        path = f"invitations[{n}]"
        r.unknown(item, INVITATION_KEYS, path)
        agency = item.get("agency")
        if not isinstance(agency, dict):
            r.problem(f"{path}.agency", "is required: an object with type and name")
            continue
        r.unknown(agency, AGENCY_KEYS, f"{path}.agency")
        agency_type = agency.get("type")
        if agency_type not in forms.AGENCY_TYPES:
            r.problem(
                f"{path}.agency.type", f"must be one of: {', '.join(sorted(forms.AGENCY_TYPES))}"
            )
        name = r.text(agency, "name", f"{path}.agency", required=True)
        if name.lower() in seen:
            r.problem(f"{path}.agency.name", f"'{name}' is invited twice")
        seen.add(name.lower())
        email = r.text(item, "author_email", path, required=False, limit=254).lower() or None
        if email and not EMAIL_PATTERN.match(email):
            r.problem(f"{path}.author_email", "must be an email address, like name@example.org")
        out.append(InvitationSpec(str(agency_type), name, email))
    return tuple(out)
