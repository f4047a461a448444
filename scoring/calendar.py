"""Working-day arithmetic (the only module in the project that counts working days), and the
month names every date reader shares.

Weekends and the bank holidays of the partnership's region (from the ``holidays``
package) are not working days. Holiday sets are cached per (region, year) because
building one costs far more than a lookup and the web app asks on every page.
"""

from __future__ import annotations

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
