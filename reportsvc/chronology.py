"""Dated events in report text: find the dates a report mentions and the sentence of each.

Pure Python over strings and dates (no Flask, no database, no spaCy; the month names are
scoring.calendar's, shared with the engine's checks), so every date form has a fixture
test. Dates are read the UK way (day before month). A date without a year, and a relative
phrase ("last Tuesday", "two weeks ago", "yesterday"), is resolved against an
anchor: the day the report was submitted, or the conference date while it has none.

Rules for what a phrase means (documented in docs/chair-review.md):
- "1 February" takes the year that puts it latest while no more than 92 days after the
  anchor: reports mostly tell what happened, but plans name dates in the next few weeks.
- "12.01.26": a two-digit year is 20yy unless that is more than a year after the anchor.
- "last Tuesday" is the most recent Tuesday before the anchor day.
- "two weeks ago", "last week", "a month ago" and "last month" are approximate; "February
  2026" and "last month" are a month, not a day. Each event says which (``precision``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from scoring.calendar import MONTH_NUMBERS as MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
FUTURE_WINDOW = timedelta(days=92)

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
_NUMBER = r"(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"

# In priority order: a later pattern never takes text an earlier one matched.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("numeric", r"\b(?P<day>\d{1,2})([/.\-])(?P<month>\d{1,2})\2(?P<year>\d{4}|\d{2})\b"),
        ("day_month", r"\b" + _WEEKDAY + r"?" + _DAY + r"\s+(?:of\s+)?" + _MONTH
         + r"(?:,?\s+(?P<year>\d{4}))?\b"),
        ("month_day", r"\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+(?P<year>\d{4}))?\b"),
        ("month_year", r"\b(?:(?:early|mid|late)[\s-]+)?" + _MONTH + r"\s+(?P<year>\d{4})\b"),
        ("yesterday", r"\byesterday\b"),
        ("last_weekday", r"\blast\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"),
        ("ago", r"\b" + _NUMBER + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
        ("last_unit", r"\blast\s+(?P<unit>week|month)\b"),
    )
)  # fmt: skip

# A pattern is only tried on text that contains its word (a cheap check before a regex scan).
REQUIRED_WORDS = {
    "yesterday": "yesterday",
    "last_weekday": "last",
    "ago": "ago",
    "last_unit": "last",
}

_ABBREVIATIONS = ("dr", "mr", "mrs", "ms", "st", "e.g", "i.e", "etc", "no", "approx")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass(frozen=True)
class DatedPhrase:
    start: int
    end: int
    phrase: str
    on: date
    precision: str  # "day", "month" or "approximate"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    on: date
    precision: str
    section: str
    sentence: str
    sentence_start: int
    phrase: str


@dataclass(frozen=True)
class Entry:
    """An event in a conference's merged chronology."""

    event: Event
    agency: str
    report_id: int


def find_dates(text: str, anchor: date) -> list[DatedPhrase]:
    """Every date phrase in ``text`` that names a real date, in text order."""
    return list(_find_dates(text, anchor))


# Submitted versions never change and the conference page shows the same texts again and
# again: keep recent results instead of rescanning (about a third of the page's time).
@functools.lru_cache(maxsize=4096)
def _find_dates(text: str, anchor: date) -> tuple[DatedPhrase, ...]:
    taken: list[tuple[int, int]] = []
    found: list[DatedPhrase] = []
    lowered = text.lower()
    for name, pattern in PATTERNS:
        needed = REQUIRED_WORDS.get(name)
        if needed and needed not in lowered:
            continue  # most texts have no relative dates; skip the scan
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = _resolve(name, match, anchor)
            if resolved is None:
                continue
            on, precision = resolved
            taken.append((start, end))
            found.append(DatedPhrase(start, end, match.group(0), on, precision))
    return tuple(sorted(found, key=lambda d: d.start))


