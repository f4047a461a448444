"""Read the coordinators' CSV upload of many conferences into the API's conference dicts.

Pure: no Flask, no database. ``decode`` turns the uploaded bytes into text, ``read`` turns the
text into one ``Source`` per reference (the dict ``conference_spec.parse`` takes, and where
each value came from), and ``Source.locate`` maps a problem's path (``children[1].name``)
back to the line and column of the file. Problems name the line and the column, never the
cell's value, so nothing typed into the file reaches a log or a message it should not.

The columns and the rules are documented in docs/coordinator.md ("The CSV upload").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reportsvc.services.conference_spec import CHILD_FIELDS, CONFERENCE_FIELDS, PERSON_FIELDS

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000

CONFERENCE_COLUMNS = CONFERENCE_FIELDS
# column -> field of the API's child, household person and invitation
CHILD_COLUMNS = {f"child_{name}": name for name in CHILD_FIELDS}
PERSON_COLUMNS = {f"household_{name}": name for name in PERSON_FIELDS}
INVITATION_COLUMNS = {
    "agency_type": "agency.type",
    "agency_name": "agency.name",
    "author_email": "author_email",
}
COLUMNS = (*CONFERENCE_COLUMNS, *CHILD_COLUMNS, *PERSON_COLUMNS, *INVITATION_COLUMNS)
REQUIRED_COLUMNS = ("reference", "type", "date", "chair")
DATE_COLUMNS = {"date", "notified_on", "child_date_of_birth", "child_expected_date_of_delivery"}
FLAG_COLUMNS = {"child_interpreter_needed", "household_lives_with_child"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
UNKNOWN_DUE = "unknown"  # child_expected_date_of_delivery of an unborn baby, not yet known
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ITEM_PATH = re.compile(r"^(children|household|invitations)\[(\d+)\](?:\.(.+))?$")
_FIELD_COLUMN = {
    "children": {v: k for k, v in CHILD_COLUMNS.items()},
    "household": {v: k for k, v in PERSON_COLUMNS.items()},
    "invitations": {
        **{v: k for k, v in INVITATION_COLUMNS.items()},
        "agency": "agency_name",
    },
}
_LIST_COLUMN = {
    "children": "child_name",
    "household": "household_name",
    "invitations": "agency_name",
}


@dataclass(frozen=True)
class CsvProblem:
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"Line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class CsvError(ValueError):
    """The file is refused; ``problems`` say where and why (never the cell's value)."""

    def __init__(self, problems: list[CsvProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


@dataclass
class Source:
    """One conference of the file: the dict for ``parse`` and where each value came from."""

    reference: str
    first_line: int
    data: dict[str, Any]
    lines: list[int] = field(default_factory=list)
    # path ("date", "children[0]", "children[0].name") -> (line, column)
    places: dict[str, tuple[int, str]] = field(default_factory=dict)

    def locate(self, path: str, message: str) -> CsvProblem:
        """The line and column of the file that a problem at ``path`` is about."""
        if path in self.places:
            line, column = self.places[path]
            return CsvProblem(line, column, message)
        item = _ITEM_PATH.match(path)
        if item:
            kind, n, rest = item.group(1), item.group(2), item.group(3)
            line = self.places.get(f"{kind}[{n}]", (self.first_line, ""))[0]
            column = _FIELD_COLUMN[kind].get(rest or "", _LIST_COLUMN[kind])
            return CsvProblem(line, column, message)
        if path in _LIST_COLUMN:
            return CsvProblem(self.first_line, _LIST_COLUMN[path], message)
        if path in CONFERENCE_COLUMNS:
            return CsvProblem(self.first_line, path, message)
        return CsvProblem(self.first_line, None, message)


def decode(raw: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark (as Excel saves it)."""
    if len(raw) > MAX_BYTES:
        raise CsvError(
            [CsvProblem(None, None, f"The file must be {MAX_BYTES // 1024} KB or smaller")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CsvError(
            [CsvProblem(line, None, "is not UTF-8 text; save the file as 'CSV UTF-8'")]
        ) from None


def _cell_date(value: str) -> str:
    """A UK date as Excel writes it (12/03/2026) becomes ISO; anything else is left for the
    conference check to judge."""
    match = _UK_DATE.match(value)
    if not match:
        return value
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")


class _Builder:
    def __init__(self, reference: str, line: int) -> None:
        self.source = Source(reference, line, {"reference": reference}, [line])
        self.conference: dict[str, tuple[str, int]] = {}
        self.children: dict[str, tuple[dict[str, Any], dict[str, int]]] = {}
        self.people: dict[str, tuple[dict[str, Any], dict[str, int]]] = {}
        self.invitations: dict[str, tuple[dict[str, Any], dict[str, int]]] = {}


def read(text: str) -> list[Source]:
    """Every conference in the file, in the order of first appearance; ``CsvError`` names
    every problem by line and column and nothing is returned when there is one."""
    if "\x00" in text:
        raise CsvError([CsvProblem(None, None, "is not a CSV text file")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[CsvProblem] = []
    try:
        header = next(reader, None)
    except csv.Error:
        raise CsvError([CsvProblem(1, None, "the header row is not valid CSV")]) from None
    if not header or not any(h.strip() for h in header):
        raise CsvError([CsvProblem(1, None, "the file is empty: the first line names the columns")])
    names = [h.strip().lower() for h in header]
    for n, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(
                CsvProblem(1, name or f"number {n + 1}", "is not a column this upload knows")
            )
        elif name in names[:n]:
            problems.append(CsvProblem(1, name, "appears twice in the header"))
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problems.append(CsvProblem(1, name, "is missing from the header"))
    if problems:
        raise CsvError(problems)

    builders: dict[str, _Builder] = {}
    end = reader.line_num
    rows = 0
    while True:
        start = end + 1
        try:
            cells = next(reader, None)
        except csv.Error:
            problems.append(CsvProblem(start, None, "is not valid CSV (check the quotes)"))
            break
        end = reader.line_num
        if cells is None:
            break
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        if rows > MAX_ROWS:
            problems.append(CsvProblem(start, None, f"the file may have at most {MAX_ROWS} rows"))
            break
        if len(cells) > len(names):
            problems.append(
                CsvProblem(start, None, f"has {len(cells)} cells but the header names {len(names)}")
            )
            continue
        row = {name: (cells[n].strip() if n < len(cells) else "") for n, name in enumerate(names)}
        _add_row(builders, row, start, problems)
    if problems:
        raise CsvError(problems)
    if not builders:
        raise CsvError([CsvProblem(2, None, "the file has a header but no conferences")])
    sources = [_finish(b, problems) for b in builders.values()]
    if problems:
        raise CsvError(problems)
    return sources


def _add_row(
    builders: dict[str, _Builder], row: dict[str, str], line: int, problems: list[CsvProblem]
) -> None:
    reference = row.get("reference", "")
    if not reference:
        problems.append(
            CsvProblem(
                line, "reference", "is required: rows with one reference form one conference"
            )
        )
        return
    builder = builders.get(reference)
    if builder is None:
        builder = builders[reference] = _Builder(reference, line)
    else:
        builder.source.lines.append(line)
    values: dict[str, Any] = {}
    for column, value in row.items():
        if column in DATE_COLUMNS and value.lower() != UNKNOWN_DUE:
            value = _cell_date(value)
        if column in FLAG_COLUMNS:
            if value.lower() in YES:
                values[column] = True
            elif value.lower() in NO:
                values[column] = False
            else:
                problems.append(CsvProblem(line, column, "must be yes or no"))
                values[column] = False
            continue
        values[column] = value
    for column in CONFERENCE_COLUMNS[1:]:
        value = values.get(column, "")
        if not value:
            continue
        known = builder.conference.get(column)
        if known is None:
            builder.conference[column] = (value, line)
        elif known[0] != value:
            problems.append(
                CsvProblem(
                    line,
                    column,
                    f"does not agree with line {known[1]} for the same reference "
                    "(conference columns must be the same on every row, or left blank)",
                )
            )
    _add_child(builder, row, values, line, problems)
    _add_item(builder.people, "household_name", PERSON_COLUMNS, row, values, line, problems)
    _add_item(builder.invitations, "agency_name", INVITATION_COLUMNS, row, values, line, problems)


def _add_child(
    builder: _Builder,
    row: dict[str, str],
    values: dict[str, Any],
    line: int,
    problems: list[CsvProblem],
) -> None:
    if not any(row.get(c) for c in CHILD_COLUMNS):
        return
    key = row.get("child_key", "")
    if not key:
        key = _slug(row.get("child_name", ""))
        if not key:
            problems.append(
                CsvProblem(
                    line, "child_key", "is required when child_name has no letters a to z or digits"
                )
            )
            return
        values["child_key"] = key
        row = {**row, "child_key": key}
    _add_item(builder.children, "child_key", CHILD_COLUMNS, row, values, line, problems)


def _add_item(
    items: dict[str, tuple[dict[str, Any], dict[str, int]]],
    key_column: str,
    columns: dict[str, str],
    row: dict[str, str],
    values: dict[str, Any],
    line: int,
    problems: list[CsvProblem],
) -> None:
    """Add the row's child, household person or invitation; the same one on several rows
    (the same child_key, household_name or agency_name) must agree where given."""
    if not any(row.get(c) for c in columns):
        return
    identity = str(values.get(key_column, "")).lower()
    if identity in items:
        item, seen = items[identity]
    else:
        item, seen = {}, {"": line}
        items[identity] = (item, seen)
    for column in columns:
        if not row.get(column):
            continue
        value = values[column]
        if column in item and item[column] != value:
            problems.append(
                CsvProblem(
                    line,
                    column,
                    f"does not agree with line {seen[column]} about the same "
                    f"{key_column.replace('_', ' ')}",
                )
            )
            continue
        item.setdefault(column, value)
        seen.setdefault(column, line)


def _finish(builder: _Builder, problems: list[CsvProblem]) -> Source:
    source = builder.source
    data = source.data
    places = source.places
    places["reference"] = (source.first_line, "reference")
    for column in CONFERENCE_COLUMNS[1:]:
        value, line = builder.conference.get(column, ("", source.first_line))
        places[column] = (line, column)
        if value:
            data[column] = value
    if builder.children:
        data["children"] = []
        for n, (item, seen) in enumerate(builder.children.values()):
            child: dict[str, Any] = {}
            for column, name in CHILD_COLUMNS.items():
                if column in item:
                    child[name] = item[column]
                    places[f"children[{n}].{name}"] = (seen[column], column)
            if child.get("expected_date_of_delivery", "").lower() == UNKNOWN_DUE:
                child["expected_date_of_delivery"] = None
                child["date_of_birth"] = None
            elif "date_of_birth" not in child and "expected_date_of_delivery" not in child:
                problems.append(
                    CsvProblem(
                        seen[""],
                        "child_date_of_birth",
                        "is required; for an unborn baby leave it blank and give "
                        f"child_expected_date_of_delivery (or '{UNKNOWN_DUE}')",
                    )
                )
            places[f"children[{n}]"] = (seen[""], "child_name")
            data["children"].append(child)
    if builder.people:
        data["household"] = []
        for n, (item, seen) in enumerate(builder.people.values()):
            person: dict[str, Any] = {}
            for column, name in PERSON_COLUMNS.items():
                if column in item:
                    person[name] = item[column]
                    if name == "children":
                        person[name] = [k for k in re.split(r"[\s;,]+", item[column]) if k]
                    places[f"household[{n}].{name}"] = (seen[column], column)
            places[f"household[{n}]"] = (seen[""], "household_name")
            data["household"].append(person)
    if builder.invitations:
        data["invitations"] = []
        for n, (item, seen) in enumerate(builder.invitations.values()):
            agency: dict[str, Any] = {}
            invitation: dict[str, Any] = {"agency": agency}
            for column, name in INVITATION_COLUMNS.items():
                if column in item:
                    if name.startswith("agency."):
                        agency[name.split(".", 1)[1]] = item[column]
                    else:
                        invitation[name] = item[column]
                    places[f"invitations[{n}].{name}"] = (seen[column], column)
            places[f"invitations[{n}]"] = (seen[""], "agency_name")
            places[f"invitations[{n}].agency"] = (seen[""], "agency_name")
            data["invitations"].append(invitation)
    return source


def example_rows(chair: str, today: date) -> list[dict[str, str]]:
    """The downloadable example: a sibling group with the household, a pre-birth ICPC and a
    transfer-in ICPC, dated from ``today`` so it can be uploaded as it is."""

    def weekday(days: int) -> date:
        day = today + timedelta(days=days)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    first, second, third = weekday(21), weekday(24), weekday(10)
    blank = dict.fromkeys(COLUMNS, "")
    sibling = {
        **blank,
        "reference": "EXAMPLE-1001-ICPC",
        "type": "ICPC",
        "date": first.isoformat(),
        "time": "10:00",
        "venue": "Civic Centre, room 3",
        "chair": chair,
    }
    rows = [
        {
            **sibling,
            "child_key": "mia",
            "child_name": "Mia",
            "child_date_of_birth": "2019-04-11",
            "child_ethnicity": "White and Black Caribbean",
            "child_religion": "Christian",
            "child_first_language": "English",
            "child_interpreter_needed": "no",
            "household_name": "Janelle",
            "household_relationship": "mother",
            "household_lives_with_child": "yes",
            "household_children": "mia leo",
            "agency_type": "gp",
            "agency_name": "Example Street Surgery",
            "author_email": "gp.author@example.org",
        },
        {
            **blank,
            "reference": "EXAMPLE-1001-ICPC",
            "child_key": "leo",
            "child_name": "Leo",
            "child_date_of_birth": "2022-09-30",
            "child_ethnicity": "White and Black Caribbean",
            "child_first_language": "English",
            "child_interpreter_needed": "no",
            "household_name": "Darren",
            "household_relationship": "father",
            "household_lives_with_child": "no",
            "household_children": "mia leo",
            "agency_type": "school",
            "agency_name": "Example Primary School",
        },
        {
            **blank,
            "reference": "EXAMPLE-1001-ICPC",
            "household_name": "Tony",
            "household_relationship": "mother's partner",
            "household_lives_with_child": "yes",
        },
        {
            **blank,
            "reference": "EXAMPLE-1002-ICPC",
            "type": "ICPC",
            "date": second.isoformat(),
            "time": "14:00",
            "venue": "Online (the link is sent with the invitation)",
            "chair": chair,
            "child_key": "baby",
            "child_name": "Unborn baby of Aisha",
            "child_expected_date_of_delivery": (today + timedelta(days=70)).isoformat(),
            "child_first_language": "Somali",
            "child_interpreter_needed": "yes",
            "household_name": "Aisha",
            "household_relationship": "mother",
            "household_lives_with_child": "yes",
            "agency_type": "midwife",
            "agency_name": "Example Community Midwives",
        },
        {
            **blank,
            "reference": "EXAMPLE-1003-ICPC",
            "type": "ICPC",
            "kind": "transfer_in",
            "notified_on": today.isoformat(),
            "date": third.isoformat(),
            "time": "09:30",
            "venue": "Civic Centre, room 1",
            "chair": chair,
            "child_key": "noah",
            "child_name": "Noah",
            "child_date_of_birth": "2016-02-14",
            "child_first_language": "English",
            "household_name": "Kerry",
            "household_relationship": "mother",
            "household_lives_with_child": "yes",
            "agency_type": "school",
            "agency_name": "Example Primary School",
        },
    ]
    return rows


def write(rows: list[dict[str, str]]) -> str:
    """Rows as CSV text with every column; a cell that a spreadsheet would run as a formula
    (=, +, -, @ first) gets a leading apostrophe."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return out.getvalue()


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
