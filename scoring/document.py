"""The report document (cpc-report/1): typed model and validation.

Validation collects every problem before raising, so an author fixes them in one pass.
Error messages name the path and the reason and never repeat the value: report text
is child protection data and error messages end up in logs and API responses.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from forms.constants import AGENCY_TYPES as _AGENCY_TYPES
from forms.constants import DOCUMENT_FIELDS as _FIELDS
from forms.constants import SECTION_KEYS as _SECTION_KEYS

FORMAT = "cpc-report/1"
CONFERENCE_TYPES = ("ICPC", "RCPC")
# The names are the contract's, kept once in forms.constants (forms <- scoring).
AGENCY_TYPES = tuple(_AGENCY_TYPES)
SECTION_KEYS = _SECTION_KEYS
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class DocumentError(Exception):
    """An invalid report document; ``details`` holds one {path, message} per problem."""

    def __init__(self, details: list[dict[str, str]]):
        self.details = details
        first = details[0] if details else {"path": "", "message": "invalid document"}
        more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
        super().__init__(f"{first['path'] or 'document'}: {first['message']}{more}")


@dataclass(frozen=True)
class Conference:
    type: str
    date: date


@dataclass(frozen=True)
class Agency:
    type: str
    name: str = ""


@dataclass(frozen=True)
class Author:
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class SharedWithFamily:
    date: date | None = None
    method: str = ""
    feedback: str = ""
    with_whom: str = ""
    reason_not_shared: str = ""


@dataclass(frozen=True)
class Child:
    name: str = ""
    date_of_birth: date | None = None
    ethnicity: str = ""
    religion: str = ""
    first_language: str = ""
    interpreter_needed: bool | None = None
    seen_alone: bool | None = None


@dataclass(frozen=True)
class Person:
    name: str = ""
    relationship: str = ""
    lives_with_child: bool | None = None
    seen: bool | None = None
    views_sought: bool | None = None
    report_shared: bool | None = None


@dataclass(frozen=True)
class Report:
    conference: Conference
    agency: Agency
    author: Author
    child: Child
    submitted_on: date | None = None
    shared_with_family: SharedWithFamily | None = None
    household: tuple[Person, ...] = ()
    sections: Mapping[str, str] = field(default_factory=dict)
    format: str = FORMAT

    def section(self, key: str) -> str:
        return self.sections.get(key, "")


class _Checker:
    """Walks the raw dict, recording problems by path instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append({"path": path, "message": message})

    def obj(
        self, value: Any, path: str, allowed: Collection[str], required: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return None
        for key in value:
            if not isinstance(key, str) or key not in allowed:
                # The key itself is schema, not report text, but keep it out anyway:
                # a mistyped key could be pasted text.
                self.error(
                    f"{path}.{key}" if isinstance(key, str) and len(key) <= 40 else path,
                    "unknown field",
                )
        for key in required:
            if key not in value:
                self.error(f"{path}.{key}", "required field missing")
        return value

    def string(self, obj: dict[str, Any], key: str, path: str) -> str:
        value = obj.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "must be a string")
            return ""
        return value

    def choice(self, obj: dict[str, Any], key: str, path: str, options: tuple[str, ...]) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or value not in options:
            self.error(f"{path}.{key}", "must be one of " + ", ".join(options))
            return options[0]
        return value

    def flag(self, obj: dict[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.error(f"{path}.{key}", "must be true, false or null")
        return None

    def day(self, obj: dict[str, Any], key: str, path: str, nullable: bool) -> date | None:
        value = obj.get(key)
        full = f"{path}.{key}" if path else key
        if value is None:
            if not nullable:
                self.error(full, "required date missing")
            return None
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            self.error(full, "not a valid date (expected YYYY-MM-DD)")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(full, "not a real calendar date")
            return None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.error(full, f"must be between {EARLIEST_DATE.year} and {LATEST_DATE.year}")
            return None
        return day


# Dates outside these years are typing slips (0202, 9999); refusing them also keeps the
# working-day arithmetic far from the ends of Python's calendar.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def parse_report(data: Any) -> Report:
    """Validate a decoded cpc-report/1 document and return the typed report."""
    c = _Checker()
    top = c.obj(
        data,
        "",
        (
            "format",
            "conference",
            "agency",
            "author",
            "submitted_on",
            "shared_with_family",
            "child",
            "household",
            "sections",
        ),
        ("format", "conference"),
    )
    if top is None:
        c.errors[0]["path"] = "document"
        raise DocumentError(c.errors)
    # Paths at the top level have no leading dot.
    for err in c.errors:
        err["path"] = err["path"].lstrip(".")
    if top.get("format", FORMAT) != FORMAT:
        c.error("format", f"unsupported format (expected {FORMAT})")

    conf_raw = c.obj(top.get("conference", {}), "conference", ("type", "date"), ("type", "date"))
    conference = Conference("ICPC", date(1970, 1, 1))
    if conf_raw is not None:
        ctype = (
            c.choice(conf_raw, "type", "conference", CONFERENCE_TYPES)
            if "type" in conf_raw
            else "ICPC"
        )
        cdate = c.day(conf_raw, "date", "conference", nullable="date" not in conf_raw)
        conference = Conference(ctype, cdate or date(1970, 1, 1))

    agency = Agency("other")
    if "agency" in top:
        raw = c.obj(top["agency"], "agency", ("type", "name"), ("type",))
        if raw is not None:
            atype = c.choice(raw, "type", "agency", AGENCY_TYPES) if "type" in raw else "other"
            agency = Agency(atype, c.string(raw, "name", "agency"))

    author = Author()
    if top.get("author") is not None:
        raw = c.obj(top["author"], "author", ("name", "role"))
        if raw is not None:
            author = Author(c.string(raw, "name", "author"), c.string(raw, "role", "author"))

    submitted_on = c.day(top, "submitted_on", "", nullable=True)

    shared = None
    if top.get("shared_with_family") is not None:
        raw = c.obj(
            top["shared_with_family"],
            "shared_with_family",
            _FIELDS["shared_with_family"],
        )
        if raw is not None:
            p = "shared_with_family"
            shared = SharedWithFamily(
                c.day(raw, "date", p, nullable=True),
                c.string(raw, "method", p),
                c.string(raw, "feedback", p),
                c.string(raw, "with_whom", p),
                c.string(raw, "reason_not_shared", p),
            )

    child = Child()
    if top.get("child") is not None:
        raw = c.obj(
            top["child"],
            "child",
            _FIELDS["child"],
        )
        if raw is not None:
            dob = c.day(raw, "date_of_birth", "child", nullable=True)
            if dob and conf_raw is not None and dob > conference.date > date(1970, 1, 1):
                c.error("child.date_of_birth", "is after the conference date")
            child = Child(
                c.string(raw, "name", "child"),
                dob,
                c.string(raw, "ethnicity", "child"),
                c.string(raw, "religion", "child"),
                c.string(raw, "first_language", "child"),
                c.flag(raw, "interpreter_needed", "child"),
                c.flag(raw, "seen_alone", "child"),
            )

    household: list[Person] = []
    raw_household = top.get("household")
    if raw_household is not None and not isinstance(raw_household, list):
        c.error("household", "must be a list")
    for i, entry in enumerate(raw_household or ()):
        p = f"household[{i}]"
        raw = c.obj(entry, p, _FIELDS["household"])
        if raw is not None:
            household.append(
                Person(
                    c.string(raw, "name", p),
                    c.string(raw, "relationship", p),
                    c.flag(raw, "lives_with_child", p),
                    c.flag(raw, "seen", p),
                    c.flag(raw, "views_sought", p),
                    c.flag(raw, "report_shared", p),
                )
            )

    sections: dict[str, str] = {}
    if top.get("sections") is not None:
        raw = c.obj(top["sections"], "sections", SECTION_KEYS)
        if raw is not None:
            for key in SECTION_KEYS:
                text = c.string(raw, key, "sections")
                if text:
                    sections[key] = text

    if c.errors:
        raise DocumentError(c.errors)
    return Report(
        conference=conference,
        agency=agency,
        author=author,
        child=child,
        submitted_on=submitted_on,
        shared_with_family=shared,
        household=tuple(household),
        sections=sections,
    )
