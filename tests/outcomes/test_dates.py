"""Every date the outcome computes, counted by hand from the calendar (England and Wales
bank holidays unless said), and the same rules through the API on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from reportsvc.services.outcomes import add_months, appeal_by, response_due, review_due
from tests.outcomes.conftest import URL, plan_child


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30 February: the month's last day
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2028, 2, 29), 6, date(2028, 8, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 10, 31), 6, date(2027, 4, 30)),
        (date(2026, 12, 31), 3, date(2027, 3, 31)),  # across the year
    ],
)
def test_calendar_months_handle_month_ends_and_29_february(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("conference", "decision", "expected"),
    [
        (date(2026, 1, 15), "plan", date(2026, 4, 15)),
        # 28 February 2027 is a Sunday: the review is due the Friday before.
        (date(2026, 11, 30), "plan", date(2027, 2, 26)),
        (date(2027, 11, 30), "plan", date(2028, 2, 29)),
        (date(2027, 8, 31), "plan_continues", date(2028, 2, 29)),
        # 25 December 2026 is Christmas Day (a Friday): due Thursday 24 December.
        (date(2026, 6, 25), "plan_continues", date(2026, 12, 24)),
        # 25 May 2026 is the spring bank holiday (a Monday): due Friday 22 May.
        (date(2026, 2, 25), "plan", date(2026, 5, 22)),
        (date(2026, 1, 15), "no_plan", None),
        (date(2026, 1, 15), "plan_ends", None),
        (date(2026, 1, 15), "deferred", None),
    ],
)
def test_next_review(conference, decision, expected):
    assert review_due(conference, decision, "ENG") == expected


def test_appeal_window_and_responses():
    # Thursday 29 February 2024 + 5 working days: 1, 4, 5, 6, 7 March.
    assert appeal_by(date(2024, 2, 29), "ENG") == date(2024, 3, 7)
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
    assert appeal_by(date(2026, 4, 1), "ENG") == date(2026, 4, 10)
    assert response_due(date(2024, 2, 1)) == date(2024, 2, 29)  # 28 days, leap year
    assert response_due(date(2026, 12, 20)) == date(2027, 1, 17)


@pytest.mark.parametrize(
    ("icpc_day", "core_group", "review"),
    [
        # Thursday 29 February 2024: 10 working days is Thursday 14 March; 3 months: 29 May.
        (date(2024, 2, 29), "2024-03-14", "2024-05-29"),
        # Thursday 30 November 2023: 3 months is 29 February 2024 (leap day).
        (date(2023, 11, 30), "2023-12-14", "2024-02-29"),
        # Friday 28 November 2025: 28 February 2026 is a Saturday, so Friday 27 February.
        (date(2025, 11, 28), "2025-12-12", "2026-02-27"),
        # Wednesday 1 April 2026: Good Friday and Easter Monday are skipped.
        (date(2026, 4, 1), "2026-04-17", "2026-07-01"),
    ],
)
def test_dates_through_the_api(client, tokens, schedule, icpc_day, core_group, review):
    icpc = schedule(icpc_day, keys=("leah",))
    body = {"children": [plan_child("leah")]}
    answer = client.put(URL.format(icpc), json=body, headers=tokens["chair"]).get_json()
    assert answer["core_group_due"] == core_group
    assert answer["children"][0]["next_review_due"] == review


def test_reviews_then_every_six_months_while_the_plan_lasts(client, tokens, schedule):
    icpc = schedule(date(2023, 8, 31), keys=("leah",), reference="ICPC-A")
    client.put(URL.format(icpc), json={"children": [plan_child()]}, headers=tokens["chair"])
    rcpc = schedule(
        date(2023, 11, 30), type="RCPC", keys=("leah",), reference="RCPC-A", previous="ICPC-A"
    )
    body = {"children": [plan_child(decision="plan_continues")]}
    answer = client.put(URL.format(rcpc), json=body, headers=tokens["chair"]).get_json()
    leah = answer["children"][0]
    # 6 months after 30 November 2023 is 30 May 2024; the plan began at the ICPC.
    assert leah["next_review_due"] == "2024-05-30"
    assert leah["plan_started_on"] == "2023-08-31"
    assert answer["core_group_due"] is None  # only after an ICPC
