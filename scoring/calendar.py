"""Working-day arithmetic (the only module in the project that counts working days), and the
month names every date reader shares.

Weekends and the bank holidays of the partnership's region (from the ``holidays``
package) are not working days. Holiday sets are cached per (region, year) because
building one costs far more than a lookup and the web app asks on every page.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

REGIONS = ("ENG", "WLS", "SCT", "NIR")

# Lower-case month names, full and short, to their numbers: the chair's chronology
# (reportsvc/chronology.py) and the checks that read dates in report text share them.
MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_lock = threading.Lock()


@dataclass(frozen=True)
class Timescales:
    """How many working days before the conference a report is due (set per partnership)."""

    icpc_days: int = 3
    rcpc_days: int = 5
    region: str = "ENG"

    def days_for(self, conference_type: str) -> int:
        return self.rcpc_days if conference_type.upper() == "RCPC" else self.icpc_days


@lru_cache(maxsize=256)
def _holiday_dates(region: str, year: int) -> frozenset[date]:
    if region not in REGIONS:
        raise ValueError(f"unknown bank-holiday region {region!r}; expected one of {REGIONS}")
    # Imported on first use: it is slow to import and most processes ask for one year.
    import holidays

    # holidays builds its tables lazily and is not documented as thread-safe.
    with _lock:
        return frozenset(holidays.UK(subdiv=region, years=year).keys())


def is_working_day(d: date, region: str = "ENG") -> bool:
    return d.weekday() < 5 and d not in _holiday_dates(region, d.year)


@lru_cache(maxsize=4096)
def add_working_days(d: date, n: int, region: str = "ENG") -> date:
    """The date n working days after d (before d when n is negative); n == 0 returns d.
    Cached: every assessment asks for its conference's deadline, which its reports share."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, region):
            remaining -= 1
    return current


def working_days_between(a: date, b: date, region: str = "ENG") -> int:
    """Signed count of working days after a up to and including b (negative when b < a)."""
    if b == a:
        return 0
    lo, hi, sign = (a, b, 1) if b > a else (b, a, -1)
    count = 0
    current = lo
    while current < hi:
        current += timedelta(days=1)
        if is_working_day(current, region):
            count += 1
    return sign * count


def report_deadline(
    conference_date: date, conference_type: str, timescales: Timescales | None = None
) -> date:
    """Last day a report may be submitted: conference date minus N working days."""
    ts = timescales or Timescales()
    return add_working_days(conference_date, -ts.days_for(conference_type), ts.region)


def is_in_time(
    submitted_on: date,
    conference_date: date,
    conference_type: str,
    timescales: Timescales | None = None,
) -> bool:
    return submitted_on <= report_deadline(conference_date, conference_type, timescales)


# Reading a written date (vague-language's past dates, previous-actions' next steps).
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)(?:,? (\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+) (\d{1,2}|\d{4})\b")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})")
_DAY_SLASH_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")


def _last_day(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _nearest(day: int, month: int, today: date) -> date | None:
    """A date written without its year: the one nearest the day the report was written."""
    found = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - today).days)) if found else None


# Words before a month alone that leave it one calendar month ("by November").
_MONTH_LEADS = frozenset(
    {"in", "by", "from", "until", "till", "before", "after", "since", "during", "early", "mid",
     "late", "start", "starting", "end", "beginning", "estimated", "expected", "due"}
)  # fmt: skip


def latest_day(text: str, today: date) -> date | None:
    """The last day a date expression can mean ("November 2025" is 30 November 2025), or
    None for anything that is not one calendar date (a frequency, a weekday, a duration).
    A month alone ("estimated March") is the one nearest the day the report was written
    ("may" only written "May": lower case it is the verb)."""
    written, text = text, text.lower()
    words = text.split()
    if len(words) == 2 and words[0] in _MONTH_LEADS:  # "by November", "start March"
        written, text = written.split()[1], words[1]
    if text in MONTH_NUMBERS and (text != "may" or written == "May"):
        month = MONTH_NUMBERS[text]
        return min(
            (_last_day(year, month) for year in (today.year - 1, today.year, today.year + 1)),
            key=lambda d: abs((d.replace(day=15) - today).days),
        )
    try:
        m = _NUMERIC.fullmatch(text)
        if m:
            if m.group(4):
                return date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            year = int(m.group(3))
            return date(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
        m = _DAY_SLASH_MONTH.fullmatch(text)
        if m:  # "19/1", as records write a date this year or next
            return _nearest(int(m.group(1)), int(m.group(2)), today)
        m = _DAY_MONTH.fullmatch(text)
        if m and m.group(2) in MONTH_NUMBERS:
            day, month = int(m.group(1)), MONTH_NUMBERS[m.group(2)]
            if m.group(3):
                return date(int(m.group(3)), month, day)
            return _nearest(day, month, today)
        m = _MONTH_DAY.fullmatch(text)
        if m and m.group(1) in MONTH_NUMBERS:
            month, number = MONTH_NUMBERS[m.group(1)], m.group(2)
            if len(number) == 4:
                return _last_day(int(number), month)
            return _nearest(int(number), month, today)
    except ValueError:
        return None
    return None


def age_in_months(dob: date | None, on: date) -> int | None:
    """Whole months of age on a date; None for no date of birth (an unborn baby)."""
    if dob is None:
        return None
    return (on.year - dob.year) * 12 + on.month - dob.month - (1 if on.day < dob.day else 0)
