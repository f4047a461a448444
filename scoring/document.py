"""The report document (cpc-report/2, and cpc-report/1 read as version 2): model and validation.

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
from forms.constants import CHILD_SECTION_KEYS as _CHILD_SECTION_KEYS
from forms.constants import DOCUMENT_FIELDS as _FIELDS
from forms.constants import FAMILY_SECTION_KEYS as _FAMILY_SECTION_KEYS
from forms.constants import SECTION_KEYS as _SECTION_KEYS

FORMAT = "cpc-report/2"
FORMAT_V1 = "cpc-report/1"
FORMATS = (FORMAT_V1, FORMAT)
# The key a cpc-report/1 document's one child gets when it is read as version 2.
V1_CHILD_KEY = "child"
CONFERENCE_TYPES = ("ICPC", "RCPC")
# The names are the contract's, kept once in forms.constants (forms <- scoring).
AGENCY_TYPES = tuple(_AGENCY_TYPES)
SECTION_KEYS = _SECTION_KEYS
CHILD_SECTION_KEYS = _CHILD_SECTION_KEYS
FAMILY_SECTION_KEYS = _FAMILY_SECTION_KEYS
CHILD_KEYS_V2 = frozenset(_FIELDS["child"] | {"key", "expected_date_of_delivery", "sections"})
HOUSEHOLD_KEYS_V2 = frozenset(_FIELDS["household"] | {"children"})
_CHILD_KEY = re.compile(r"[a-z0-9_-]{1,40}\Z")
_UNBORN_WORDS = re.compile(r"\b(unborn|pre-?birth)\b", re.IGNORECASE)
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
    key: str = V1_CHILD_KEY
    expected_date_of_delivery: date | None = None
    # The sections about this child alone: voice_of_child and identity.
    sections: Mapping[str, str] = field(default_factory=dict)

    @property
    def unborn(self) -> bool:
        """No date of birth, and an expected date of delivery or a name that says so."""
        return self.date_of_birth is None and (
            self.expected_date_of_delivery is not None or bool(_UNBORN_WORDS.search(self.name))
        )

    def section(self, key: str) -> str:
        return self.sections.get(key, "")


@dataclass(frozen=True)
class Person:
    name: str = ""
    relationship: str = ""
    lives_with_child: bool | None = None
    seen: bool | None = None
    views_sought: bool | None = None
    report_shared: bool | None = None
    # Keys of the children this person is a parent or carer of; empty: all of them.
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    conference: Conference
    agency: Agency
    author: Author
    children: tuple[Child, ...] = (Child(),)
    submitted_on: date | None = None
    shared_with_family: SharedWithFamily | None = None
    household: tuple[Person, ...] = ()
    # The family-level sections (every section key but voice_of_child and identity).
    sections: Mapping[str, str] = field(default_factory=dict)
    format: str = FORMAT

    @property
    def child(self) -> Child:
        """The first child (the only one in a cpc-report/1 document)."""
        return self.children[0] if self.children else Child()

    def section(self, key: str) -> str:
        """A family section's text; for voice_of_child and identity, every child's, joined."""
        if key in CHILD_SECTION_KEYS:
            return "\n\n".join(c.section(key) for c in self.children if c.section(key))
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
        if value == "" and nullable:
            value = None  # older files write "" for a date not known
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
    """Validate a decoded cpc-report/2 or cpc-report/1 document and return the typed report.

    A version 1 document is read as version 2 with one child keyed "child", which takes its
    voice_of_child and identity sections.
    """
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
            "children",
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
    fmt = top.get("format", FORMAT)
    if fmt not in FORMATS:
        c.error("format", f"unsupported format (expected {FORMAT} or {FORMAT_V1})")
        fmt = FORMAT
    v1 = fmt == FORMAT_V1
    _wrong_version_keys(c, top, v1)

    conference = _conference(c, top)
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
    shared = _shared(c, top)
    sections = _sections(
        c, top.get("sections"), "sections", SECTION_KEYS if v1 else FAMILY_SECTION_KEYS
    )
    if v1:
        child_sections = {k: sections.pop(k) for k in CHILD_SECTION_KEYS if k in sections}
        children: tuple[Child, ...] = (_child_v1(c, top.get("child"), conference, child_sections),)
    else:
        children = _children(c, top.get("children"), conference)
    household = _household(c, top.get("household"), v1, {child.key for child in children})

    if c.errors:
        raise DocumentError(c.errors)
    return Report(
        conference=conference,
        agency=agency,
        author=author,
        children=children,
        submitted_on=submitted_on,
        shared_with_family=shared,
        household=household,
        sections=sections,
        format=fmt,
    )


_UNSET_CONFERENCE_DATE = date(1970, 1, 1)


def _wrong_version_keys(c: _Checker, top: dict[str, Any], v1: bool) -> None:
    if v1 and "children" in top:
        c.error("children", f"unknown field in {FORMAT_V1} (children are {FORMAT})")
    if not v1:
        if "child" in top:
            c.error("child", f"unknown field in {FORMAT} (use children)")
        if "children" not in top:
            c.error("children", "required field missing")


def _conference(c: _Checker, top: dict[str, Any]) -> Conference:
    conf_raw = c.obj(top.get("conference", {}), "conference", ("type", "date"), ("type", "date"))
    if conf_raw is None:
        return Conference("ICPC", _UNSET_CONFERENCE_DATE)
    ctype = (
        c.choice(conf_raw, "type", "conference", CONFERENCE_TYPES) if "type" in conf_raw else "ICPC"
    )
    cdate = c.day(conf_raw, "date", "conference", nullable="date" not in conf_raw)
    if "date" in conf_raw and conf_raw["date"] == "":
        c.error("conference.date", "required date missing")
    return Conference(ctype, cdate or _UNSET_CONFERENCE_DATE)


def _shared(c: _Checker, top: dict[str, Any]) -> SharedWithFamily | None:
    if top.get("shared_with_family") is None:
        return None
    p = "shared_with_family"
    raw = c.obj(top[p], p, _FIELDS[p])
    if raw is None:
        return None
    return SharedWithFamily(
        c.day(raw, "date", p, nullable=True),
        c.string(raw, "method", p),
        c.string(raw, "feedback", p),
        c.string(raw, "with_whom", p),
        c.string(raw, "reason_not_shared", p),
    )


def _sections(c: _Checker, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, str]:
    sections: dict[str, str] = {}
    if value is None:
        return sections
    raw = c.obj(value, path, keys)
    if raw is not None:
        for key in keys:
            text = c.string(raw, key, path)
            if text:
                sections[key] = text
    return sections


def _born(c: _Checker, raw: dict[str, Any], path: str, conference: Conference) -> date | None:
    dob = c.day(raw, "date_of_birth", path, nullable=True)
    if dob and dob > conference.date > _UNSET_CONFERENCE_DATE:
        c.error(f"{path}.date_of_birth", "is after the conference date")
    return dob


def _child_v1(c: _Checker, value: Any, conference: Conference, sections: dict[str, str]) -> Child:
    if value is None:
        return Child(sections=sections)
    raw = c.obj(value, "child", _FIELDS["child"])
    if raw is None:
        return Child(sections=sections)
    return Child(
        c.string(raw, "name", "child"),
        _born(c, raw, "child", conference),
        c.string(raw, "ethnicity", "child"),
        c.string(raw, "religion", "child"),
        c.string(raw, "first_language", "child"),
        c.flag(raw, "interpreter_needed", "child"),
        c.flag(raw, "seen_alone", "child"),
        sections=sections,
    )


def _children(c: _Checker, value: Any, conference: Conference) -> tuple[Child, ...]:
    if value is None:
        return (Child(),)
    if not isinstance(value, list) or not value:
        c.error("children", "must be a list of one or more children")
        return (Child(),)
    children: list[Child] = []
    seen: set[str] = set()
    for i, entry in enumerate(value):
        p = f"children[{i}]"
        raw = c.obj(entry, p, CHILD_KEYS_V2, ("key",))
        if raw is None:
            continue
        key = raw.get("key")
        if not isinstance(key, str) or not _CHILD_KEY.match(key):
            if "key" in raw:
                c.error(f"{p}.key", "must be 1 to 40 of a-z, 0-9, _ and -")
            key = f"child-{i}"
        elif key in seen:
            c.error(f"{p}.key", "is used by another child in this document")
        seen.add(key)
        children.append(
            Child(
                c.string(raw, "name", p),
                _born(c, raw, p, conference),
                c.string(raw, "ethnicity", p),
                c.string(raw, "religion", p),
                c.string(raw, "first_language", p),
                c.flag(raw, "interpreter_needed", p),
                c.flag(raw, "seen_alone", p),
                key=key,
                expected_date_of_delivery=c.day(raw, "expected_date_of_delivery", p, nullable=True),
                sections=_sections(c, raw.get("sections"), f"{p}.sections", CHILD_SECTION_KEYS),
            )
        )
    return tuple(children) or (Child(),)


def _household(c: _Checker, value: Any, v1: bool, child_keys: set[str]) -> tuple[Person, ...]:
    household: list[Person] = []
    if value is not None and not isinstance(value, list):
        c.error("household", "must be a list")
        return ()
    for i, entry in enumerate(value or ()):
        p = f"household[{i}]"
        raw = c.obj(entry, p, _FIELDS["household"] if v1 else HOUSEHOLD_KEYS_V2)
        if raw is None:
            continue
        household.append(
            Person(
                c.string(raw, "name", p),
                c.string(raw, "relationship", p),
                c.flag(raw, "lives_with_child", p),
                c.flag(raw, "seen", p),
                c.flag(raw, "views_sought", p),
                c.flag(raw, "report_shared", p),
                _child_keys(c, raw.get("children"), f"{p}.children", child_keys),
            )
        )
    return tuple(household)


def _child_keys(c: _Checker, value: Any, path: str, known: set[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        c.error(path, "must be a list of child keys")
        return ()
    for k in value:
        if k not in known:
            c.error(path, "names a child key that is not in children")
            return ()
    return tuple(value)


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A valid document's dict as cpc-report/2 (a version 2 dict is returned as a copy).

    The one child of a version 1 document becomes children[0] with key "child" and takes
    the voice_of_child and identity sections; every other key keeps its value.
    """
    if data.get("format", FORMAT) != FORMAT_V1:
        return dict(data)
    out = {k: v for k, v in data.items() if k not in ("child", "sections")}
    out["format"] = FORMAT
    sections = dict(data.get("sections") or {})
    child = dict(data.get("child") or {})
    child_sections = {k: sections.pop(k) for k in CHILD_SECTION_KEYS if k in sections}
    out["children"] = [{"key": V1_CHILD_KEY, **child, "sections": child_sections}]
    out["sections"] = sections
    return out