def sentences(text: str) -> list[Sentence]:
    """Split on sentence-ending punctuation and line breaks; keep abbreviations together."""
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip("\"')]")
        last_word = before.rsplit(None, 1)[-1].lower().rstrip(".") if before.split() else ""
        if "\n" not in match.group(0) and (last_word in _ABBREVIATIONS or len(last_word) == 1):
            continue
        _append(out, text, start, match.start())
        start = match.end()
    _append(out, text, start, len(text))
    return out


def events(sections: Mapping[str, str], anchor: date) -> list[Event]:
    """Each dated phrase of each section with the sentence it stands in."""
    out: list[Event] = []
    for section, text in sections.items():
        if not text:
            continue
        split = sentences(text)
        for phrase in find_dates(text, anchor):
            sentence = next(
                (s for s in split if s.start <= phrase.start < s.end),
                Sentence(phrase.start, phrase.end, phrase.phrase),
            )
            out.append(
                Event(phrase.on, phrase.precision, section, sentence.text, sentence.start,
                      phrase.phrase)
            )  # fmt: skip
    return out


def merge(reports: Iterable[tuple[str, int, Mapping[str, str], date]]) -> list[Entry]:
    """The events of several reports, each given as (agency, report id, sections, anchor),
    in date order; on the same date by agency, then by place in the report."""
    entries = [
        Entry(event, agency, report_id)
        for agency, report_id, sections, anchor in reports
        for event in events(sections, anchor)
    ]
    return sorted(entries, key=lambda e: (e.event.on, e.agency, e.report_id))


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        out.append(Sentence(offset, offset + len(stripped), stripped))


def _resolve(name: str, match: re.Match[str], anchor: date) -> tuple[date, str] | None:
    groups = match.groupdict()
    if name == "numeric":
        year = int(groups["year"])
        if len(groups["year"]) == 2:
            year += 2000 if 2000 + year <= anchor.year + 1 else 1900
        return _day(year, int(groups["month"]), int(groups["day"]))
    if name == "month_day" and not groups["month"][0].isupper():
        return None  # "she may 2..." is a verb, not 2 May: month first only when capitalised
    if name in ("day_month", "month_day"):
        month = MONTHS[_month_key(groups)]
        day = int(groups["day"])
        if groups.get("year"):
            return _day(int(groups["year"]), month, day)
        return _without_year(anchor, month, day)
    if name == "month_year":
        return date(int(groups["year"]), MONTHS[_month_key(groups)], 1), "month"
    if name == "yesterday":
        return anchor - timedelta(days=1), "day"
    if name == "last_weekday":
        wanted = WEEKDAYS.index(groups["weekday"].lower())
        back = (anchor.weekday() - wanted - 1) % 7 + 1
        return anchor - timedelta(days=back), "day"
    if name == "ago":
        raw = groups["count"].lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        return _back(anchor, count, groups["unit"].lower())
    if name == "last_unit":
        return _back(anchor, 1, groups["unit"].lower())
    raise AssertionError(name)


def _month_key(groups: dict[str, str]) -> str:
    word = groups["month"].lower()
    return "sept" if word.startswith("sept") else word[:3]


def _day(year: int, month: int, day: int) -> tuple[date, str] | None:
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None  # "31 February" is not a date; leave the text alone


def _without_year(anchor: date, month: int, day: int) -> tuple[date, str] | None:
    for year in (anchor.year + 1, anchor.year, anchor.year - 1):
        candidate = _day(year, month, day)
        if candidate is not None and candidate[0] <= anchor + FUTURE_WINDOW:
            return candidate
    return None


def _back(anchor: date, count: int, unit: str) -> tuple[date, str]:
    if unit == "day":
        return anchor - timedelta(days=count), "day"
    if unit == "week":
        return anchor - timedelta(weeks=count), "approximate"
    months = count * (12 if unit == "year" else 1)
    index = anchor.year * 12 + anchor.month - 1 - months
    return date(index // 12, index % 12 + 1, 1), "month"
