"""CSV that opens cleanly in a spreadsheet: UTF-8 with a byte-order mark, ISO dates, and
cells that a spreadsheet would run as a formula neutralised.

Only ids, names of agencies, dates, yes/no answers, scores and grades go in; report text
never does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

BOM = "\ufeff"
# A leading = + - @ (or tab / carriage return, which some spreadsheets skip) starts a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # numbers (even negative ones) are data, not formulas
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def render(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")
